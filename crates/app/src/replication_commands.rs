//! The replication commands of `AppContext`.

use switchboard_domain::TenantId;

use crate::context::AppContext;
use crate::error::ApiError;
use crate::replication_credentials::Connection;
use crate::replication_view::ReplicationStatus;

impl AppContext {
    /// Queues a sync of the tenant's users and voice settings into the cache (full the
    /// first time, incremental afterwards). Returns once queued; poll `replication_status`.
    pub fn queue_replication(&self, tenant_id: i64) -> Result<(), ApiError> {
        let tenant = self.cache().tenant(TenantId::new(tenant_id))?;
        let connection =
            Connection::resolve(self.cache(), self.shared_secrets(), self.sandbox(), &tenant)?;
        let source = connection.source(&tenant, self.replication().http())?;
        self.replication().queue(source);
        tracing::info!(tenant = %tenant.id, short_name = tenant.short_name.as_str(), "replication queued");
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
            if let Err(error) = self.queue_replication(tenant.id.get()) {
                tracing::warn!(tenant = %tenant.id, code = %error.code, message = %error.message, "demo customer not replicated");
            }
        }
        Ok(())
    }
}
