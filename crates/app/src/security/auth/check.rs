//! One verification of a tenant's sign-in: get an access token with the stored
//! credential, read the organization and what the connection may do (its Entra roles
//! and permissions), then record the outcome on the tenant.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use switchboard_cache::Cache;
use switchboard_domain::{AuthStatus, TenantId};
use switchboard_graph::{
    ClientCredentials, CloudEndpoints, GraphClient, GraphError, RefreshTokenSaver, RefreshTokens,
    Resource, SignIn, TokenCache, TokenProvider,
};
use switchboard_secrets::{SecretRef, SecretStore, SecretString};

use crate::security::auth::capabilities::{self, ConnectionCapabilities, Principal};
use crate::security::auth::tenant_login::Credential;

/// Everything one check needs, resolved before any network call.
pub(crate) struct AuthCheck {
    pub tenant_id: TenantId,
    pub short_name: String,
    pub sign_in: SignIn,
    pub credential: Credential,
    pub cloud: CloudEndpoints,
    /// The app registration that signs in; its service principal holds the roles of an
    /// app-only sign-in.
    pub client_id: String,
}

/// A sign-in that worked: until when, and what it may do.
pub(crate) struct Verified {
    pub valid_until: DateTime<Utc>,
    pub capabilities: ConnectionCapabilities,
}

impl AuthCheck {
    /// Signs in, reads the organization and the connection's roles and permissions.
    /// A refresh token that rotates on the way is written back to the keychain.
    pub(crate) async fn run(
        self,
        http: reqwest::Client,
        cache: Arc<Cache>,
        secrets: Arc<dyn SecretStore>,
    ) -> Result<Verified, GraphError> {
        let app_only = matches!(self.credential, Credential::ClientSecret(_));
        let tokens: Arc<dyn TokenProvider> = match self.credential {
            Credential::ClientSecret(_) => {
                Arc::new(TokenCache::new(ClientCredentials(self.sign_in)))
            }
            Credential::RefreshToken { reference, token } => {
                let save = keychain_saver(cache, self.tenant_id, secrets, reference);
                Arc::new(TokenCache::new(RefreshTokens::new(
                    self.sign_in,
                    token,
                    save,
                )))
            }
        };
        let token = tokens.token(Resource::Graph).await?;
        let client = GraphClient::new(http, self.cloud.graph(), tokens);
        client.organization().await?;
        let principal = match app_only {
            true => Principal::App {
                client_id: &self.client_id,
            },
            false => Principal::SignedInUser,
        };
        let capabilities = capabilities::read(&client, &token, principal).await;
        let left = token.expires_at().saturating_duration_since(Instant::now());
        Ok(Verified {
            valid_until: Utc::now() + chrono::Duration::from_std(left).unwrap_or_default(),
            capabilities,
        })
    }
}

/// Keeps the keychain entry in step with Microsoft's rotation of refresh tokens, while
/// `reference` is still the tenant's: a sign-in that outlived a forget, a switch, a new
/// sign-in or the tenant itself would otherwise recreate an entry nothing points at.
pub(crate) fn keychain_saver(
    cache: Arc<Cache>,
    tenant: TenantId,
    secrets: Arc<dyn SecretStore>,
    reference: SecretRef,
) -> RefreshTokenSaver {
    Arc::new(move |rotated: &SecretString| {
        let current = cache
            .tenant_auth(tenant)
            .is_ok_and(|auth| auth.refresh_token_ref == Some(reference.to_string()));
        if !current {
            tracing::info!(%tenant, "rotated refresh token dropped: its sign-in was replaced");
            return;
        }
        if let Err(error) = secrets.put(&reference, rotated) {
            tracing::warn!(%error, "the rotated refresh token could not be saved");
        }
    })
}

/// What a failed check says about the stored credential.
pub(crate) fn status_after(error: &GraphError) -> AuthStatus {
    match error.aadsts() {
        // The refresh token outlived its lifetime (or its 90 idle days).
        Some(700082 | 70008) => AuthStatus::Expired,
        // Revoked by an administrator or a password change, or no longer known.
        Some(50173 | 9002313) => AuthStatus::Revoked,
        _ => AuthStatus::Failed,
    }
}

/// Writes the outcome on the tenant: valid until the token's expiry, or the failure.
pub(crate) fn record(
    cache: &Cache,
    tenant_id: TenantId,
    outcome: &Result<Verified, GraphError>,
) -> Result<(), switchboard_cache::CacheError> {
    let (status, valid_until) = match outcome {
        Ok(verified) => (AuthStatus::Valid, Some(verified.valid_until)),
        Err(error) => (status_after(error), None),
    };
    cache
        .record_auth_check(tenant_id, status, valid_until, Utc::now())
        .map(drop)
}

/// One check never keeps the table waiting longer than this, retries included.
pub(crate) const CHECK_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `check` within `CHECK_TIMEOUT`.
pub(crate) async fn run_bounded(
    check: AuthCheck,
    http: reqwest::Client,
    cache: Arc<Cache>,
    secrets: Arc<dyn SecretStore>,
) -> Result<Verified, GraphError> {
    tokio::time::timeout(CHECK_TIMEOUT, check.run(http, cache, secrets))
        .await
        .unwrap_or(Err(GraphError::Timeout(CHECK_TIMEOUT)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_graph::AadError;

    fn refused(aadsts: u32) -> GraphError {
        GraphError::SignIn(AadError::from_response(
            "invalid_grant",
            Some(&format!("AADSTS{aadsts}: refused.")),
        ))
    }

    #[test]
    fn refusals_map_to_the_state_the_table_shows() {
        assert_eq!(status_after(&refused(700082)), AuthStatus::Expired);
        assert_eq!(status_after(&refused(50173)), AuthStatus::Revoked);
        assert_eq!(status_after(&refused(7000215)), AuthStatus::Failed);
        assert_eq!(
            status_after(&GraphError::Network("refused".into())),
            AuthStatus::Failed
        );
    }
}
