//! Turns `oauth2` request failures into `GraphError`, keeping the AADSTS number and
//! trace id and dropping anything that could hold a token (a parse failure's body).

use oauth2::{ErrorResponseType, RequestTokenError, StandardErrorResponse};

use crate::error::{AadError, GraphError};

/// The HTTP side is `SignIn::exchange`, which already speaks `GraphError`.
pub(super) type OAuthFailure<T> = RequestTokenError<GraphError, StandardErrorResponse<T>>;

pub(super) fn to_graph_error<T>(failure: OAuthFailure<T>) -> GraphError
where
    T: ErrorResponseType + std::fmt::Display + 'static,
{
    match failure {
        RequestTokenError::ServerResponse(response) => {
            // Every error type displays as its wire code, e.g. `expired_token`.
            let code = response.error().to_string();
            from_code(&code, response.error_description().map(String::as_str))
        }
        RequestTokenError::Request(error) => error,
        RequestTokenError::Parse(error, _body) => GraphError::InvalidResponse(format!(
            "the identity platform's answer could not be read at '{}'",
            error.path()
        )),
        RequestTokenError::Other(detail) => GraphError::InvalidResponse(detail),
    }
}

fn from_code(code: &str, description: Option<&str>) -> GraphError {
    match code {
        "authorization_declined" | "access_denied" => GraphError::SignInDeclined,
        "expired_token" => GraphError::SignInExpired,
        "bad_verification_code" => GraphError::BadVerificationCode,
        _ => GraphError::SignIn(AadError::from_response(code, description)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oauth2::basic::BasicErrorResponseType;
    use oauth2::DeviceCodeErrorResponseType;

    #[test]
    fn device_code_endings_get_their_own_variants() {
        let failure =
            |t: DeviceCodeErrorResponseType| -> OAuthFailure<DeviceCodeErrorResponseType> {
                RequestTokenError::ServerResponse(StandardErrorResponse::new(t, None, None))
            };
        assert_eq!(
            to_graph_error(failure(DeviceCodeErrorResponseType::ExpiredToken)),
            GraphError::SignInExpired
        );
        assert_eq!(
            to_graph_error(failure(DeviceCodeErrorResponseType::AccessDenied)),
            GraphError::SignInDeclined
        );
        let declined = DeviceCodeErrorResponseType::Basic(BasicErrorResponseType::Extension(
            "authorization_declined".into(),
        ));
        assert_eq!(
            to_graph_error(failure(declined)),
            GraphError::SignInDeclined
        );
    }
}
