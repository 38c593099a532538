//! The About box and status bar: the version, where the data lives, and whether the
//! keychain can hold secrets.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use switchboard_secrets::KeychainStatus;

use crate::config::Mode;

/// The About box and status bar: where the data lives and what the app is connected to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    pub mode: Mode,
    pub schema_version: u32,
    pub keychain: KeychainInfo,
}

/// Whether the operating system's keychain can hold Switchboard's secrets. Unavailable is
/// reported, not fatal: the app still runs, but cannot connect to tenants or SBCs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeychainInfo {
    pub available: bool,
    /// Why the keychain is unavailable, in words the user can act on.
    pub detail: Option<String>,
}

impl From<KeychainStatus> for KeychainInfo {
    fn from(status: KeychainStatus) -> Self {
        match status {
            KeychainStatus::Available => Self {
                available: true,
                detail: None,
            },
            KeychainStatus::Unavailable { reason } => Self {
                available: false,
                detail: Some(reason),
            },
        }
    }
}

/// Where this installation keeps its files and secrets, for the About box and for
/// support: the engineer can open the log folder or name the keychain entry to remove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppPaths {
    pub data_dir: String,
    pub cache_file: String,
    pub log_dir: String,
    /// Where secrets too large for the keychain are kept, sealed with a key that is.
    pub sealed_secrets_dir: String,
    /// The service name under which the operating system's keychain holds the secrets.
    pub keychain_service: String,
}
