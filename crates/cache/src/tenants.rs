//! Tenants repository: the customers Switchboard manages, with the per-row counters
//! the Tenants screen shows.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use serde::Serialize;
use switchboard_domain::{
    AdminDomain, AuthMethod, AuthStatus, AzureTenantId, Cloud, DeploymentState, FullName, Licence,
    LicenceType, ShortName, TaskState, TenantId,
};
use ts_rs::TS;

use crate::sql_values::{like_contains, now_text, parsed, parsed_opt, time, time_opt};
use crate::{Cache, CacheError};

/// What the user supplies to create a customer; already validated by construction.
#[derive(Debug, Clone)]
pub struct NewTenant {
    pub short_name: ShortName,
    pub full_name: FullName,
    pub azure_tenant_id: Option<AzureTenantId>,
    pub licence: Licence,
}

/// Every field of a customer the user may change after creating it (the short name,
/// the key SBC dial plans and scripts use, stays); validated by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantProfile {
    pub full_name: FullName,
    pub azure_tenant_id: Option<AzureTenantId>,
    pub admin_domain: Option<AdminDomain>,
    pub licence: Licence,
    pub cloud: Cloud,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    pub id: TenantId,
    pub short_name: ShortName,
    pub full_name: FullName,
    pub azure_tenant_id: Option<AzureTenantId>,
    pub licence_type: LicenceType,
    pub licensed_users: u32,
    pub cloud: Cloud,
    pub admin_domain: Option<AdminDomain>,
    pub deployment_state: DeploymentState,
    pub auth_method: AuthMethod,
    pub auth_status: AuthStatus,
    pub last_replication_at: Option<DateTime<Utc>>,
    pub last_replication_result: Option<String>,
    pub customer_version: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A tenant's tasks by state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskCounts {
    /// Tasks waiting their turn, a retry or a release.
    pub queued: u32,
    pub executing: u32,
    /// Tasks that failed and were not retried yet.
    pub failed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantSummary {
    pub tenant: Tenant,
    #[ts(type = "number")]
    pub user_count: u64,
    pub tasks: TaskCounts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantTotals {
    pub tenants: u32,
    #[ts(type = "number")]
    pub users: u64,
    #[ts(type = "number")]
    pub licensed_users: u64,
}

const TENANT_COLUMNS: &str = "t.id, t.short_name, t.full_name, t.azure_tenant_id, t.licence_type, \
    t.licensed_users, t.deployment_state, t.auth_method, t.auth_status, t.last_replication_at, \
    t.last_replication_result, t.customer_version, t.created_at, t.updated_at, t.cloud, \
    t.admin_domain";
/// Number of columns in `TENANT_COLUMNS`; summary counters follow them.
const TENANT_COLUMN_COUNT: usize = 16;

fn tenant_from_row(row: &Row<'_>) -> rusqlite::Result<Tenant> {
    Ok(Tenant {
        id: TenantId::new(row.get(0)?),
        short_name: parsed(row, 1)?,
        full_name: parsed(row, 2)?,
        azure_tenant_id: parsed_opt(row, 3)?,
        licence_type: parsed(row, 4)?,
        licensed_users: row.get(5)?,
        cloud: parsed(row, 14)?,
        admin_domain: parsed_opt(row, 15)?,
        deployment_state: parsed(row, 6)?,
        auth_method: parsed(row, 7)?,
        auth_status: parsed(row, 8)?,
        last_replication_at: time_opt(row, 9)?,
        last_replication_result: row.get(10)?,
        customer_version: row.get(11)?,
        created_at: time(row, 12)?,
        updated_at: time(row, 13)?,
    })
}

pub(crate) fn tenant_not_found(id: TenantId) -> CacheError {
    CacheError::NotFound {
        what: format!("Customer {id}"),
    }
}

pub(crate) fn load_tenant(conn: &Connection, id: TenantId) -> Result<Tenant, CacheError> {
    let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants t WHERE t.id = ?1");
    conn.query_row(&sql, [id.get()], tenant_from_row)
        .optional()?
        .ok_or_else(|| tenant_not_found(id))
}

pub(crate) fn is_constraint(err: &rusqlite::Error, extended_code: i32) -> bool {
    matches!(err, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == extended_code)
}

/// Inserts a customer on `conn` (a plain connection or a transaction).
pub(crate) fn insert_tenant(conn: &Connection, new: &NewTenant) -> Result<Tenant, CacheError> {
    let now = now_text();
    let inserted = conn.execute(
        "INSERT INTO tenants (short_name, full_name, azure_tenant_id, licence_type, licensed_users,
                              created_at, updated_at)
         VALUES (:short, :full, :azure, :licence, :users, :now, :now)",
        named_params! {
            ":short": new.short_name.as_str(),
            ":full": new.full_name.as_str(),
            ":azure": new.azure_tenant_id.as_ref().map(AzureTenantId::as_str),
            ":licence": new.licence.licence_type().as_str(),
            ":users": new.licence.licensed_users(),
            ":now": now,
        },
    );
    match inserted {
        Ok(_) => load_tenant(conn, TenantId::new(conn.last_insert_rowid())),
        Err(e) if is_constraint(&e, rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE) => {
            Err(CacheError::Conflict {
                field: "shortName".to_owned(),
                message: format!(
                    "A customer with the short name '{}' already exists.",
                    new.short_name
                ),
            })
        }
        Err(e) => Err(e.into()),
    }
}

