//! switchboard-app: the command layer between the desktop shell and the crates below it.
//!
//! It has no Tauri dependency (as in Yaak): `src-tauri` forwards each command to an
//! `AppContext` method, and the same methods are tested headlessly here. `error.rs` is
//! the single place where crate errors become the `{code, message, fields}` the UI sees.

mod about;
pub mod commands;
mod config;
mod context;
pub mod error;
pub mod instance;
mod os_user;
mod outbound_http;
mod preferences;
mod remote_access;
mod replication;
mod sandbox;
mod sbcs;
mod security;
mod settings;
mod startup;
mod tasks;
mod templates;
mod tenants;
mod users;
mod voice;

pub use about::{AppInfo, AppPaths, KeychainInfo};
pub use config::{AppConfig, DataPaths, Mode, DATA_DIR_ENV, DATA_DIR_FLAG, MODE_ENV};
pub use context::AppContext;
pub use error::{ApiError, FieldError};
pub use replication::view::{ReplicationPhase, ReplicationStatus, TenantReplication};
pub use sandbox::default_demo;
pub use sandbox::endpoints::{SandboxCredential, SandboxEndpoints, SandboxSbc};
pub use sandbox::network::SandboxNetwork;
pub use sbcs::detail_views::{
    ImportCandidateView, ImportOutcome, ImportSelection, ImportTagKind, SbcAlarmView,
};
pub use sbcs::status_checks::{SbcStatusCheckView, SBC_CHECKS_IN_FLIGHT};
pub use sbcs::views::{SbcCheckResult, SbcInput, SbcRow};
pub use security::auth::capabilities::{ConnectionCapabilities, GrantKind, MissingGrant};
pub use security::auth::views::{
    AppRegistrationInput, AppRegistrationView, DeviceCodePromptView, DeviceCodeState,
    DeviceCodeStatus, TenantAuthRow, TenantVerification, VerificationStatus, VerifyOutcome,
};
pub use security::connection::views::{
    ConnectionSettings, PowerShellEnvironmentView, PowerShellKind, PowerShellSource, ProxyInput,
    ProxyMode,
};
pub use security::invitations::views::{
    EmailPreview, EmailTemplateView, InvitationRow, NewInvitationInput, SandboxMailView,
    SmtpSettings, SmtpSettingsInput, SmtpSettingsView, SmtpTlsMode, TestMailInput,
};
pub use settings::{SettingsInput, SettingsView};
pub use startup::{Session, Startup, WorldOpener};
/// What `user_facets` returns; the cache's type is already the shape the UI needs.
pub use switchboard_cache::UserFacets;
/// Invitation ids and statuses as the cache keeps them are what the UI shows.
pub use switchboard_cache::{InvitationRowId, InvitationStatus};
/// The SBC connection states the UI shows.
pub use switchboard_cache::{SbcConnectionStatus, SbcFields};
/// The SBC detail views' cached rows are already the shapes the UI needs.
pub use switchboard_cache::{SbcPrefix, SbcSite, SiteConfiguration};
pub use switchboard_cache::{TemplateSummary, TemplateVersion};
/// How a tenant signs in and where that stands; the domain types are already what the UI shows.
pub use switchboard_domain::{AuthMethod, AuthStatus};
pub use switchboard_graph::OperationPolling;
pub use switchboard_queue::{QueueEvent, QueueSettings, QueueStatus};
pub use switchboard_templates::TemplateId;
pub use tasks::views::{
    AuditRow, ExportedFile, NumberChangeInput, PolicyGrantInput, PrefixAddInput, PrefixRemoveInput,
    PreparedChange, RuleRef, TaskDetail, TaskFilterInput, TaskList, TaskRow, VoicePolicyType,
};
pub use tasks::QueueTuning;
pub use templates::views::{
    SaveTemplateInput, TemplateDetail, TemplateDiagnostic, TemplateDiffRow, TemplateExport,
    TemplateImportInput, TemplatePreview, TemplatePreviewInput, TemplateRow, TemplateSaved,
};
pub use tenants::input::{NewTenantInput, TenantEditInput};
pub use tenants::views::{TenantList, TenantRow};
pub use users::query_input::{UsersQueryInput, MAX_USERS_PAGE};
pub use users::views::{UserDetailView, UserRowView, UsersPageView};
pub use voice::views::{
    HeldPolicyKind, NormalizationTestInput, PatternCheck, PendingVoiceChange, PolicyHolders,
    RouteSimulationInput, RouteSimulationView, UsageLinks, VoiceChangeInput, VoiceView,
};
