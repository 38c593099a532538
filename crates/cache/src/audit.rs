//! The audit: one entry per change the queue made, with the values before and after,
//! and the payload of the task that would undo it. Entries outlive their tenant, SBC
//! and task.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use switchboard_domain::TenantId;
use ts_rs::TS;

use crate::sql_values::{time, time_text};
use crate::{Cache, CacheError, SbcId, TaskId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "number")]
pub struct AuditId(i64);

impl AuditId {
    pub fn new(id: i64) -> Self {
        Self(id)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl std::fmt::Display for AuditId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub tenant_id: Option<TenantId>,
    pub sbc_id: Option<SbcId>,
    /// The tenant's short name or the SBC's name at the time.
    pub target_name: String,
    pub occurred_at: DateTime<Utc>,
    /// Who asked for the change, e.g. the engineer's account name.
    pub initiated_by: String,
    /// The task kind, e.g. `numberAssign`.
    pub action: String,
    /// What it was done to, e.g. a user's sign-in name.
    pub target: Option<String>,
    pub summary: String,
    /// Set by the queue when the entry is stored with its task's outcome.
    pub task_id: Option<TaskId>,
    /// The payload (JSON) of the task that undoes this change, when one exists.
    pub rollback: Option<String>,
    pub changes: Vec<FieldChange>,
}

/// A stored audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: AuditId,
    pub entry: AuditEntry,
    /// The task that rolled this change back, once one succeeded.
    pub rolled_back_by: Option<TaskId>,
}

/// Which entries to list, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub tenant: Option<TenantId>,
    pub sbc: Option<SbcId>,
    pub limit: Option<u32>,
}

impl Cache {
    pub fn audit_entry(&self, id: AuditId) -> Result<AuditRecord, CacheError> {
        let conn = self.conn();
        let record = conn
            .query_row(
                &format!("SELECT {AUDIT_COLUMNS} FROM audit_entries WHERE id = ?1"),
                [id.0],
                audit_from_row,
            )
            .optional()?
            .ok_or_else(|| CacheError::NotFound {
                what: format!("Audit entry {id}"),
            })?;
        with_changes(&conn, record)
    }

    /// Newest first.
    pub fn list_audit(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>, CacheError> {
        let conn = self.conn();
        let records: Vec<AuditRecord> = {
            let mut stmt = conn.prepare(&format!(
                "SELECT {AUDIT_COLUMNS} FROM audit_entries
                 WHERE (:tenant IS NULL OR tenant_id = :tenant)
                   AND (:sbc IS NULL OR sbc_device_id = :sbc)
                 ORDER BY occurred_at DESC, id DESC LIMIT :limit"
            ))?;
            let rows = stmt.query_map(
                named_params! {
                    ":tenant": filter.tenant.map(TenantId::get),
                    ":sbc": filter.sbc.map(SbcId::get),
                    ":limit": filter.limit.map_or(-1, i64::from),
                },
                audit_from_row,
            )?;
            rows.collect::<Result<_, _>>()?
        };
        records
            .into_iter()
            .map(|record| with_changes(&conn, record))
            .collect()
    }
}

const AUDIT_COLUMNS: &str = "id, tenant_id, sbc_device_id, target_name, occurred_at, initiated_by,
    action, target, summary, task_id, rollback, rolled_back_by";

fn audit_from_row(row: &Row<'_>) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord {
        id: AuditId(row.get(0)?),
        entry: AuditEntry {
            tenant_id: row.get::<_, Option<i64>>(1)?.map(TenantId::new),
            sbc_id: row.get::<_, Option<i64>>(2)?.map(SbcId::new),
            target_name: row.get(3)?,
            occurred_at: time(row, 4)?,
            initiated_by: row.get(5)?,
            action: row.get(6)?,
            target: row.get(7)?,
            summary: row.get(8)?,
            task_id: row.get::<_, Option<i64>>(9)?.map(TaskId::new),
            rollback: row.get(10)?,
            changes: Vec::new(),
        },
        rolled_back_by: row.get::<_, Option<i64>>(11)?.map(TaskId::new),
    })
}

fn with_changes(conn: &Connection, mut record: AuditRecord) -> Result<AuditRecord, CacheError> {
    let mut stmt = conn.prepare_cached(
        "SELECT field, old_value, new_value FROM audit_field_changes WHERE entry_id = ?1 ORDER BY id",
    )?;
    record.entry.changes = stmt
        .query_map([record.id.0], |r| {
            Ok(FieldChange {
                field: r.get(0)?,
                old_value: r.get(1)?,
                new_value: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(record)
}

/// Inserts the entry and its field changes on `conn` (inside the caller's transaction).
pub(crate) fn insert_audit(conn: &Connection, entry: &AuditEntry) -> Result<AuditId, CacheError> {
    conn.execute(
        "INSERT INTO audit_entries (tenant_id, sbc_device_id, target_name, occurred_at,
                                    initiated_by, action, target, summary, task_id, rollback)
         VALUES (:tenant, :sbc, :name, :at, :by, :action, :target, :summary, :task, :rollback)",
        named_params! {
            ":tenant": entry.tenant_id.map(TenantId::get),
            ":sbc": entry.sbc_id.map(SbcId::get),
            ":name": entry.target_name,
            ":at": time_text(entry.occurred_at),
            ":by": entry.initiated_by,
            ":action": entry.action,
            ":target": entry.target,
            ":summary": entry.summary,
            ":task": entry.task_id.map(TaskId::get),
            ":rollback": entry.rollback,
        },
    )?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO audit_field_changes (entry_id, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for change in &entry.changes {
        stmt.execute(rusqlite::params![
            id,
            change.field,
            change.old_value,
            change.new_value
        ])?;
    }
    Ok(AuditId(id))
}
