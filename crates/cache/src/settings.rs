//! Application settings as key/value text (e.g. `QuickReplicationCycleDelay`).

use rusqlite::OptionalExtension;

use crate::{Cache, CacheError};

impl Cache {
    pub fn setting(&self, key: &str) -> Result<Option<String>, CacheError> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), CacheError> {
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// Deletes every setting whose key starts with `prefix` (taken literally).
    pub fn delete_settings_under(&self, prefix: &str) -> Result<usize, CacheError> {
        Ok(self.conn().execute(
            "DELETE FROM settings WHERE substr(key, 1, length(?1)) = ?1",
            [prefix],
        )?)
    }
}

#[cfg(test)]
mod tests {
    use crate::Cache;

    #[test]
    fn settings_read_back_and_overwrite() {
        let cache = Cache::open_in_memory().unwrap();
        assert_eq!(cache.setting("QuickReplicationCycleDelay").unwrap(), None);
        cache
            .set_setting("QuickReplicationCycleDelay", "5")
            .unwrap();
        cache
            .set_setting("QuickReplicationCycleDelay", "7")
            .unwrap();
        assert_eq!(
            cache
                .setting("QuickReplicationCycleDelay")
                .unwrap()
                .as_deref(),
            Some("7")
        );
        assert_eq!(
            cache.setting("quickreplicationcycledelay").unwrap(),
            None,
            "keys are exact"
        );
    }

    #[test]
    fn settings_under_a_prefix_are_deleted_and_no_others() {
        let cache = Cache::open_in_memory().unwrap();
        for key in [
            "tenant.1.redirectUri",
            "tenant.1.x",
            "tenant.12.redirectUri",
            "tenant_1.y",
        ] {
            cache.set_setting(key, "v").unwrap();
        }
        assert_eq!(cache.delete_settings_under("tenant.1.").unwrap(), 2);
        assert_eq!(cache.setting("tenant.1.redirectUri").unwrap(), None);
        assert!(cache.setting("tenant.12.redirectUri").unwrap().is_some());
        assert!(
            cache.setting("tenant_1.y").unwrap().is_some(),
            "'_' is no wildcard"
        );
    }
}
