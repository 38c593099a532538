//! How the app signs in to a tenant for replication: which cloud, which app
//! registration, and which credential — the client secret, or for tenants signed in
//! by device code the refresh token in the keychain.

use std::sync::Arc;

use switchboard_cache::{Cache, Tenant, TenantAuth};
use switchboard_domain::{AuthMethod, Cloud};
use switchboard_graph::{CloudEndpoints, GraphError, RefreshTokenSaver, RetryPolicy};
use switchboard_secrets::{SecretStore, SecretString};
use switchboard_sync::TenantSource;

use crate::error::{ApiError, ErrorCode};
use crate::sandbox::endpoints::SandboxEndpoints;
use crate::security::auth::check::keychain_saver;
use crate::security::auth::tenant_login::stored_ref;

/// What the tenant signs in with.
enum Credential {
    ClientSecret(SecretString),
    /// A delegated admin's refresh token; `save` writes rotated ones back.
    RefreshToken {
        token: SecretString,
        save: RefreshTokenSaver,
    },
}

/// The stored credential a source was built from. Once the tenant's differs (forgotten,
/// switched, signed in again) the source is stale: it must not sign in any more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CredentialKey {
    method: AuthMethod,
    client_id: Option<String>,
    client_secret_ref: Option<String>,
    refresh_token_ref: Option<String>,
}

impl CredentialKey {
    pub(crate) fn of(auth: &TenantAuth) -> Self {
        Self {
            method: auth.method,
            client_id: auth.client_id.clone(),
            client_secret_ref: auth.client_secret_ref.clone(),
            refresh_token_ref: auth.refresh_token_ref.clone(),
        }
    }
}

/// A tenant's sign-in for replication, with the stored credential it was built from.
pub(crate) struct ReplicationSource {
    pub source: TenantSource,
    pub key: CredentialKey,
}

/// Everything needed to build the tenant's sign-in, before any network call.
pub(crate) struct Connection {
    cloud: CloudEndpoints,
    azure_tenant: String,
    client_id: String,
    credential: Credential,
    key: CredentialKey,
}

impl Connection {
    /// Where the tenant's data comes from: the emulators in sandbox mode, its Microsoft
    /// cloud otherwise. Refuses tenants that cannot be replicated, with a reason.
    pub(crate) fn resolve(
        cache: &Arc<Cache>,
        secrets: &Arc<dyn SecretStore>,
        sandbox: Option<&SandboxEndpoints>,
        tenant: &Tenant,
    ) -> Result<Connection, ApiError> {
        let name = tenant.short_name.as_str();
        if !tenant.licence_type.connects_to_m365() {
            return Err(ApiError::new(
                ErrorCode::ReplicationNotConnected,
                format!("{name} has a {} licence, which does not connect to Microsoft 365, so there is nothing to replicate.", tenant.licence_type.label()),
            ));
        }
        let azure_tenant = tenant
            .azure_tenant_id
            .as_ref()
            .map(|id| id.as_str().to_owned())
            .ok_or_else(|| no_credentials(name, "it has no Azure tenant id"))?;
        let auth = cache.tenant_auth(tenant.id)?;
        let key = CredentialKey::of(&auth);
        let cloud = match sandbox {
            Some(sandbox) => CloudEndpoints::custom(&sandbox.identity, &sandbox.graph)
                .map_err(|e| graph_error(name, &e))?,
            None => endpoints_of(tenant.cloud),
        };
        if auth.method == AuthMethod::DeviceCode {
            // The admin's own sign-in: no stand-in credentials, even in sandbox mode.
            let client_id = auth
                .client_id
                .clone()
                .ok_or_else(|| no_credentials(name, "it has no app registration"))?;
            let reference =
                stored_ref(auth.refresh_token_ref.as_deref())?.ok_or_else(|| no_sign_in(name))?;
            let token = secrets.get(&reference)?.ok_or_else(|| no_sign_in(name))?;
            return Ok(Connection {
                cloud,
                azure_tenant,
                client_id,
                credential: Credential::RefreshToken {
                    token,
                    save: keychain_saver(cache.clone(), tenant.id, secrets.clone(), reference),
                },
                key,
            });
        }
        let stored = match (&auth.client_id, &auth.client_secret_ref) {
            (Some(client_id), Some(reference)) => {
                stored_secret(secrets.as_ref(), reference, sandbox.is_some())?
                    .map(|secret| (client_id.clone(), secret))
            }
            _ => None,
        };
        let (client_id, secret) = match (stored, sandbox) {
            (Some(found), _) => found,
            // The emulators' own credentials for their demo tenants: they exist only in
            // memory for this run and open nothing outside the loopback emulators, so
            // using them when the keychain holds none (or is unavailable) is safe.
            (None, Some(sandbox)) => sandbox
                .credential(&azure_tenant)
                .map(|c| {
                    (
                        c.client_id.clone(),
                        SecretString::from(c.client_secret.clone()),
                    )
                })
                .ok_or_else(|| no_credentials(name, "no client secret is stored for it"))?,
            (None, None) => return Err(no_credentials(name, "no client secret is stored for it")),
        };
        Ok(Connection {
            cloud,
            azure_tenant,
            client_id,
            credential: Credential::ClientSecret(secret),
            key,
        })
    }

