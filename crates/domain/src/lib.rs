//! switchboard-domain: validated value types shared by the cache, the command layer
//! and (through ts-rs bindings) the UI. Every validation rule lives here, once.

mod cloud;
mod entra_role;
mod error;
mod ids;
mod licence;
mod loopback;
mod names;
mod phone;
mod states;
pub mod string_enum;
mod tasks;

pub use cloud::{AdminDomain, Cloud};
pub use entra_role::EntraRole;
pub use error::DomainError;
pub use ids::{AzureTenantId, ClientId, TenantId};
pub use licence::{Licence, LicenceType, MAX_LICENSED_USERS};
pub use loopback::{confirmed_for, is_loopback_host};
pub use names::{FullName, ShortName};
pub use phone::PhoneNumber;
pub use states::{AuthMethod, AuthStatus, DeploymentState};
pub use string_enum::UnknownVariant;
pub use tasks::{TaskFailure, TaskKind, TaskState};
