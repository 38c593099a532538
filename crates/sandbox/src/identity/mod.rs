//! The Microsoft identity platform emulator: the v2.0 token and device-code endpoints,
//! the device-login page, and the bearer-token check the other emulators use.
//!
//! App registrations and delegated admins are per tenant (`TenantState::identity`);
//! device-code flows and refresh tokens are global (`SandboxState::identity`) because a
//! flow started against `organizations` only learns its tenant when an admin approves.

mod authorize;
mod device;
mod issue;
mod oauth_error;
mod page;
mod scopes;
mod silent;
mod token_endpoint;

use std::collections::{BTreeMap, HashMap, HashSet};

use axum::routing::{get, post};
use axum::Router;

use crate::context::Ctx;
use crate::state::SandboxState;

pub use authorize::authorize;
pub use oauth_error::OAuthError;
pub use silent::SilentEndpoint;

/// Lifetimes and polling pace; tests shorten them instead of sleeping.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityConfig {
    pub access_token_lifetime_secs: i64,
    pub refresh_token_lifetime_secs: i64,
    pub device_code_lifetime_secs: i64,
    pub poll_interval_secs: u32,
}

impl Default for IdentityConfig {
    fn default() -> Self {
        Self {
            access_token_lifetime_secs: 3599,
            refresh_token_lifetime_secs: 90 * 24 * 3600,
            device_code_lifetime_secs: 900,
            poll_interval_secs: 5,
        }
    }
}

/// An app registration as consented in one tenant.
#[derive(Debug, Clone, PartialEq)]
pub struct AppRegistration {
    pub client_id: String,
    pub display_name: String,
    /// Valid client secrets (an app may have several during rotation).
    pub secrets: Vec<String>,
    /// Admin-consented application permissions per resource, e.g. `User.Read.All` for Graph.
    pub app_roles: BTreeMap<String, Vec<String>>,
    /// Delegated permissions per resource that a signed-in admin may grant.
    pub delegated_scopes: BTreeMap<String, Vec<String>>,
    /// "Allow public client flows": device code without a secret.
    pub allow_public_client: bool,
}

impl AppRegistration {
    pub fn new(client_id: &str, secret: &str) -> Self {
        Self {
            client_id: client_id.to_ascii_lowercase(),
            display_name: format!("App {client_id}"),
            secrets: vec![secret.to_string()],
            app_roles: BTreeMap::new(),
            delegated_scopes: BTreeMap::new(),
            allow_public_client: true,
        }
    }

    pub fn with_app_roles(mut self, resource: &str, roles: &[&str]) -> Self {
        self.app_roles.insert(
            resource.to_string(),
            roles.iter().map(|r| r.to_string()).collect(),
        );
        self
    }

    pub fn with_delegated_scopes(mut self, resource: &str, scopes: &[&str]) -> Self {
        self.delegated_scopes.insert(
            resource.to_string(),
            scopes.iter().map(|s| s.to_string()).collect(),
        );
        self
    }
}

/// An administrator who can approve device codes in a tenant.
#[derive(Debug, Clone, PartialEq)]
pub struct DelegatedAdmin {
    pub upn: String,
    pub object_id: String,
}

/// A tenant's part of the identity emulator.
#[derive(Debug, Default)]
pub struct TenantIdentity {
    apps: BTreeMap<String, AppRegistration>,
    /// Keyed by lower-case UPN.
    admins: BTreeMap<String, DelegatedAdmin>,
    /// Access tokens issued and not yet expired, by `jti`, with their expiry.
    issued: HashMap<String, i64>,
    /// Tokens ended early by `expire_tokens`.
    revoked: HashSet<String>,
}

impl TenantIdentity {
    pub fn app(&self, client_id: &str) -> Option<&AppRegistration> {
        self.apps.get(&client_id.to_ascii_lowercase())
    }

    pub fn admin(&self, upn: &str) -> Option<&DelegatedAdmin> {
        self.admins.get(&upn.to_ascii_lowercase())
    }

    pub fn admin_by_object_id(&self, object_id: &str) -> Option<&DelegatedAdmin> {
        self.admins
            .values()
            .find(|a| a.object_id.eq_ignore_ascii_case(object_id))
    }
}

/// The global part: device-code flows and refresh tokens.
#[derive(Debug, Default)]
pub struct IdentityState {
    pub config: IdentityConfig,
    flows: HashMap<String, device::DeviceFlow>,
    /// User code to device code.
    user_codes: HashMap<String, String>,
    refresh_tokens: HashMap<String, issue::RefreshGrant>,
    /// Token requests per credential presented (client secret or refresh token), keyed
    /// by its SHA-256: tests prove a replaced credential is no longer sent.
    presented: HashMap<[u8; 32], usize>,
}

impl IdentityState {
    /// How many token requests presented `credential` as client secret or refresh token.
    pub fn token_requests_with(&self, credential: &str) -> usize {
        self.presented
            .get(&credential_hash(credential))
            .copied()
            .unwrap_or_default()
    }

    fn record_presented(&mut self, credential: &str) {
        *self
            .presented
            .entry(credential_hash(credential))
            .or_default() += 1;
    }
}

