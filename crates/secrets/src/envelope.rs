//! Format of an encrypted secret file: magic, random nonce, then XChaCha20-Poly1305
//! ciphertext with its tag. The secret reference is authenticated as associated data, so a
//! file renamed to another reference fails to open. XChaCha's 192-bit nonce makes random
//! nonces safe without any bookkeeping.

use chacha20poly1305::aead::{Aead, AeadCore, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};

use crate::master_key::MasterKey;
use crate::{SecretRef, SecretsError};

const MAGIC: &[u8; 4] = b"SBX1";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Why a blob could not be opened; the caller adds the file path.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum OpenError {
    Malformed,
    Authentication,
}

pub(crate) fn seal(
    key: &MasterKey,
    reference: &SecretRef,
    secret: &SecretString,
) -> Result<Vec<u8>, SecretsError> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let aad = reference.to_string();
    let ciphertext = key
        .cipher()
        .encrypt(
            &nonce,
            Payload {
                msg: secret.expose_secret().as_bytes(),
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| SecretsError::EncryptionFailed)?;
    let mut blob = Vec::with_capacity(MAGIC.len() + NONCE_LEN + ciphertext.len());
    blob.extend_from_slice(MAGIC);
    blob.extend_from_slice(&nonce);
    blob.extend_from_slice(&ciphertext);
    Ok(blob)
}

pub(crate) fn open(
    key: &MasterKey,
    reference: &SecretRef,
    blob: &[u8],
) -> Result<SecretString, OpenError> {
    let body = blob
        .strip_prefix(MAGIC.as_slice())
        .ok_or(OpenError::Malformed)?;
    if body.len() < NONCE_LEN + TAG_LEN {
        return Err(OpenError::Malformed);
    }
    let (nonce, ciphertext) = body.split_at(NONCE_LEN);
    let aad = reference.to_string();
    let plaintext = key
        .cipher()
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| OpenError::Authentication)?;
    // Only this module writes blobs, always from UTF-8 text; anything else is not ours.
    String::from_utf8(plaintext)
        .map(SecretString::from)
        .map_err(|_| OpenError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::master_key::MasterKeyCache;
    use crate::MemoryStore;

    fn key() -> std::sync::Arc<MasterKey> {
        MasterKeyCache::default()
            .load_or_create(&MemoryStore::new())
            .expect("key")
    }

    #[test]
    fn round_trip() {
        let key = key();
        let reference = SecretRef::new();
        let blob = seal(&key, &reference, &SecretString::from("envelope-value")).expect("seal");
        assert_eq!(
            open(&key, &reference, &blob).expect("open").expose_secret(),
            "envelope-value"
        );
    }

    #[test]
    fn same_secret_seals_differently_each_time() {
        let key = key();
        let reference = SecretRef::new();
        let secret = SecretString::from("repeatable-value");
        assert_ne!(
            seal(&key, &reference, &secret).expect("seal"),
            seal(&key, &reference, &secret).expect("seal")
        );
    }

    #[test]
    fn tampering_wrong_reference_and_wrong_key_fail_authentication() {
        let key = key();
        let reference = SecretRef::new();
        let mut blob = seal(&key, &reference, &SecretString::from("tamper-me")).expect("seal");
        assert_eq!(
            open(&key, &SecretRef::new(), &blob).err(),
            Some(OpenError::Authentication)
        );
        assert_eq!(
            open(&self::key(), &reference, &blob).err(),
            Some(OpenError::Authentication)
        );
        let last = blob.len() - 1;
        blob[last] ^= 0x01;
        assert_eq!(
            open(&key, &reference, &blob).err(),
            Some(OpenError::Authentication)
        );
    }

    #[test]
    fn foreign_or_truncated_files_are_malformed() {
        let key = key();
        let reference = SecretRef::new();
        assert_eq!(
            open(&key, &reference, b"plain text").err(),
            Some(OpenError::Malformed)
        );
        assert_eq!(
            open(&key, &reference, b"SBX1short").err(),
            Some(OpenError::Malformed)
        );
    }
}
