//! Tenant fields written by the background machinery rather than by the user:
//! deployment progress, authentication state and replication results.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, ToSql};
use switchboard_domain::{AuthMethod, AuthStatus, DeploymentState, TenantId};

use crate::sql_values::{now_text, parsed, time_opt, time_text};
use crate::tenants::{load_tenant, tenant_not_found, Tenant};
use crate::{Cache, CacheError};

/// How Switchboard reaches the customer's Microsoft 365 tenant. Secrets themselves
/// live in the secrets store; the `*_ref` fields are its opaque references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantAuth {
    pub method: AuthMethod,
    pub status: AuthStatus,
    pub client_id: Option<String>,
    pub client_secret_ref: Option<String>,
    pub refresh_token_ref: Option<String>,
    pub valid_until: Option<DateTime<Utc>>,
    pub verified_at: Option<DateTime<Utc>>,
}

/// Outcome of one replication run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicationOutcome {
    pub finished_at: DateTime<Utc>,
    /// Short summary for the Tenants table, e.g. "Success" or "Failed".
    pub result: String,
    pub error: Option<String>,
}

impl Cache {
    /// Sets the given columns plus `updated_at` in one statement and returns the
    /// tenant as stored. Column names come from this module only, never from input.
    fn update_tenant(
        &self,
        id: TenantId,
        sets: &[(&'static str, &dyn ToSql)],
    ) -> Result<Tenant, CacheError> {
        let assignments: String = sets
            .iter()
            .enumerate()
            .map(|(i, (column, _))| format!("{column} = ?{}, ", i + 3))
            .collect();
        let sql = format!("UPDATE tenants SET {assignments}updated_at = ?2 WHERE id = ?1");
        let (id_value, now) = (id.get(), now_text());
        let mut params: Vec<&dyn ToSql> = vec![&id_value, &now];
        params.extend(sets.iter().map(|(_, value)| *value));
        let conn = self.conn();
        if conn.execute(&sql, params.as_slice())? == 0 {
            return Err(tenant_not_found(id));
        }
        load_tenant(&conn, id)
    }

    pub fn set_deployment_state(
        &self,
        id: TenantId,
        state: DeploymentState,
    ) -> Result<Tenant, CacheError> {
        self.update_tenant(id, &[("deployment_state", &state.as_str())])
    }

    pub fn record_replication(
        &self,
        id: TenantId,
        outcome: &ReplicationOutcome,
    ) -> Result<Tenant, CacheError> {
        self.update_tenant(
            id,
            &[
                ("last_replication_at", &time_text(outcome.finished_at)),
                ("last_replication_result", &outcome.result),
                ("last_replication_error", &outcome.error),
            ],
        )
    }

    pub fn set_customer_version(&self, id: TenantId, version: &str) -> Result<Tenant, CacheError> {
        self.update_tenant(id, &[("customer_version", &version)])
    }

    pub fn set_tenant_auth(&self, id: TenantId, auth: &TenantAuth) -> Result<Tenant, CacheError> {
        self.update_tenant(
            id,
            &[
                ("auth_method", &auth.method.as_str()),
                ("auth_status", &auth.status.as_str()),
                ("client_id", &auth.client_id),
                ("client_secret_ref", &auth.client_secret_ref),
                ("refresh_token_ref", &auth.refresh_token_ref),
                ("auth_valid_until", &auth.valid_until.map(time_text)),
                ("auth_verified_at", &auth.verified_at.map(time_text)),
            ],
        )
    }

    /// The outcome of checking the tenant's sign-in; leaves method and credentials alone.
    pub fn record_auth_check(
        &self,
        id: TenantId,
        status: AuthStatus,
        valid_until: Option<DateTime<Utc>>,
        verified_at: DateTime<Utc>,
    ) -> Result<Tenant, CacheError> {
        self.update_tenant(
            id,
            &[
                ("auth_status", &status.as_str()),
                ("auth_valid_until", &valid_until.map(time_text)),
                ("auth_verified_at", &time_text(verified_at)),
            ],
        )
    }

    pub fn tenant_auth(&self, id: TenantId) -> Result<TenantAuth, CacheError> {
        self.conn()
            .query_row(
                "SELECT auth_method, auth_status, client_id, client_secret_ref,
                        refresh_token_ref, auth_valid_until, auth_verified_at
                 FROM tenants WHERE id = ?1",
                [id.get()],
                |row| {
                    Ok(TenantAuth {
                        method: parsed(row, 0)?,
                        status: parsed(row, 1)?,
                        client_id: row.get(2)?,
                        client_secret_ref: row.get(3)?,
                        refresh_token_ref: row.get(4)?,
                        valid_until: time_opt(row, 5)?,
                        verified_at: time_opt(row, 6)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| tenant_not_found(id))
    }

    /// Graph delta link for incremental user sync; `None` forces a full sync next time.
    pub fn set_users_delta_link(&self, id: TenantId, link: Option<&str>) -> Result<(), CacheError> {
        self.update_tenant(id, &[("users_delta_link", &link)])
            .map(drop)
    }

    pub fn users_delta_link(&self, id: TenantId) -> Result<Option<String>, CacheError> {
        self.conn()
            .query_row(
                "SELECT users_delta_link FROM tenants WHERE id = ?1",
                [id.get()],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| tenant_not_found(id))
    }
}