impl Cache {
    pub fn create_tenant(&self, new: &NewTenant) -> Result<Tenant, CacheError> {
        insert_tenant(&self.conn(), new)
    }

    pub fn tenant(&self, id: TenantId) -> Result<Tenant, CacheError> {
        load_tenant(&self.conn(), id)
    }

    /// All tenants ordered by short name, optionally filtered by a case-insensitive
    /// substring of the short or full name, with user counts and queue counters.
    pub fn list_tenants(&self, search: Option<&str>) -> Result<Vec<TenantSummary>, CacheError> {
        let pattern = search
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(like_contains);
        let sql = format!(
            "SELECT {TENANT_COLUMNS},
                (SELECT COUNT(*) FROM users u WHERE u.tenant_id = t.id),
                (SELECT COUNT(*) FROM tasks q WHERE q.tenant_id = t.id
                    AND q.state IN (:queued, :postponed)),
                (SELECT COUNT(*) FROM tasks q WHERE q.tenant_id = t.id AND q.state = :executing),
                (SELECT COUNT(*) FROM tasks q WHERE q.tenant_id = t.id AND q.state = :failed)
             FROM tenants t
             WHERE :pattern IS NULL
                OR t.short_name LIKE :pattern ESCAPE '\\'
                OR t.full_name LIKE :pattern ESCAPE '\\'
             ORDER BY t.short_name, t.id"
        );
        let conn = self.conn();
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(
            named_params! {
                ":queued": TaskState::Queued.as_str(),
                ":postponed": TaskState::Postponed.as_str(),
                ":failed": TaskState::Failed.as_str(),
                ":executing": TaskState::Executing.as_str(),
                ":pattern": pattern,
            },
            |row| {
                let c = TENANT_COLUMN_COUNT;
                Ok(TenantSummary {
                    tenant: tenant_from_row(row)?,
                    user_count: row.get(c)?,
                    tasks: TaskCounts {
                        queued: row.get(c + 1)?,
                        executing: row.get(c + 2)?,
                        failed: row.get(c + 3)?,
                    },
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Replaces the user-editable fields of the tenant and returns it as stored.
    pub fn update_tenant_profile(
        &self,
        id: TenantId,
        profile: &TenantProfile,
    ) -> Result<Tenant, CacheError> {
        let conn = self.conn();
        let changed = conn.execute(
            "UPDATE tenants SET full_name = :full, azure_tenant_id = :azure, admin_domain = :domain,
                    licence_type = :licence, licensed_users = :users, cloud = :cloud,
                    updated_at = :now
             WHERE id = :id",
            named_params! {
                ":full": profile.full_name.as_str(),
                ":azure": profile.azure_tenant_id.as_ref().map(AzureTenantId::as_str),
                ":domain": profile.admin_domain.as_ref().map(AdminDomain::as_str),
                ":licence": profile.licence.licence_type().as_str(),
                ":users": profile.licence.licensed_users(),
                ":cloud": profile.cloud.as_str(),
                ":now": now_text(),
                ":id": id.get(),
            },
        )?;
        if changed == 0 {
            return Err(tenant_not_found(id));
        }
        load_tenant(&conn, id)
    }

    /// Deletes the tenant and, through `ON DELETE CASCADE`, everything cached for it.
    pub fn delete_tenant(&self, id: TenantId) -> Result<(), CacheError> {
        let deleted = self
            .conn()
            .execute("DELETE FROM tenants WHERE id = ?1", [id.get()])?;
        if deleted == 0 {
            return Err(tenant_not_found(id));
        }
        Ok(())
    }

    pub fn tenant_totals(&self) -> Result<TenantTotals, CacheError> {
        let conn = self.conn();
        Ok(conn.query_row(
            "SELECT (SELECT COUNT(*) FROM tenants),
                    (SELECT COUNT(*) FROM users),
                    (SELECT IFNULL(SUM(licensed_users), 0) FROM tenants)",
            [],
            |row| {
                Ok(TenantTotals {
                    tenants: row.get(0)?,
                    users: row.get(1)?,
                    licensed_users: row.get(2)?,
                })
            },
        )?)
    }
}
