//! Helpers shared by the integration tests.

use uuid::Uuid;

/// A secret of about `len` bytes that cannot be confused with any other test's value.
pub fn unique_secret(len: usize) -> String {
    let mut secret = String::with_capacity(len + 36);
    while secret.len() < len {
        secret.push_str(&Uuid::new_v4().simple().to_string());
    }
    secret.truncate(len);
    secret
}

/// True when any `window`-byte slice of `needle` occurs in `haystack`.
pub fn shares_a_window(haystack: &[u8], needle: &[u8], window: usize) -> bool {
    needle
        .windows(window)
        .any(|part| haystack.windows(window).any(|candidate| candidate == part))
}
