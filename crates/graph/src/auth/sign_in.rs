//! One app registration signing in to one tenant: client credentials and refresh tokens
//! here, the device-code grant in `device_code`.

use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use oauth2::basic::{BasicClient, BasicTokenResponse};
use oauth2::{
    AsyncHttpClient, AuthType, ClientId, ClientSecret, EndpointNotSet, EndpointSet,
    HttpClientError, HttpRequest, HttpResponse, RefreshToken, Scope, TokenResponse, TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};
use tokio_util::sync::CancellationToken;

use super::device_code::PollPacing;
use super::oauth_error::to_graph_error;
use super::tokens::{AccessToken, TokenSet};
use crate::cloud::{Authority, Resource};
use crate::error::GraphError;
use crate::http::transport_error;

/// Time allowed for one exchange with the token endpoint. Microsoft answers in well
/// under a second; an endpoint that accepts the connection and never answers must not
/// hold the tenant's sign-in (and everything waiting on its token) for ever.
const DEFAULT_TOKEN_TIMEOUT: Duration = Duration::from_secs(30);

/// Microsoft leaves `expires_in` out only in error; assume its usual hour then.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// The app registration that signs in. `Debug` redacts the secret.
#[derive(Debug, Clone)]
pub struct AppRegistration {
    pub client_id: String,
    pub client_secret: Option<SecretString>,
}

impl AppRegistration {
    /// An app with a client secret (needed for client credentials).
    pub fn confidential(client_id: &str, client_secret: SecretString) -> Self {
        Self {
            client_id: client_id.trim().to_string(),
            client_secret: Some(client_secret),
        }
    }

    /// An app with "allow public client flows" that signs in by device code alone.
    pub fn public(client_id: &str) -> Self {
        Self {
            client_id: client_id.trim().to_string(),
            client_secret: None,
        }
    }
}

pub(super) type TokenClient =
    BasicClient<EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// Signs one app registration in to one tenant's authority.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub(super) http: reqwest::Client,
    pub(super) authority: Authority,
    pub(super) app: AppRegistration,
    pub(super) pacing: PollPacing,
    request_timeout: Duration,
    cancel: CancellationToken,
}

impl SignIn {
    /// `http` should come from `build_http_client` (no redirects, proxy settings applied).
    pub fn new(
        http: reqwest::Client,
        authority: Authority,
        app: AppRegistration,
    ) -> Result<Self, GraphError> {
        if app.client_id.is_empty() {
            return Err(GraphError::InvalidInput(
                "the app registration has no client id".into(),
            ));
        }
        Ok(Self {
            http,
            authority,
            app,
            pacing: PollPacing::default(),
            request_timeout: DEFAULT_TOKEN_TIMEOUT,
            cancel: CancellationToken::new(),
        })
    }

    /// Time allowed for each request to the identity platform.
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Every request of this sign-in ends with `Cancelled` once `cancel` fires.
    pub fn with_cancellation(mut self, cancel: CancellationToken) -> Self {
        self.cancel = cancel;
        self
    }

    /// The one way requests reach the identity platform: bounded in time, cancellable.
    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, GraphError> {
        let timeout = self.request_timeout;
        tokio::select! {
            answer = tokio::time::timeout(timeout, self.http.call(request)) => match answer {
                Ok(Ok(response)) => Ok(response),
                Ok(Err(HttpClientError::Reqwest(error))) => Err(transport_error(*error, timeout)),
                Ok(Err(other)) => Err(GraphError::Network(other.to_string())),
                Err(_elapsed) => Err(GraphError::Timeout(timeout)),
            },
            _ = self.cancel.cancelled() => Err(GraphError::Cancelled),
        }
    }

    /// How fast a device-code sign-in polls (tests shorten it).
    pub fn with_poll_pacing(mut self, pacing: PollPacing) -> Self {
        self.pacing = pacing;
        self
    }

    pub fn authority(&self) -> &Authority {
        &self.authority
    }

    pub(super) fn token_client(&self) -> Result<TokenClient, GraphError> {
        let token_url = TokenUrl::new(self.authority.token_url())
            .map_err(|e| GraphError::InvalidInput(format!("the token URL is not valid ({e})")))?;
        let client = BasicClient::new(ClientId::new(self.app.client_id.clone()))
            .set_auth_type(AuthType::RequestBody)
            .set_token_uri(token_url);
        Ok(match &self.app.client_secret {
            Some(secret) => {
                client.set_client_secret(ClientSecret::new(secret.expose_secret().to_string()))
            }
            None => client,
        })
    }

    pub(super) fn scope(&self, resource: Resource) -> Scope {
        Scope::new(self.authority.cloud().scope(resource))
    }

    /// An app-only token for `resource` with the client secret.
    pub async fn client_credentials(&self, resource: Resource) -> Result<AccessToken, GraphError> {
        if self.app.client_secret.is_none() {
            return Err(GraphError::InvalidInput(
                "a client-credentials sign-in needs the app's client secret".into(),
            ));
        }
        let requested_at = Instant::now();
        let response = self
            .token_client()?
            .exchange_client_credentials()
            .add_scope(self.scope(resource))
            .request_async(self)
            .await
            .map_err(to_graph_error)?;
        Ok(token_set(&response, resource, requested_at).access)
    }

    /// Exchanges a refresh token for an access token of `resource`. The returned set
    /// carries the refresh token that replaces `refresh_token` (Microsoft rotates them).
    pub async fn refresh(
        &self,
        refresh_token: &SecretString,
        resource: Resource,
    ) -> Result<TokenSet, GraphError> {
        let requested_at = Instant::now();
        let old = RefreshToken::new(refresh_token.expose_secret().to_string());
        let response = self
            .token_client()?
            .exchange_refresh_token(&old)
            .add_scope(self.scope(resource))
            .request_async(self)
            .await
            .map_err(to_graph_error)?;
        Ok(token_set(&response, resource, requested_at))
    }
}

/// `oauth2` sends every token request through `SignIn::exchange`.
impl<'c> AsyncHttpClient<'c> for SignIn {
    type Error = GraphError;
    type Future = BoxFuture<'c, Result<HttpResponse, GraphError>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(self.exchange(request))
    }
}

/// The lifetime counts from when the request left, so the token is never kept too long.
pub(super) fn token_set(
    response: &BasicTokenResponse,
    resource: Resource,
    requested_at: Instant,
) -> TokenSet {
    let lifetime = response.expires_in().unwrap_or(DEFAULT_LIFETIME);
    TokenSet {
        access: AccessToken::new(
            SecretString::from(response.access_token().secret().clone()),
            resource,
            requested_at + lifetime,
        ),
        refresh_token: response
            .refresh_token()
            .map(|t| SecretString::from(t.secret().clone())),
    }
}
