use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use secrecy::{ExposeSecret, SecretString};

use crate::{
    redaction, status, CredentialSlots, KeychainStatus, SecretRef, SecretStore, SecretsError,
};

/// An in-memory store for tests: a real map that keeps values for the store's lifetime
/// (unlike keyring's mock, which forgets them between `Entry` values). It is both a
/// [`SecretStore`] and, for [`crate::KeychainStore::with_slots`], a stand-in keychain.
#[derive(Debug, Default)]
pub struct MemoryStore {
    slots: Mutex<HashMap<String, SecretString>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many entries the store holds, so a test can prove that nothing was written.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, SecretString>> {
        // A panic elsewhere while holding the lock cannot leave a half-written map entry.
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl CredentialSlots for MemoryStore {
    fn set_slot(&self, account: &str, value: &SecretString) -> Result<(), SecretsError> {
        let copy = SecretString::from(value.expose_secret().to_owned());
        self.lock().insert(account.to_owned(), copy);
        Ok(())
    }

    fn get_slot(&self, account: &str) -> Result<Option<SecretString>, SecretsError> {
        let found = self
            .lock()
            .get(account)
            .map(|value| SecretString::from(value.expose_secret().to_owned()));
        Ok(found)
    }

    fn delete_slot(&self, account: &str) -> Result<(), SecretsError> {
        self.lock().remove(account);
        Ok(())
    }
}

impl SecretStore for MemoryStore {
    fn put(&self, reference: &SecretRef, value: &SecretString) -> Result<(), SecretsError> {
        if value.expose_secret().is_empty() {
            return Err(SecretsError::EmptySecret);
        }
        redaction::remember(reference, value);
        self.set_slot(&reference.to_string(), value)
    }

    fn get(&self, reference: &SecretRef) -> Result<Option<SecretString>, SecretsError> {
        let value = self.get_slot(&reference.to_string())?;
        if let Some(value) = &value {
            redaction::remember(reference, value);
        }
        Ok(value)
    }

    fn delete(&self, reference: &SecretRef) -> Result<(), SecretsError> {
        self.delete_slot(&reference.to_string())
    }

    fn keychain_status(&self) -> KeychainStatus {
        status::probe(self)
    }
}

#[cfg(test)]
mod tests {
    use switchboard_logging::redact::redact_line;

    use super::*;

    #[test]
    fn values_persist_for_the_store_lifetime() {
        let store = MemoryStore::new();
        let first = store
            .create(&SecretString::from("first-secret-value"))
            .expect("create");
        let second = store
            .create(&SecretString::from("second-secret-value"))
            .expect("create");
        assert_ne!(first, second);
        let read = store.get(&first).expect("get").expect("present");
        assert_eq!(read.expose_secret(), "first-secret-value");
        assert_eq!(
            store
                .get(&second)
                .expect("get")
                .expect("present")
                .expose_secret(),
            "second-secret-value"
        );
    }

    #[test]
    fn put_replaces_and_delete_removes() {
        let store = MemoryStore::new();
        let reference = SecretRef::new();
        store
            .put(&reference, &SecretString::from("old-value-1"))
            .expect("put");
        store
            .put(&reference, &SecretString::from("new-value-2"))
            .expect("put");
        assert_eq!(
            store
                .get(&reference)
                .expect("get")
                .expect("present")
                .expose_secret(),
            "new-value-2"
        );
        store.delete(&reference).expect("delete");
        assert!(store.get(&reference).expect("get").is_none());
        store.delete(&reference).expect("deleting again is fine");
    }

    #[test]
    fn missing_reference_reads_as_none() {
        assert!(MemoryStore::new()
            .get(&SecretRef::new())
            .expect("get")
            .is_none());
    }

    #[test]
    fn empty_secret_is_rejected_and_nothing_stored() {
        let store = MemoryStore::new();
        let reference = SecretRef::new();
        assert!(matches!(
            store.put(&reference, &SecretString::from("")),
            Err(SecretsError::EmptySecret)
        ));
        assert!(store.get(&reference).expect("get").is_none());
    }

    #[test]
    fn stored_values_are_masked_in_logs() {
        let store = MemoryStore::new();
        store
            .create(&SecretString::from("memory-store-log-secret"))
            .expect("create");
        let line = redact_line("echoed memory-store-log-secret back");
        assert_eq!(line, "echoed [REDACTED] back");
    }

    #[test]
    fn probe_reports_available_and_leaves_nothing_behind() {
        let store = MemoryStore::new();
        assert_eq!(store.keychain_status(), KeychainStatus::Available);
        assert!(store.lock().is_empty());
    }

    #[test]
    fn debug_output_hides_values() {
        let store = MemoryStore::new();
        store
            .create(&SecretString::from("debug-hidden-value"))
            .expect("create");
        assert!(!format!("{store:?}").contains("debug-hidden-value"));
    }
}
