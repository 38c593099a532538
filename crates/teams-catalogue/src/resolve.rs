//! Which parameter an argument name means, as PowerShell decides it: the exact name or
//! an alias first, then any unambiguous prefix, over the cmdlet's own parameters and
//! the common ones.

use crate::load::{common_parameters, should_process_parameters};
use crate::spec::{CmdletSpec, ParamSpec};

#[derive(Debug)]
pub enum ParamMatch<'a> {
    /// One of the cmdlet's own parameters.
    Own(&'a ParamSpec),
    /// A common (or `-WhatIf`/`-Confirm`) parameter.
    Common(&'a ParamSpec),
    /// A prefix of several names; PowerShell lists them all.
    Ambiguous(Vec<&'a ParamSpec>),
    Unknown,
}

impl CmdletSpec {
    /// The parameters PowerShell adds to this cmdlet.
    pub fn added_parameters(&self) -> impl Iterator<Item = &'static ParamSpec> + Clone {
        let should_process = if self.supports_should_process {
            should_process_parameters()
        } else {
            &[]
        };
        common_parameters().iter().chain(should_process)
    }

    /// What `-name` means for this cmdlet.
    pub fn resolve(&self, name: &str) -> ParamMatch<'_> {
        if let Some(param) = self.param(name) {
            return ParamMatch::Own(param);
        }
        let added = self.added_parameters();
        if let Some(param) = added.clone().find(|p| p.answers_to(name)) {
            return ParamMatch::Common(param);
        }
        let lower = name.to_ascii_lowercase();
        let starts = |p: &&ParamSpec| p.name.to_ascii_lowercase().starts_with(&lower);
        let own: Vec<&ParamSpec> = self.params.iter().filter(starts).collect();
        let common: Vec<&ParamSpec> = added.filter(starts).collect();
        match (own.as_slice(), common.as_slice()) {
            ([one], []) => ParamMatch::Own(one),
            ([], [one]) => ParamMatch::Common(one),
            ([], []) => ParamMatch::Unknown,
            _ => ParamMatch::Ambiguous(own.into_iter().chain(common).collect()),
        }
    }
}
