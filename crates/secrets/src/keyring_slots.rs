use keyring::Entry;
use secrecy::{ExposeSecret, SecretString};

use crate::keyring_error::map_keyring_error;
use crate::{CredentialSlots, SecretsError, ServiceName};

/// Slots in the OS keychain (macOS Keychain, Windows Credential Manager, Linux keyutils +
/// Secret Service) through `keyring`, one entry per account under one service name.
#[derive(Debug, Clone)]
pub struct KeyringSlots {
    service: ServiceName,
}

impl KeyringSlots {
    pub fn new(service: ServiceName) -> Self {
        Self { service }
    }

    fn entry(&self, account: &str) -> Result<Entry, SecretsError> {
        Entry::new(self.service.as_str(), account).map_err(map_keyring_error)
    }
}

impl CredentialSlots for KeyringSlots {
    fn set_slot(&self, account: &str, value: &SecretString) -> Result<(), SecretsError> {
        self.entry(account)?
            .set_password(value.expose_secret())
            .map_err(map_keyring_error)
    }

    fn get_slot(&self, account: &str) -> Result<Option<SecretString>, SecretsError> {
        match self.entry(account)?.get_password() {
            Ok(value) => Ok(Some(SecretString::from(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(map_keyring_error(err)),
        }
    }

    fn delete_slot(&self, account: &str) -> Result<(), SecretsError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(map_keyring_error(err)),
        }
    }
}
