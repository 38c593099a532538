//! What the validator knows about a command name: a Teams cmdlet from the shared
//! catalogue (checked parameter by parameter), one of PowerShell's own commands
//! (checked by name only), or neither.

use switchboard_teams_catalogue::{teams_cmdlet, CmdletSpec, ParamMatch};

/// PowerShell commands templates may use, whose parameters we do not check.
const GENERAL_COMMANDS: &[&str] = &[
    "Where-Object",
    "ForEach-Object",
    "Select-Object",
    "Sort-Object",
    "Measure-Object",
    "Group-Object",
    "Write-Host",
    "Write-Output",
    "Write-Warning",
    "Write-Error",
    "Write-Verbose",
    "Out-Null",
    "Out-String",
    "ConvertTo-Json",
    "ConvertFrom-Json",
    "Start-Sleep",
    "Get-Date",
];

pub(super) enum CommandInfo {
    Teams(&'static CmdletSpec),
    General,
    Unknown,
}

pub(super) fn command(name: &str) -> CommandInfo {
    if let Some(cmdlet) = teams_cmdlet(name) {
        return CommandInfo::Teams(cmdlet);
    }
    if GENERAL_COMMANDS
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
    {
        return CommandInfo::General;
    }
    CommandInfo::Unknown
}

/// Whether `-param` names exactly one parameter, as PowerShell resolves it (name,
/// alias or unambiguous prefix).
pub(super) fn accepts(cmdlet: &CmdletSpec, param: &str) -> bool {
    matches!(
        cmdlet.resolve(param),
        ParamMatch::Own(_) | ParamMatch::Common(_)
    )
}
