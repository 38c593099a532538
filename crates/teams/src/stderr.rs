//! The part of a child's stderr worth keeping: its end, with tokens removed.

use crate::tokens::Redactor;

/// At most this many characters of stderr are kept: enough for the last few errors.
const TAIL_CHARS: usize = 4000;

pub(crate) struct StderrTail(String);

impl StderrTail {
    /// Redacts the whole text first, so a token cut in half by the tail cannot slip through.
    pub(crate) fn of(stderr: &str, redactor: &Redactor) -> Self {
        let clean = redactor.redact(stderr);
        let skip = clean.chars().count().saturating_sub(TAIL_CHARS);
        Self(
            clean
                .chars()
                .skip(skip)
                .collect::<String>()
                .trim()
                .to_string(),
        )
    }

    pub(crate) fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_redacted_end_is_kept() {
        let long = format!("{}\nlast error eyJa.b.c\n", "x".repeat(TAIL_CHARS * 2));
        let tail = StderrTail::of(&long, &Redactor::default()).into_string();
        assert!(tail.chars().count() <= TAIL_CHARS);
        assert!(tail.ends_with("last error [redacted]"));
    }
}
