//! The Settings screen: which world is open and how often tenants are replicated. Saving
//! reopens the world with the new choice (see `Session::reopen`), without a restart.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::config::Mode;
use crate::error::ApiError;
use crate::replication::schedule::{check_cycle_minutes, DEFAULT_CYCLE_MINUTES};
use crate::startup::Session;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub mode: Mode,
    pub replication_cycle_minutes: u32,
    /// The open world's folder (cache, logs, sealed secrets).
    pub world_dir: String,
    /// The keychain service holding the open world's secrets.
    pub keychain_service: String,
    /// Why the open world could not open (e.g. a cache written by a newer Switchboard);
    /// switching to the other world still works.
    pub problem: Option<ApiError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsInput {
    pub mode: Mode,
    pub replication_cycle_minutes: u32,
}

impl Session {
    pub fn settings(&self) -> Result<SettingsView, ApiError> {
        let config = self.config()?;
        Ok(SettingsView {
            mode: config.mode,
            replication_cycle_minutes: config
                .replication_cycle_minutes
                .unwrap_or(DEFAULT_CYCLE_MINUTES),
            world_dir: config.paths().data_dir.display().to_string(),
            keychain_service: config.mode.keychain_service().to_string(),
            problem: self.problem(),
        })
    }

    /// Validates, remembers the choice for the next start, and reopens the world when
    /// anything changed.
    pub fn save_settings(&self, input: &SettingsInput) -> Result<SettingsView, ApiError> {
        let minutes = check_cycle_minutes(input.replication_cycle_minutes)?;
        self.reopen(input.mode, minutes)?;
        self.settings()
    }
}
