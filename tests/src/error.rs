use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum E2eError {
    #[error("could not start {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("{driver} did not accept connections on port {port} within {timeout:?}")]
    DriverNotReady {
        driver: &'static str,
        port: u16,
        timeout: Duration,
    },
    #[error("could not start a WebDriver session: {0}")]
    Session(#[from] fantoccini::error::NewSessionError),
    #[error("could not {what}: {source}")]
    Action {
        what: String,
        source: fantoccini::error::CmdError,
    },
    #[error("WebDriver command failed: {0}")]
    Command(#[from] fantoccini::error::CmdError),
    #[error("timed out after {timeout:?} waiting for {what}")]
    Timeout { what: String, timeout: Duration },
    #[error("the app refused {command}: {error}")]
    Invoke { command: String, error: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
