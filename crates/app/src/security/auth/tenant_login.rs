//! Where and as which app a tenant signs in, read from the cache and the keychain
//! before any network call: the cloud (the emulators in sandbox mode), the Entra
//! tenant, the app registration and the stored credential of the tenant's method.

use switchboard_cache::{Cache, Tenant, TenantAuth};
use switchboard_domain::{AuthMethod, TenantId};
use switchboard_graph::{
    AppRegistration, Authority, CloudEndpoints, GraphError, SignIn, TenantRef,
};
use switchboard_sandbox::Sandbox;
use switchboard_secrets::{SecretRef, SecretStore, SecretString};

use crate::error::{ApiError, ErrorCode};
use crate::replication::credentials::endpoints_of;

/// A tenant that can sign in, with its stored auth settings.
pub(crate) struct TenantLogin {
    pub tenant: Tenant,
    pub auth: TenantAuth,
    pub authority: Authority,
}

/// The stored credential of the tenant's sign-in method.
pub(crate) enum Credential {
    ClientSecret(SecretString),
    RefreshToken {
        reference: SecretRef,
        token: SecretString,
    },
}

impl TenantLogin {
    pub(crate) fn resolve(
        cache: &Cache,
        sandbox: Option<&Sandbox>,
        tenant_id: TenantId,
    ) -> Result<TenantLogin, ApiError> {
        let tenant = cache.tenant(tenant_id)?;
        let name = tenant.short_name.as_str().to_owned();
        if !tenant.licence_type.connects_to_m365() {
            return Err(ApiError::new(
                ErrorCode::AuthNotConnected,
                format!(
                    "{name} has a {} licence, which does not connect to Microsoft 365.",
                    tenant.licence_type.label()
                ),
            ));
        }
        let azure_tenant = tenant.azure_tenant_id.as_ref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::AuthNoCredentials,
                format!("{name} has no Azure tenant ID; add it on the Tenants screen first."),
            )
        })?;
        let auth = cache.tenant_auth(tenant_id)?;
        let cloud = match sandbox {
            Some(sandbox) => {
                CloudEndpoints::custom(&sandbox.urls().identity, &sandbox.urls().graph)
                    .map_err(|e| sign_in_error(&name, &e))?
            }
            None => endpoints_of(tenant.cloud),
        };
        let tenant_ref =
            TenantRef::new(azure_tenant.as_str()).map_err(|e| sign_in_error(&name, &e))?;
        Ok(TenantLogin {
            tenant,
            auth,
            authority: Authority::new(cloud, tenant_ref),
        })
    }

    pub(crate) fn name(&self) -> &str {
        self.tenant.short_name.as_str()
    }

    fn client_id(&self) -> Result<&str, ApiError> {
        self.auth.client_id.as_deref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::AuthNoCredentials,
                format!(
                    "{} has no app registration; enter its client ID on the App registrations tab first.",
                    self.name()
                ),
            )
        })
    }

    /// Signs in as the tenant's app with `secret`, or as a public client (device code
    /// and refresh tokens need no secret when the app allows public client flows).
    pub(crate) fn sign_in(
        &self,
        http: reqwest::Client,
        secret: Option<SecretString>,
    ) -> Result<SignIn, ApiError> {
        let client_id = self.client_id()?;
        let app = match secret {
            Some(secret) => AppRegistration::confidential(client_id, secret),
            None => AppRegistration::public(client_id),
        };
        SignIn::new(http, self.authority.clone(), app).map_err(|e| sign_in_error(self.name(), &e))
    }

    /// The stored credential of the tenant's method; a clear error when there is none.
    pub(crate) fn credential(&self, secrets: &dyn SecretStore) -> Result<Credential, ApiError> {
        let missing = |what: &str| {
            ApiError::new(
                ErrorCode::AuthNoCredentials,
                format!(
                    "{} has no stored {what}; {}",
                    self.name(),
                    match self.auth.method {
                        AuthMethod::DeviceCode => "reconnect it with a device code.",
                        _ => "enter the app registration's client secret first.",
                    }
                ),
            )
        };
        match self.auth.method {
            AuthMethod::None => Err(ApiError::new(
                ErrorCode::AuthNoCredentials,
                format!("{} has no sign-in method yet; enter an app registration or reconnect it with a device code.", self.name()),
            )),
            AuthMethod::AppRegistration => {
                let reference = stored_ref(self.auth.client_secret_ref.as_deref())?
                    .ok_or_else(|| missing("client secret"))?;
                let secret = secrets.get(&reference)?.ok_or_else(|| missing("client secret"))?;
                Ok(Credential::ClientSecret(secret))
            }
            AuthMethod::DeviceCode => {
                let reference = stored_ref(self.auth.refresh_token_ref.as_deref())?
                    .ok_or_else(|| missing("sign-in"))?;
                let token = secrets.get(&reference)?.ok_or_else(|| missing("sign-in"))?;
                Ok(Credential::RefreshToken { reference, token })
            }
        }
    }
}

/// A keychain reference read from the cache.
pub(crate) fn stored_ref(raw: Option<&str>) -> Result<Option<SecretRef>, ApiError> {
    raw.map(|raw| {
        raw.parse().map_err(|_| {
            ApiError::internal(
                "A stored keychain reference is damaged; forget the tenant's credentials and enter them again.",
            )
        })
    })
    .transpose()
}

pub(crate) fn sign_in_error(name: &str, error: &GraphError) -> ApiError {
    ApiError::new(
        ErrorCode::AuthFailed,
        format!("{name}: {}", error.user_message()),
    )
}
