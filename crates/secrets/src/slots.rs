use secrecy::SecretString;

use crate::SecretsError;

/// The keychain seen as named slots holding one text value each, all under one service.
/// [`crate::KeychainStore`] builds references, size limits and encryption on top of it; the
/// real implementation is [`crate::KeyringSlots`] and [`crate::MemoryStore`] stands in for
/// it in tests.
pub trait CredentialSlots: Send + Sync {
    /// Creates or replaces the slot's value.
    fn set_slot(&self, account: &str, value: &SecretString) -> Result<(), SecretsError>;

    /// The slot's value, or `None` when it does not exist.
    fn get_slot(&self, account: &str) -> Result<Option<SecretString>, SecretsError>;

    /// Removes the slot; removing a missing slot is not an error.
    fn delete_slot(&self, account: &str) -> Result<(), SecretsError>;
}

/// Lets several stores share one keychain, e.g. to test persistence across store values.
impl<T: CredentialSlots + ?Sized> CredentialSlots for std::sync::Arc<T> {
    fn set_slot(&self, account: &str, value: &SecretString) -> Result<(), SecretsError> {
        (**self).set_slot(account, value)
    }

    fn get_slot(&self, account: &str) -> Result<Option<SecretString>, SecretsError> {
        (**self).get_slot(account)
    }

    fn delete_slot(&self, account: &str) -> Result<(), SecretsError> {
        (**self).delete_slot(account)
    }
}
