//! Logging set-up for the desktop process: daily files in `<data>/logs`, plus stderr in
//! debug builds so a developer sees the same lines in the terminal.

use switchboard_app::AppConfig;
use switchboard_logging::{LogGuard, LogOptions};

/// Returns the guard that flushes the log files on exit; `None` when logging could not
/// start (the reason goes to stderr, and the app keeps running without file logs).
pub fn init(config: Option<&AppConfig>) -> Option<LogGuard> {
    // Without a configuration there is no data folder to log into; the start-up error
    // itself is shown in the window.
    let config = config?;
    let options = LogOptions::new(config.paths().log_dir).with_stderr(cfg!(debug_assertions));
    match switchboard_logging::init(options) {
        Ok(guard) => Some(guard),
        Err(e) => {
            eprintln!("Switchboard could not start its log files: {e}");
            None
        }
    }
}
