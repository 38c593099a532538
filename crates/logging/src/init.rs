use std::sync::atomic::{AtomicBool, Ordering};

use tracing_subscriber::util::SubscriberInitExt;

use crate::pipeline::{build_with_filter, LogGuard};
use crate::{filter, LogOptions, LoggingError};

static INITIALIZED: AtomicBool = AtomicBool::new(false);

/// Installs the process-wide logging pipeline: daily rolling files in `options.directory`
/// (keeping `options.max_files`), optional stderr, filtering from `RUST_LOG` or else
/// `options.default_filter`, redaction of every line, and forwarding of `log`-crate records
/// from dependencies. Keep the returned guard alive until exit.
///
/// Only the first successful call installs anything; later calls return
/// [`LoggingError::AlreadyInitialized`].
pub fn init(options: LogOptions) -> Result<LogGuard, LoggingError> {
    if INITIALIZED
        .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
        .is_err()
    {
        return Err(LoggingError::AlreadyInitialized);
    }
    let result = install(&options);
    if result.is_err() {
        // A failed attempt installed nothing, so a corrected retry is allowed.
        INITIALIZED.store(false, Ordering::SeqCst);
    }
    result
}

fn install(options: &LogOptions) -> Result<LogGuard, LoggingError> {
    let env_value = std::env::var("RUST_LOG").ok();
    let filter = filter::resolve(env_value.as_deref(), &options.default_filter)?;
    let (dispatch, guard) = build_with_filter(options, filter)?;
    dispatch
        .try_init()
        .map_err(|err| LoggingError::GlobalLoggerTaken(err.to_string()))?;
    Ok(guard)
}
