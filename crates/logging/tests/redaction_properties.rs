//! Every log line passes through redaction, so no line, however odd, may make it
//! panic: a panic there would take down whatever was logging.

use proptest::prelude::*;
use switchboard_logging::redact::redact_line;

/// Arbitrary text with the pieces the patterns look for (keys, schemes, quotes,
/// escapes, token shapes) spliced in, so that the patterns match and rewrite.
fn log_line() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        prop::sample::select(vec![
            "password",
            "Password ",
            "client_secret",
            "_token",
            "pwd",
            "sig",
            "apikey",
            "Authorization",
            "proxy-authorization",
            "Bearer ",
            "eyJ",
            "eyJhbGciOi.",
            "://",
            "https://user:",
            "@",
            "=",
            ": ",
            "\"",
            "\\\"",
            "\\\\",
            "'",
            "Some(",
            ")",
            "\\n",
            "\n",
            "\r",
            ";",
            "&",
            " ",
            "[REDACTED]",
        ])
        .prop_map(String::from),
        "[A-Za-z0-9_\\-.]{0,12}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn redaction_never_panics_nor_adds_line_breaks(line in log_line()) {
        let breaks = |text: &str| text.matches(['\n', '\r']).count();
        // Masks replace text with `[REDACTED]`; a new line break would forge a log line.
        prop_assert!(breaks(&redact_line(&line)) <= breaks(&line));
    }
}
