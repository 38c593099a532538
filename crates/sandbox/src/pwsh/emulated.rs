//! What the interpreter says it is: the PowerShell in `$PSVersionTable` and the modules
//! `Get-Module` lists. The app's environment check reads both, so the sandbox answers
//! as the PowerShell 7 with the MicrosoftTeams module it stands in for.

use super::catalogue::Module;
use super::ops::wildcard_match;
use super::value::{Props, Value};

/// `$PSVersionTable.PSVersion`: a current PowerShell 7 LTS release.
pub const POWERSHELL_VERSION: &str = "7.4.6";
/// `$PSVersionTable.PSEdition`: PowerShell 7 is the cross-platform "Core" edition.
pub const POWERSHELL_EDITION: &str = "Core";
/// The MicrosoftTeams module version `Get-Module` reports (a general-availability release).
pub const TEAMS_MODULE_VERSION: &str = "7.6.0";

/// `$PSVersionTable`, a hashtable as in real PowerShell. `PSVersion` is a plain string
/// here (real PowerShell has a version object), which reads the same in `"$(...)"`.
pub fn version_table() -> Value {
    let platform = if cfg!(windows) { "Win32NT" } else { "Unix" };
    Value::Hashtable(Props(vec![
        ("PSVersion".into(), Value::str(POWERSHELL_VERSION)),
        ("PSEdition".into(), Value::str(POWERSHELL_EDITION)),
        ("Platform".into(), Value::str(platform)),
    ]))
}

/// A module installed in the emulated PowerShell, and which catalogue commands it brings.
pub struct InstalledModule {
    pub name: &'static str,
    pub version: &'static str,
    pub commands: Module,
}

/// Everything `Get-Module -ListAvailable` finds. PowerShell's own commands are built in
/// here rather than shipped as modules, so only MicrosoftTeams is listed.
pub const INSTALLED_MODULES: &[InstalledModule] = &[InstalledModule {
    name: "MicrosoftTeams",
    version: TEAMS_MODULE_VERSION,
    commands: Module::MicrosoftTeams,
}];

impl InstalledModule {
    /// Whether the module's name fits one of `-Name`'s patterns (wildcards, any case);
    /// no patterns means every module.
    pub fn matches(&self, patterns: &[String]) -> bool {
        patterns.is_empty()
            || patterns
                .iter()
                .any(|pattern| wildcard_match(pattern, self.name))
    }

    /// The object `Get-Module` outputs for it (a subset of `PSModuleInfo`).
    pub fn info(&self) -> Value {
        Value::Object(Props(vec![
            ("Name".into(), Value::str(self.name)),
            ("Version".into(), Value::str(self.version)),
            // MicrosoftTeams loads through a script module (.psm1) wrapping its binaries.
            ("ModuleType".into(), Value::str("Script")),
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_whole_or_by_wildcard_in_any_case() {
        let teams = &INSTALLED_MODULES[0];
        let patterns = |list: &[&str]| list.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        assert!(teams.matches(&[]));
        assert!(teams.matches(&patterns(&["microsoftteams"])));
        assert!(teams.matches(&patterns(&["Az*", "Microsoft*"])));
        assert!(teams.matches(&patterns(&["*teams"])));
        assert!(!teams.matches(&patterns(&["MicrosoftTeam", "ExchangeOnlineManagement"])));
    }
}
