use std::path::PathBuf;

/// Default number of daily log files kept before the oldest is deleted (two weeks).
pub const DEFAULT_MAX_FILES: usize = 14;
/// Default filter used when `RUST_LOG` is not set.
pub const DEFAULT_FILTER: &str = "info";
/// Default file name prefix; files are named `<prefix>.<yyyy-mm-dd>.log`.
pub const DEFAULT_FILE_PREFIX: &str = "switchboard";

/// How the logging pipeline is set up. Build it with [`LogOptions::new`] and adjust with the
/// `with_*` methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogOptions {
    /// Folder receiving the daily log files; created if missing.
    pub directory: PathBuf,
    /// File name prefix of the daily files.
    pub file_prefix: String,
    /// Number of daily files to keep.
    pub max_files: usize,
    /// Also write (redacted) lines to stderr, for development.
    pub stderr: bool,
    /// `EnvFilter` directives used when `RUST_LOG` is unset or empty.
    pub default_filter: String,
}

impl LogOptions {
    pub fn new(directory: impl Into<PathBuf>) -> Self {
        Self {
            directory: directory.into(),
            file_prefix: DEFAULT_FILE_PREFIX.to_owned(),
            max_files: DEFAULT_MAX_FILES,
            stderr: false,
            default_filter: DEFAULT_FILTER.to_owned(),
        }
    }

    pub fn with_stderr(mut self, stderr: bool) -> Self {
        self.stderr = stderr;
        self
    }

    pub fn with_default_filter(mut self, directives: impl Into<String>) -> Self {
        self.default_filter = directives.into();
        self
    }

    pub fn with_max_files(mut self, max_files: usize) -> Self {
        self.max_files = max_files;
        self
    }

    pub fn with_file_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.file_prefix = prefix.into();
        self
    }
}
