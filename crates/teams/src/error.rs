//! The crate's one error type. No variant ever holds a token: tokens only travel inside
//! the script text on the child's stdin, and everything read back is redacted first.

use std::path::PathBuf;

use crate::outcome::ErrorRecord;

/// Where to get PowerShell 7 when no host is found.
pub const POWERSHELL_INSTALL_HINT: &str =
    "Install PowerShell 7 (winget install --id Microsoft.PowerShell, or see https://aka.ms/powershell), \
     or set the PowerShell path in Settings.";

/// The command that installs the Teams module for the signed-in user.
pub const TEAMS_MODULE_INSTALL_COMMAND: &str = "Install-Module MicrosoftTeams -Scope CurrentUser";

#[derive(Debug, thiserror::Error)]
pub enum TeamsError {
    #[error("PowerShell was not found (looked in: {})", display_paths(looked_in))]
    PowerShellNotFound { looked_in: Vec<PathBuf> },

    #[error("PowerShell at {path} could not be started: {source}")]
    HostStart {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("the MicrosoftTeams PowerShell module is not installed")]
    ModuleMissing,

    #[error("the {which} token is empty or holds characters an access token never has")]
    InvalidToken { which: &'static str },

    #[error("the script is empty")]
    EmptyScript,

    #[error("the script failed: {}", first_error(errors))]
    ScriptFailed {
        errors: Vec<ErrorRecord>,
        stderr_tail: String,
    },

    #[error("PowerShell ended before the script finished (exit code {}): {stderr_tail}", exit_code_text(*exit_code))]
    Incomplete {
        exit_code: Option<i32>,
        stderr_tail: String,
    },

    #[error("the script did not finish within {seconds} s and its process tree was stopped")]
    TimedOut { seconds: u64 },

    #[error("the script was cancelled and its process tree was stopped")]
    Cancelled,

    #[error("PowerShell's output could not be read: {reason}")]
    OutputUnreadable { reason: String },

    #[error("talking to the PowerShell process failed: {0}")]
    Io(#[from] std::io::Error),
}

impl TeamsError {
    /// A sentence the desktop UI can show as it is.
    pub fn user_message(&self) -> String {
        match self {
            Self::PowerShellNotFound { looked_in } => format!(
                "PowerShell was not found. Looked in: {}. {POWERSHELL_INSTALL_HINT}",
                display_paths(looked_in)
            ),
            Self::HostStart { path, source } => format!(
                "PowerShell at {} could not be started ({source}). Check the PowerShell path in Settings.",
                path.display()
            ),
            Self::ModuleMissing => format!(
                "The MicrosoftTeams PowerShell module is not installed. Run this in PowerShell: {TEAMS_MODULE_INSTALL_COMMAND}"
            ),
            Self::InvalidToken { which } => format!(
                "The {which} access token is not usable. Sign in to the tenant again."
            ),
            Self::EmptyScript => "There is no script to run.".to_string(),
            Self::ScriptFailed { errors, .. } => format!("The script failed. {}", first_error(errors)),
            Self::Incomplete { exit_code, stderr_tail } => {
                let last = stderr_tail.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("no error text");
                format!(
                    "PowerShell stopped before the script finished (exit code {}): {last}",
                    exit_code_text(*exit_code)
                )
            }
            Self::TimedOut { seconds } => format!(
                "The PowerShell script did not finish within {seconds} seconds and was stopped."
            ),
            Self::Cancelled => "The PowerShell script was cancelled and stopped.".to_string(),
            Self::OutputUnreadable { reason } => {
                format!("PowerShell's output could not be read ({reason}).")
            }
            Self::Io(source) => format!("Talking to the PowerShell process failed: {source}."),
        }
    }
}

fn display_paths(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "nowhere (no PATH and no configured path)".to_string();
    }
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn first_error(errors: &[ErrorRecord]) -> String {
    match errors.first() {
        Some(record) if record.cmdlet.is_empty() => record.message.clone(),
        Some(record) => format!("{}: {}", record.cmdlet, record.message),
        None => "no error record was reported".to_string(),
    }
}

fn exit_code_text(code: Option<i32>) -> String {
    code.map_or_else(|| "none".to_string(), |c| c.to_string())
}