fn credential_hash(credential: &str) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(credential.as_bytes()).into()
}

/// Why an emulator control call was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum IdentityError {
    #[error("tenant '{0}' does not exist in the sandbox")]
    UnknownTenant(String),
    #[error("the code '{0}' does not match any pending sign-in")]
    UnknownUserCode(String),
    #[error("the code '{0}' has expired")]
    ExpiredUserCode(String),
    #[error("the sign-in for code '{0}' was already completed")]
    AlreadyCompleted(String),
    #[error("'{0}' is not an administrator who may approve sign-ins")]
    NotAnAdmin(String),
    #[error("application '{client_id}' is not registered in tenant '{tenant}'")]
    AppNotInTenant { client_id: String, tenant: String },
    #[error("client id '{0}' is already registered in this tenant")]
    DuplicateApp(String),
}

/// Registers (consents) an app in a tenant.
pub fn register_app(
    state: &mut SandboxState,
    tenant_id: &str,
    app: AppRegistration,
) -> Result<(), IdentityError> {
    let tenant = state
        .tenant_mut(tenant_id)
        .ok_or_else(|| IdentityError::UnknownTenant(tenant_id.to_string()))?;
    if tenant.identity.apps.contains_key(&app.client_id) {
        return Err(IdentityError::DuplicateApp(app.client_id));
    }
    // Consent is what gives an app its service principal in the tenant.
    tenant.roles.consent(&app.client_id, &app.display_name);
    tenant.identity.apps.insert(app.client_id.clone(), app);
    Ok(())
}

/// Makes `upn` an admin who can approve device codes; the object id is the directory
/// user's when one exists with that UPN, a new one otherwise. Returns the object id.
pub fn register_admin(
    state: &mut SandboxState,
    tenant_id: &str,
    upn: &str,
) -> Result<String, IdentityError> {
    let tenant = state
        .tenant_mut(tenant_id)
        .ok_or_else(|| IdentityError::UnknownTenant(tenant_id.to_string()))?;
    let object_id = tenant
        .directory
        .user(upn)
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), |u| u.id.clone());
    tenant.identity.admins.insert(
        upn.to_ascii_lowercase(),
        DelegatedAdmin {
            upn: upn.to_string(),
            object_id: object_id.clone(),
        },
    );
    Ok(object_id)
}

/// Emulator control: every access token issued so far in the tenant is now expired.
pub fn expire_tokens(state: &mut SandboxState, tenant_id: &str) -> Result<(), IdentityError> {
    let tenant = state
        .tenant_mut(tenant_id)
        .ok_or_else(|| IdentityError::UnknownTenant(tenant_id.to_string()))?;
    let identity = &mut tenant.identity;
    identity
        .revoked
        .extend(identity.issued.drain().map(|(jti, _)| jti));
    Ok(())
}

/// Emulator control: revokes the tenant's refresh tokens (all, or one user's).
pub fn revoke_refresh_tokens(
    state: &mut SandboxState,
    tenant_id: &str,
    upn: Option<&str>,
) -> Result<usize, IdentityError> {
    let tenant_id = state
        .tenant(tenant_id)
        .ok_or_else(|| IdentityError::UnknownTenant(tenant_id.to_string()))?
        .tenant_id
        .clone();
    Ok(issue::revoke_refresh_tokens(
        &mut state.identity,
        &tenant_id,
        upn,
    ))
}

/// Emulator control: the tenant's refresh tokens expire now (as after 90 idle days).
pub fn expire_refresh_tokens(
    state: &mut SandboxState,
    tenant_id: &str,
) -> Result<(), IdentityError> {
    let tenant_id = state
        .tenant(tenant_id)
        .ok_or_else(|| IdentityError::UnknownTenant(tenant_id.to_string()))?
        .tenant_id
        .clone();
    issue::expire_refresh_tokens(&mut state.identity, &tenant_id);
    Ok(())
}

pub use device::{approve_device_code, decline_device_code, expire_device_codes};

/// `POST /{tenant}/oauth2/v2.0/token`, `POST /{tenant}/oauth2/v2.0/devicecode`, and the
/// device-login page at `GET/POST /devicelogin`.
pub fn router(ctx: Ctx) -> Router {
    Router::new()
        .route("/{tenant}/oauth2/v2.0/token", post(token_endpoint::token))
        .route("/{tenant}/oauth2/v2.0/devicecode", post(device::devicecode))
        .route("/devicelogin", get(page::show).post(page::submit))
        .with_state(ctx)
}

/// Resolves the `{tenant}` path segment (GUID, initial or verified domain) to a tenant id.
fn resolve_tenant(state: &SandboxState, segment: &str) -> Option<String> {
    let segment = segment.to_ascii_lowercase();
    if let Some(tenant) = state.tenants.get(&segment) {
        return Some(tenant.tenant_id.clone());
    }
    state
        .tenants
        .values()
        .find(|t| t.initial_domain == segment || t.directory.is_verified_domain(&segment))
        .map(|t| t.tenant_id.clone())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
