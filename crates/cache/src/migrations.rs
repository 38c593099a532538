//! Embedded schema migrations. `PRAGMA user_version` records how many have run.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::CacheError;

const STEPS: &[M<'static>] = &[
    M::up(include_str!("../migrations/001_initial.sql")),
    M::up(include_str!("../migrations/002_invitations.sql")),
    M::up(include_str!("../migrations/003_tenant_cloud.sql")),
    M::up(include_str!("../migrations/004_sbc_safety.sql")),
    M::up(include_str!("../migrations/005_task_queue.sql")),
    M::up(include_str!("../migrations/006_voice_objects.sql")),
];

/// Schema version this build writes (the number of migrations).
pub const LATEST_VERSION: u32 = STEPS.len() as u32;

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::from_slice(STEPS)
}

pub(crate) fn user_version(conn: &Connection) -> Result<u32, CacheError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Refuses a database from a newer build before anything writes to it, so the newer
/// build can still open it afterwards.
pub(crate) fn ensure_not_too_new(conn: &Connection) -> Result<(), CacheError> {
    let found = user_version(conn)?;
    if found > LATEST_VERSION {
        return Err(CacheError::TooNew {
            found,
            supported: LATEST_VERSION,
        });
    }
    Ok(())
}

pub(crate) fn migrate_to_latest(conn: &mut Connection) -> Result<(), CacheError> {
    migrations().to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
pub(crate) fn migrate_to(conn: &mut Connection, version: u32) -> Result<(), CacheError> {
    migrations().to_version(conn, version as usize)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }
}
