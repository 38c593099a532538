//! Loads a generated estate into the emulators through their own seeding functions,
//! so everything the estate holds has passed the same checks as an API call would.

use serde::Serialize;

use super::model::{DemoCustomer, Estate};
use super::{seed_directory, seed_voice, DemoError};
use crate::identity::{self, AppRegistration};
use crate::state::SandboxState;
use crate::token::{GRAPH_RESOURCE, TEAMS_ADMIN_RESOURCE};
use switchboard_domain::EntraRole;

/// Application permissions of the sync app, as the provider's registration grants them.
const GRAPH_APP_ROLES: &[&str] = &[
    "Directory.Read.All",
    "Directory.ReadWrite.All",
    "Group.ReadWrite.All",
    "User.ReadWrite.All",
];
const TEAMS_APP_ROLES: &[&str] = &["application_access"];
/// Delegated permissions an admin consents to in each customer tenant.
const GRAPH_SCOPES: &[&str] = &[
    "Group.ReadWrite.All",
    "Directory.AccessAsUser.All",
    "User.Read.All",
    "AppCatalog.ReadWrite.All",
];
const TEAMS_SCOPES: &[&str] = &["user_impersonation"];

/// Entra roles of the sync app's service principal: daily replication (Teams
/// Administrator) and automatic DNS (Domain Name and User Administrator).
const APP_DIRECTORY_ROLES: &[EntraRole] = &[
    EntraRole::TeamsAdministrator,
    EntraRole::DomainNameAdministrator,
    EntraRole::UserAdministrator,
];
/// The customer of `missing_role_customer` holds the Teams Telephony Administrator role
/// without Skype for Business Administrator, which replication needs beside it.
const PARTIAL_DIRECTORY_ROLES: &[EntraRole] = &[
    EntraRole::TeamsTelephonyAdministrator,
    EntraRole::DomainNameAdministrator,
    EntraRole::UserAdministrator,
];

/// The one customer whose app lacks a role (deterministically the last one on
/// Microsoft 365), so that a missing role can be seen and tested.
pub fn missing_role_customer(estate: &Estate) -> Option<&DemoCustomer> {
    estate
        .customers
        .iter()
        .rev()
        .find(|c| c.licence_type.has_user_licences())
}

/// What the app's sandbox mode stores in its keychain to reach one customer tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoCredentials {
    pub tenant_id: String,
    pub short_name: String,
    pub client_id: String,
    pub client_secret: String,
    /// Signs in with the device code flow; the sandbox approves codes for this admin.
    pub admin_upn: String,
}

/// Seeds every customer tenant of `estate`. All or nothing: an estate whose tenants
/// already exist is refused up front, and a failure later removes what was added.
pub fn load(estate: &Estate, state: &mut SandboxState) -> Result<Vec<DemoCredentials>, DemoError> {
    if let Some(taken) = estate
        .customers
        .iter()
        .find(|c| state.tenant(&c.tenant_id).is_some())
    {
        return Err(DemoError::TenantExists {
            customer: taken.short_name.clone(),
            tenant_id: taken.tenant_id.clone(),
        });
    }
    let mut credentials = Vec::with_capacity(estate.customers.len());
    let partial = missing_role_customer(estate).map(|c| c.tenant_id.as_str());
    for (loaded, customer) in estate.customers.iter().enumerate() {
        let roles = if partial == Some(customer.tenant_id.as_str()) {
            PARTIAL_DIRECTORY_ROLES
        } else {
            APP_DIRECTORY_ROLES
        };
        if let Err(error) = load_customer(estate, customer, roles, state) {
            for undone in &estate.customers[..=loaded] {
                state.tenants.remove(&undone.tenant_id);
            }
            return Err(error);
        }
        credentials.push(DemoCredentials {
            tenant_id: customer.tenant_id.clone(),
            short_name: customer.short_name.clone(),
            client_id: estate.app.client_id.clone(),
            client_secret: estate.app.client_secret.clone(),
            admin_upn: customer.admin_upn.clone(),
        });
    }
    Ok(credentials)
}

fn load_customer(
    estate: &Estate,
    customer: &DemoCustomer,
    app_roles: &[EntraRole],
    state: &mut SandboxState,
) -> Result<(), DemoError> {
    seed_directory::seed(customer, state)?;
    let identity_error = |source| DemoError::Identity {
        customer: customer.short_name.clone(),
        source,
    };
    let app = AppRegistration::new(&estate.app.client_id, &estate.app.client_secret)
        .with_app_roles(GRAPH_RESOURCE, GRAPH_APP_ROLES)
        .with_app_roles(TEAMS_ADMIN_RESOURCE, TEAMS_APP_ROLES)
        .with_delegated_scopes(GRAPH_RESOURCE, GRAPH_SCOPES)
        .with_delegated_scopes(TEAMS_ADMIN_RESOURCE, TEAMS_SCOPES);
    let app = AppRegistration {
        display_name: estate.app.display_name.clone(),
        ..app
    };
    identity::register_app(state, &customer.tenant_id, app).map_err(identity_error)?;
    let admin = identity::register_admin(state, &customer.tenant_id, &customer.admin_upn)
        .map_err(identity_error)?;
    let tenant = state
        .tenant_mut(&customer.tenant_id)
        .ok_or_else(|| DemoError::Directory {
            customer: customer.short_name.clone(),
            message: "the tenant vanished while it was being loaded".to_string(),
        })?;
    let app_principal = tenant
        .roles
        .consent(&estate.app.client_id, &estate.app.display_name)
        .id
        .clone();
    for role in app_roles {
        tenant.roles.assign(&app_principal, *role);
    }
    tenant.roles.assign(&admin, EntraRole::GlobalAdministrator);
    seed_voice::seed(customer, tenant)
}
