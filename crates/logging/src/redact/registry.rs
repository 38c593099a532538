use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::{PoisonError, RwLock};

/// Values shorter than this are not registered: masking every "admin" or "12345" in the logs
/// would hide ordinary words and numbers while protecting nothing worth protecting.
pub const MIN_SECRET_LEN: usize = 6;

/// Registered values, kept longest first so that a secret containing another registered
/// secret is masked whole.
static REGISTRY: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Registers a value that must never appear in any log line or redacted text from now on.
/// Values shorter than [`MIN_SECRET_LEN`] characters (after trimming) are ignored.
pub fn register_secret(secret: &str) {
    let secret = secret.trim();
    if secret.chars().count() < MIN_SECRET_LEN {
        return;
    }
    let mut candidates = BTreeSet::from([secret.to_owned()]);
    // `Debug` formatting escapes quotes, backslashes and control characters, so the value can
    // reach a log line in that escaped form too.
    let escaped = format!("{secret:?}");
    candidates.insert(escaped[1..escaped.len() - 1].to_owned());

    let mut values = REGISTRY.write().unwrap_or_else(PoisonError::into_inner);
    for candidate in candidates {
        if !values.contains(&candidate) {
            values.push(candidate);
        }
    }
    values.sort_by_key(|value| std::cmp::Reverse(value.len()));
}

pub(super) fn mask_registered(line: &str) -> Cow<'_, str> {
    let values = REGISTRY.read().unwrap_or_else(PoisonError::into_inner);
    let mut masked = Cow::Borrowed(line);
    for value in values.iter() {
        if masked.contains(value.as_str()) {
            masked = Cow::Owned(masked.replace(value.as_str(), super::REDACTED));
        }
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_value_is_masked_everywhere_in_the_line() {
        register_secret("s3cr3t-Registry-Value");
        let out = mask_registered("a=s3cr3t-Registry-Value b=s3cr3t-Registry-Value!");
        assert_eq!(out, "a=[REDACTED] b=[REDACTED]!");
    }

    #[test]
    fn short_values_are_ignored() {
        register_secret("admin");
        register_secret("  12345 ");
        let line = "user admin logged in with pin 12345";
        assert_eq!(mask_registered(line), line);
    }

    #[test]
    fn debug_escaped_form_is_masked_too() {
        register_secret(r#"quo"te\slash-secret"#);
        let debug_line = format!("{:?}", r#"x quo"te\slash-secret y"#);
        let out = mask_registered(&debug_line);
        assert!(!out.contains("slash-secret"), "{out}");
    }

    #[test]
    fn longer_secret_containing_a_shorter_one_is_masked_whole() {
        register_secret("inner-token-1");
        register_secret("prefix-inner-token-1-suffix");
        let out = mask_registered("v=prefix-inner-token-1-suffix");
        assert_eq!(out, "v=[REDACTED]");
    }
}
