use std::path::PathBuf;

/// Everything that can go wrong while setting up logging.
#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error("logging is already initialised in this process; `init` may be called only once")]
    AlreadyInitialized,

    #[error("another component already installed a global logger: {0}")]
    GlobalLoggerTaken(String),

    #[error("invalid log filter {directives:?} (from {origin}): {reason}")]
    InvalidFilter {
        directives: String,
        origin: &'static str,
        reason: String,
    },

    #[error("cannot create the log folder {directory}: {source}")]
    CreateDirectory {
        directory: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot create log files in {directory}: {source}")]
    LogDirectory {
        directory: PathBuf,
        #[source]
        source: tracing_appender::rolling::InitError,
    },

    #[error(
        "the log file prefix must be a non-empty file name without path separators, got {0:?}"
    )]
    InvalidFilePrefix(String),

    #[error("the number of log files to keep must be at least 1")]
    ZeroMaxFiles,
}
