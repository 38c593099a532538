//! The outbound proxy: the system's (the `HTTPS_PROXY` / `NO_PROXY` environment, as
//! reqwest reads it) or one proxy URL the user entered, kept in the cache setting
//! `network.proxyUrl` (absent or empty means the system's).

use switchboard_cache::Cache;
use switchboard_graph::HttpSettings;

use crate::error::FieldError;

pub(crate) const PROXY_SETTING: &str = "network.proxyUrl";
const FIELD: &str = "proxyUrl";

/// A proxy URL that reqwest accepts: http or https, with a host, and without
/// credentials (those would end up in the cache, which holds no secrets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProxyUrl(String);

impl ProxyUrl {
    pub(crate) fn parse(text: &str) -> Result<Self, FieldError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(invalid(
                "required",
                "Enter the proxy URL, for example http://proxy.example.com:3128.".into(),
            ));
        }
        let url = reqwest::Url::parse(text).map_err(|e| {
            invalid(
                "invalid",
                format!("'{text}' is not a URL ({e}); enter it as http://host:port."),
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(
                "scheme",
                format!(
                    "The proxy URL must start with http:// or https://, not {}://.",
                    url.scheme()
                ),
            ));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(invalid(
                "host",
                "The proxy URL needs a host name or IP address.".into(),
            ));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(
                "credentials",
                "Leave the user name and password out of the proxy URL: Switchboard does not store proxy credentials.".into(),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

fn invalid(code: &str, message: String) -> FieldError {
    FieldError {
        field: FIELD.into(),
        code: format!("{FIELD}.{code}"),
        message,
    }
}

/// The configured proxy, or `None` for the system's. A stored value that no longer
/// parses is not fatal: the system proxy is used and the problem logged.
pub(crate) fn stored_proxy(cache: &Cache) -> Option<ProxyUrl> {
    let stored = cache.setting(PROXY_SETTING).unwrap_or_else(|error| {
        tracing::warn!(%error, "proxy setting unreadable; using the system proxy");
        None
    })?;
    if stored.is_empty() {
        return None;
    }
    ProxyUrl::parse(&stored)
        .inspect_err(|problem| {
            tracing::warn!(message = %problem.message, "stored proxy refused; using the system proxy");
        })
        .ok()
}

pub(crate) fn http_settings(proxy: Option<&ProxyUrl>) -> HttpSettings {
    HttpSettings {
        proxy: proxy.map(|p| p.as_str().to_owned()),
        ..HttpSettings::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_url_needs_http_or_https_a_host_and_no_credentials() {
        assert_eq!(
            ProxyUrl::parse(" http://proxy.example.com:3128 ")
                .unwrap()
                .as_str(),
            "http://proxy.example.com:3128"
        );
        assert!(ProxyUrl::parse("https://10.0.0.1").is_ok());
        for (text, code) in [
            ("", "proxyUrl.required"),
            ("proxy.example.com:3128", "proxyUrl.scheme"),
            ("not a url", "proxyUrl.invalid"),
            ("socks5://proxy.example.com:1080", "proxyUrl.scheme"),
            ("http://", "proxyUrl.invalid"),
            ("http://user:pw@proxy.example.com", "proxyUrl.credentials"),
        ] {
            assert_eq!(
                ProxyUrl::parse(text).map_err(|e| e.code),
                Err(code.to_string()),
                "{text:?}"
            );
        }
    }
}
