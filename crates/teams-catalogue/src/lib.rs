//! The Microsoft Teams PowerShell cmdlets Switchboard knows, as data: names, parameter
//! sets, mandatory parameters, aliases and types (`data/microsoft-teams.json`, checked
//! against Microsoft's MicrosoftTeams module reference), plus PowerShell's common
//! parameters (`data/common-parameters.json`).
//!
//! One catalogue, read by both the template validator and the sandbox's PowerShell
//! stand-in, so a template the validator passes is one the stand-in can bind. What each
//! cmdlet does stays with the stand-in.

mod error;
mod load;
mod resolve;
mod spec;

pub use error::CatalogueError;
pub use load::{
    common_parameters, parse_commands, should_process_parameters, teams_cmdlet, teams_cmdlets,
};
pub use resolve::ParamMatch;
pub use spec::{CmdletSpec, Module, ParamKind, ParamSpec};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lists_parse() {
        let catalogue = include_str!("../data/microsoft-teams.json");
        assert!(parse_commands(catalogue).unwrap().len() > 40);
        assert!(teams_cmdlets()
            .iter()
            .all(|c| c.module == Module::MicrosoftTeams));
        assert_eq!(common_parameters().len(), 12);
        assert_eq!(should_process_parameters().len(), 2);
        assert!(teams_cmdlet("get-csonlineuser").is_some());
        assert!(teams_cmdlet("Get-CsNothing").is_none());
    }

    #[test]
    fn sandbox_stand_ins_are_listed_but_not_known_as_microsoft_cmdlets() {
        let stand_in = teams_cmdlets()
            .iter()
            .find(|c| c.name == "Test-CsOnlineVoiceRoutingPolicy")
            .expect("the sandbox runs it");
        assert!(stand_in.sandbox_only);
        assert!(teams_cmdlet("Test-CsOnlineVoiceRoutingPolicy").is_none());
        let real = teams_cmdlet("test-cseffectivetenantdialplan").unwrap();
        assert!(!real.sandbox_only);
        assert!(teams_cmdlet("Set-CsTenantNetworkSubnet").is_some());
    }

    #[test]
    fn names_resolve_by_alias_and_unambiguous_prefix_only() {
        let assign = teams_cmdlet("Set-CsPhoneNumberAssignment").unwrap();
        assert!(
            matches!(assign.resolve("TelephoneNumber"), ParamMatch::Own(p) if p.name == "PhoneNumber")
        );
        assert!(matches!(assign.resolve("ea"), ParamMatch::Common(p) if p.name == "ErrorAction"));
        assert!(matches!(assign.resolve("WhatIf"), ParamMatch::Common(_)));
        assert!(matches!(assign.resolve("Loc"), ParamMatch::Own(p) if p.name == "LocationId"));
        assert!(matches!(assign.resolve("PhoneNumberT"), ParamMatch::Own(_)));
        assert!(
            matches!(assign.resolve("Phone"), ParamMatch::Ambiguous(names) if names.len() == 2)
        );
        assert!(matches!(assign.resolve("Colour"), ParamMatch::Unknown));
        let read = teams_cmdlet("Get-CsOnlineVoiceRoute").unwrap();
        assert!(matches!(read.resolve("WhatIf"), ParamMatch::Unknown));
    }

    #[test]
    fn a_parameter_listed_twice_is_refused() {
        let json = r#"{"module": "MicrosoftTeams", "cmdlets": [{"name": "Get-X", "parameters": [
            {"name": "Identity", "type": "String"},
            {"name": "Id", "type": "String", "aliases": ["identity"]}]}]}"#;
        assert!(matches!(
            parse_commands(json),
            Err(CatalogueError::DuplicateParameter { .. })
        ));
    }
}
