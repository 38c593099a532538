use secrecy::{ExposeSecret, SecretString};

/// Every secret handled here is registered with the log redaction, so that if it ever ends
/// up in a log line (say, echoed back in a server's error body) it is masked.
pub(crate) fn remember(value: &SecretString) {
    switchboard_logging::redact::register_secret(value.expose_secret());
}
