//! The per-installation key that encrypts secrets too large for a keychain entry. It lives in
//! the keychain itself (yaak's pattern), so a copied blob folder is useless on its own.

use std::sync::{Arc, Mutex, PoisonError};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{KeyInit, OsRng};
use chacha20poly1305::XChaCha20Poly1305;
use secrecy::{ExposeSecret, SecretBox, SecretString};

use crate::{redaction, CredentialSlots, SecretsError};

/// Keychain account holding the key; not a valid `SecretRef`, so it cannot collide with one.
pub(crate) const MASTER_KEY_ACCOUNT: &str = "switchboard-master-key";

pub(crate) const KEY_LEN: usize = 32;

#[derive(Debug)]
pub(crate) struct MasterKey(SecretBox<[u8; KEY_LEN]>);

impl MasterKey {
    pub(crate) fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.expose_secret().into())
    }

    fn generate() -> Self {
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        Self(SecretBox::new(Box::new(key.into())))
    }

    fn decode(stored: &SecretString) -> Result<Self, SecretsError> {
        let corrupt = || SecretsError::MasterKeyCorrupt {
            account: MASTER_KEY_ACCOUNT,
        };
        let bytes = STANDARD
            .decode(stored.expose_secret())
            .map_err(|_| corrupt())?;
        let key: [u8; KEY_LEN] = bytes.try_into().map_err(|_| corrupt())?;
        Ok(Self(SecretBox::new(Box::new(key))))
    }

    fn encode(&self) -> SecretString {
        SecretString::from(STANDARD.encode(self.0.expose_secret()))
    }
}

/// Loads the key once per store; keychain reads can prompt the user on macOS.
#[derive(Debug, Default)]
pub(crate) struct MasterKeyCache {
    cached: Mutex<Option<Arc<MasterKey>>>,
}

impl MasterKeyCache {
    /// The existing key, or `None` if this installation never stored a large secret.
    pub(crate) fn load(
        &self,
        slots: &impl CredentialSlots,
    ) -> Result<Option<Arc<MasterKey>>, SecretsError> {
        let mut cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(key) = cached.as_ref() {
            return Ok(Some(Arc::clone(key)));
        }
        let Some(stored) = slots.get_slot(MASTER_KEY_ACCOUNT)? else {
            return Ok(None);
        };
        redaction::remember(MASTER_KEY_ACCOUNT, &stored);
        let key = Arc::new(MasterKey::decode(&stored)?);
        *cached = Some(Arc::clone(&key));
        Ok(Some(key))
    }

    /// The existing key, or a new random one stored in the keychain first.
    pub(crate) fn load_or_create(
        &self,
        slots: &impl CredentialSlots,
    ) -> Result<Arc<MasterKey>, SecretsError> {
        if let Some(key) = self.load(slots)? {
            return Ok(key);
        }
        // Held across create-and-store so two threads cannot each store a different key.
        let mut cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(key) = cached.as_ref() {
            return Ok(Arc::clone(key));
        }
        let key = MasterKey::generate();
        let encoded = key.encode();
        redaction::remember(MASTER_KEY_ACCOUNT, &encoded);
        slots.set_slot(MASTER_KEY_ACCOUNT, &encoded)?;
        let key = Arc::new(key);
        *cached = Some(Arc::clone(&key));
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryStore;

    #[test]
    fn created_once_then_reused_across_caches() {
        let slots = MemoryStore::new();
        assert!(MasterKeyCache::default()
            .load(&slots)
            .expect("load")
            .is_none());
        let created = MasterKeyCache::default()
            .load_or_create(&slots)
            .expect("create");
        let reloaded = MasterKeyCache::default()
            .load(&slots)
            .expect("load")
            .expect("stored");
        assert_eq!(created.0.expose_secret(), reloaded.0.expose_secret());
    }

    #[test]
    fn damaged_key_is_reported() {
        let slots = MemoryStore::new();
        slots
            .set_slot(MASTER_KEY_ACCOUNT, &SecretString::from("bm90IDMyIGJ5dGVz"))
            .expect("set");
        let err = MasterKeyCache::default()
            .load(&slots)
            .expect_err("short key");
        assert!(
            matches!(err, SecretsError::MasterKeyCorrupt { .. }),
            "{err:?}"
        );
    }
}
