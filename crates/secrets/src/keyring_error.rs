use switchboard_logging::redact::redact_line;

use crate::SecretsError;

/// Maps a keyring error met while *writing* or for any non-`NoEntry` failure. Readers and
/// deleters handle `NoEntry` themselves (it means "absent"); reaching this function with it
/// means the keychain did not keep what it was given, e.g. Linux keyutils without a session
/// keyring.
pub(crate) fn map_keyring_error(err: keyring::Error) -> SecretsError {
    match err {
        keyring::Error::NoStorageAccess(source) | keyring::Error::PlatformFailure(source) => {
            SecretsError::KeychainUnavailable {
                detail: platform_detail(&source.to_string()),
            }
        }
        keyring::Error::NoEntry => SecretsError::KeychainUnavailable {
            detail: "the keychain did not keep the entry (no keyring session is available)"
                .to_owned(),
        },
        // The variants below are described without their payloads: `BadEncoding` carries the
        // stored bytes and `Ambiguous` the matching credentials.
        keyring::Error::BadEncoding(_) => SecretsError::KeychainRejected {
            detail: "the stored entry is not valid UTF-8 text".to_owned(),
        },
        keyring::Error::TooLong(attribute, limit) => SecretsError::KeychainRejected {
            detail: format!("{attribute} is longer than the platform limit of {limit}"),
        },
        keyring::Error::Invalid(attribute, reason) => SecretsError::KeychainRejected {
            detail: format!("{attribute} is invalid: {reason}"),
        },
        keyring::Error::Ambiguous(matches) => SecretsError::KeychainRejected {
            detail: format!("{} entries match one secret reference", matches.len()),
        },
        other => SecretsError::KeychainRejected {
            detail: redact_line(&other.to_string()).into_owned(),
        },
    }
}

/// Platform errors are passed through redaction as a belt-and-braces measure, and D-Bus
/// failures get the hint people actually need on Linux.
fn platform_detail(message: &str) -> String {
    let message = redact_line(message).into_owned();
    let lower = message.to_ascii_lowercase();
    if lower.contains("dbus")
        || lower.contains("d-bus")
        || lower.contains("org.freedesktop.secrets")
    {
        format!("{message} (is a Secret Service provider such as GNOME Keyring or KWallet running and unlocked?)")
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(message: &str) -> Box<dyn std::error::Error + Send + Sync> {
        message.to_owned().into()
    }

    #[test]
    fn storage_access_and_platform_failures_are_actionable() {
        for err in [
            keyring::Error::NoStorageAccess(boxed("collection is locked")),
            keyring::Error::PlatformFailure(boxed(
                "D-Bus error: org.freedesktop.DBus.Error.ServiceUnknown",
            )),
        ] {
            let mapped = map_keyring_error(err);
            assert!(
                matches!(mapped, SecretsError::KeychainUnavailable { .. }),
                "{mapped:?}"
            );
            let message = mapped.to_string();
            assert!(message.contains("unlock it"), "{message}");
            assert!(
                message.contains("never stores secrets in plain text"),
                "{message}"
            );
        }
    }

    #[test]
    fn dbus_failures_get_a_secret_service_hint() {
        let mapped = map_keyring_error(keyring::Error::PlatformFailure(boxed(
            "failed to connect to org.freedesktop.secrets",
        )));
        assert!(mapped.to_string().contains("GNOME Keyring"), "{mapped}");
    }

    #[test]
    fn no_entry_on_write_means_the_keychain_is_unusable() {
        let mapped = map_keyring_error(keyring::Error::NoEntry);
        assert!(
            matches!(mapped, SecretsError::KeychainUnavailable { .. }),
            "{mapped:?}"
        );
    }

    #[test]
    fn payload_bytes_never_reach_the_message() {
        let secret = "secret-bytes-in-bad-encoding";
        let mapped = map_keyring_error(keyring::Error::BadEncoding(secret.as_bytes().to_vec()));
        assert!(matches!(mapped, SecretsError::KeychainRejected { .. }));
        assert!(!mapped.to_string().contains(secret));
        assert!(!format!("{mapped:?}").contains(secret));
    }

    #[test]
    fn platform_messages_are_redacted() {
        let mapped = map_keyring_error(keyring::Error::PlatformFailure(boxed(
            "backend said password=leaked-value-123",
        )));
        assert!(!mapped.to_string().contains("leaked-value-123"), "{mapped}");
    }
}
