//! The one `reqwest::Client` a tenant's sign-in and Graph calls share.

use std::time::Duration;

use crate::error::GraphError;

/// Outbound HTTP settings. System proxy variables (`HTTPS_PROXY`, `NO_PROXY`, ...) are
/// honoured as reqwest does by default; `proxy` overrides them for every request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpSettings {
    pub proxy: Option<String>,
    pub connect_timeout: Option<Duration>,
}

/// Builds the client. Redirects are never followed: a token endpoint that redirects
/// could otherwise send credentials to another host.
pub fn build_http_client(settings: &HttpSettings) -> Result<reqwest::Client, GraphError> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(settings.connect_timeout.unwrap_or(Duration::from_secs(15)));
    if let Some(proxy) = &settings.proxy {
        let proxy = reqwest::Proxy::all(proxy.trim()).map_err(|e| {
            GraphError::InvalidInput(format!("the proxy URL '{proxy}' is not valid ({e})"))
        })?;
        builder = builder.proxy(proxy);
    }
    builder
        .build()
        .map_err(|e| GraphError::InvalidInput(format!("the HTTP client could not be built ({e})")))
}

/// A reqwest failure as this crate reports it, without the URL (it may carry a delta token).
pub(crate) fn transport_error(error: reqwest::Error, timeout: Duration) -> GraphError {
    if error.is_timeout() {
        GraphError::Timeout(timeout)
    } else {
        GraphError::Network(error.without_url().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_proxy_must_be_a_url() {
        let ok = HttpSettings {
            proxy: Some("http://127.0.0.1:3128".into()),
            ..HttpSettings::default()
        };
        assert!(build_http_client(&ok).is_ok());
        let bad = HttpSettings {
            proxy: Some("::not a proxy::".into()),
            ..HttpSettings::default()
        };
        assert!(matches!(
            build_http_client(&bad),
            Err(GraphError::InvalidInput(_))
        ));
    }
}
