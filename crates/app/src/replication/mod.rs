//! The replication commands of `AppContext`.

pub(crate) mod credentials;
pub(crate) mod schedule;
pub(crate) mod service;
pub(crate) mod view;

use switchboard_domain::TenantId;
use switchboard_sync::SyncMode;

use crate::context::AppContext;
use crate::error::ApiError;
use crate::replication::credentials::Connection;
use crate::replication::view::ReplicationStatus;

impl AppContext {
    /// The "Replicate" button: queues a full sync of the tenant's users, voice settings
    /// and groups, because a Teams-only change (a number assigned, a policy granted) is
    /// not in Graph's user delta. Returns once queued; poll `replication_status`.
    pub fn queue_replication(&self, tenant_id: i64) -> Result<(), ApiError> {
        self.queue_tenant(tenant_id, SyncMode::Full)
    }

    /// Queues a run in `mode` (an incremental run without a delta link runs full) and puts
    /// the tenant on the replication cycle, whose runs are incremental.
    pub(crate) fn queue_tenant(&self, tenant_id: i64, mode: SyncMode) -> Result<(), ApiError> {
        let tenant = self.cache().tenant(TenantId::new(tenant_id))?;
        let connection =
            Connection::resolve(self.cache(), self.shared_secrets(), self.sandbox(), &tenant)?;
        let source = connection.source(&tenant, self.replication().http())?;
        self.replication().queue(source, mode);
        tracing::info!(tenant = %tenant.id, short_name = tenant.short_name.as_str(), ?mode, "replication queued");
        Ok(())
    }

    pub fn replication_status(&self) -> ReplicationStatus {
        self.replication().status()
    }

    /// Sandbox mode: every demo customer that connects to Microsoft 365 is replicated at
    /// start, so a new user sees users without doing anything.
    pub(crate) fn queue_demo_replications(&self) -> Result<(), ApiError> {
        let Some(sandbox) = self.sandbox() else {
            return Ok(());
        };
        for summary in self.cache().list_tenants(None)? {
            let tenant = summary.tenant;
            let is_demo = tenant.azure_tenant_id.as_ref().is_some_and(|id| {
                sandbox
                    .credentials
                    .iter()
                    .any(|c| c.tenant_id.eq_ignore_ascii_case(id.as_str()))
            });
            if !is_demo || !tenant.licence_type.connects_to_m365() {
                continue;
            }
            if let Err(error) = self.queue_tenant(tenant.id.get(), SyncMode::Incremental) {
                tracing::warn!(tenant = %tenant.id, code = %error.code, message = %error.message, "demo customer not replicated");
            }
        }
        Ok(())
    }
}
