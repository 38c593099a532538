//! The engineer's choices that belong to the installation rather than to one world:
//! which world (sandbox or live) opens, and how often tenants are replicated. Kept as a small JSON file in the data
//! folder, beside the two worlds' folders, so a Start-menu user never needs a flag.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Mode;
use crate::error::{ApiError, ErrorCode};

const FILE_NAME: &str = "preferences.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Preferences {
    /// The world chosen in Settings; `None` until the engineer first chooses.
    #[serde(default)]
    pub mode: Option<Mode>,
    /// Whole minutes between replications of each tenant; `None` is the default cycle.
    #[serde(default)]
    pub replication_cycle_minutes: Option<u32>,
}

impl Preferences {
    /// The saved preferences. A missing file means none chosen yet; an unreadable one is
    /// logged and ignored, because a damaged preference must not keep the app from starting.
    pub fn load_or_default(data_dir: &Path) -> Preferences {
        let path = data_dir.join(FILE_NAME);
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|error| {
                tracing::warn!(file = %path.display(), %error, "preferences unreadable; using defaults");
                Preferences::default()
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Preferences::default(),
            Err(error) => {
                tracing::warn!(file = %path.display(), %error, "preferences unreadable; using defaults");
                Preferences::default()
            }
        }
    }

    /// Writes the whole file through a temporary one, so a crash leaves the old or the new
    /// preferences and never half of them.
    pub fn save(&self, data_dir: &Path) -> Result<(), ApiError> {
        let path = data_dir.join(FILE_NAME);
        let temporary = data_dir.join(format!("{FILE_NAME}.{}.tmp", std::process::id()));
        let failed = |error: std::io::Error| {
            ApiError::new(
                ErrorCode::Storage,
                format!(
                    "Switchboard could not save its preferences in {}: {error}",
                    path.display()
                ),
            )
        };
        switchboard_logging::create_private_dir(data_dir).map_err(failed)?;
        let json = serde_json::to_vec_pretty(self).map_err(|e| {
            ApiError::internal(format!("The preferences could not be encoded: {e}"))
        })?;
        write_synced(&temporary, &json).map_err(failed)?;
        fs::rename(&temporary, &path).map_err(|error| {
            let _ = fs::remove_file(&temporary);
            failed(error)
        })
    }
}

fn write_synced(path: &PathBuf, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_preferences_read_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(
            Preferences::load_or_default(dir.path()),
            Preferences::default()
        );
        let chosen = Preferences {
            mode: Some(Mode::Live),
            replication_cycle_minutes: Some(15),
        };
        chosen.save(dir.path()).expect("saved");
        assert_eq!(Preferences::load_or_default(dir.path()), chosen);
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("listing")
            .map(|e| e.expect("entry").file_name())
            .filter(|name| name != FILE_NAME)
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    }

    #[test]
    fn a_damaged_file_means_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join(FILE_NAME), b"{ not json").expect("written");
        assert_eq!(
            Preferences::load_or_default(dir.path()),
            Preferences::default()
        );
    }
}
