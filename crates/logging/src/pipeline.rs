use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use tracing::Dispatch;
use tracing_appender::non_blocking::{NonBlocking, NonBlockingBuilder, WorkerGuard};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{fmt, EnvFilter, Registry};

use crate::{create_private_dir, filter, LogOptions, LoggingError, RedactingMakeWriter};

/// Keeps the background file writer alive. Dropping it flushes every buffered line, so the
/// app holds it until exit (e.g. in Tauri managed state).
#[derive(Debug)]
#[must_use = "dropping the guard stops the log file writer"]
pub struct LogGuard {
    file: Arc<RwLock<NonBlocking>>,
    state: Mutex<FileState>,
    options: LogOptions,
}

#[derive(Debug)]
struct FileState {
    _worker: WorkerGuard,
    directory: PathBuf,
}

impl LogGuard {
    /// The folder holding the log files, e.g. for an "Open log folder" action.
    pub fn directory(&self) -> PathBuf {
        self.lock_state().directory.clone()
    }

    /// Sends every later line to daily files in `directory` (the app's other world has its
    /// own log folder). Lines already written stay where they are; the old files are
    /// flushed before this returns. On error the current folder stays in use.
    pub fn redirect(&self, directory: &Path) -> Result<(), LoggingError> {
        let options = LogOptions {
            directory: directory.to_path_buf(),
            ..self.options.clone()
        };
        let (writer, worker) = file_writer(&options)?;
        *self.file.write().unwrap_or_else(PoisonError::into_inner) = writer;
        // Dropping the previous worker flushes what it still buffers.
        *self.lock_state() = FileState {
            _worker: worker,
            directory: options.directory,
        };
        Ok(())
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, FileState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The file half of the pipeline, behind a lock so [`LogGuard::redirect`] can swap it.
#[derive(Clone)]
struct SwitchableFile(Arc<RwLock<NonBlocking>>);

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for SwitchableFile {
    type Writer = NonBlocking;

    fn make_writer(&'a self) -> Self::Writer {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Builds the full pipeline (filter, redacting rolling-file writer, optional redacting stderr)
/// without installing it, filtering with `options.default_filter` only (`RUST_LOG` is read by
/// [`crate::init`]). Tests and tools can scope it with `tracing::dispatcher::with_default`.
pub fn build_dispatch(options: &LogOptions) -> Result<(Dispatch, LogGuard), LoggingError> {
    let filter = filter::resolve(None, &options.default_filter)?;
    build_with_filter(options, filter)
}

pub(crate) fn build_with_filter(
    options: &LogOptions,
    filter: EnvFilter,
) -> Result<(Dispatch, LogGuard), LoggingError> {
    validate(options)?;
    let (file_writer, worker) = file_writer(options)?;
    let file = Arc::new(RwLock::new(file_writer));

    // ANSI colours stay off everywhere: escape codes between a field name and its value would
    // hide `password=` from the redaction patterns.
    let file_layer = fmt::layer()
        .with_ansi(false)
        .with_writer(RedactingMakeWriter::new(SwitchableFile(file.clone())));
    let stderr_layer = options.stderr.then(|| {
        fmt::layer()
            .with_ansi(false)
            .with_writer(RedactingMakeWriter::new(std::io::stderr))
    });
    let subscriber = Registry::default()
        .with(filter)
        .with(file_layer)
        .with(stderr_layer);

    let guard = LogGuard {
        file,
        state: Mutex::new(FileState {
            _worker: worker,
            directory: options.directory.clone(),
        }),
        options: options.clone(),
    };
    Ok((Dispatch::new(subscriber), guard))
}

/// Daily rolling files in `options.directory`, written by a background thread.
fn file_writer(options: &LogOptions) -> Result<(NonBlocking, WorkerGuard), LoggingError> {
    // Created up front: the appender prunes old files before creating the folder and would
    // print a spurious "No such file or directory" on first start, and would create it with
    // the default permissions, readable by other users.
    create_private_dir(&options.directory).map_err(|source| LoggingError::CreateDirectory {
        directory: options.directory.clone(),
        source,
    })?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(&options.file_prefix)
        .filename_suffix("log")
        .max_log_files(options.max_files)
        .build(&options.directory)
        .map_err(|source| LoggingError::LogDirectory {
            directory: options.directory.clone(),
            source,
        })?;
    // Not lossy: losing a line that explains a failed bulk change is worse than a short wait.
    Ok(NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("switchboard-log-writer")
        .finish(appender))
}

fn validate(options: &LogOptions) -> Result<(), LoggingError> {
    let prefix = &options.file_prefix;
    let is_plain_name = !prefix.trim().is_empty()
        && !prefix.contains(['/', '\\', ':'])
        && prefix != "."
        && prefix != "..";
    if !is_plain_name {
        return Err(LoggingError::InvalidFilePrefix(prefix.clone()));
    }
    if options.max_files == 0 {
        return Err(LoggingError::ZeroMaxFiles);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_options_before_touching_the_disk() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("logs");
        let bad_prefix = LogOptions::new(&target).with_file_prefix("../escape");
        assert!(matches!(
            build_dispatch(&bad_prefix),
            Err(LoggingError::InvalidFilePrefix(_))
        ));
        let zero = LogOptions::new(&target).with_max_files(0);
        assert!(matches!(
            build_dispatch(&zero),
            Err(LoggingError::ZeroMaxFiles)
        ));
        assert!(
            !target.exists(),
            "no folder is created for rejected options"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_log_folder_is_created_for_the_user_only() {
        use std::os::unix::fs::PermissionsExt;

        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("logs");
        let _pipeline = build_dispatch(&LogOptions::new(&target)).expect("pipeline");
        let mode = std::fs::metadata(&target)
            .expect("created")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
