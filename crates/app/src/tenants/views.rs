//! What the Tenants screen shows: the rows matching the search, and totals.

use serde::Serialize;
use ts_rs::TS;

use switchboard_cache::{TaskCounts, Tenant, TenantSummary, TenantTotals};
use switchboard_domain::{
    AuthMethod, AuthStatus, Cloud, DeploymentState, Licence, LicenceType, TenantId,
};

/// The Tenants screen: the rows matching the search, and totals over all tenants.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantList {
    pub tenants: Vec<TenantRow>,
    pub totals: TenantTotals,
}

/// One line of the Tenants table.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantRow {
    pub id: TenantId,
    pub short_name: String,
    pub full_name: String,
    pub azure_tenant_id: Option<String>,
    /// The tenant's initial `*.onmicrosoft.*` domain, once known.
    pub admin_domain: Option<String>,
    pub cloud: Cloud,
    pub licence_type: LicenceType,
    /// E.g. "Hosted Pro (120)".
    pub licence_label: String,
    pub licensed_users: u32,
    pub deployment_state: DeploymentState,
    pub auth_method: AuthMethod,
    pub auth_status: AuthStatus,
    /// RFC 3339.
    pub last_replication_at: Option<String>,
    pub last_replication_result: Option<String>,
    #[ts(type = "number")]
    pub user_count: u64,
    pub queue: QueueCounters,
}

/// The Tenants screen's "Queued commands status": the tenant's tasks, and whether it is
/// being replicated (replication runs beside the task queue, as it changes nothing remote).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueCounters {
    /// Tasks waiting their turn, a retry or a release.
    pub queued: u32,
    pub executing: u32,
    /// Tasks that failed and were not retried yet.
    pub failed: u32,
    pub replication_in_progress: bool,
}

impl TenantRow {
    pub fn from_summary(summary: TenantSummary, replicating: bool) -> Self {
        let TaskCounts {
            queued,
            executing,
            failed,
        } = summary.tasks;
        let queue = QueueCounters {
            queued,
            executing,
            failed,
            replication_in_progress: replicating,
        };
        Self::new(summary.tenant, summary.user_count, queue)
    }

    /// A tenant that has just been created has no users and no queued tasks.
    pub fn from_new_tenant(tenant: Tenant) -> Self {
        Self::new(tenant, 0, QueueCounters::default())
    }

    fn new(tenant: Tenant, user_count: u64, queue: QueueCounters) -> Self {
        Self {
            id: tenant.id,
            short_name: tenant.short_name.as_str().to_owned(),
            full_name: tenant.full_name.as_str().to_owned(),
            azure_tenant_id: tenant.azure_tenant_id.map(|id| id.as_str().to_owned()),
            admin_domain: tenant.admin_domain.map(String::from),
            cloud: tenant.cloud,
            licence_type: tenant.licence_type,
            licence_label: licence_label(tenant.licence_type, tenant.licensed_users),
            licensed_users: tenant.licensed_users,
            deployment_state: tenant.deployment_state,
            auth_method: tenant.auth_method,
            auth_status: tenant.auth_status,
            last_replication_at: tenant.last_replication_at.map(|at| at.to_rfc3339()),
            last_replication_result: tenant.last_replication_result,
            user_count,
            queue,
        }
    }
}

/// Stored counts were validated on the way in; should one ever exceed a later, lower cap,
/// the row still shows the type and the stored count rather than failing the whole list.
fn licence_label(licence_type: LicenceType, users: u32) -> String {
    Licence::new(licence_type, users)
        .map(Licence::label)
        .unwrap_or_else(|_| format!("{} ({users})", licence_type.label()))
}
