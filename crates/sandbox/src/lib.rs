//! Loopback emulators of the services Switchboard talks to: Microsoft identity, Graph,
//! Azure DNS, the Teams admin backend behind PowerShell, and AudioCodes SBCs.
//!
//! The app's clients only ever see different base URLs and an interpreter path; nothing
//! here is reachable on any address but 127.0.0.1.

pub mod context;
pub mod demo;
pub mod directory;
pub mod directory_roles;
pub mod dns;
pub mod faults;
pub mod graph;
pub mod graph_error;
mod graph_tenant;
pub mod identity;
pub mod mail;
pub mod pwsh;
pub mod sbc;
pub mod server;
pub mod state;
pub mod teams;
#[cfg(feature = "test-support")]
pub mod test_support;
pub mod token;

pub use server::{
    locate_pwsh, EmulatorFaults, ProviderZone, Sandbox, SandboxError, SandboxOptions,
};
