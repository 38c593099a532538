//! The client and its one request loop: bearer token, per-request timeout, retries for
//! 429/503 (`Retry-After`), other 5xx and network failures, one re-sign-in on 401, and
//! cancellation at any point.

use std::sync::Arc;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use url::Url;

use super::error_body::{api_error, exhausted};
use super::teams::OperationPolling;
use crate::auth::AccessToken;
use crate::cloud::Resource;
use crate::error::GraphError;
use crate::http::transport_error;
use crate::retry::{pause, retry_after, RetryPolicy};
use crate::token_cache::TokenProvider;

#[derive(Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    /// `{graph}/v1.0/`, the base every relative path joins.
    base: Url,
    tokens: Arc<dyn TokenProvider>,
    pub(super) retry: RetryPolicy,
    pub(super) polling: OperationPolling,
    pub(super) cancel: CancellationToken,
}

/// One request as the loop sends it.
pub(super) struct Call<'a> {
    method: Method,
    url: Url,
    body: Option<&'a Value>,
    /// Sending it twice does no harm. A POST is assumed not to be: it may create a user,
    /// a domain or a licence assignment a second time.
    idempotent: bool,
    /// A status read as an answer like any 2xx (a throttled `$batch` may come back 424).
    accept: Option<StatusCode>,
}

impl<'a> Call<'a> {
    pub fn new(method: Method, url: Url, body: Option<&'a Value>) -> Self {
        Self {
            idempotent: method != Method::POST,
            method,
            url,
            body,
            accept: None,
        }
    }

    pub fn get(url: Url) -> Self {
        Self::new(Method::GET, url, None)
    }

    /// Overrides the method's default, for a POST that is safe to repeat.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    pub fn accepting(mut self, status: StatusCode) -> Self {
        self.accept = Some(status);
        self
    }
}

/// A request that must not be sent again blindly, ended without a clear answer.
fn unconfirmed(method: &Method, url: &Url, cause: GraphError) -> GraphError {
    GraphError::Unconfirmed {
        action: format!("{method} {}", url.path()),
        cause: Box::new(cause),
    }
}

