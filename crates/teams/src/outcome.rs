//! What a finished script hands back: its output objects and typed error records.

use serde::{Deserialize, Serialize};

/// One PowerShell error record, as the wrapper reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorRecord {
    /// The command that failed (`$_.CategoryInfo.Activity`); empty for `throw`.
    #[serde(default)]
    pub cmdlet: String,
    #[serde(default)]
    pub message: String,
    /// A `System.Management.Automation.ErrorCategory` name, e.g. `InvalidArgument`.
    #[serde(default)]
    pub category: String,
    #[serde(rename = "fullyQualifiedErrorId", default)]
    pub fully_qualified_error_id: String,
}

impl ErrorRecord {
    /// PowerShell's own "command not found" error, which for `Connect-MicrosoftTeams`
    /// means the MicrosoftTeams module is not installed.
    pub fn is_command_not_found(&self) -> bool {
        self.fully_qualified_error_id
            .starts_with("CommandNotFoundException")
    }
}

/// The result of a script that ran to its end.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScriptOutcome {
    /// Every object the script wrote to its output, as `ConvertTo-Json -Depth 6` saw it.
    pub objects: Vec<serde_json::Value>,
    /// Error records the wrapper reported. The wrapper runs with
    /// `$ErrorActionPreference = 'Stop'`, so every error is terminating and `run_script`
    /// returns it as `TeamsError::ScriptFailed`: an `Ok` outcome has none today. Errors
    /// a script deliberately keeps non-terminating (`-ErrorAction Continue`) show in
    /// `stderr_tail` instead, since neither PowerShell nor the sandbox frames them.
    pub errors: Vec<ErrorRecord>,
    /// The end of the process's stderr (warnings, non-terminating errors), tokens removed.
    pub stderr_tail: String,
}