    pub(crate) fn source(
        self,
        tenant: &Tenant,
        http: reqwest::Client,
    ) -> Result<ReplicationSource, ApiError> {
        let source = match self.credential {
            Credential::ClientSecret(secret) => TenantSource::client_credentials(
                tenant.id,
                http,
                &self.cloud,
                &self.azure_tenant,
                &self.client_id,
                secret,
                RetryPolicy::default(),
            ),
            Credential::RefreshToken { token, save } => TenantSource::refresh_token(
                tenant.id,
                http,
                &self.cloud,
                &self.azure_tenant,
                &self.client_id,
                token,
                save,
                RetryPolicy::default(),
            ),
        }
        .map_err(|e| graph_error(tenant.short_name.as_str(), &e))?;
        Ok(ReplicationSource {
            source,
            key: self.key,
        })
    }
}

/// The secret behind `reference`. In sandbox mode a keychain failure is not fatal:
/// the emulators' credentials stand in.
fn stored_secret(
    secrets: &dyn SecretStore,
    reference: &str,
    sandbox: bool,
) -> Result<Option<SecretString>, ApiError> {
    let reference: switchboard_secrets::SecretRef = reference.parse().map_err(|_| {
        ApiError::internal(
            "A stored client secret reference is damaged; re-enter the app registration.",
        )
    })?;
    match secrets.get(&reference) {
        Ok(found) => Ok(found),
        Err(error) if sandbox => {
            tracing::warn!(%error, "client secret unreadable; using the sandbox's own credentials");
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}

/// The sign-in and Graph endpoints of the tenant's Microsoft cloud. GCC tenants use the
/// commercial endpoints; DoD signs in like GCC High but has a Graph of its own.
pub(crate) fn endpoints_of(cloud: Cloud) -> CloudEndpoints {
    match cloud {
        Cloud::Commercial | Cloud::Gcc => CloudEndpoints::global(),
        Cloud::GccHigh => CloudEndpoints::gcc_high(),
        Cloud::Dod => CloudEndpoints::dod(),
        Cloud::China => CloudEndpoints::china(),
    }
}

fn no_credentials(name: &str, why: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ReplicationNoCredentials,
        format!("{name} cannot be replicated: {why}. Enter its app registration first."),
    )
}

fn no_sign_in(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ReplicationNoCredentials,
        format!("{name} cannot be replicated: it signs in by device code but no sign-in is stored. Reconnect it on the Security screen."),
    )
}

fn graph_error(name: &str, error: &GraphError) -> ApiError {
    ApiError::new(
        ErrorCode::ReplicationNoCredentials,
        format!("{name} cannot be replicated: {}", error.user_message()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cloud_has_its_endpoints() {
        assert_eq!(endpoints_of(Cloud::Commercial), CloudEndpoints::global());
        assert_eq!(endpoints_of(Cloud::Gcc), CloudEndpoints::global());
        assert_eq!(endpoints_of(Cloud::GccHigh), CloudEndpoints::gcc_high());
        assert_eq!(endpoints_of(Cloud::China), CloudEndpoints::china());
        let dod = endpoints_of(Cloud::Dod);
        assert_eq!(dod.login().as_str(), "https://login.microsoftonline.us/");
        assert_eq!(dod.graph().as_str(), "https://dod-graph.microsoft.us/");
        assert_ne!(dod, CloudEndpoints::gcc_high());
    }
}
