//! Every command the interpreter knows: PowerShell's own (`powershell-commands.json`,
//! kept here because only the interpreter runs them) and the MicrosoftTeams cmdlets of
//! the shared catalogue, which the template validator checks templates against too.

use std::sync::OnceLock;

pub use switchboard_teams_catalogue::{CmdletSpec, Module, ParamKind, ParamSpec};

pub struct Catalogue {
    core: Vec<CmdletSpec>,
}

impl Catalogue {
    /// Finds a command by name or by one of the aliases PowerShell ships (`where`, `%`, ...).
    pub fn find(&'static self, name: &str) -> Option<&'static CmdletSpec> {
        let name = ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
            .map_or(name, |(_, target)| target);
        self.all().find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn module(&'static self, module: Module) -> impl Iterator<Item = &'static CmdletSpec> {
        self.all().filter(move |c| c.module == module)
    }

    fn all(&'static self) -> impl Iterator<Item = &'static CmdletSpec> + Clone {
        self.core
            .iter()
            .chain(switchboard_teams_catalogue::teams_cmdlets())
    }
}

pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue {
        core: switchboard_teams_catalogue::parse_commands(include_str!("powershell-commands.json"))
            .expect("the interpreter's command list parses (a unit test proves it)"),
    })
}

const ALIASES: &[(&str, &str)] = &[
    ("where", "Where-Object"),
    ("?", "Where-Object"),
    ("foreach", "ForEach-Object"),
    ("%", "ForEach-Object"),
    ("select", "Select-Object"),
    ("echo", "Write-Output"),
    ("write", "Write-Output"),
    ("sort", "Sort-Object"),
    ("measure", "Measure-Object"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_and_resolve_aliases() {
        let catalogue = catalogue();
        assert_eq!(
            catalogue.find("get-csonlineuser").map(|c| c.name.as_str()),
            Some("Get-CsOnlineUser")
        );
        assert_eq!(
            catalogue.find("where").map(|c| c.name.as_str()),
            Some("Where-Object")
        );
        assert!(catalogue.find("Get-CsNothing").is_none());
        let gateway = catalogue.find("New-CsOnlinePSTNGateway").unwrap();
        assert!(gateway
            .param("sipsignalingport")
            .unwrap()
            .mandatory_in_set("Fqdn"));
        assert!(gateway.param("Fqdn").unwrap().mandatory_in_set("Fqdn"));
        assert!(!gateway.param("Fqdn").unwrap().in_set("Identity"));
    }

    #[test]
    fn every_teams_cmdlet_has_unique_parameter_names() {
        for cmdlet in catalogue().module(Module::MicrosoftTeams) {
            for (i, param) in cmdlet.params.iter().enumerate() {
                assert!(!param.name.is_empty(), "{}", cmdlet.name);
                assert!(
                    cmdlet.params[i + 1..]
                        .iter()
                        .all(|other| !other.answers_to(&param.name)),
                    "{} {}",
                    cmdlet.name,
                    param.name
                );
            }
        }
    }
}
