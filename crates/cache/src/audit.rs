//! Audit trail: one entry per admin action, with the fields it changed so each can
//! be rolled back on its own.

use chrono::{DateTime, Utc};
use rusqlite::named_params;
use switchboard_domain::TenantId;

use crate::sql_values::{time, time_text};
use crate::tenants::{is_constraint, tenant_not_found};
use crate::{Cache, CacheError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AuditId(i64);

impl AuditId {
    pub fn get(self) -> i64 {
        self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// `None` for provider-wide actions (SBCs, settings, templates).
    pub tenant_id: Option<TenantId>,
    pub occurred_at: DateTime<Utc>,
    /// Who did it, e.g. the engineer's UPN.
    pub initiated_by: String,
    /// What was done, e.g. `user.assignNumber`.
    pub action: String,
    /// What it was done to, e.g. `sip:ada@contoso.com`.
    pub target: Option<String>,
    pub changes: Vec<FieldChange>,
}

/// A stored audit entry with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: AuditId,
    pub entry: AuditEntry,
}

impl Cache {
    /// Stores the entry and its field changes in one transaction.
    pub fn append_audit(&self, entry: AuditEntry) -> Result<AuditId, CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let inserted = tx.execute(
            "INSERT INTO audit_entries (tenant_id, occurred_at, initiated_by, action, target)
             VALUES (:tenant, :at, :by, :action, :target)",
            named_params! {
                ":tenant": entry.tenant_id.map(TenantId::get),
                ":at": time_text(entry.occurred_at),
                ":by": entry.initiated_by,
                ":action": entry.action,
                ":target": entry.target,
            },
        );
        if let (Err(e), Some(tenant)) = (&inserted, entry.tenant_id) {
            if is_constraint(e, rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY) {
                return Err(tenant_not_found(tenant));
            }
        }
        inserted?;
        let id = tx.last_insert_rowid();
        {
            let mut stmt = tx.prepare(
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
        }
        tx.commit()?;
        Ok(AuditId(id))
    }

    /// Newest first; `tenant` `None` lists every entry.
    pub fn recent_audit(
        &self,
        tenant: Option<TenantId>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, CacheError> {
        let conn = self.conn();
        let mut entries = conn.prepare(
            "SELECT id, tenant_id, occurred_at, initiated_by, action, target FROM audit_entries
             WHERE ?1 IS NULL OR tenant_id = ?1
             ORDER BY occurred_at DESC, id DESC LIMIT ?2",
        )?;
        let mut changes = conn.prepare(
            "SELECT field, old_value, new_value FROM audit_field_changes WHERE entry_id = ?1 ORDER BY id",
        )?;
        let rows =
            entries.query_map(rusqlite::params![tenant.map(TenantId::get), limit], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    AuditEntry {
                        tenant_id: row.get::<_, Option<i64>>(1)?.map(TenantId::new),
                        occurred_at: time(row, 2)?,
                        initiated_by: row.get(3)?,
                        action: row.get(4)?,
                        target: row.get(5)?,
                        changes: Vec::new(),
                    },
                ))
            })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, mut entry) = row?;
            entry.changes = changes
                .query_map([id], |r| {
                    Ok(FieldChange {
                        field: r.get(0)?,
                        old_value: r.get(1)?,
                        new_value: r.get(2)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            out.push(AuditRecord {
                id: AuditId(id),
                entry,
            });
        }
        Ok(out)
    }
}
