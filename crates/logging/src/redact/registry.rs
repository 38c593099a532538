use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{PoisonError, RwLock};

/// Values shorter than this are not registered: masking every "admin" or "12345" in the logs
/// would hide ordinary words and numbers while protecting nothing worth protecting.
pub const MIN_SECRET_LEN: usize = 6;

static REGISTRY: RwLock<Registry> = RwLock::new(Registry {
    by_owner: BTreeMap::new(),
    longest_first: Vec::new(),
});

struct Registry {
    /// The forms of each secret to mask, by what the secret belongs to. One value per owner
    /// bounds the registry by the number of secrets, however often a token rotates.
    by_owner: BTreeMap<String, BTreeSet<String>>,
    /// Every form of every secret, longest first so that a secret containing another
    /// registered secret is masked whole.
    longest_first: Vec<String>,
}

/// Registers a value that must never appear in any log line or redacted text from now on.
/// Values shorter than [`MIN_SECRET_LEN`] characters (after trimming) are ignored.
pub fn register_secret(secret: &str) {
    // Its own owner: kept for the life of the process, and registering it again adds nothing.
    register_secret_for(secret.trim(), secret);
}

/// Registers `secret` as the current value of `owner` (say, a secret reference), replacing
/// the value registered for `owner` before: a rotated refresh token takes its predecessor's
/// place instead of piling up. A value shorter than [`MIN_SECRET_LEN`] characters (after
/// trimming) is not registered, but still replaces the previous one.
pub fn register_secret_for(owner: &str, secret: &str) {
    let forms = masked_forms(secret.trim());
    let mut registry = REGISTRY.write().unwrap_or_else(PoisonError::into_inner);
    if registry.by_owner.get(owner) == Some(&forms) {
        return;
    }
    if forms.is_empty() {
        registry.by_owner.remove(owner);
    } else {
        registry.by_owner.insert(owner.to_owned(), forms);
    }
    let all: BTreeSet<&String> = registry.by_owner.values().flatten().collect();
    let mut longest_first: Vec<String> = all.into_iter().cloned().collect();
    longest_first.sort_by_key(|value| std::cmp::Reverse(value.len()));
    registry.longest_first = longest_first;
}

fn masked_forms(secret: &str) -> BTreeSet<String> {
    if secret.chars().count() < MIN_SECRET_LEN {
        return BTreeSet::new();
    }
    // `Debug` formatting escapes quotes, backslashes and control characters, so the value can
    // reach a log line in that escaped form too.
    let escaped = format!("{secret:?}");
    BTreeSet::from([secret.to_owned(), escaped[1..escaped.len() - 1].to_owned()])
}

pub(super) fn mask_registered(line: &str) -> Cow<'_, str> {
    let registry = REGISTRY.read().unwrap_or_else(PoisonError::into_inner);
    let mut masked = Cow::Borrowed(line);
    for value in &registry.longest_first {
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

    #[test]
    fn a_new_value_for_an_owner_replaces_the_old_one() {
        let owner = "sref:rotating-owner-test";
        for round in 0..100 {
            register_secret_for(owner, &format!("rotated-token-{round:03}"));
        }
        let registry = REGISTRY.read().unwrap_or_else(PoisonError::into_inner);
        assert_eq!(
            registry.by_owner[owner],
            BTreeSet::from(["rotated-token-099".to_owned()]),
            "one value per owner"
        );
        assert!(!registry
            .longest_first
            .contains(&"rotated-token-098".to_owned()));
        drop(registry);
        assert_eq!(
            mask_registered("old rotated-token-098 new rotated-token-099"),
            "old rotated-token-098 new [REDACTED]"
        );
    }

    #[test]
    fn a_short_value_for_an_owner_removes_the_old_one() {
        register_secret_for("sref:shortened-owner-test", "long-enough-value-1");
        register_secret_for("sref:shortened-owner-test", "tiny");
        let line = "was long-enough-value-1, now tiny";
        assert_eq!(mask_registered(line), line);
    }
}
