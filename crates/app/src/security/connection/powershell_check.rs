//! The PowerShell check of the Connection tab: which host scripts would run with (the
//! configured path, the sandbox's interpreter, or one found on this computer) and
//! what `switchboard_teams::check_environment` says about it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use switchboard_cache::Cache;
use switchboard_teams::{
    check_environment, locate, EnvironmentReport, HostKind, PowerShellHost, RunOptions, TeamsError,
    POWERSHELL_INSTALL_HINT,
};
use tokio::runtime::Handle;

use crate::error::FieldError;
use crate::security::connection::views::{
    PowerShellEnvironmentView, PowerShellKind, PowerShellSource,
};

pub(crate) const POWERSHELL_PATH_SETTING: &str = "powershell.path";
/// Starting PowerShell and listing modules takes seconds; a hung host must not hang the tab.
const CHECK_TIMEOUT: Duration = Duration::from_secs(60);

/// The configured PowerShell path, if any.
pub(crate) fn stored_path(cache: &Cache) -> Result<Option<PathBuf>, switchboard_cache::CacheError> {
    Ok(cache
        .setting(POWERSHELL_PATH_SETTING)?
        .filter(|p| !p.trim().is_empty())
        .map(PathBuf::from))
}

/// A path the user entered: it must name an existing file.
pub(crate) fn validate_path(text: &str) -> Result<PathBuf, FieldError> {
    let path = PathBuf::from(text.trim());
    if path.as_os_str().is_empty() || !path.is_file() {
        return Err(FieldError {
            field: "powershellPath".into(),
            code: "powershellPath.missing".into(),
            message: format!(
                "There is no file at '{}'. Enter the full path of pwsh (PowerShell 7) or powershell.exe.",
                text.trim()
            ),
        });
    }
    Ok(path)
}

/// Which PowerShell to check.
pub(crate) enum HostChoice {
    Configured(PathBuf),
    /// Sandbox mode: the sandbox's interpreter, if it was found next to the app.
    Sandbox(Option<PathBuf>),
    Detect,
}

/// Finds the host and runs the check on `runtime`, waiting for the answer.
pub(crate) fn check(runtime: &Handle, choice: HostChoice) -> PowerShellEnvironmentView {
    let (source, found) = match choice {
        HostChoice::Configured(path) => (PowerShellSource::Configured, locate(Some(&path))),
        HostChoice::Sandbox(interpreter) => (
            PowerShellSource::Sandbox,
            interpreter
                .map(PowerShellHost::at)
                .ok_or(TeamsError::PowerShellNotFound {
                    looked_in: Vec::new(),
                }),
        ),
        HostChoice::Detect => (PowerShellSource::Detected, locate(None)),
    };
    let host = match found {
        Ok(host) => host,
        Err(error) => return not_found(source, &error),
    };
    let options = RunOptions::with_timeout(CHECK_TIMEOUT);
    let report = crate::sbcs::connection::wait_on(runtime, check_environment(&host, &options));
    view(source, &host.path, host.kind, report)
}

fn view(
    source: PowerShellSource,
    path: &Path,
    kind: HostKind,
    report: Result<EnvironmentReport, TeamsError>,
) -> PowerShellEnvironmentView {
    let base = PowerShellEnvironmentView {
        source,
        host_path: Some(path.display().to_string()),
        host_kind: Some(match kind {
            HostKind::Pwsh7 => PowerShellKind::Pwsh7,
            HostKind::WindowsPowerShell51 => PowerShellKind::WindowsPowerShell51,
            HostKind::Custom => PowerShellKind::Other,
        }),
        powershell_version: None,
        teams_module_version: None,
        install_command: None,
        module_check_problem: None,
        problem: None,
    };
    match report {
        Ok(report) => PowerShellEnvironmentView {
            powershell_version: report.powershell_version,
            teams_module_version: report.teams_module_version,
            install_command: report.install_hint,
            module_check_problem: report.module_check_problem,
            ..base
        },
        Err(error) => {
            tracing::warn!(%error, host = %path.display(), "PowerShell check failed");
            PowerShellEnvironmentView {
                problem: Some(error.user_message()),
                ..base
            }
        }
    }
}

fn not_found(source: PowerShellSource, error: &TeamsError) -> PowerShellEnvironmentView {
    let problem = match source {
        PowerShellSource::Sandbox => "The sandbox's PowerShell interpreter (switchboard-pwsh) is not next to Switchboard; build it with `cargo build -p switchboard-sandbox --bin switchboard-pwsh`.".to_owned(),
        _ => error.user_message(),
    };
    PowerShellEnvironmentView {
        source,
        host_path: None,
        host_kind: None,
        powershell_version: None,
        teams_module_version: None,
        install_command: (source != PowerShellSource::Sandbox)
            .then(|| POWERSHELL_INSTALL_HINT.to_owned()),
        module_check_problem: None,
        problem: Some(problem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_powershell_path_must_name_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pwsh");
        std::fs::write(&file, b"").unwrap();
        assert_eq!(validate_path(&format!(" {} ", file.display())), Ok(file));
        for bad in [
            String::new(),
            dir.path().display().to_string(),
            dir.path().join("nothing").display().to_string(),
        ] {
            assert_eq!(
                validate_path(&bad).map_err(|e| e.code),
                Err("powershellPath.missing".to_string()),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_missing_host_says_what_to_install_except_in_the_sandbox() {
        let error = TeamsError::PowerShellNotFound {
            looked_in: vec![PathBuf::from("/nowhere/pwsh")],
        };
        let detected = not_found(PowerShellSource::Detected, &error);
        assert_eq!(
            detected.install_command.as_deref(),
            Some(POWERSHELL_INSTALL_HINT)
        );
        assert!(detected.problem.unwrap().contains("/nowhere/pwsh"));
        let sandbox = not_found(PowerShellSource::Sandbox, &error);
        assert_eq!(sandbox.install_command, None);
        assert!(sandbox.problem.unwrap().contains("switchboard-pwsh"));
    }
}
