//! The crate's one error type. Every variant keeps what support needs in a log (the
//! AADSTS number or Graph `error.code`, the request id) and never a token or secret;
//! `user_message` turns it into a sentence a person can act on.

use std::fmt;
use std::time::Duration;

/// A refusal from the Microsoft identity platform's token or device-code endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AadError {
    /// The OAuth error, e.g. `invalid_client`.
    pub error: String,
    /// The AADSTS number at the start of the description, e.g. 7000215.
    pub aadsts: Option<u32>,
    pub description: String,
    pub trace_id: Option<String>,
    pub correlation_id: Option<String>,
}

impl AadError {
    /// Reads the AADSTS number and ids out of Microsoft's description, which reads
    /// `AADSTS7000215: Invalid client secret ... Trace ID: x Correlation ID: y Timestamp: z`.
    pub fn from_response(error: &str, description: Option<&str>) -> Self {
        let description = description.unwrap_or_default();
        let aadsts = description
            .strip_prefix("AADSTS")
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|digits| digits.parse().ok());
        Self {
            error: error.to_string(),
            aadsts,
            description: description.to_string(),
            trace_id: labelled_value(description, "Trace ID:"),
            correlation_id: labelled_value(description, "Correlation ID:"),
        }
    }
}

fn labelled_value(text: &str, label: &str) -> Option<String> {
    let (_, rest) = text.split_once(label)?;
    rest.split_whitespace().next().map(str::to_string)
}

impl fmt::Display for AadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.aadsts {
            Some(code) => write!(f, "{} (AADSTS{code})", self.error)?,
            None => write!(f, "{}", self.error)?,
        }
        if let Some(trace) = &self.trace_id {
            write!(f, ", trace id {trace}")?;
        }
        Ok(())
    }
}

/// A Graph answer outside 2xx, from its `{"error":{"code","message",...}}` envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GraphError {
    #[error("Microsoft identity refused the token request: {0}")]
    SignIn(AadError),
    #[error("the administrator declined the device-code sign-in")]
    SignInDeclined,
    #[error("the device code expired before the sign-in was completed")]
    SignInExpired,
    #[error("the identity platform did not recognise the device code (bad_verification_code)")]
    BadVerificationCode,
    #[error("the operation was cancelled")]
    Cancelled,
    #[error("Microsoft Graph was still throttling after {attempts} attempts (request id {})", .request_id.as_deref().unwrap_or("none"))]
    Throttled {
        attempts: u32,
        request_id: Option<String>,
    },
    #[error("the delta link has expired (syncStateNotFound, request id {})", .request_id.as_deref().unwrap_or("none"))]
    DeltaExpired { request_id: Option<String> },
    #[error("Microsoft Graph answered {0}")]
    Api(ApiError),
    #[error("network error: {0}")]
    Network(String),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("unexpected answer: {0}")]
    InvalidResponse(String),
    #[error("invalid request: {0}")]
    InvalidInput(String),
    /// A request that is not safe to repeat (it creates something) got no clear answer;
    /// it was not sent again, so whether it took effect is unknown.
    #[error("{action} may have been carried out; it got no clear answer ({cause}) and was not sent again")]
    Unconfirmed {
        action: String,
        cause: Box<GraphError>,
    },
    /// A long-running operation (a number assignment) ended `failed`; `message` is
    /// Microsoft's reason. Sending the same request again gets the same answer.
    #[error("Microsoft's operation {operation_id} failed: {message}")]
    OperationFailed {
        operation_id: String,
        message: String,
    },
    /// A long-running operation was still pending when the client stopped polling it;
    /// Microsoft may still carry it out.
    #[error("Microsoft's operation {operation_id} had not finished after {polls} polls")]
    OperationPending { operation_id: String, polls: u32 },
}

