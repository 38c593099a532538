use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};

use crate::blob_dir::BlobDir;
use crate::envelope::{self, OpenError};
use crate::master_key::MasterKeyCache;
use crate::{
    redaction, status, CredentialSlots, KeychainStatus, KeyringSlots, SecretRef, SecretStore,
    SecretsError, ServiceName,
};

/// Largest secret, in bytes as Windows stores it (UTF-16), kept directly in a keychain entry.
/// Windows Credential Manager allows 2,560 bytes per credential; the margin covers any
/// platform overhead. Larger secrets (long refresh tokens) go to an encrypted blob file.
pub const KEYCHAIN_SAFE_LIMIT_BYTES: usize = 2_000;

/// The production [`SecretStore`]: small secrets in the OS keychain under
/// `service`/`sref:<uuid>`, large ones encrypted in `<blob_dir>/<uuid>.bin` with a key kept
/// in the keychain. Never falls back to plain text: when the keychain fails, the call fails.
#[derive(Debug)]
pub struct KeychainStore<K: CredentialSlots = KeyringSlots> {
    slots: K,
    blobs: BlobDir,
    master_key: MasterKeyCache,
}

impl KeychainStore<KeyringSlots> {
    /// The OS keychain under `service` (use [`ServiceName::for_build`] in the app), with
    /// large secrets encrypted into `blob_dir` (e.g. `<app data dir>/secrets`), which is
    /// created on first use.
    pub fn new(service: ServiceName, blob_dir: impl Into<PathBuf>) -> Self {
        Self::with_slots(KeyringSlots::new(service), blob_dir)
    }
}

impl<K: CredentialSlots> KeychainStore<K> {
    /// Any keychain implementation, e.g. [`crate::MemoryStore`] in tests.
    pub fn with_slots(slots: K, blob_dir: impl Into<PathBuf>) -> Self {
        Self {
            slots,
            blobs: BlobDir::new(blob_dir.into()),
            master_key: MasterKeyCache::default(),
        }
    }

    /// The folder holding encrypted large secrets.
    pub fn blob_dir(&self) -> &Path {
        self.blobs.root()
    }

    /// Where the encrypted file for `reference` is written if the secret is large.
    pub fn blob_path(&self, reference: &SecretRef) -> PathBuf {
        self.blobs.path(reference)
    }

    fn put_in_keychain(
        &self,
        reference: &SecretRef,
        value: &SecretString,
    ) -> Result<(), SecretsError> {
        self.slots.set_slot(&reference.to_string(), value)?;
        self.blobs.remove(reference)
    }

    fn put_in_blob(&self, reference: &SecretRef, value: &SecretString) -> Result<(), SecretsError> {
        let key = self.master_key.load_or_create(&self.slots)?;
        let blob = envelope::seal(&key, reference, value)?;
        self.blobs.write(reference, &blob)?;
        // A stale small value would shadow the blob on the next read, so it must go.
        self.slots.delete_slot(&reference.to_string())
    }

    fn get_from_blob(&self, reference: &SecretRef) -> Result<Option<SecretString>, SecretsError> {
        let Some(blob) = self.blobs.read(reference)? else {
            return Ok(None);
        };
        let path = self.blobs.path(reference);
        let Some(key) = self.master_key.load(&self.slots)? else {
            return Err(SecretsError::MasterKeyMissing { path });
        };
        envelope::open(&key, reference, &blob)
            .map(Some)
            .map_err(|err| match err {
                OpenError::Malformed => SecretsError::BlobMalformed { path },
                OpenError::Authentication => SecretsError::BlobAuthenticationFailed { path },
            })
    }
}

impl<K: CredentialSlots> SecretStore for KeychainStore<K> {
    fn put(&self, reference: &SecretRef, value: &SecretString) -> Result<(), SecretsError> {
        if value.expose_secret().is_empty() {
            return Err(SecretsError::EmptySecret);
        }
        redaction::remember(reference, value);
        if keychain_encoded_len(value.expose_secret()) <= KEYCHAIN_SAFE_LIMIT_BYTES {
            self.put_in_keychain(reference, value)?;
            tracing::debug!(%reference, "secret stored in the keychain");
        } else {
            self.put_in_blob(reference, value)?;
            tracing::debug!(%reference, "large secret stored encrypted in the blob folder");
        }
        Ok(())
    }

    fn get(&self, reference: &SecretRef) -> Result<Option<SecretString>, SecretsError> {
        let value = match self.slots.get_slot(&reference.to_string())? {
            Some(value) => Some(value),
            None => self.get_from_blob(reference)?,
        };
        if let Some(value) = &value {
            redaction::remember(reference, value);
        }
        Ok(value)
    }

    fn delete(&self, reference: &SecretRef) -> Result<(), SecretsError> {
        self.slots.delete_slot(&reference.to_string())?;
        self.blobs.remove(reference)?;
        tracing::debug!(%reference, "secret deleted");
        Ok(())
    }

    fn keychain_status(&self) -> KeychainStatus {
        status::probe(&self.slots)
    }
}

/// Size of the secret as the strictest keychain stores it: keyring writes Windows
/// credentials as UTF-16, two bytes per code unit.
fn keychain_encoded_len(value: &str) -> usize {
    value.encode_utf16().count() * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_length_counts_utf16_bytes() {
        assert_eq!(keychain_encoded_len("abc"), 6);
        assert_eq!(keychain_encoded_len("é"), 2);
        assert_eq!(keychain_encoded_len("😀"), 4);
    }
}
