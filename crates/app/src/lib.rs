//! switchboard-app: the command layer between the desktop shell and the crates below it.
//!
//! It has no Tauri dependency (as in Yaak): `src-tauri` forwards each command to an
//! `AppContext` method, and the same methods are tested headlessly here. `error.rs` is
//! the single place where crate errors become the `{code, message, fields}` the UI sees.

mod config;
mod context;
pub mod error;
mod sandbox_mode;
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
pub use sandbox_mode::default_demo;
pub use startup::Startup;
pub use tenant_input::NewTenantInput;
pub use user_query_input::{UsersQueryInput, MAX_USERS_PAGE};
pub use user_views::{UserDetailView, UserRowView, UsersPageView};
pub use views::{AppInfo, KeychainInfo, TenantList, TenantRow};
