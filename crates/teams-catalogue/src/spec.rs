//! What a command looks like to a caller: its parameters, their types, positions,
//! parameter sets and which are mandatory. Deserialized from the catalogue's JSON.

use serde::Deserialize;

/// Where a command comes from: PowerShell itself, or the MicrosoftTeams module (which
/// runs against the Teams admin backend and needs `Connect-MicrosoftTeams` first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Module {
    /// Also the value before a command file stamps its own module on each command.
    #[default]
    Core,
    MicrosoftTeams,
}

/// A parameter's type, spelled in the data as Microsoft's reference pages spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ParamKind {
    String,
    #[serde(rename = "String[]")]
    StringArray,
    #[serde(rename = "Int32")]
    Int,
    /// `[bool]`: accepts only `$true`/`$false` and numbers, as PowerShell does.
    #[serde(rename = "Boolean")]
    Bool,
    #[serde(rename = "SwitchParameter")]
    Switch,
    /// A multi-valued setting that also takes `@{Add=...; Remove=...; Replace=...}`.
    #[serde(rename = "PSListModifier")]
    ListChange,
    ScriptBlock,
    Object,
}

impl ParamKind {
    /// The .NET type name PowerShell mentions in binding errors.
    pub fn type_name(self) -> &'static str {
        match self {
            ParamKind::String => "System.String",
            ParamKind::StringArray => "System.String[]",
            ParamKind::Int => "System.Int32",
            ParamKind::Bool => "System.Boolean",
            ParamKind::Switch => "System.Management.Automation.SwitchParameter",
            ParamKind::ListChange => "System.Management.Automation.PSListModifier",
            ParamKind::ScriptBlock => "System.Management.Automation.ScriptBlock",
            ParamKind::Object => "System.Object",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ParamKind,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub position: Option<u8>,
    /// The parameter sets it belongs to; empty means all of them.
    #[serde(default)]
    pub sets: Vec<String>,
    /// Mandatory in every set it belongs to.
    #[serde(default)]
    pub mandatory: bool,
    /// Bound from the same-named property of each piped object.
    #[serde(default, rename = "from_pipeline_by_property_name")]
    pub from_pipeline_property: bool,
}

impl ParamSpec {
    pub fn in_set(&self, set: &str) -> bool {
        self.sets.is_empty() || self.sets.iter().any(|s| s.eq_ignore_ascii_case(set))
    }

    pub fn mandatory_in_set(&self, set: &str) -> bool {
        self.mandatory && self.in_set(set)
    }

    pub fn answers_to(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CmdletSpec {
    pub name: String,
    /// Set from the command file the command is listed in.
    #[serde(skip)]
    pub module: Module,
    #[serde(rename = "parameters")]
    pub params: Vec<ParamSpec>,
    /// The set PowerShell picks when several would fit.
    #[serde(default)]
    pub default_set: Option<String>,
    /// Takes leftover positional arguments as one array (e.g. `Write-Output a b c`).
    #[serde(default)]
    pub remaining_args: Option<String>,
    /// Changes state, so it also takes `-WhatIf`/`-Confirm`.
    #[serde(default)]
    pub supports_should_process: bool,
    /// Not in Microsoft's module: the sandbox's stand-in for something the service does
    /// without a public cmdlet (e.g. route selection). Only the sandbox runs it;
    /// `teams_cmdlet` does not know it, so a template using it fails validation.
    #[serde(default)]
    pub sandbox_only: bool,
}

impl CmdletSpec {
    pub fn param(&self, name: &str) -> Option<&ParamSpec> {
        self.params.iter().find(|p| p.answers_to(name))
    }

    /// The parameter sets named by any parameter; empty for a single-set command.
    pub fn set_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for set in self.params.iter().flat_map(|p| p.sets.iter()) {
            if !names.contains(&set.as_str()) {
                names.push(set);
            }
        }
        names
    }
}
