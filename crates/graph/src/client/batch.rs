//! `POST /$batch`: any number of requests, sent 20 at a time; throttled or failed
//! sub-requests are sent again (after the largest `Retry-After` among them) under the
//! client's retry policy, and every answer comes back in the order asked. The inner
//! answers are read whether the batch itself says 200 or, throttled, 424.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::error_body::{api_error, exhausted};
use super::transport::{Call, GraphClient};
use crate::error::GraphError;
use crate::retry::{parse_seconds, pause};

/// Graph's limit of requests in one batch.
pub const MAX_BATCH_SIZE: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchRequest {
    pub id: String,
    pub method: String,
    /// Relative to the version, e.g. `/users/{id}`.
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub headers: Map<String, Value>,
}

impl BatchRequest {
    pub fn get(id: &str, url: &str) -> Self {
        Self::new(id, Method::GET, url, None)
    }

    /// A request with a JSON body (the Content-Type header is added).
    pub fn with_json(id: &str, method: Method, url: &str, body: Value) -> Self {
        Self::new(id, method, url, Some(body))
    }

    /// A POST may create something, so it is not sent again after an unclear answer.
    fn is_idempotent(&self) -> bool {
        !self.method.eq_ignore_ascii_case(Method::POST.as_str())
    }

    fn new(id: &str, method: Method, url: &str, body: Option<Value>) -> Self {
        let mut headers = Map::new();
        if body.is_some() {
            headers.insert("Content-Type".into(), json!("application/json"));
        }
        Self {
            id: id.to_string(),
            method: method.as_str().to_string(),
            url: url.to_string(),
            body,
            headers,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BatchResponse {
    pub id: String,
    pub status: u16,
    #[serde(default)]
    pub headers: Map<String, Value>,
    pub body: Option<Value>,
    /// `METHOD url` of a POST answered 5xx: it was not sent again and may have been
    /// carried out.
    #[serde(skip)]
    unconfirmed: Option<String>,
}

impl BatchResponse {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.as_str())
    }

    fn request_id(&self) -> Option<String> {
        self.header("request-id").map(str::to_string)
    }

    /// The error this answer stands for, if it is not a success.
    pub fn error(&self) -> Option<GraphError> {
        if self.is_success() {
            return None;
        }
        let error = if self.status == 429 {
            exhausted(self.status, 1, self.request_id(), self.body.as_ref())
        } else {
            api_error(self.status, self.request_id(), self.body.as_ref())
        };
        Some(match &self.unconfirmed {
            Some(action) => GraphError::Unconfirmed {
                action: action.clone(),
                cause: Box::new(error),
            },
            None => error,
        })
    }

    /// The body of a successful answer as `T`, or the answer's error.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, GraphError> {
        if let Some(error) = self.error() {
            return Err(error);
        }
        serde_json::from_value(self.body.clone().unwrap_or(Value::Null)).map_err(|e| {
            GraphError::InvalidResponse(format!(
                "batch answer '{}' had an unexpected shape ({e})",
                self.id
            ))
        })
    }
}

#[derive(Deserialize)]
struct BatchAnswer {
    responses: Vec<BatchResponse>,
}

fn check(requests: &[BatchRequest]) -> Result<(), GraphError> {
    let mut ids = HashSet::new();
    for request in requests {
        if request.id.is_empty() || !ids.insert(request.id.as_str()) {
            return Err(GraphError::InvalidInput(format!(
                "batch request ids must be unique and non-empty ('{}')",
                request.id
            )));
        }
        if request.url.contains("://") || !request.url.starts_with('/') {
            return Err(GraphError::InvalidInput(format!(
                "batch request '{}' needs a URL relative to the version, like /users",
                request.id
            )));
        }
    }
    Ok(())
}

impl GraphClient {
    /// Sends `requests` in batches of at most 20 and returns every answer, in order.
    pub async fn batch(&self, requests: &[BatchRequest]) -> Result<Vec<BatchResponse>, GraphError> {
        check(requests)?;
        let mut answers: HashMap<String, BatchResponse> = HashMap::with_capacity(requests.len());
        for chunk in requests.chunks(MAX_BATCH_SIZE) {
            self.batch_chunk(chunk, &mut answers).await?;
        }
        requests
            .iter()
            .map(|r| {
                answers.remove(&r.id).ok_or_else(|| {
                    GraphError::InvalidResponse(format!("the batch gave no answer for '{}'", r.id))
                })
            })
            .collect()
    }

    async fn batch_chunk(
        &self,
        chunk: &[BatchRequest],
        answers: &mut HashMap<String, BatchResponse>,
    ) -> Result<(), GraphError> {
        let mut pending: Vec<&BatchRequest> = chunk.iter().collect();
        let mut round = 0u32;
        while !pending.is_empty() {
            round += 1;
            let body = json!({ "requests": pending });
            let call = Call::new(Method::POST, self.url("$batch")?, Some(&body))
                .idempotent(pending.iter().all(|r| r.is_idempotent()))
                .accepting(StatusCode::FAILED_DEPENDENCY);
            let answer: BatchAnswer = self.json(call).await?;
            let last_round = round >= self.retry.max_attempts;
            let mut wait: Option<Duration> = None;
            let mut again = Vec::new();
            for mut response in answer.responses {
                let Some(request) = pending.iter().find(|r| r.id == response.id) else {
                    continue;
                };
                let status = StatusCode::from_u16(response.status)
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let advertised = response.header("Retry-After").and_then(parse_seconds);
                match self
                    .retry
                    .delay_for(status, advertised, round, request.is_idempotent())
                {
                    Some(delay) if !last_round => {
                        wait = Some(wait.map_or(delay, |w| w.max(delay)));
                        again.push(*request);
                    }
                    _ => {
                        if !request.is_idempotent() && status.is_server_error() {
                            response.unconfirmed =
                                Some(format!("{} {}", request.method, request.url));
                        }
                        answers.insert(response.id.clone(), response);
                    }
                }
            }
            pending = again;
            if let Some(delay) = wait {
                tracing::debug!(
                    round,
                    retrying = pending.len(),
                    ?delay,
                    "retrying batch sub-requests"
                );
                pause(delay, &self.cancel).await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_ids_and_absolute_urls_are_refused() {
        let ok = [
            BatchRequest::get("1", "/users"),
            BatchRequest::get("2", "/groups"),
        ];
        assert!(check(&ok).is_ok());
        assert!(check(&[
            BatchRequest::get("1", "/users"),
            BatchRequest::get("1", "/groups")
        ])
        .is_err());
        assert!(check(&[BatchRequest::get("1", "https://evil.example/users")]).is_err());
        let post = BatchRequest::with_json("3", Method::POST, "/users", json!({"a": 1}));
        assert_eq!(post.headers["Content-Type"], "application/json");
        let wire = serde_json::to_value(&ok[0]).unwrap();
        assert!(wire.get("body").is_none() && wire.get("headers").is_none());
    }

    #[test]
    fn a_throttled_answer_reads_as_throttling() {
        let throttled = BatchResponse {
            id: "1".into(),
            status: 429,
            headers: Map::new(),
            body: None,
            unconfirmed: None,
        };
        assert!(matches!(
            throttled.json::<Value>(),
            Err(GraphError::Throttled { .. })
        ));
        let ok = BatchResponse {
            id: "2".into(),
            status: 200,
            headers: Map::new(),
            body: Some(json!({"id": "x"})),
            unconfirmed: None,
        };
        assert_eq!(ok.json::<Value>().unwrap()["id"], "x");
    }
}
