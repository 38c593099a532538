//! switchboard-app: the command layer between the desktop shell and the crates below it.
//!
//! It has no Tauri dependency (as in Yaak): `src-tauri` forwards each command to an
//! `AppContext` method, and the same methods are tested headlessly here. `error.rs` is
//! the single place where crate errors become the `{code, message, fields}` the UI sees.

mod config;
mod context;
pub mod error;
mod replication;
mod replication_commands;
mod replication_credentials;
mod replication_schedule;
mod replication_view;
mod sandbox_mode;
mod sandbox_sbcs;
mod sbc_connection;
mod sbc_views;
mod sbcs;
mod startup;
mod tenant_input;
mod tenants;
mod user_cursor;
mod user_query_input;
mod user_views;
mod users;
mod views;

pub use config::{AppConfig, DataPaths, Mode, DATA_DIR_ENV, DATA_DIR_FLAG, MODE_ENV};
pub use context::AppContext;
pub use error::{ApiError, FieldError};
pub use replication_view::{ReplicationPhase, ReplicationStatus, TenantReplication};
pub use sandbox_mode::default_demo;
pub use sbc_views::{SbcCheckResult, SbcInput, SbcRow};
pub use startup::Startup;
/// The SBC connection states the UI shows.
pub use switchboard_cache::SbcConnectionStatus;
/// What `user_facets` returns; the cache's type is already the shape the UI needs.
pub use switchboard_cache::UserFacets;
pub use tenant_input::NewTenantInput;
pub use user_query_input::{UsersQueryInput, MAX_USERS_PAGE};
pub use user_views::{UserDetailView, UserRowView, UsersPageView};
pub use views::{AppInfo, KeychainInfo, TenantList, TenantRow};
