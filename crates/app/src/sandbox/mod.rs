//! Sandbox mode: the emulators run inside the app on loopback, loaded with a generated
//! demo estate, and the demo customers are registered in the cache the first time, so
//! a new user sees a working product without any credentials.

pub(crate) mod endpoints;
pub(crate) mod network;
pub(crate) mod sbcs;
pub(crate) mod sites;

use switchboard_cache::{Cache, CacheError, NewTenant, TenantAuth};
use switchboard_domain::{
    AuthMethod, AuthStatus, AzureTenantId, DeploymentState, FullName, Licence, LicenceType,
    ShortName,
};
use switchboard_sandbox::demo::{DemoCredentials, DemoCustomer, DemoSpec};
use switchboard_sandbox::{Sandbox, SandboxOptions};
use switchboard_secrets::{KeychainStatus, SecretStore, SecretString};

use crate::error::{ApiError, ErrorCode};

/// The cache setting that records which demo estate was registered, so a restart (or
/// a customer the user deleted) does not bring the demo customers back.
const SEEDED_SETTING: &str = "sandbox.demoSeed";

/// The estate every sandbox-mode start generates: the same seed gives the same tenant
/// ids and credentials, so the cache stays in step with the emulators across restarts.
pub fn default_demo() -> DemoSpec {
    DemoSpec {
        seed: 2026,
        customers: 12,
        users_per_customer: 25..=400,
        sbcs: 2,
    }
}

/// Starts the emulators on `runtime` (the app's services runtime, which must outlive
/// the returned sandbox).
pub fn start_emulators(
    runtime: &tokio::runtime::Handle,
    spec: DemoSpec,
) -> Result<Sandbox, ApiError> {
    let sandbox = runtime
        .block_on(Sandbox::start(SandboxOptions {
            demo: Some(spec),
            ..Default::default()
        }))
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Sandbox,
                format!("The sandbox emulators could not start: {e}"),
            )
        })?;
    tracing::info!(graph = %sandbox.urls().graph, identity = %sandbox.urls().identity, sbcs = sandbox.sbcs.len(), "sandbox emulators started");
    Ok(sandbox)
}

/// Registers the demo customers in the cache once per estate, with their app
/// registration secret in the keychain. Customers whose short name the user already
/// took are left alone. Returns how many were added.
pub fn register_demo_customers(
    cache: &Cache,
    secrets: &dyn SecretStore,
    sandbox: &Sandbox,
    seed: u64,
) -> Result<usize, ApiError> {
    let marker = seed.to_string();
    if cache.setting(SEEDED_SETTING)?.as_deref() == Some(marker.as_str()) {
        return Ok(0);
    }
    let Some(estate) = &sandbox.estate else {
        return Ok(0);
    };
    // Without a keychain the customers are still listed; they just cannot sign in yet.
    let keychain = match secrets.keychain_status() {
        KeychainStatus::Available => Some(secrets),
        KeychainStatus::Unavailable { reason } => {
            tracing::warn!(%reason, "demo client secrets not stored: the keychain is unavailable");
            None
        }
    };
    let mut added = 0;
    for (customer, credentials) in estate.customers.iter().zip(&sandbox.credentials) {
        if register_customer(cache, keychain, customer, credentials)? {
            added += 1;
        }
    }
    cache.set_setting(SEEDED_SETTING, &marker)?;
    tracing::info!(added, "demo customers registered in the cache");
    Ok(added)
}

/// The tenant a demo customer is registered as.
pub(crate) fn demo_new_tenant(customer: &DemoCustomer) -> Result<NewTenant, ApiError> {
    let licence_type = LicenceType::ALL
        .iter()
        .copied()
        .find(|t| t.label() == customer.licence_type.as_str())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Sandbox,
                format!(
                    "The demo licence type '{}' is unknown.",
                    customer.licence_type.as_str()
                ),
            )
        })?;
    Ok(NewTenant {
        short_name: ShortName::parse(&customer.short_name)?,
        full_name: FullName::parse(&customer.full_name)?,
        azure_tenant_id: Some(AzureTenantId::parse(&customer.tenant_id)?),
        licence: Licence::new(licence_type, customer.licensed_users)?,
    })
}

fn register_customer(
    cache: &Cache,
    keychain: Option<&dyn SecretStore>,
    customer: &DemoCustomer,
    credentials: &DemoCredentials,
) -> Result<bool, ApiError> {
    let new = demo_new_tenant(customer)?;
    let licence_type = new.licence.licence_type();
    let tenant = match cache.create_tenant(&new) {
        Ok(tenant) => tenant,
        Err(CacheError::Conflict { .. }) => return Ok(false),
        Err(error) => return Err(error.into()),
    };
    cache.set_deployment_state(tenant.id, DeploymentState::Deployed)?;
    if !licence_type.connects_to_m365() {
        return Ok(true);
    }
    let secret_ref = match keychain
        .map(|store| store.create(&SecretString::from(credentials.client_secret.clone())))
    {
        Some(Ok(reference)) => Some(reference.to_string()),
        Some(Err(error)) => {
            tracing::warn!(customer = %customer.short_name, %error, "demo client secret not stored");
            None
        }
        None => None,
    };
    cache.set_tenant_auth(
        tenant.id,
        &TenantAuth {
            method: AuthMethod::AppRegistration,
            status: AuthStatus::NeverConnected,
            client_id: Some(credentials.client_id.clone()),
            client_secret_ref: secret_ref,
            refresh_token_ref: None,
            valid_until: None,
            verified_at: None,
        },
    )?;
    Ok(true)
}
