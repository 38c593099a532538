//! The replication commands of `AppContext`.

pub(crate) mod credentials;
pub(crate) mod schedule;
pub(crate) mod service;
pub(crate) mod view;

use switchboard_domain::TenantId;
use switchboard_sync::{SyncMode, VoiceReader};

use crate::context::AppContext;
use crate::error::{ApiError, ErrorCode};
use crate::replication::credentials::{Connection, ReplicationSource};
use crate::replication::view::ReplicationStatus;
use crate::voice::VOICE_READ_TIMEOUT;

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
            self.remote().sandbox().as_ref(),
            &tenant,
        )?;
        let mut source = connection.source(&tenant, self.replication().http())?;
        // Without PowerShell the users still replicate; the Voice routing screen says why
        // its objects are missing.
        match self.remote().powershell_host() {
            Ok(host) => {
                source.source = source.source.with_voice(VoiceReader {
                    host,
                    timeout: VOICE_READ_TIMEOUT,
                })
            }
            Err(error) => {
                self.cache().record_voice_read_failure(id, &error.message)?;
            }
        }
        Ok(source)
    }

    /// The Tenants screen's Cancel: stops the tenant's queued or running replication at
    /// once; nothing of the run is written and the tenant stays on the cycle.
    pub fn cancel_replication(&self, tenant_id: i64) -> Result<ReplicationStatus, ApiError> {
        let id = TenantId::new(tenant_id);
        let name = self.cache().tenant(id)?.short_name;
        if !self.replication().cancel(id) {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!("{name} is not being replicated, so there is nothing to cancel."),
            ));
        }
        tracing::info!(tenant = %id, "replication cancelled by the user");
        Ok(self.replication_status())
    }

    /// New credentials were stored (a device-code sign-in approved, a new client secret
    /// saved): the tenant is replicated with them at once, whether or not it was on the
    /// cycle, so the person sees the connection work without pressing Replicate.
    pub(crate) fn replicate_with_new_credentials(&self, id: TenantId) {
        if self.replication().is_known(id) {
            // Also stops a run still signed in with the old credential.
            return self.renew_replication(id);
        }
        if let Err(error) = self.queue_tenant(id.get(), SyncMode::Incremental) {
            tracing::info!(tenant = %id, code = %error.code, "not replicated after new credentials");
        }
    }

    /// Runs every tenant queued this session again now, after `why` changed how
    /// Microsoft 365 is reached.
    pub(crate) fn requeue_replications(&self, why: &str) {
        for tenant in self.replication().known_tenants() {
            if let Err(error) = self.queue_tenant(tenant.get(), SyncMode::Incremental) {
                tracing::warn!(%tenant, code = %error.code, why, "not queued again");
            }
        }
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
