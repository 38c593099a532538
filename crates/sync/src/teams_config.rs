//! `GET /v1.0/admin/teams/userConfigurations`: each user's Teams voice state. The Graph
//! crate has no generic GET, so this thin client repeats its retry rules: 429/503
//! honour `Retry-After`, other 5xx and transport failures back off, one 401 signs in again.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{StatusCode, Url};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use switchboard_graph::{ApiError, GraphError, Resource, RetryPolicy, TokenProvider};
use tokio_util::sync::CancellationToken;

const PAGE_SIZE: u32 = 999;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TelephoneNumber {
    pub telephone_number: String,
    #[serde(default)]
    pub assignment_category: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyAssignment {
    pub policy_type: String,
    pub display_name: String,
}

/// Graph nests the policy name one level down; flattened here.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPolicyAssignment {
    policy_type: String,
    policy_assignment: RawPolicy,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPolicy {
    display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserConfiguration {
    pub id: String,
    #[serde(default)]
    pub is_enterprise_voice_enabled: bool,
    #[serde(default)]
    pub telephone_numbers: Vec<TelephoneNumber>,
    #[serde(default, deserialize_with = "policies")]
    pub effective_policy_assignments: Vec<PolicyAssignment>,
    #[serde(default)]
    pub feature_types: Vec<String>,
}

fn policies<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<PolicyAssignment>, D::Error> {
    let raw = Vec::<RawPolicyAssignment>::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|p| PolicyAssignment {
            policy_type: p.policy_type,
            display_name: p.policy_assignment.display_name,
        })
        .collect())
}

impl UserConfiguration {
    /// Teams `LineURI`: the primary number with the `tel:` scheme.
    pub fn line_uri(&self) -> Option<String> {
        self.telephone_numbers
            .iter()
            .find(|n| n.assignment_category.eq_ignore_ascii_case("primary"))
            .or_else(|| self.telephone_numbers.first())
            .map(|n| format!("tel:{}", n.telephone_number))
    }
}

#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    value: Vec<UserConfiguration>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

#[derive(Clone)]
pub struct TeamsConfigClient {
    http: reqwest::Client,
    base: Url,
    tokens: Arc<dyn TokenProvider>,
    retry: RetryPolicy,
}

impl TeamsConfigClient {
    /// `graph_base` is the Graph root (e.g. `https://graph.microsoft.com`).
    pub fn new(
        http: reqwest::Client,
        graph_base: &Url,
        tokens: Arc<dyn TokenProvider>,
        retry: RetryPolicy,
    ) -> Result<Self, GraphError> {
        let root = format!(
            "{}/v1.0/admin/teams/",
            graph_base.as_str().trim_end_matches('/')
        );
        let base = Url::parse(&root)
            .map_err(|e| GraphError::InvalidInput(format!("'{root}' is not a URL ({e})")))?;
        Ok(Self {
            http,
            base,
            tokens,
            retry,
        })
    }

    /// Signs in (or reuses the cached token) so that a bad secret fails fast.
    pub async fn sign_in(&self) -> Result<(), GraphError> {
        self.tokens.token(Resource::Graph).await.map(drop)
    }

    /// Every user's configuration, page by page; `on_page` sees the running count.
    pub async fn all(
        &self,
        cancel: &CancellationToken,
        on_page: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<Vec<UserConfiguration>, GraphError> {
        let mut url = self.endpoint("userConfigurations")?;
        url.query_pairs_mut()
            .append_pair("$top", &PAGE_SIZE.to_string());
        let mut all = Vec::new();
        let mut next = Some(url);
        while let Some(url) = next.take() {
            let page: Page = self.get(url, cancel).await?;
            all.extend(page.value);
            on_page(all.len());
            next = page.next_link.map(|l| self.same_origin(&l)).transpose()?;
        }
        Ok(all)
    }

    /// One user's configuration; `None` when Teams does not know the user (yet).
    pub async fn one(
        &self,
        object_id: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<UserConfiguration>, GraphError> {
        if object_id.is_empty()
            || !object_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(GraphError::InvalidInput(format!(
                "'{object_id}' is not a valid object id"
            )));
        }
        let url = self.endpoint(&format!("userConfigurations/{object_id}"))?;
        match self.get(url, cancel).await {
            Ok(config) => Ok(Some(config)),
            Err(GraphError::Api(ApiError { status: 404, .. })) => Ok(None),
            Err(error) => Err(error),
        }
    }

    fn endpoint(&self, path: &str) -> Result<Url, GraphError> {
        self.base
            .join(path)
            .map_err(|e| GraphError::InvalidInput(format!("'{path}' is not a valid path ({e})")))
    }

    fn same_origin(&self, link: &str) -> Result<Url, GraphError> {
        let url = Url::parse(link).map_err(|_| {
            GraphError::InvalidResponse("Teams returned a link that is not a URL".into())
        })?;
        if url.origin() != self.base.origin() {
            return Err(GraphError::InvalidResponse(
                "Teams returned a next link to another host".into(),
            ));
        }
        Ok(url)
    }

    async fn get<T: DeserializeOwned>(
        &self,
        url: Url,
        cancel: &CancellationToken,
    ) -> Result<T, GraphError> {
        let mut failed = 0u32;
        let mut signed_in_again = false;
        loop {
            let outcome = tokio::select! {
                outcome = self.attempt(&url) => outcome,
                _ = cancel.cancelled() => return Err(GraphError::Cancelled),
            };
            let (delay, mut failure) = match outcome {
                Attempt::Done(body) => {
                    return serde_json::from_slice(&body).map_err(|e| {
                        GraphError::InvalidResponse(format!(
                            "the Teams user configuration had an unexpected shape ({e})"
                        ))
                    })
                }
                Attempt::Unauthorized(token) if !signed_in_again => {
                    signed_in_again = true;
                    self.tokens.invalidate(&token).await;
                    continue;
                }
                Attempt::Unauthorized(_) => return Err(api_error(401, None)),
                Attempt::Retry { delay, error } => (delay, error),
                Attempt::Final(error) => return Err(error),
            };
            failed += 1;
            if failed >= self.retry.max_attempts {
                if let GraphError::Throttled { attempts, .. } = &mut failure {
                    *attempts = failed;
                }
                return Err(failure);
            }
            let delay = delay.unwrap_or_else(|| self.retry.backoff(failed));
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = cancel.cancelled() => return Err(GraphError::Cancelled),
            }
        }
    }

