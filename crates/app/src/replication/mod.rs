//! The replication commands of `AppContext`.

pub(crate) mod credentials;
pub(crate) mod schedule;
pub(crate) mod service;
pub(crate) mod view;

use switchboard_domain::TenantId;
use switchboard_sync::SyncMode;

use crate::context::AppContext;
use crate::error::ApiError;
use crate::replication::credentials::{Connection, ReplicationSource};
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
        let id = TenantId::new(tenant_id);
        self.replication().queue(self.replication_source(id)?, mode);
        tracing::info!(tenant = %id, ?mode, "replication queued");
        Ok(())
    }

    /// The tenant's stored credential changed: a tenant on the replication cycle goes on
    /// with the new one at once, or leaves the cycle when it has none it can use, so no
    /// run signs in with what was replaced.
    pub(crate) fn renew_replication(&self, id: TenantId) {
        if !self.replication().is_known(id) {
            return;
        }
        let source = self.replication_source(id);
        if let Err(error) = &source {
            tracing::info!(tenant = %id, code = %error.code, "replication stopped after a credential change");
        }
        self.replication().replace_source(id, source.ok());
    }

    fn replication_source(&self, id: TenantId) -> Result<ReplicationSource, ApiError> {
        let tenant = self.cache().tenant(id)?;
        let connection = Connection::resolve(
            self.shared_cache(),
            self.shared_secrets(),
            self.sandbox(),
            &tenant,
        )?;
        connection.source(&tenant, self.replication().http())
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
