//! switchboard-secrets: M365 client secrets, refresh tokens, SBC and SMTP passwords live only
//! in the OS keychain; the app's database keeps an opaque [`SecretRef`].
//!
//! Secrets too large for a keychain entry (Windows Credential Manager keeps at most 2,560
//! bytes) are encrypted with a per-installation key that itself lives in the keychain, and
//! the ciphertext is written to a blob folder the caller chooses. Nothing is ever stored in
//! plain text outside the keychain, and every value handled is registered with the logging
//! crate's redaction so it cannot reach a log line.

mod blob_dir;
mod envelope;
mod error;
mod keychain_store;
mod keyring_error;
mod keyring_slots;
mod master_key;
mod memory;
mod redaction;
mod secret_ref;
mod service_name;
mod slots;
mod status;
mod store;

pub use error::SecretsError;
pub use keychain_store::{KeychainStore, KEYCHAIN_SAFE_LIMIT_BYTES};
pub use keyring_slots::KeyringSlots;
pub use memory::MemoryStore;
pub use secrecy::{ExposeSecret, SecretString};
pub use secret_ref::{SecretKind, SecretRef};
pub use service_name::ServiceName;
pub use slots::CredentialSlots;
pub use status::KeychainStatus;
pub use store::SecretStore;
