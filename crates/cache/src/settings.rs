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
}
