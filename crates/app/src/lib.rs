//! switchboard-app: the command layer between the desktop shell and the crates below it.
//!
//! It has no Tauri dependency (as in Yaak): `src-tauri` forwards each command to an
//! `AppContext` method, and the same methods are tested headlessly here. `error.rs` is
//! the single place where crate errors become the `{code, message, fields}` the UI sees.

mod app_registrations;
mod auth_check;
mod auth_verification;
mod auth_views;
mod config;
mod connection_settings;
mod connection_views;
mod context;
mod device_sign_in;
pub mod error;
mod invitation_mail;
mod invitation_settings;
mod invitation_template;
mod invitation_views;
mod invitations;
mod os_user;
mod outbound_http;
mod powershell_check;
mod proxy_setting;
mod replication;
mod replication_commands;
mod replication_credentials;
mod replication_schedule;
mod replication_view;
mod sandbox_mode;
mod sandbox_network;
mod sandbox_sbcs;
mod sandbox_sites;
mod sbc_access;
mod sbc_alarms;
mod sbc_connection;
mod sbc_detail_views;
mod sbc_facts;
mod sbc_import;
mod sbc_prefixes;
mod sbc_push;
mod sbc_sites;
mod sbc_views;
mod sbcs;
mod security;
mod startup;
mod template_file;
mod template_preview;
mod template_views;
mod templates;
mod tenant_input;
mod tenant_login;
mod tenants;
mod user_cursor;
mod user_query_input;
mod user_views;
mod users;
mod views;

pub use auth_views::{
    AppRegistrationInput, AppRegistrationView, DeviceCodePromptView, DeviceCodeState,
    DeviceCodeStatus, TenantAuthRow, TenantVerification, VerificationStatus, VerifyOutcome,
};
pub use config::{AppConfig, DataPaths, Mode, DATA_DIR_ENV, DATA_DIR_FLAG, MODE_ENV};
pub use connection_views::{
    ConnectionSettings, PowerShellEnvironmentView, PowerShellKind, PowerShellSource, ProxyInput,
    ProxyMode,
};
pub use context::AppContext;
pub use error::{ApiError, FieldError};
pub use invitation_views::{
    EmailPreview, EmailTemplateView, InvitationRow, NewInvitationInput, SandboxMailView,
    SmtpSettings, SmtpSettingsInput, SmtpSettingsView, SmtpTlsMode, TestMailInput,
};
pub use replication_view::{ReplicationPhase, ReplicationStatus, TenantReplication};
pub use sandbox_mode::default_demo;
pub use sandbox_network::SandboxNetwork;
pub use sbc_detail_views::{
    ImportCandidateView, ImportOutcome, ImportSelection, ImportTagKind, SbcAlarmView,
    ScriptRejection, ScriptRunResult,
};
pub use sbc_views::{SbcCheckResult, SbcInput, SbcRow};
pub use startup::Startup;
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
pub use switchboard_templates::TemplateId;
pub use template_views::{
    SaveTemplateInput, TemplateDetail, TemplateDiagnostic, TemplateDiffRow, TemplateExport,
    TemplateImportInput, TemplatePreview, TemplatePreviewInput, TemplateRow, TemplateSaved,
};
pub use tenant_input::NewTenantInput;
pub use user_query_input::{UsersQueryInput, MAX_USERS_PAGE};
pub use user_views::{UserDetailView, UserRowView, UsersPageView};
pub use views::{AppInfo, KeychainInfo, TenantList, TenantRow};
