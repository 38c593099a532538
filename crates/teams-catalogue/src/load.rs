//! Parses command lists, and holds the two this crate ships, parsed once.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::CatalogueError;
use crate::spec::{CmdletSpec, Module, ParamSpec};

/// A command list: every command in it comes from one module.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandFile {
    module: Module,
    cmdlets: Vec<CmdletSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommonParameterFile {
    common: Vec<ParamSpec>,
    should_process: Vec<ParamSpec>,
}

/// Parses a command list in the catalogue's format (see `data/microsoft-teams.json`).
pub fn parse_commands(json: &str) -> Result<Vec<CmdletSpec>, CatalogueError> {
    let file: CommandFile = serde_json::from_str(json)?;
    let mut cmdlets = file.cmdlets;
    for cmdlet in &mut cmdlets {
        cmdlet.module = file.module;
        for (i, param) in cmdlet.params.iter().enumerate() {
            let names = std::iter::once(&param.name).chain(&param.aliases);
            let later = &cmdlet.params[i + 1..];
            if let Some(name) = names
                .into_iter()
                .find(|n| later.iter().any(|p| p.answers_to(n)))
            {
                return Err(CatalogueError::DuplicateParameter {
                    cmdlet: cmdlet.name.clone(),
                    param: name.clone(),
                });
            }
        }
    }
    Ok(cmdlets)
}

/// The MicrosoftTeams cmdlets, with the sandbox's stand-ins (`CmdletSpec::sandbox_only`).
pub fn teams_cmdlets() -> &'static [CmdletSpec] {
    static CMDLETS: OnceLock<Vec<CmdletSpec>> = OnceLock::new();
    CMDLETS.get_or_init(|| {
        parse_commands(include_str!("../data/microsoft-teams.json"))
            .expect("the shipped Teams catalogue parses (a unit test proves it)")
    })
}

/// The MicrosoftTeams cmdlet of that name, in any case; sandbox-only stand-ins are not
/// Microsoft's, so they are not found here.
pub fn teams_cmdlet(name: &str) -> Option<&'static CmdletSpec> {
    teams_cmdlets()
        .iter()
        .find(|c| !c.sandbox_only && c.name.eq_ignore_ascii_case(name))
}

fn common_parameter_file() -> &'static CommonParameterFile {
    static FILE: OnceLock<CommonParameterFile> = OnceLock::new();
    FILE.get_or_init(|| {
        serde_json::from_str(include_str!("../data/common-parameters.json"))
            .expect("the shipped common parameters parse (a unit test proves it)")
    })
}

/// Parameters PowerShell adds to every cmdlet.
pub fn common_parameters() -> &'static [ParamSpec] {
    &common_parameter_file().common
}

/// `-WhatIf` and `-Confirm`, which PowerShell adds to cmdlets that change state.
pub fn should_process_parameters() -> &'static [ParamSpec] {
    &common_parameter_file().should_process
}