    async fn attempt(&self, url: &Url) -> Attempt {
        let token = match self.tokens.token(Resource::Graph).await {
            Ok(token) => token,
            Err(error) => return Attempt::Final(error),
        };
        let timeout = self.retry.request_timeout;
        let sent = self
            .http
            .get(url.clone())
            .bearer_auth(token.secret().expose_secret())
            .timeout(timeout)
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(error) => return transport(error, timeout),
        };
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|secs| self.retry.retry_after(Duration::from_secs(secs)));
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(error) => return transport(error, timeout),
        };
        match status {
            s if s.is_success() => Attempt::Done(body.to_vec()),
            StatusCode::UNAUTHORIZED => Attempt::Unauthorized(token),
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => Attempt::Retry {
                delay: retry_after,
                error: GraphError::Throttled {
                    attempts: 0,
                    request_id: None,
                },
            },
            s if s.is_server_error() => Attempt::Retry {
                delay: None,
                error: api_error(s.as_u16(), Some(&body)),
            },
            s => Attempt::Final(api_error(s.as_u16(), Some(&body))),
        }
    }
}

enum Attempt {
    Done(Vec<u8>),
    Unauthorized(switchboard_graph::AccessToken),
    Retry {
        delay: Option<Duration>,
        error: GraphError,
    },
    Final(GraphError),
}

fn transport(error: reqwest::Error, timeout: Duration) -> Attempt {
    // Without the URL: a link may carry a skip token.
    let error = if error.is_timeout() {
        GraphError::Timeout(timeout)
    } else {
        GraphError::Network(error.without_url().to_string())
    };
    Attempt::Retry { delay: None, error }
}

/// Graph's `{"error": {"code", "message"}}` body as an `ApiError`.
fn api_error(status: u16, body: Option<&[u8]>) -> GraphError {
    let parsed: Option<serde_json::Value> = body.and_then(|b| serde_json::from_slice(b).ok());
    let field = |name: &str| {
        parsed
            .as_ref()
            .and_then(|v| v["error"][name].as_str())
            .map(str::to_string)
    };
    GraphError::Api(ApiError {
        status,
        code: field("code").unwrap_or_else(|| format!("http{status}")),
        message: field("message").unwrap_or_else(|| "no error message".into()),
        request_id: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_configuration_reads_numbers_and_flattened_policies() {
        let config: UserConfiguration = serde_json::from_value(json!({
            "id": "u1",
            "isEnterpriseVoiceEnabled": true,
            "telephoneNumbers": [
                {"telephoneNumber": "+3120000001", "assignmentCategory": "private"},
                {"telephoneNumber": "+3120000002;ext=7", "assignmentCategory": "primary"}
            ],
            "effectivePolicyAssignments": [
                {"policyType": "tenantDialPlan", "policyAssignment": {"displayName": "NL", "policyId": "x"}}
            ]
        }))
        .unwrap();
        assert_eq!(config.line_uri().as_deref(), Some("tel:+3120000002;ext=7"));
        assert_eq!(config.effective_policy_assignments[0].display_name, "NL");
        let bare: UserConfiguration = serde_json::from_value(json!({"id": "u2"})).unwrap();
        assert_eq!(bare.line_uri(), None);
        assert!(!bare.is_enterprise_voice_enabled);
    }

    #[test]
    fn error_bodies_keep_graph_code_and_message() {
        let body = br#"{"error":{"code":"Forbidden","message":"no role"}}"#;
        match api_error(403, Some(body)) {
            GraphError::Api(e) => {
                assert_eq!(
                    (e.status, e.code.as_str(), e.message.as_str()),
                    (403, "Forbidden", "no role")
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