impl GraphError {
    /// The id to quote to Microsoft support: Graph's `request-id` or the identity trace id.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::SignIn(aad) => aad.trace_id.as_deref(),
            Self::Throttled { request_id, .. } | Self::DeltaExpired { request_id } => {
                request_id.as_deref()
            }
            Self::Api(api) => api.request_id.as_deref(),
            Self::Unconfirmed { cause, .. } => cause.request_id(),
            _ => None,
        }
    }

    /// The AADSTS number of an identity-platform refusal.
    pub fn aadsts(&self) -> Option<u32> {
        match self {
            Self::SignIn(aad) => aad.aadsts,
            _ => None,
        }
    }

    /// Graph's `error.code` of a refused call.
    pub fn graph_code(&self) -> Option<&str> {
        match self {
            Self::Api(api) => Some(&api.code),
            Self::DeltaExpired { .. } => Some("syncStateNotFound"),
            Self::Throttled { .. } => Some("TooManyRequests"),
            Self::Unconfirmed { cause, .. } => cause.graph_code(),
            _ => None,
        }
    }

    /// The exchange itself failed (no answer, or none in time): the request loop tries
    /// again where that is safe.
    pub(crate) fn is_network_failure(&self) -> bool {
        matches!(self, Self::Network(_) | Self::Timeout(_))
    }

    /// Whether the same request may succeed later, for a caller (a queue worker) that
    /// decides, once this client's own retries are spent, to try again later or to give
    /// up with the reason. Transient: throttling, 5xx and 408 answers, timeouts, dropped
    /// connections, the identity platform's own outages, a cancelled call, an operation
    /// still pending, and a write without a clear answer ([`GraphError::Unconfirmed`]:
    /// check whether it landed before sending it again). Everything else is permanent:
    /// 400/401/403/404/409 answers, a failed operation, a refused credential, bad input.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Network(_)
            | Self::Timeout(_)
            | Self::Throttled { .. }
            | Self::Cancelled
            | Self::Unconfirmed { .. }
            | Self::OperationPending { .. } => true,
            Self::Api(api) => api.status == 408 || api.status == 429 || api.status >= 500,
            Self::SignIn(_) => !self.is_refused_sign_in(),
            Self::SignInDeclined
            | Self::SignInExpired
            | Self::BadVerificationCode
            | Self::DeltaExpired { .. }
            | Self::InvalidResponse(_)
            | Self::InvalidInput(_)
            | Self::OperationFailed { .. } => false,
        }
    }

    /// Microsoft refused the stored credential itself (a wrong or expired secret, a
    /// revoked refresh token, consent missing): asking again with the same credential
    /// gets the same answer, unlike the identity platform's own `server_error` and
    /// `temporarily_unavailable`, a network failure or throttling.
    pub fn is_refused_sign_in(&self) -> bool {
        match self {
            Self::SignIn(aad) => !matches!(
                aad.error.as_str(),
                "server_error" | "temporarily_unavailable"
            ),
            _ => false,
        }
    }

    /// One sentence for the person at the console, saying what to do next.
    pub fn user_message(&self) -> String {
        match self {
            Self::SignIn(aad) => sign_in_message(aad),
            Self::SignInDeclined => "The administrator declined the sign-in request.".into(),
            Self::SignInExpired => {
                "The sign-in code expired before it was used. Start the sign-in again.".into()
            }
            Self::BadVerificationCode => {
                "Microsoft did not recognise the sign-in code. Start the sign-in again.".into()
            }
            Self::Cancelled => "The operation was cancelled.".into(),
            Self::Throttled { .. } => {
                "Microsoft Graph is throttling requests for this tenant; try again in a few minutes."
                    .into()
            }
            Self::DeltaExpired { .. } => {
                "The saved change-tracking state for this tenant has expired; a full synchronisation is needed."
                    .into()
            }
            Self::Api(api) => api_message(api),
            Self::Network(_) => {
                "Switchboard could not reach Microsoft. Check the network connection and the proxy settings."
                    .into()
            }
            Self::Timeout(_) => "Microsoft did not answer in time. Try again shortly.".into(),
            Self::InvalidResponse(_) => {
                "Microsoft sent an answer Switchboard could not read. Try again; if it keeps happening, report it."
                    .into()
            }
            Self::InvalidInput(detail) => format!("The request was not sent: {detail}."),
            Self::Unconfirmed { action, .. } => format!(
                "Microsoft gave no clear answer to {action}, so it may or may not have been carried out. Check the tenant before trying again, so that nothing is created twice."
            ),
            Self::OperationFailed { message, .. } => {
                format!("Microsoft refused the change: {message}")
            }
            Self::OperationPending { .. } => {
                "Microsoft accepted the change but had not finished it yet; check the user again shortly."
                    .into()
            }
        }
    }
}

fn sign_in_message(aad: &AadError) -> String {
    let Some(code) = aad.aadsts else {
        return format!(
            "Microsoft refused the sign-in ({}). Check the app registration and try again.",
            aad.error
        );
    };
    match code {
        7000215 => format!(
            "The client secret for this app registration was rejected by Microsoft (AADSTS{code}). Create a new secret in Entra ID and save it in Switchboard."
        ),
        7000222 => format!(
            "The client secret for this app registration has expired (AADSTS{code}). Create a new secret in Entra ID and save it in Switchboard."
        ),
        7000218 => format!(
            "Microsoft expects a client secret for this app registration (AADSTS{code}). Save the secret in Switchboard, or allow public client flows in Entra ID."
        ),
        700016 => format!(
            "The app registration is not consented in this tenant (AADSTS{code}). Ask a tenant administrator to grant admin consent, then try again."
        ),
        90002 => format!(
            "Microsoft does not know this tenant (AADSTS{code}). Check the tenant ID or domain name."
        ),
        50173 | 700082 | 70008 | 9002313 => format!(
            "The saved sign-in for this tenant is no longer valid (AADSTS{code}). Sign in again with a device code."
        ),
        65001 => format!(
            "Admin consent is missing for a permission this app needs (AADSTS{code}). Grant admin consent in Entra ID, then try again."
        ),
        _ => format!(
            "Microsoft refused the sign-in (AADSTS{code}, {}). Check the app registration and try again.",
            aad.error
        ),
    }
}

