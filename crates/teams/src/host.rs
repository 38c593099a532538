//! Finding the PowerShell executable to run scripts with.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::environment::probe;
use crate::error::TeamsError;
use crate::process::RunOptions;

/// Which PowerShell a host is, judged by its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HostKind {
    /// `pwsh`: PowerShell 7, cross-platform.
    Pwsh7,
    /// `powershell.exe`: Windows PowerShell 5.1, built into Windows.
    WindowsPowerShell51,
    /// Anything else a user configured (e.g. the sandbox's `switchboard-pwsh`).
    Custom,
}

impl HostKind {
    fn from_path(path: &Path) -> Self {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_ascii_lowercase());
        match stem.as_deref() {
            Some("pwsh") => Self::Pwsh7,
            Some("powershell") => Self::WindowsPowerShell51,
            _ => Self::Custom,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PowerShellHost {
    pub path: PathBuf,
    pub kind: HostKind,
    /// `$PSVersionTable.PSVersion` as the host reported it; `None` when it reports none
    /// or before `detect` asked.
    pub version: Option<String>,
}

impl PowerShellHost {
    /// A host at a known path, not yet asked for its version.
    pub fn at(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        Self {
            kind: HostKind::from_path(&path),
            path,
            version: None,
        }
    }
}

/// Finds the executable without starting it: the configured path if there is one
/// (a configured path that does not exist is an error, never silently replaced), else
/// `pwsh` on PATH, and on Windows the standard install folders of PowerShell 7 and
/// Windows PowerShell 5.1.
pub fn locate(configured: Option<&Path>) -> Result<PowerShellHost, TeamsError> {
    let candidates = match configured {
        Some(path) => vec![path.to_path_buf()],
        None => default_candidates(std::env::var_os("PATH")),
    };
    match candidates.iter().find(|path| path.is_file()) {
        Some(found) => Ok(PowerShellHost::at(found)),
        None => Err(TeamsError::PowerShellNotFound {
            looked_in: candidates,
        }),
    }
}

/// [`locate`], then asks the host for its version, which also proves it starts.
pub async fn detect(
    configured: Option<&Path>,
    options: &RunOptions,
) -> Result<PowerShellHost, TeamsError> {
    let mut host = locate(configured)?;
    host.version = probe(&host, false, options).await?.powershell_version;
    Ok(host)
}

fn default_candidates(path_var: Option<OsString>) -> Vec<PathBuf> {
    let pwsh = format!("pwsh{}", std::env::consts::EXE_SUFFIX);
    let mut candidates: Vec<PathBuf> = path_var
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(&pwsh))
                .collect()
        })
        .unwrap_or_default();
    if cfg!(windows) {
        if let Some(program_files) = std::env::var_os("ProgramFiles") {
            candidates.push(PathBuf::from(program_files).join(r"PowerShell\7\pwsh.exe"));
        }
        if let Some(system_root) = std::env::var_os("SystemRoot") {
            candidates.push(
                PathBuf::from(system_root).join(r"System32\WindowsPowerShell\v1.0\powershell.exe"),
            );
        }
    }
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_follows_the_file_name() {
        assert_eq!(PowerShellHost::at("/usr/bin/pwsh").kind, HostKind::Pwsh7);
        assert_eq!(
            PowerShellHost::at("C:/Windows/PowerShell.exe").kind,
            HostKind::WindowsPowerShell51
        );
        assert_eq!(
            PowerShellHost::at("/opt/switchboard-pwsh").kind,
            HostKind::Custom
        );
    }

    #[test]
    fn path_directories_are_searched_for_pwsh() {
        let dirs = std::env::join_paths(["/first", "/second"]).unwrap();
        let candidates = default_candidates(Some(dirs));
        let pwsh = format!("pwsh{}", std::env::consts::EXE_SUFFIX);
        assert_eq!(
            &candidates[..2],
            &[
                Path::new("/first").join(&pwsh),
                Path::new("/second").join(&pwsh)
            ]
        );
    }
}
