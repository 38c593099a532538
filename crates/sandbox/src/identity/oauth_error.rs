//! The identity platform's OAuth error body: `error`, an `error_description` that starts
//! with an AADSTS code, `error_codes`, `timestamp`, `trace_id`, `correlation_id`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct OAuthError {
    pub status: StatusCode,
    /// The RFC 6749 / 8628 error code, e.g. `invalid_client`.
    pub error: &'static str,
    /// The AADSTS number, e.g. 7000215.
    pub aadsts: u32,
    pub description: String,
}

impl OAuthError {
    pub fn new(error: &'static str, aadsts: u32, description: impl Into<String>) -> Self {
        let status = if error == "invalid_client" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::BAD_REQUEST
        };
        Self {
            status,
            error,
            aadsts,
            description: description.into(),
        }
    }

    pub fn missing_parameter(name: &str) -> Self {
        Self::new(
            "invalid_request",
            900144,
            format!("The request body must contain the following parameter: '{name}'."),
        )
    }

    pub fn tenant_not_found(tenant: &str) -> Self {
        Self::new(
            "invalid_request",
            90002,
            format!("Tenant '{tenant}' not found. Check that the tenant id or domain name is right and that the tenant exists."),
        )
    }

    pub fn app_not_in_tenant(client_id: &str, tenant: &str) -> Self {
        Self::new(
            "unauthorized_client",
            700016,
            format!(
                "Application with identifier '{client_id}' was not found in the directory '{tenant}'. The application may not be \
                 installed or consented to by an administrator of that tenant."
            ),
        )
    }

    pub fn invalid_scope(detail: impl Into<String>) -> Self {
        Self::new(
            "invalid_scope",
            70011,
            format!(
                "The provided value for the input parameter 'scope' is not valid. {}",
                detail.into()
            ),
        )
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let trace_id = uuid::Uuid::new_v4().to_string();
        let correlation_id = uuid::Uuid::new_v4().to_string();
        let timestamp = chrono::Utc::now().format("%Y-%m-%d %H:%M:%SZ").to_string();
        let body = json!({
            "error": self.error,
            "error_description": format!(
                "AADSTS{}: {} Trace ID: {trace_id} Correlation ID: {correlation_id} Timestamp: {timestamp}",
                self.aadsts, self.description
            ),
            "error_codes": [self.aadsts],
            "timestamp": timestamp,
            "trace_id": trace_id,
            "correlation_id": correlation_id,
        });
        let mut response = (self.status, axum::Json(body)).into_response();
        // Token answers must never be cached, errors included.
        response.headers_mut().insert(
            "Cache-Control",
            axum::http::HeaderValue::from_static("no-store, no-cache"),
        );
        response
    }
}
