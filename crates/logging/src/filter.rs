use tracing_subscriber::EnvFilter;

use crate::LoggingError;

/// Builds the filter from `RUST_LOG`'s value when it is set and non-empty, else from the
/// default directives. An invalid filter is an error rather than silently ignored, so a typo
/// in `RUST_LOG` does not quietly hide the logs someone asked for.
pub(crate) fn resolve(env_value: Option<&str>, default: &str) -> Result<EnvFilter, LoggingError> {
    let (directives, origin) = match env_value.map(str::trim) {
        Some(value) if !value.is_empty() => (value, "RUST_LOG"),
        _ => (default, "the default filter"),
    };
    EnvFilter::try_new(directives).map_err(|err| LoggingError::InvalidFilter {
        directives: directives.to_owned(),
        origin,
        reason: err.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_value_wins_over_default() {
        let filter = resolve(Some("warn,switchboard=trace"), "info").expect("valid filter");
        assert_eq!(filter.to_string(), "switchboard=trace,warn");
    }

    #[test]
    fn empty_env_value_falls_back_to_default() {
        let filter = resolve(Some("  "), "debug").expect("valid filter");
        assert_eq!(filter.to_string(), "debug");
        assert_eq!(resolve(None, "error").expect("valid").to_string(), "error");
    }

    #[test]
    fn invalid_directives_name_their_origin() {
        let err = resolve(Some("info,foo=notalevel"), "info").expect_err("must be rejected");
        let message = err.to_string();
        assert!(message.contains("RUST_LOG"), "{message}");
        assert!(message.contains("foo=notalevel"), "{message}");
    }
}
