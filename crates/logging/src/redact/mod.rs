//! Masking of secrets in text that is about to leave the process (log lines, UI errors).
//!
//! Two layers: exact values registered at run time (the secrets store registers every secret
//! it handles, under its reference, so a replaced value gives way to the new one), then
//! patterns that recognise credentials by their shape or by the key they are attached to.

mod patterns;
mod registry;

use std::borrow::Cow;

pub use registry::{register_secret, register_secret_for, MIN_SECRET_LEN};

/// What replaces every secret.
pub const REDACTED: &str = "[REDACTED]";

/// Returns `line` with every registered secret and every credential-looking value replaced by
/// [`REDACTED`]. Borrows when nothing needed masking.
pub fn redact_line(line: &str) -> Cow<'_, str> {
    // Exact values first: a pattern rewrite could otherwise cut a registered secret in two and
    // leave a recognisable remainder.
    match registry::mask_registered(line) {
        Cow::Borrowed(_) => patterns::mask_patterns(line),
        Cow::Owned(masked) => Cow::Owned(patterns::mask_patterns(&masked).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        let line = "INFO switchboard::sync: synced 42 users for tenant contoso";
        assert!(matches!(redact_line(line), Cow::Borrowed(text) if text == line));
    }

    #[test]
    fn registered_value_and_pattern_in_one_line() {
        register_secret("Zq8-registered-and-pattern-77");
        let out = redact_line("value Zq8-registered-and-pattern-77 then password=abc123xyz end");
        assert_eq!(out, "value [REDACTED] then password=[REDACTED] end");
    }
}
