use std::fmt::Display;

use secrecy::{ExposeSecret, SecretString};

/// Every secret handled here is registered with the log redaction, so that if it ever ends
/// up in a log line (say, echoed back in a server's error body) it is masked. It is
/// registered as the value of `owner` (its reference or keychain account), so a rotated
/// token replaces its predecessor there instead of piling up.
pub(crate) fn remember(owner: impl Display, value: &SecretString) {
    switchboard_logging::redact::register_secret_for(&owner.to_string(), value.expose_secret());
}