fn api_message(api: &ApiError) -> String {
    match api.status {
        401 => format!(
            "Microsoft Graph did not accept the sign-in for this tenant ({}). Sign in again.",
            api.code
        ),
        403 => format!(
            "The app registration lacks a Graph permission this action needs ({}). Grant it in Entra ID with admin consent.",
            api.code
        ),
        404 => format!(
            "Microsoft Graph could not find the requested object ({}).",
            api.code
        ),
        _ => format!("Microsoft Graph refused the request: {} ({}).", api.message.trim_end_matches('.'), api.code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_aadsts_number_and_ids_are_read_from_the_description() {
        let aad = AadError::from_response(
            "invalid_client",
            Some("AADSTS7000215: Invalid client secret provided. Trace ID: t-1 Correlation ID: c-2 Timestamp: 2026-01-01 00:00:00Z"),
        );
        assert_eq!(aad.aadsts, Some(7000215));
        assert_eq!(aad.trace_id.as_deref(), Some("t-1"));
        assert_eq!(aad.correlation_id.as_deref(), Some("c-2"));
        let error = GraphError::SignIn(aad);
        assert_eq!(error.aadsts(), Some(7000215));
        assert_eq!(error.request_id(), Some("t-1"));
        assert!(error.user_message().contains("AADSTS7000215"));
    }

    #[test]
    fn a_description_without_a_code_still_gives_a_message() {
        let aad = AadError::from_response("server_error", None);
        assert_eq!(aad.aadsts, None);
        assert!(GraphError::SignIn(aad)
            .user_message()
            .contains("server_error"));
    }

    #[test]
    fn refused_credentials_are_told_from_transient_failures() {
        let refusal = |error: &str, description: &str| {
            GraphError::SignIn(AadError::from_response(error, Some(description)))
        };
        for refused in [
            refusal(
                "invalid_client",
                "AADSTS7000215: Invalid client secret provided.",
            ),
            refusal(
                "invalid_grant",
                "AADSTS50173: The provided grant has expired.",
            ),
            refusal(
                "unauthorized_client",
                "AADSTS700016: Application not found.",
            ),
            refusal(
                "invalid_grant",
                "AADSTS65001: The user or administrator has not consented.",
            ),
        ] {
            assert!(refused.is_refused_sign_in(), "{refused:?}");
        }
        for transient in [
            refusal(
                "server_error",
                "AADSTS90033: A transient error has occurred.",
            ),
            refusal(
                "temporarily_unavailable",
                "AADSTS50196: The server is busy.",
            ),
            GraphError::Network("connection refused".into()),
            GraphError::Timeout(Duration::from_secs(30)),
            GraphError::Throttled {
                attempts: 5,
                request_id: None,
            },
            GraphError::Api(ApiError {
                status: 503,
                code: "serviceNotAvailable".into(),
                message: "busy".into(),
                request_id: None,
            }),
        ] {
            assert!(!transient.is_refused_sign_in(), "{transient:?}");
            assert!(transient.is_transient(), "{transient:?}");
        }
    }

    #[test]
    fn refusals_and_failed_operations_are_permanent() {
        let api = |status: u16| {
            GraphError::Api(ApiError {
                status,
                code: "x".into(),
                message: "m".into(),
                request_id: None,
            })
        };
        for permanent in [
            api(400),
            api(403),
            api(404),
            api(409),
            GraphError::OperationFailed {
                operation_id: "o".into(),
                message: "The telephone number is already assigned to another user.".into(),
            },
            GraphError::SignIn(AadError::from_response(
                "invalid_client",
                Some("AADSTS7000215: Invalid client secret provided."),
            )),
        ] {
            assert!(!permanent.is_transient(), "{permanent:?}");
        }
        for transient in [
            api(429),
            api(500),
            api(504),
            GraphError::OperationPending {
                operation_id: "o".into(),
                polls: 3,
            },
            GraphError::Unconfirmed {
                action: "POST /x".into(),
                cause: Box::new(api(502)),
            },
        ] {
            assert!(transient.is_transient(), "{transient:?}");
        }
    }
}
