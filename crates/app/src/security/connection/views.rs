//! What the Connection tab of the Security screen shows and sends: the outbound proxy,
//! the PowerShell path, and what the PowerShell check found.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which proxy outbound calls to Microsoft go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ProxyMode {
    /// The system's proxy (`HTTPS_PROXY`, `NO_PROXY`), or none when it sets none.
    System,
    /// The proxy URL entered in Switchboard, for every request.
    Url,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionSettings {
    pub proxy_mode: ProxyMode,
    /// The configured proxy URL; `None` with the system proxy.
    pub proxy_url: Option<String>,
    /// The PowerShell executable configured by the user; `None` means detected.
    pub powershell_path: Option<String>,
}

/// The proxy form. `url` is read only with `ProxyMode::Url`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProxyInput {
    pub mode: ProxyMode,
    pub url: Option<String>,
}

/// How the PowerShell that was checked was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PowerShellSource {
    /// The path set in Switchboard.
    Configured,
    /// Sandbox mode: the sandbox's own interpreter, `switchboard-pwsh`.
    Sandbox,
    /// Found on PATH or in the standard install folders.
    Detected,
}

/// Which PowerShell a host is, judged by its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PowerShellKind {
    Pwsh7,
    WindowsPowerShell51,
    Other,
}

/// What the PowerShell check found. `problem` is set when no PowerShell could be
/// found or run; the other fields then say as much as is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PowerShellEnvironmentView {
    pub source: PowerShellSource,
    pub host_path: Option<String>,
    pub host_kind: Option<PowerShellKind>,
    /// `$PSVersionTable.PSVersion`; `None` when the host does not report one.
    pub powershell_version: Option<String>,
    pub teams_module_version: Option<String>,
    /// The command to run when PowerShell or the MicrosoftTeams module is missing.
    pub install_command: Option<String>,
    /// Why the module could not be checked on a host that runs.
    pub module_check_problem: Option<String>,
    pub problem: Option<String>,
}
