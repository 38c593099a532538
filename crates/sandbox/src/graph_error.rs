//! Graph's error envelope: `{"error":{"code","message","innerError":{"request-id","date"}}}`,
//! with `innererror` in throttling answers, as Graph's own spelling varies.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, Clone)]
pub struct GraphError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    /// Seconds, for 429 and 503 answers; Graph sends fractions too (`2.128`).
    pub retry_after: Option<f64>,
    /// `innerError`, or `innererror` as throttling answers spell it; clients must read both.
    pub inner_error_key: &'static str,
}

impl GraphError {
    pub fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            retry_after: None,
            inner_error_key: "innerError",
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        )
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            message,
        )
    }

    pub fn throttled(retry_after: f64) -> Self {
        Self {
            retry_after: Some(retry_after),
            inner_error_key: "innererror",
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                "Please retry again later.",
            )
        }
    }

    /// The JSON body, for places (such as `$batch`) that embed it instead of sending it.
    pub fn body(&self) -> serde_json::Value {
        json!({
            "error": {
                "code": self.code,
                "message": self.message,
                self.inner_error_key: {
                    "request-id": uuid::Uuid::new_v4().to_string(),
                    "date": chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
                }
            }
        })
    }
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if let Some(seconds) = self.retry_after {
            // `{}` writes 7.0 as "7" and 2.128 as "2.128", as Graph does.
            if let Ok(value) = HeaderValue::from_str(&format!("{seconds}")) {
                response.headers_mut().insert("Retry-After", value);
            }
        }
        response
    }
}
