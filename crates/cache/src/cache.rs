use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::migrations::{ensure_not_too_new, migrate_to_latest, user_version};
use crate::CacheError;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Handle to the cache database. `Send + Sync`: the connection sits behind a mutex, so
/// callers may share one `Cache` (e.g. in an `Arc`) and each call locks it briefly.
pub struct Cache {
    conn: Mutex<Connection>,
}

impl Cache {
    /// Opens (creating if missing) the cache file, refuses it if a newer build wrote
    /// it, then applies any pending migrations. The parent directory must exist.
    pub fn open(path: &Path) -> Result<Cache, CacheError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        // Checked before any pragma that writes (journal_mode=WAL alters the header).
        ensure_not_too_new(&conn)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::prepare(conn)
    }

    /// A private in-memory database, for tests and previews.
    pub fn open_in_memory() -> Result<Cache, CacheError> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Cache, CacheError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate_to_latest(&mut conn)?;
        // SQLite's advice for long-lived connections: refresh stale planner statistics.
        conn.execute_batch("PRAGMA optimize = 0x10002;")?;
        Ok(Cache {
            conn: Mutex::new(conn),
        })
    }

    /// Refreshes the planner statistics where SQLite thinks they are stale. Call after
    /// bulk changes (a sync run): without statistics the planner assumes `tenant_id = ?`
    /// selects ~10 rows and walks a whole tenant instead of using a search index.
    pub fn optimize(&self) -> Result<(), CacheError> {
        self.conn().execute_batch("PRAGMA optimize;")?;
        Ok(())
    }

    pub fn schema_version(&self) -> Result<u32, CacheError> {
        user_version(&self.conn())
    }

    /// A poisoned lock only means another call panicked mid-way; SQLite rolled back
    /// its open transaction when the guard dropped, so the connection is still sound.
    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::{migrate_to, LATEST_VERSION};

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn cache_is_send_and_sync() {
        assert_send_sync::<Cache>();
    }

    #[test]
    fn opens_an_empty_file_at_the_latest_version_with_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        let cache = Cache::open(&path).unwrap();
        assert!(path.exists());
        assert_eq!(cache.schema_version().unwrap(), LATEST_VERSION);
        let conn = cache.conn();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.sqlite3");
        let garbage = b"these are meeting notes, not a database; ".repeat(200);
        std::fs::write(&path, &garbage).unwrap();
        let err = Cache::open(&path).err().expect("garbage must be refused");
        assert!(matches!(err, CacheError::Storage(_)), "{err:?}");
        assert_eq!(std::fs::read(&path).unwrap(), garbage);
    }

    #[test]
    fn in_memory_cache_is_fully_migrated() {
        let cache = Cache::open_in_memory().unwrap();
        assert_eq!(cache.schema_version().unwrap(), LATEST_VERSION);
    }

    #[test]
    fn reopening_keeps_data_and_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        Cache::open(&path).unwrap().set_setting("k", "v").unwrap();
        let again = Cache::open(&path).unwrap();
        assert_eq!(again.setting("k").unwrap().as_deref(), Some("v"));
        assert_eq!(again.schema_version().unwrap(), LATEST_VERSION);
    }

    /// Rows that a database at `version` can hold; add an arm with each new migration.
    fn seed_rows(version: u32) -> String {
        match version {
            0 => String::new(),
            // The tenant signs in at the US Government login, which version 3 reads as GCC High.
            1 => "INSERT INTO tenants (id, short_name, full_name, licence_type, licensed_users, authority, created_at, updated_at)
                    VALUES (7, 'contoso', 'Contoso Ltd', 'hostedPro', 42, 'https://login.microsoftonline.us', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
                  INSERT INTO users (tenant_id, object_id, upn, display_name, phone_digits, synced_at)
                    VALUES (7, 'obj-1', 'ada@contoso.com', 'Ada Lovelace', '442079460018', '2026-01-01T00:00:00.000Z');
                  INSERT INTO queued_tasks (tenant_id, kind, created_at, updated_at)
                    VALUES (7, 'sync', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
                  INSERT INTO settings (key, value) VALUES ('seeded', 'yes');".to_owned(),
            2 => seed_rows(1) + "
                  INSERT INTO sbc_devices (id, name, host, created_at, updated_at)
                    VALUES (3, 'edge-1', '192.0.2.10', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');",
            // Version 3 keeps the cloud in a column of its own instead of the authority.
            3 => seed_rows(2)
                .replace("licensed_users, authority,", "licensed_users, cloud,")
                .replace("'https://login.microsoftonline.us'", "'gccHigh'"),
            4 => seed_rows(3),
            // Version 5 replaced the unused `queued_tasks` table with the task queue.
            5 => seed_rows(4).replace(
                "INSERT INTO queued_tasks (tenant_id, kind, created_at, updated_at)
                    VALUES (7, 'sync', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');",
                "",
            ),
            other => panic!("add seed rows for schema version {other}"),
        }
    }

    #[test]
    fn upgrades_from_every_earlier_version_keeping_rows() {
        for version in 0..LATEST_VERSION {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.sqlite3");
            {
                let mut conn = Connection::open(&path).unwrap();
                migrate_to(&mut conn, version).unwrap();
                conn.execute_batch(&seed_rows(version)).unwrap();
                assert_eq!(user_version(&conn).unwrap(), version);
            }
            let cache = Cache::open(&path).unwrap();
            assert_eq!(
                cache.schema_version().unwrap(),
                LATEST_VERSION,
                "from v{version}"
            );
            if version >= 1 {
                let t = cache.tenant(switchboard_domain::TenantId::new(7)).unwrap();
                assert_eq!(t.short_name.as_str(), "contoso");
                assert_eq!(t.licensed_users, 42);
                // The one US Government cloud a login authority could name.
                assert_eq!(t.cloud, switchboard_domain::Cloud::GccHigh);
                let summary = cache.list_tenants(None).unwrap();
                assert_eq!(summary[0].user_count, 1);
                // Version 5 replaces the task table, which no earlier build wrote to.
                assert_eq!(summary[0].tasks.queued, 0);
                assert_eq!(cache.setting("seeded").unwrap().as_deref(), Some("yes"));
            }
            if version >= 2 {
                let sbc = cache.sbc(crate::SbcId::new(3)).unwrap();
                assert_eq!(sbc.fields.name, "edge-1");
                assert_eq!(sbc.fields.plain_http_confirmed_for, None);
                assert_eq!(sbc.last_counts, crate::SbcCounts::default());
            }
        }
    }

    #[test]
    fn a_newer_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE future_thing (x INTEGER); INSERT INTO future_thing VALUES (1);",
            )
            .unwrap();
            conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Cache::open(&path)
            .err()
            .expect("newer schema must be refused");
        match err {
            CacheError::TooNew { found, supported } => {
                assert_eq!(found, LATEST_VERSION + 1);
                assert_eq!(supported, LATEST_VERSION);
            }
            other => panic!("expected TooNew, got {other:?}"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), before, "file bytes changed");
        assert!(!dir.path().join("future.sqlite3-wal").exists());
    }
}
