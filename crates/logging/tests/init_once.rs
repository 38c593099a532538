//! `init` installs the global pipeline once; this file is its own test binary because a
//! process-wide subscriber can be set only once.

use switchboard_logging::{init, LogOptions, LoggingError};

#[test]
fn second_init_is_an_error_and_the_first_one_logs_redacted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guard = init(LogOptions::new(dir.path()).with_default_filter("info")).expect("first init");
    assert_eq!(guard.directory(), dir.path());

    let again = init(LogOptions::new(dir.path()));
    assert!(
        matches!(again, Err(LoggingError::AlreadyInitialized)),
        "{again:?}"
    );

    tracing::warn!("global pipeline password=TopSecret-42 works");
    drop(guard);

    let mut logs = String::new();
    for entry in std::fs::read_dir(dir.path()).expect("log folder") {
        logs.push_str(&std::fs::read_to_string(entry.expect("entry").path()).expect("text"));
    }
    assert!(
        logs.contains("global pipeline password=[REDACTED] works"),
        "{logs}"
    );
    assert!(!logs.contains("TopSecret-42"), "{logs}");
}
