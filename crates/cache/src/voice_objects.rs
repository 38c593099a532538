//! A tenant's Teams voice objects, stored as read: one row per object, whatever its
//! kind. A new read leaves unchanged rows alone, so each row's time says when that
//! object last changed, and the tenant's read time says how old the whole picture is.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, OptionalExtension};
use switchboard_domain::TenantId;

use std::collections::HashSet;

use crate::sql_values::{time, time_opt, time_text};
use crate::{Cache, CacheError};

/// One object: its kind, its name and its JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceObject {
    pub kind: String,
    pub identity: String,
    pub body: String,
}

/// What a read changed in the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VoiceObjectsWritten {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// A stored object and when a read last found it new or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVoiceObject {
    pub object: VoiceObject,
    pub synced_at: DateTime<Utc>,
}

/// The tenant's voice objects and the state of the last read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredVoiceObjects {
    pub objects: Vec<StoredVoiceObject>,
    /// When the objects were last read successfully (None: never).
    pub read_at: Option<DateTime<Utc>>,
    /// The last attempt's error, when it failed.
    pub error: Option<String>,
}

impl Cache {
    /// Stores a complete read in one transaction: new and changed objects are written,
    /// those no longer there removed, the others left untouched.
    pub fn store_voice_objects(
        &self,
        tenant: TenantId,
        objects: &[VoiceObject],
        at: DateTime<Utc>,
    ) -> Result<VoiceObjectsWritten, CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut written = VoiceObjectsWritten::default();
        let at_text = time_text(at);
        {
            let mut current = tx.prepare_cached(
                "SELECT position, body FROM voice_objects WHERE tenant_id = ?1 AND kind = ?2 AND identity = ?3",
            )?;
            let mut upsert = tx.prepare_cached(
                "INSERT INTO voice_objects (tenant_id, kind, identity, position, body, synced_at)
                 VALUES (:tenant, :kind, :identity, :position, :body, :at)
                 ON CONFLICT (tenant_id, kind, identity)
                 DO UPDATE SET position = excluded.position, body = excluded.body, synced_at = excluded.synced_at",
            )?;
            let mut positions: std::collections::HashMap<&str, i64> = Default::default();
            for object in objects {
                // Position within its kind, so a new gateway does not move every route.
                let next = positions.entry(object.kind.as_str()).or_insert(0);
                let position = *next;
                *next += 1;
                let identity = object.identity.to_lowercase();
                let found: Option<(i64, String)> = current
                    .query_row(
                        rusqlite::params![tenant.get(), object.kind, identity],
                        |row| Ok((row.get(0)?, row.get(1)?)),
                    )
                    .optional()?;
                match found {
                    Some((p, body)) if p == position && body == object.body => {
                        written.unchanged += 1;
                        continue;
                    }
                    Some(_) => written.changed += 1,
                    None => written.added += 1,
                }
                upsert.execute(named_params! {
                    ":tenant": tenant.get(),
                    ":kind": object.kind,
                    ":identity": identity,
                    ":position": position,
                    ":body": object.body,
                    ":at": at_text,
                })?;
            }
        }
        let kept: HashSet<(&str, String)> = objects
            .iter()
            .map(|o| (o.kind.as_str(), o.identity.to_lowercase()))
            .collect();
        let stored: Vec<(String, String)> = {
            let mut stmt =
                tx.prepare("SELECT kind, identity FROM voice_objects WHERE tenant_id = ?1")?;
            let rows = stmt.query_map([tenant.get()], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        for (kind, identity) in stored {
            if !kept.contains(&(kind.as_str(), identity.clone())) {
                tx.execute(
                    "DELETE FROM voice_objects WHERE tenant_id = ?1 AND kind = ?2 AND identity = ?3",
                    rusqlite::params![tenant.get(), kind, identity],
                )?;
                written.removed += 1;
            }
        }
        tx.execute(
            "INSERT INTO voice_reads (tenant_id, read_at, error) VALUES (?1, ?2, NULL)
             ON CONFLICT (tenant_id) DO UPDATE SET read_at = excluded.read_at, error = NULL",
            rusqlite::params![tenant.get(), at_text],
        )?;
        tx.commit()?;
        Ok(written)
    }

    /// Notes a failed read; the stored objects stay as they were.
    pub fn record_voice_read_failure(
        &self,
        tenant: TenantId,
        error: &str,
    ) -> Result<(), CacheError> {
        self.conn().execute(
            "INSERT INTO voice_reads (tenant_id, read_at, error) VALUES (?1, NULL, ?2)
             ON CONFLICT (tenant_id) DO UPDATE SET error = excluded.error",
            rusqlite::params![tenant.get(), error],
        )?;
        Ok(())
    }

    /// The stored objects in the order they were read, kind by kind.
    pub fn voice_objects(&self, tenant: TenantId) -> Result<StoredVoiceObjects, CacheError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT kind, identity, body, synced_at FROM voice_objects WHERE tenant_id = ?1 ORDER BY kind, position",
        )?;
        let objects = stmt
            .query_map([tenant.get()], |row| {
                Ok(StoredVoiceObject {
                    object: VoiceObject {
                        kind: row.get(0)?,
                        identity: row.get(1)?,
                        body: row.get(2)?,
                    },
                    synced_at: time(row, 3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let read: Option<(Option<DateTime<Utc>>, Option<String>)> = conn
            .query_row(
                "SELECT read_at, error FROM voice_reads WHERE tenant_id = ?1",
                [tenant.get()],
                |row| Ok((time_opt(row, 0)?, row.get(1)?)),
            )
            .optional()?;
        let (read_at, error) = read.unwrap_or_default();
        Ok(StoredVoiceObjects {
            objects,
            read_at,
            error,
        })
    }
}
