use std::fmt;

/// A script line the device refuses outright; nothing of the script is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    /// 1-based line number in the script.
    pub line: usize,
    /// The line as it was written (trimmed).
    pub text: String,
    pub reason: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} \"{}\": {}", self.line, self.text, self.reason)
    }
}

impl std::error::Error for ScriptError {}

#[derive(Debug, thiserror::Error)]
pub enum SbcError {
    #[error("the initial configuration script is invalid: {0}")]
    InitialConfig(#[from] ScriptError),
    #[error("could not bind a loopback listener: {0}")]
    Bind(#[source] std::io::Error),
    #[error("could not create the device certificate: {0}")]
    Certificate(#[from] rcgen::Error),
    #[error("could not build the TLS configuration: {0}")]
    Tls(#[from] rustls::Error),
}
