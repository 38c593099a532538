//! Is this PowerShell able to run Teams scripts? Its version and the MicrosoftTeams
//! module, asked with a tiny script that needs no sign-in.

use serde::{Deserialize, Serialize};

use crate::error::{TeamsError, TEAMS_MODULE_INSTALL_COMMAND};
use crate::framing::{self, Marker, RecordKind};
use crate::host::PowerShellHost;
use crate::process::{run_host, RunOptions};
use crate::stderr::StderrTail;
use crate::tokens::Redactor;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentReport {
    /// `$PSVersionTable.PSVersion`; `None` when the host does not report one.
    pub powershell_version: Option<String>,
    /// The newest installed MicrosoftTeams module; `None` when missing or not checkable.
    pub teams_module_version: Option<String>,
    /// The command that installs the module, when it is known to be missing.
    pub install_hint: Option<String>,
    /// Why the module could not be checked at all (e.g. a restricted host whose
    /// `Get-Module` fails).
    pub module_check_problem: Option<String>,
}

/// Runs the check script on `host` and says what it found.
pub async fn check_environment(
    host: &PowerShellHost,
    options: &RunOptions,
) -> Result<EnvironmentReport, TeamsError> {
    let mut report = probe(host, true, options).await?;
    if report.teams_module_version.is_none() && report.module_check_problem.is_none() {
        report.install_hint = Some(TEAMS_MODULE_INSTALL_COMMAND.to_string());
    }
    Ok(report)
}

/// What the probe script prints, before the hint is decided.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProbeAnswer {
    powershell_version: Option<String>,
    teams_module_version: Option<String>,
    module_check_error: Option<String>,
}

/// Runs the probe; `modules` adds the (slower) module listing.
pub(crate) async fn probe(
    host: &PowerShellHost,
    modules: bool,
    options: &RunOptions,
) -> Result<EnvironmentReport, TeamsError> {
    let marker = Marker::fresh();
    let finished = run_host(&host.path, probe_script(&marker, modules).into(), options).await?;
    let framed = framing::parse(&finished.stdout, &marker)
        .map_err(|reason| TeamsError::OutputUnreadable { reason })?;
    if !framed.completed {
        return Err(TeamsError::Incomplete {
            exit_code: finished.exit_code,
            stderr_tail: StderrTail::of(&finished.stderr, &Redactor::default()).into_string(),
        });
    }
    let answer = framed
        .objects
        .into_iter()
        .next()
        .ok_or_else(|| TeamsError::OutputUnreadable {
            reason: "the environment check printed no report".into(),
        })?;
    let answer: ProbeAnswer =
        serde_json::from_value(answer).map_err(|e| TeamsError::OutputUnreadable {
            reason: format!("the environment report is malformed ({e})"),
        })?;
    Ok(EnvironmentReport {
        powershell_version: non_empty(answer.powershell_version),
        teams_module_version: non_empty(answer.teams_module_version),
        install_hint: None,
        module_check_problem: non_empty(answer.module_check_error).map(|message| {
            let first_line = message.lines().next().unwrap_or_default().to_string();
            format!("This PowerShell could not list its installed modules, so the MicrosoftTeams module was not checked: {first_line}")
        }),
    })
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

fn probe_script(marker: &Marker, modules: bool) -> String {
    let module_check = if modules {
        "try { $__sbModules = @(Get-Module -ListAvailable -Name MicrosoftTeams | Sort-Object -Property Version -Descending); \
         if ($__sbModules.Count -gt 0) { $__sbReport.teamsModuleVersion = \"$($__sbModules[0].Version)\" } } \
         catch { $__sbReport.moduleCheckError = \"$($_.Exception.Message)\" }\n"
    } else {
        ""
    };
    format!(
        "$ErrorActionPreference = 'Stop'\n\
         $__sbReport = [pscustomobject]@{{ powershellVersion = \"$($PSVersionTable.PSVersion)\"; teamsModuleVersion = $null; moduleCheckError = $null }}\n\
         {module_check}\
         '{object} ' + (ConvertTo-Json -InputObject $__sbReport -Compress)\n\
         '{end}'\n\n",
        object = marker.prefix(RecordKind::Object),
        end = marker.prefix(RecordKind::End),
    )
}
