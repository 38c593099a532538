//! The state every emulator shares: one entry per emulated customer tenant.
//!
//! Each service area keeps its own part of a tenant (`directory` for Graph's users,
//! groups, domains and licences; `voice` for Teams telephony; `dns` for the provider's
//! Azure DNS zone) so that a Graph write and a cmdlet act on the same users.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// Everything the sandbox knows, behind one lock: emulated requests are short and
/// a single lock keeps cross-area changes (a number assigned to a user) atomic.
#[derive(Clone, Default)]
pub struct SharedState(Arc<Mutex<SandboxState>>);

impl SharedState {
    pub fn lock(&self) -> MutexGuard<'_, SandboxState> {
        // A panic in one handler must not take the whole emulator down with it.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[derive(Default)]
pub struct SandboxState {
    /// Keyed by the Azure tenant id (a GUID in lower case).
    pub tenants: BTreeMap<String, TenantState>,
    /// Device-code flows, refresh tokens and lifetimes of the identity emulator.
    pub identity: crate::identity::IdentityState,
    /// The provider's Azure DNS zones (global: Graph's domain verify reads them).
    pub dns: crate::dns::DnsState,
}

impl SandboxState {
    pub fn tenant(&self, tenant_id: &str) -> Option<&TenantState> {
        self.tenants.get(&tenant_id.to_ascii_lowercase())
    }

    pub fn tenant_mut(&mut self, tenant_id: &str) -> Option<&mut TenantState> {
        self.tenants.get_mut(&tenant_id.to_ascii_lowercase())
    }
}

/// One emulated customer tenant. The parts are filled in by their own modules.
#[derive(Default)]
pub struct TenantState {
    pub tenant_id: String,
    pub display_name: String,
    /// The tenant's initial domain, e.g. `contoso.onmicrosoft.com`.
    pub initial_domain: String,
    /// App registrations, delegated admins and token revocations (`identity`).
    pub identity: crate::identity::TenantIdentity,
    /// Users, groups, domains, licences and the delta change log (`directory`).
    pub directory: crate::directory::Directory,
    /// Service principals and who holds which Entra role (`directory_roles`).
    pub roles: crate::directory_roles::DirectoryRoles,
    /// Teams telephony: numbers, voice routing, policies, LBR topology (`teams`).
    pub voice: crate::teams::VoiceState,
}
