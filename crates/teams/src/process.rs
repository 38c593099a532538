//! One PowerShell process: start it, write the script to stdin, collect both output
//! streams, and stop the whole tree on timeout, cancellation or drop.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::error::TeamsError;
use crate::tree::{self, ProcessTree};

/// The host's arguments: the script comes from stdin, so nothing secret is ever on
/// the command line, which other users can read from the process list.
pub const HOST_ARGS: [&str; 5] = ["-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "-"];

/// How long a run may take, and a way to stop it early.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub timeout: Duration,
    pub cancel: CancellationToken,
}

impl RunOptions {
    /// Five minutes: loading the MicrosoftTeams module alone can take half a minute.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

    pub fn with_timeout(timeout: Duration) -> Self {
        Self {
            timeout,
            cancel: CancellationToken::new(),
        }
    }
}

impl Default for RunOptions {
    fn default() -> Self {
        Self::with_timeout(Self::DEFAULT_TIMEOUT)
    }
}

/// What a process left behind when it ended by itself.
#[derive(Debug)]
pub(crate) struct Finished {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: Option<i32>,
}

enum Ending {
    Finished(Result<Finished, TeamsError>),
    TimedOut,
    Cancelled,
}

pub(crate) async fn run_host(
    path: &Path,
    script: SecretString,
    options: &RunOptions,
) -> Result<Finished, TeamsError> {
    let mut command = Command::new(path);
    command
        .args(HOST_ARGS)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    tree::prepare(&mut command);
    let mut child = command.spawn().map_err(|source| TeamsError::HostStart {
        path: path.to_path_buf(),
        source,
    })?;
    // Adopted before the script is written, so nothing the script starts can escape.
    let mut tree = ProcessTree::adopt(&child)?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(TeamsError::Io(std::io::Error::other(
            "the PowerShell process has no pipes",
        )));
    };
    let feeder = tokio::spawn(async move {
        // A host that fails at start-up closes stdin early; its stderr says why.
        if let Err(error) = stdin.write_all(script.expose_secret().as_bytes()).await {
            tracing::debug!(%error, "PowerShell stopped reading its script");
        }
    });
    let mut out_task = tokio::spawn(read_all(stdout));
    let mut err_task = tokio::spawn(read_all(stderr));

    let ending = {
        let finished = async {
            let status = child.wait().await?;
            let stdout = joined(&mut out_task, "stdout").await?;
            let stderr = joined(&mut err_task, "stderr").await?;
            Ok(Finished {
                stdout,
                stderr,
                exit_code: status.code(),
            })
        };
        tokio::select! {
            biased;
            () = options.cancel.cancelled() => Ending::Cancelled,
            () = tokio::time::sleep(options.timeout) => Ending::TimedOut,
            result = finished => Ending::Finished(result),
        }
    };
    feeder.abort();
    match ending {
        Ending::Finished(result) => {
            tree.release();
            result
        }
        stopped => {
            tree.kill();
            out_task.abort();
            err_task.abort();
            if let Err(error) = child.wait().await {
                tracing::debug!(%error, "could not reap the stopped PowerShell process");
            }
            Err(match stopped {
                Ending::TimedOut => TeamsError::TimedOut {
                    seconds: whole_seconds(options.timeout),
                },
                _ => TeamsError::Cancelled,
            })
        }
    }
}

async fn read_all(mut stream: impl AsyncRead + Unpin) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await?;
    Ok(bytes)
}

async fn joined(
    task: &mut JoinHandle<std::io::Result<Vec<u8>>>,
    stream: &str,
) -> Result<String, TeamsError> {
    let bytes = task
        .await
        .map_err(|e| TeamsError::OutputUnreadable {
            reason: format!("reading {stream} stopped: {e}"),
        })?
        .map_err(|e| TeamsError::OutputUnreadable {
            reason: format!("reading {stream} failed: {e}"),
        })?;
    // Windows PowerShell may write in the OEM code page; a stray byte must not lose the run.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Rounded up, so a 500 ms limit never reads "within 0 seconds".
fn whole_seconds(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}
