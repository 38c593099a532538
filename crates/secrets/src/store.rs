use secrecy::SecretString;

use crate::{KeychainStatus, SecretRef, SecretsError};

/// Where the app keeps secrets, addressed by [`SecretRef`].
pub trait SecretStore: Send + Sync {
    /// Creates or replaces the secret behind `reference`. Empty values are rejected.
    fn put(&self, reference: &SecretRef, value: &SecretString) -> Result<(), SecretsError>;

    /// The secret behind `reference`, or `None` when nothing is stored.
    fn get(&self, reference: &SecretRef) -> Result<Option<SecretString>, SecretsError>;

    /// Removes the secret wherever it is kept; deleting a missing secret is not an error.
    fn delete(&self, reference: &SecretRef) -> Result<(), SecretsError>;

    /// Whether the underlying keychain works right now.
    fn keychain_status(&self) -> KeychainStatus;

    /// Stores `value` under a fresh reference and returns it.
    fn create(&self, value: &SecretString) -> Result<SecretRef, SecretsError> {
        let reference = SecretRef::new();
        self.put(&reference, value)?;
        Ok(reference)
    }
}

/// A shared store is a store: a test can keep a handle on the keychain it gives the app.
impl<S: SecretStore + ?Sized> SecretStore for std::sync::Arc<S> {
    fn put(&self, reference: &SecretRef, value: &SecretString) -> Result<(), SecretsError> {
        (**self).put(reference, value)
    }

    fn get(&self, reference: &SecretRef) -> Result<Option<SecretString>, SecretsError> {
        (**self).get(reference)
    }

    fn delete(&self, reference: &SecretRef) -> Result<(), SecretsError> {
        (**self).delete(reference)
    }

    fn keychain_status(&self) -> KeychainStatus {
        (**self).keychain_status()
    }
}
