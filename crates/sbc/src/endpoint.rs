//! Where a device is and how the client should trust and talk to it.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use switchboard_domain::is_loopback_host;
use url::Url;

use crate::SbcError;

/// A certificate's SHA-256 fingerprint, shown as upper-case hex pairs joined by `:`
/// (the form browsers and the SBC's web UI use).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256Fingerprint([u8; 32]);

impl Sha256Fingerprint {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The fingerprint of a DER-encoded certificate.
    pub fn of_certificate(der: &[u8]) -> Self {
        use sha2::{Digest, Sha256};
        Self(Sha256::digest(der).into())
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl FromStr for Sha256Fingerprint {
    type Err = SbcError;

    /// Accepts 64 hex digits, in either case, optionally separated by `:`, `-` or spaces
    /// (people paste fingerprints from browsers, `openssl` and the SBC's web page).
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let invalid = || {
            SbcError::InvalidEndpoint(format!(
                "'{input}' is not a SHA-256 fingerprint (64 hex digits, optionally in pairs separated by ':')"
            ))
        };
        let digits: Vec<u8> = input
            .chars()
            .filter(|c| !matches!(c, ':' | '-' | ' '))
            .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
            .collect::<Option<_>>()
            .ok_or_else(invalid)?;
        if digits.len() != 64 {
            return Err(invalid());
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks(2)) {
            *byte = pair[0] << 4 | pair[1];
        }
        Ok(Self(bytes))
    }
}

impl TryFrom<String> for Sha256Fingerprint {
    type Error = SbcError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Sha256Fingerprint> for String {
    fn from(value: Sha256Fingerprint) -> Self {
        value.to_string()
    }
}

impl fmt::Display for Sha256Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, byte) in self.0.iter().enumerate() {
            if position > 0 {
                f.write_str(":")?;
            }
            write!(f, "{byte:02X}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Sha256Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Fingerprint({self})")
    }
}

/// How the client decides that the device's HTTPS certificate is the right one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CertTrust {
    /// The platform's trusted roots, with host name checks.
    #[default]
    System,
    /// Exactly the certificate with this fingerprint, whoever issued it (SBCs usually
    /// have self-signed certificates). There is deliberately no "accept anything" mode.
    Pinned(Sha256Fingerprint),
}

/// One managed SBC's management interface.
#[derive(Debug, Clone)]
pub struct SbcEndpoint {
    /// FQDN or IP address, without scheme or port.
    pub host: String,
    /// `None` means 443 for HTTPS and 80 for HTTP.
    pub port: Option<u16>,
    pub https: bool,
    pub admin_user: String,
    pub password: SecretString,
    pub trust: CertTrust,
    /// The user confirmed sending the password unencrypted (plain HTTP) to this host.
    /// Without it the client refuses `https: false` for anything but loopback.
    pub plain_http_confirmed: bool,
}

impl SbcEndpoint {
    /// An HTTPS endpoint on the default port with system trust.
    pub fn new(
        host: impl Into<String>,
        admin_user: impl Into<String>,
        password: SecretString,
    ) -> Self {
        Self {
            host: host.into(),
            port: None,
            https: true,
            admin_user: admin_user.into(),
            password,
            trust: CertTrust::System,
            plain_http_confirmed: false,
        }
    }

    /// Basic auth sends the password readable on the wire over plain HTTP: allowed on
    /// loopback (the sandbox) or when the user confirmed it for this device.
    pub(crate) fn ensure_transport_allowed(&self) -> Result<(), SbcError> {
        if self.https || self.plain_http_confirmed || is_loopback_host(&self.host) {
            return Ok(());
        }
        Err(SbcError::PlainHttpRefused {
            host: self.host.trim().to_string(),
        })
    }

    /// `https://host[:port]/` (IPv6 literals bracketed).
    pub(crate) fn base_url(&self) -> Result<Url, SbcError> {
        let host = self.host.trim();
        if host.is_empty() || host.contains(['/', '@', '?', '#', ' ']) {
            return Err(SbcError::InvalidEndpoint(format!(
                "'{host}' is not a host name or IP address"
            )));
        }
        let host = if host.contains(':') && !host.starts_with('[') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        let scheme = if self.https { "https" } else { "http" };
        let port = self.port.map(|port| format!(":{port}")).unwrap_or_default();
        Url::parse(&format!("{scheme}://{host}{port}/"))
            .map_err(|error| SbcError::InvalidEndpoint(format!("'{host}': {error}")))
    }
}

/// How hard the client tries before giving up. The defaults suit a real device; tests
/// shorten them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientOptions {
    /// Attempts for one request while the device answers 409 (busy), including the first.
    pub busy_attempts: u32,
    /// Wait before the first retry; doubled each time up to `busy_max_delay`.
    pub busy_initial_delay: Duration,
    pub busy_max_delay: Duration,
    pub connect_timeout: Duration,
    /// For a whole request; script uploads can take a while on a loaded device.
    pub request_timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            busy_attempts: 5,
            busy_initial_delay: Duration::from_secs(2),
            busy_max_delay: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(120),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_parse_in_common_notations_and_print_with_colons() {
        let bytes: [u8; 32] = std::array::from_fn(|i| u8::try_from(i * 7).unwrap_or(0));
        let fingerprint = Sha256Fingerprint::from_bytes(bytes);
        let shown = fingerprint.to_string();
        assert_eq!(shown.len(), 32 * 3 - 1);
        assert_eq!(shown.parse::<Sha256Fingerprint>().ok(), Some(fingerprint));
        let bare_lower = shown.replace(':', "").to_lowercase();
        assert_eq!(
            bare_lower.parse::<Sha256Fingerprint>().ok(),
            Some(fingerprint)
        );
        assert!("AB:CD".parse::<Sha256Fingerprint>().is_err());
        assert!("zz".repeat(32).parse::<Sha256Fingerprint>().is_err());
    }

    #[test]
    fn base_urls_respect_scheme_port_and_ipv6() {
        let mut endpoint = SbcEndpoint::new("sbc.example.net", "Admin", SecretString::from("pw"));
        assert_eq!(
            endpoint.base_url().map(String::from).ok().as_deref(),
            Some("https://sbc.example.net/")
        );
        endpoint.https = false;
        endpoint.port = Some(8080);
        assert_eq!(
            endpoint.base_url().map(String::from).ok().as_deref(),
            Some("http://sbc.example.net:8080/")
        );
        endpoint.host = "::1".into();
        assert_eq!(
            endpoint.base_url().map(String::from).ok().as_deref(),
            Some("http://[::1]:8080/")
        );
        endpoint.host = "https://evil/".into();
        assert!(matches!(
            endpoint.base_url(),
            Err(SbcError::InvalidEndpoint(_))
        ));
    }

    #[test]
    fn plain_http_needs_loopback_or_a_confirmation() {
        let mut endpoint = SbcEndpoint::new("sbc.example.net", "Admin", SecretString::from("pw"));
        assert_eq!(endpoint.ensure_transport_allowed(), Ok(()));
        endpoint.https = false;
        assert_eq!(
            endpoint.ensure_transport_allowed(),
            Err(SbcError::PlainHttpRefused {
                host: "sbc.example.net".into()
            })
        );
        endpoint.plain_http_confirmed = true;
        assert_eq!(endpoint.ensure_transport_allowed(), Ok(()));
        endpoint.plain_http_confirmed = false;
        for loopback in ["127.0.0.1", "::1", "localhost"] {
            endpoint.host = loopback.into();
            assert_eq!(endpoint.ensure_transport_allowed(), Ok(()), "{loopback}");
        }
    }
}
