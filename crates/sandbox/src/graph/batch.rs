//! `POST /v1.0/$batch`: up to 20 sub-requests, each sent through the same routes (and
//! the same fault injection) as a direct call, answered together.

use std::collections::{HashMap, HashSet};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::Json;
use serde_json::{json, Map, Value};
use tower::ServiceExt;

use super::{build, json_object, GraphState};
use crate::graph_error::GraphError;

pub const MAX_BATCH_REQUESTS: usize = 20;

struct SubRequest {
    id: String,
    method: Method,
    url: String,
    headers: Map<String, Value>,
    body: Option<Value>,
    depends_on: Vec<String>,
}

fn parse(body: &Bytes) -> Result<Vec<SubRequest>, GraphError> {
    let object = json_object(body)?;
    let Some(Value::Array(requests)) = object.get("requests") else {
        return Err(GraphError::bad_request(
            "The batch body needs a 'requests' array.",
        ));
    };
    if requests.len() > MAX_BATCH_REQUESTS {
        return Err(GraphError::bad_request(format!(
            "Number of requests inside the batch exceeds the limit of {MAX_BATCH_REQUESTS}."
        )));
    }
    let mut seen = HashSet::new();
    let mut parsed = Vec::with_capacity(requests.len());
    for request in requests {
        let field = |name: &str| {
            request
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let id = field("id")
            .ok_or_else(|| GraphError::bad_request("Every batch request needs an 'id'."))?;
        if !seen.insert(id.clone()) {
            return Err(GraphError::bad_request(format!(
                "Batch request ids must be unique; '{id}' appears twice."
            )));
        }
        let method = field("method")
            .and_then(|m| Method::from_bytes(m.to_ascii_uppercase().as_bytes()).ok())
            .ok_or_else(|| {
                GraphError::bad_request(format!("Batch request '{id}' needs a valid 'method'."))
            })?;
        let url = field("url").ok_or_else(|| {
            GraphError::bad_request(format!("Batch request '{id}' needs a relative 'url'."))
        })?;
        if url.contains("://") {
            return Err(GraphError::bad_request(format!(
                "Batch request '{id}' must use a URL relative to the version, e.g. /users."
            )));
        }
        let headers = request
            .get("headers")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let body = request.get("body").cloned().filter(|b| !b.is_null());
        if body.is_some()
            && !headers
                .keys()
                .any(|k| k.eq_ignore_ascii_case("content-type"))
        {
            return Err(GraphError::bad_request(format!(
                "Batch request '{id}' has a body but no Content-Type header."
            )));
        }
        let depends_on = match request.get("dependsOn") {
            Some(Value::Array(ids)) => ids
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        if let Some(unknown) = depends_on.iter().find(|d| !seen.contains(*d) || **d == id) {
            return Err(GraphError::bad_request(format!(
                "Batch request '{id}' depends on '{unknown}', which does not come before it."
            )));
        }
        parsed.push(SubRequest {
            id,
            method,
            url,
            headers,
            body,
            depends_on,
        });
    }
    Ok(parsed)
}

pub(super) async fn batch(
    State(gs): State<GraphState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), GraphError> {
    let requests = parse(&body)?;
    let router = build(gs.clone());
    let authorization = headers.get("authorization").cloned();
    let mut statuses: HashMap<String, StatusCode> = HashMap::new();
    let mut responses = Vec::with_capacity(requests.len());
    // Sequential: simple, and it honours dependsOn without a scheduler.
    for request in requests {
        let failed_dependency = request
            .depends_on
            .iter()
            .any(|d| statuses.get(d).is_none_or(|s| !s.is_success()));
        let (status, headers, body) = if failed_dependency {
            let error = GraphError::new(
                StatusCode::FAILED_DEPENDENCY,
                "BadRequest",
                "A request this one depends on failed.",
            );
            (error.status, Map::new(), Some(error.body()))
        } else {
            dispatch(router.clone(), &request, authorization.as_ref()).await
        };
        statuses.insert(request.id.clone(), status);
        let mut answer = json!({"id": request.id, "status": status.as_u16(), "headers": headers});
        if let Some(body) = body {
            answer["body"] = body;
        }
        responses.push(answer);
    }
    let throttled = statuses
        .values()
        .any(|s| *s == StatusCode::TOO_MANY_REQUESTS);
    let status = if throttled && gs.faults.fail_throttled_batch() {
        StatusCode::FAILED_DEPENDENCY
    } else {
        StatusCode::OK
    };
    Ok((status, Json(json!({ "responses": responses }))))
}

async fn dispatch(
    router: axum::Router,
    request: &SubRequest,
    authorization: Option<&HeaderValue>,
) -> (StatusCode, Map<String, Value>, Option<Value>) {
    let uri = format!("/v1.0/{}", request.url.trim_start_matches('/'));
    let mut builder = Request::builder().method(request.method.clone()).uri(&uri);
    for (name, value) in &request.headers {
        if let Some(value) = value.as_str() {
            builder = builder.header(name.as_str(), value);
        }
    }
    let has_auth = request
        .headers
        .keys()
        .any(|k| k.eq_ignore_ascii_case("authorization"));
    if let (false, Some(auth)) = (has_auth, authorization) {
        builder = builder.header("authorization", auth.clone());
    }
    let body = request
        .body
        .as_ref()
        .map_or_else(Body::empty, |b| Body::from(b.to_string()));
    let Ok(built) = builder.body(body) else {
        let error = GraphError::bad_request(format!(
            "Batch request '{}' has an invalid URL or header.",
            request.id
        ));
        return (error.status, Map::new(), Some(error.body()));
    };
    let Ok(response) = router.oneshot(built).await;
    let status = response.status();
    let mut headers = Map::new();
    for (name, value) in response.headers() {
        if let Ok(value) = value.to_str() {
            headers.insert(header_name(name.as_str()), json!(value));
        }
    }
    let Ok(bytes) = axum::body::to_bytes(response.into_body(), usize::MAX).await else {
        // The sub-request's connection was dropped (fault injection): Graph reports a timeout.
        let error = GraphError::new(
            StatusCode::GATEWAY_TIMEOUT,
            "UnknownError",
            "The request timed out before the service answered.",
        );
        return (error.status, Map::new(), Some(error.body()));
    };
    let body = if bytes.is_empty() {
        None
    } else {
        Some(
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned())),
        )
    };
    (status, headers, body)
}

/// Graph writes sub-response header names in their usual capitalisation.
fn header_name(lower: &str) -> String {
    lower
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}
