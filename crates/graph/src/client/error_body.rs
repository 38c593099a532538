//! Graph's error envelope, `{"error":{"code","message","innerError":{"request-id"}}}`,
//! read into `GraphError`. Graph spells the inner object `innererror` in some answers.

use serde::Deserialize;
use serde_json::Value;

use crate::error::{ApiError, GraphError};

#[derive(Deserialize)]
struct Envelope {
    error: Body,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    code: String,
    #[serde(default)]
    message: String,
    #[serde(alias = "innererror")]
    inner_error: Option<Inner>,
}

#[derive(Deserialize)]
struct Inner {
    #[serde(rename = "request-id")]
    request_id: Option<String>,
}

/// The error for a final non-2xx answer. `header_request_id` wins over the body's.
pub(crate) fn api_error(
    status: u16,
    header_request_id: Option<String>,
    body: Option<&Value>,
) -> GraphError {
    let parsed = body
        .and_then(|b| Envelope::deserialize(b).ok())
        .map(|e| e.error);
    let request_id = header_request_id.or_else(|| {
        parsed
            .as_ref()
            .and_then(|b| b.inner_error.as_ref())
            .and_then(|i| i.request_id.clone())
    });
    match parsed {
        Some(body) if body.code == "syncStateNotFound" => GraphError::DeltaExpired { request_id },
        Some(body) => GraphError::Api(ApiError {
            status,
            code: body.code,
            message: body.message,
            request_id,
        }),
        None => GraphError::Api(ApiError {
            status,
            code: format!("Http{status}"),
            message: "the answer carried no Graph error body".into(),
            request_id,
        }),
    }
}

/// The error once retries of a throttled or failing answer ran out.
pub(crate) fn exhausted(
    status: u16,
    attempts: u32,
    header_request_id: Option<String>,
    body: Option<&Value>,
) -> GraphError {
    let error = api_error(status, header_request_id, body);
    if status == 429 {
        GraphError::Throttled {
            attempts,
            request_id: error.request_id().map(str::to_string),
        }
    } else {
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_code_message_and_request_id_are_kept() {
        let body = json!({"error": {"code": "Request_BadRequest", "message": "Bad.", "innerError": {"request-id": "r-1"}}});
        let GraphError::Api(api) = api_error(400, None, Some(&body)) else {
            panic!("not an API error");
        };
        assert_eq!(
            (api.status, api.code.as_str(), api.request_id.as_deref()),
            (400, "Request_BadRequest", Some("r-1"))
        );
        let lower = json!({"error": {"code": "TooManyRequests", "message": "Later.", "innererror": {"request-id": "r-2"}}});
        assert_eq!(api_error(429, None, Some(&lower)).request_id(), Some("r-2"));
        let expired = json!({"error": {"code": "syncStateNotFound", "message": "gone"}});
        assert!(
            matches!(api_error(400, Some("h".into()), Some(&expired)), GraphError::DeltaExpired { request_id: Some(id) } if id == "h")
        );
        assert!(matches!(
            exhausted(429, 3, None, None),
            GraphError::Throttled { attempts: 3, .. }
        ));
        assert!(matches!(
            api_error(502, None, None),
            GraphError::Api(ApiError { status: 502, .. })
        ));
    }
}
