use std::path::PathBuf;

/// Name of the platform keychain, so messages tell people which program to look at.
const PLATFORM_KEYCHAIN: &str = if cfg!(target_os = "windows") {
    "Windows Credential Manager"
} else if cfg!(target_os = "macos") {
    "macOS Keychain"
} else {
    "Secret Service/D-Bus keyring"
};

/// Everything that can go wrong while storing or reading a secret. No variant ever carries a
/// secret value.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error(
        "The system keychain ({PLATFORM_KEYCHAIN}) is locked or unavailable: unlock it (or start it) and try again. \
         Switchboard never stores secrets in plain text. Details: {detail}"
    )]
    KeychainUnavailable { detail: String },

    #[error("The system keychain ({PLATFORM_KEYCHAIN}) rejected the request: {detail}")]
    KeychainRejected { detail: String },

    #[error("A secret cannot be empty; to remove a secret, delete it instead")]
    EmptySecret,

    #[error("{0:?} is not a secret reference (expected \"sref:\" followed by a lowercase hyphenated UUID)")]
    InvalidRef(String),

    #[error("{0:?} is not a usable keychain service name (it must be 1-64 printable characters)")]
    InvalidServiceName(String),

    #[error("Cannot access the encrypted secret file {path}: {source}")]
    BlobIo {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("The file {path} is not a Switchboard encrypted secret (wrong header or truncated); enter the secret again")]
    BlobMalformed { path: PathBuf },

    #[error(
        "The encrypted secret file {path} failed its integrity check: it was altered, or Switchboard's \
         encryption key in the system keychain was replaced. Enter the secret again"
    )]
    BlobAuthenticationFailed { path: PathBuf },

    #[error(
        "The encrypted secret file {path} exists, but Switchboard's encryption key is missing from the \
         system keychain ({PLATFORM_KEYCHAIN}); enter the secret again"
    )]
    MasterKeyMissing { path: PathBuf },

    #[error("Switchboard's encryption key in the system keychain is damaged; remove the entry \"{account}\" and enter large secrets again")]
    MasterKeyCorrupt { account: &'static str },

    #[error("Encrypting the secret failed")]
    EncryptionFailed,
}
