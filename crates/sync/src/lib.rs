//! switchboard-sync: replicates each customer tenant (Entra users plus their Teams
//! voice settings) into the local SQLite cache, fully or by Graph delta, and
//! schedules those runs across tenants with bounded parallelism.

mod backoff;
mod engine;
mod error;
mod groups;
mod progress;
mod records;
mod scheduler;
mod store;
mod teams_config;
mod timings;
mod voice;

pub use backoff::{SignInBackoff, SIGN_IN_BACKOFF_STEPS};
pub use engine::{last_success_at, sync_tenant, SyncContext, SyncMode, SyncReport, TenantSource};
pub use error::SyncError;
pub use groups::read_groups;
pub use progress::{SyncPhase, SyncProgress};
pub use records::USER_FIELDS;
pub use scheduler::{default_parallelism, NextRun, ScheduleSettings, SyncScheduler};
pub use teams_config::{PolicyAssignment, TeamsConfigClient, TelephoneNumber, UserConfiguration};
pub use timings::SyncTimings;
pub use voice::{
    cached_voice_config, read_voice_config, run_teams_script, store_voice_config, teams_tokens,
    VoiceReadError, VoiceReader,
};
