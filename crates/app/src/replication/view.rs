//! What the Tenants and Users screens poll while customers are being replicated.

use serde::Serialize;
use switchboard_domain::TenantId;
use switchboard_sync::SyncPhase;
use ts_rs::TS;

/// Where one tenant's replication stands. `Queued` waits for a free slot; `Done` and
/// `Failed` describe the last run once nothing is running.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ReplicationPhase {
    #[default]
    Queued,
    SigningIn,
    Users,
    Voice,
    Writing,
    Done,
    Failed,
    /// Stopped by the user; the previous data is still shown.
    Cancelled,
}

impl From<SyncPhase> for ReplicationPhase {
    fn from(phase: SyncPhase) -> Self {
        match phase {
            SyncPhase::SigningIn => Self::SigningIn,
            SyncPhase::Users => Self::Users,
            SyncPhase::Voice => Self::Voice,
            SyncPhase::Writing => Self::Writing,
            SyncPhase::Done => Self::Done,
        }
    }
}

/// One tenant replicated (or queued) since the app started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantReplication {
    pub tenant_id: TenantId,
    pub phase: ReplicationPhase,
    /// Users read from Microsoft Graph so far in the current (or last) run.
    #[ts(type = "number")]
    pub users: usize,
    /// Teams voice configurations read so far.
    #[ts(type = "number")]
    pub voice: usize,
    /// Users written to the cache by the last finished run.
    #[ts(type = "number")]
    pub written: usize,
    /// Queued or running.
    pub running: bool,
    /// The sentence to show when the last run failed.
    pub last_error: Option<String>,
    /// RFC 3339: when the cached users were last refreshed successfully, if known.
    pub last_success_at: Option<String>,
    /// The last run failed because Microsoft 365 could not be reached.
    pub offline: bool,
    /// Microsoft refused the tenant's credential (the reason it gave, without any
    /// secret); attempts back off until the credential is replaced.
    pub sign_in_refused: Option<String>,
    /// RFC 3339: when the next attempt is due while the sign-in is refused.
    pub next_attempt_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReplicationStatus {
    pub tenants: Vec<TenantReplication>,
    /// How many tenants are queued or running.
    pub running: u32,
}