pub(super) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    fn json_body(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    fn request_id(&self) -> Option<String> {
        self.headers
            .get("request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

impl GraphClient {
    /// `graph_base` is the cloud's Graph root, e.g. `CloudEndpoints::graph()`.
    pub fn new(http: reqwest::Client, graph_base: &Url, tokens: Arc<dyn TokenProvider>) -> Self {
        let mut base = graph_base.clone();
        base.set_path(&format!(
            "{}/v1.0/",
            graph_base.path().trim_end_matches('/')
        ));
        Self {
            http,
            base,
            tokens,
            retry: RetryPolicy::default(),
            polling: OperationPolling::default(),
            cancel: CancellationToken::new(),
        }
    }

    /// A token for `resource` from this client's sign-in, for a caller that hands it to
    /// another program (Teams PowerShell's `Connect-MicrosoftTeams -AccessTokens`).
    pub async fn access_token(&self, resource: Resource) -> Result<AccessToken, GraphError> {
        self.tokens.token(resource).await
    }

    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// How long-running operations (number assignments) are followed.
    pub fn with_operation_polling(mut self, polling: OperationPolling) -> Self {
        self.polling = polling;
        self
    }

    /// Every call (and wait) of this client ends with `Cancelled` once `cancel` fires.
    pub fn with_cancellation(mut self, cancel: CancellationToken) -> Self {
        self.cancel = cancel;
        self
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// A path relative to `/v1.0/`, e.g. `users/delta`. It must stay under `/v1.0/` on the
    /// Graph host: the bearer token goes with it.
    pub(super) fn url(&self, path: &str) -> Result<Url, GraphError> {
        let url = self.base.join(path.trim_start_matches('/')).map_err(|e| {
            GraphError::InvalidInput(format!("'{path}' is not a valid Graph path ({e})"))
        })?;
        if url.origin() != self.base.origin() || !url.path().starts_with(self.base.path()) {
            return Err(GraphError::InvalidInput(format!(
                "'{path}' leads outside Graph v1.0"
            )));
        }
        Ok(url)
    }

    /// A next or delta link from an answer. It must point at the same Graph host: the
    /// bearer token goes with it.
    pub(super) fn link(&self, raw: &str) -> Result<Url, GraphError> {
        let url = Url::parse(raw).map_err(|_| {
            GraphError::InvalidResponse("Graph returned a link that is not a URL".into())
        })?;
        if url.origin() != self.base.origin() {
            return Err(GraphError::InvalidResponse(format!(
                "Graph returned a link to another host ({})",
                url.host_str().unwrap_or("none")
            )));
        }
        Ok(url)
    }

    /// Sends and decodes a JSON answer.
    pub(super) async fn json<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, GraphError> {
        let answer = self.send(call).await?;
        serde_json::from_slice(&answer.body).map_err(|e| {
            GraphError::InvalidResponse(format!(
                "Graph's answer did not have the expected shape ({e})"
            ))
        })
    }

    /// The request loop every call goes through.
    pub(super) async fn send(&self, call: Call<'_>) -> Result<Answer, GraphError> {
        let Call {
            method,
            url,
            body,
            idempotent,
            accept,
        } = call;
        let mut failed = 0u32;
        let mut signed_in_again = false;
        loop {
            let (delay, failure) = match self.attempt(&method, &url, body).await {
                Ok((answer, _)) if answer.status.is_success() || Some(answer.status) == accept => {
                    return Ok(answer)
                }
                Ok((answer, token))
                    if answer.status == StatusCode::UNAUTHORIZED && !signed_in_again =>
                {
                    // The token was revoked or expired early: fetch a new one, once.
                    signed_in_again = true;
                    self.tokens.invalidate(&token).await;
                    continue;
                }
                Ok((answer, _)) => {
                    let body = answer.json_body();
                    let advertised = retry_after(&answer.headers);
                    let status = answer.status.as_u16();
                    match self
                        .retry
                        .delay_for(answer.status, advertised, failed + 1, idempotent)
                    {
                        None if !idempotent && answer.status.is_server_error() => {
                            let cause = api_error(status, answer.request_id(), body.as_ref());
                            return Err(unconfirmed(&method, &url, cause));
                        }
                        None => return Err(api_error(status, answer.request_id(), body.as_ref())),
                        Some(delay) => (
                            delay,
                            exhausted(status, failed + 1, answer.request_id(), body.as_ref()),
                        ),
                    }
                }
                Err(error) if error.is_network_failure() && !idempotent => {
                    return Err(unconfirmed(&method, &url, error))
                }
                Err(error) if error.is_network_failure() => (self.retry.backoff(failed + 1), error),
                Err(error) => return Err(error),
            };
            failed += 1;
            if failed >= self.retry.max_attempts {
                return Err(failure);
            }
            tracing::debug!(%method, path = url.path(), attempt = failed, ?delay, error = %failure, "retrying Graph call");
            pause(delay, &self.cancel).await?;
        }
    }

    async fn attempt(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&Value>,
    ) -> Result<(Answer, AccessToken), GraphError> {
        let timeout = self.retry.request_timeout;
        let exchange = async {
            let token = self.tokens.token(Resource::Graph).await?;
            let mut request = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(token.secret().expose_secret())
                .timeout(timeout);
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request
                .send()
                .await
                .map_err(|e| transport_error(e, timeout))?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response
                .bytes()
                .await
                .map_err(|e| transport_error(e, timeout))?;
            Ok((
                Answer {
                    status,
                    headers,
                    body,
                },
                token,
            ))
        };
        tokio::select! {
            result = exchange => result,
            _ = self.cancel.cancelled() => Err(GraphError::Cancelled),
        }
    }
}
