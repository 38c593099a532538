//! The Teams admin service's side of each cmdlet: validates the parameters it is sent
//! (the backend trusts no client), applies the change to the tenant's `VoiceState`,
//! and returns the output objects with the module's property names.
//!
//! Every change is computed on a copy and stored only when it is valid, so a refused
//! cmdlet changes nothing.

mod entries;
mod evaluation;
mod network;
mod policies;
mod routing;
mod users;

use serde_json::{Map, Value as Json};

use super::voice::{policy_name, VoiceError};
use crate::pwsh::catalogue::{catalogue, Module};
use crate::pwsh::error::ErrorRecord;
use crate::pwsh::ops::wildcard_match;
use crate::state::TenantState;

pub type CmdletResult = Result<Vec<Json>, ErrorRecord>;

/// Kinds of refusal, mapped to PowerShell error categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    NotFound,
    Exists,
    Invalid,
    InUse,
}

/// One cmdlet invocation: its name and the bound parameters as JSON.
pub struct Call<'a> {
    pub cmdlet: &'a str,
    params: &'a Map<String, Json>,
}

impl<'a> Call<'a> {
    pub fn new(cmdlet: &'a str, params: &'a Map<String, Json>) -> Self {
        Self { cmdlet, params }
    }

    pub fn fail(&self, failure: Failure, message: impl Into<String>) -> ErrorRecord {
        let (category, code) = match failure {
            Failure::NotFound => ("ObjectNotFound", "NotFound"),
            Failure::Exists => ("ResourceExists", "Conflict"),
            Failure::Invalid => ("InvalidArgument", "BadRequest"),
            Failure::InUse => ("ResourceBusy", "Conflict"),
        };
        let class: String = self.cmdlet.chars().filter(|c| *c != '-').collect();
        ErrorRecord::new(
            self.cmdlet,
            message,
            category,
            &format!("{code},Microsoft.Teams.ConfigAPI.Cmdlets.{class}"),
            "Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Runtime.RestException",
        )
    }

    pub fn voice_error(&self, error: VoiceError) -> ErrorRecord {
        match error {
            VoiceError::NotFound(m) => self.fail(Failure::NotFound, m),
            VoiceError::Conflict(m) => self.fail(Failure::InUse, m),
            VoiceError::Invalid(m) => self.fail(Failure::Invalid, m),
        }
    }

    fn get(&self, name: &str) -> Option<&'a Json> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    /// A parameter's JSON as sent, for structured values (normalization rules).
    pub fn raw(&self, name: &str) -> Option<&'a Json> {
        self.get(name)
    }

    /// All parameters as sent.
    pub fn all(&self) -> impl Iterator<Item = (&'a String, &'a Json)> {
        self.params.iter()
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn string(&self, name: &str) -> Option<String> {
        self.get(name).map(|v| match v {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    pub fn required(&self, name: &str) -> Result<String, ErrorRecord> {
        self.string(name)
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| {
                self.fail(
                    Failure::Invalid,
                    format!("The parameter -{name} is required and cannot be empty."),
                )
            })
    }

    /// The object's identity from `-Identity` or a cmdlet's alternative id parameter.
    pub fn identity_or(&self, alternative: &str) -> Result<String, ErrorRecord> {
        self.string("Identity")
            .or_else(|| self.string(alternative))
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| {
                self.fail(
                    Failure::Invalid,
                    format!("Either -Identity or -{alternative} is required."),
                )
            })
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, ErrorRecord> {
        match self.get(name) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.fail(
                Failure::Invalid,
                format!("The parameter -{name} must be $true or $false, not {other}."),
            )),
        }
    }

    pub fn int(&self, name: &str) -> Result<Option<i64>, ErrorRecord> {
        match self.get(name) {
            None => Ok(None),
            Some(value) => value
                .as_i64()
                .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
                .map(Some)
                .ok_or_else(|| {
                    self.fail(
                        Failure::Invalid,
                        format!("The parameter -{name} must be a whole number, not {value}."),
                    )
                }),
        }
    }

    /// A multi-valued setting: a plain list replaces, `@{Add=..; Remove=..; Replace=..}` edits.
    pub fn list_change(&self, name: &str) -> Result<Option<ListChange>, ErrorRecord> {
        let strings = |v: &Json| -> Vec<String> {
            match v {
                Json::Array(items) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
                Json::String(s) => vec![s.clone()],
                _ => Vec::new(),
            }
        };
        match self.get(name) {
            None => Ok(None),
            Some(Json::Object(map)) => {
                let mut change = ListChange::default();
                for (key, value) in map {
                    match key.to_ascii_lowercase().as_str() {
                        "add" => change.add = strings(value),
                        "remove" => change.remove = strings(value),
                        "replace" => change.replace = Some(strings(value)),
                        _ => {
                            return Err(self.fail(
                                Failure::Invalid,
                                format!(
                                "-{name} accepts only Add, Remove and Replace keys, not '{key}'."
                            ),
                            ))
                        }
                    }
                }
                Ok(Some(change))
            }
            Some(value) => Ok(Some(ListChange {
                replace: Some(strings(value)),
                ..ListChange::default()
            })),
        }
    }

    /// The service's error for a `kind` of object that `identity` names but does not exist.
    pub fn not_found(&self, kind: &str, identity: &str) -> ErrorRecord {
        self.fail(
            Failure::NotFound,
            format!("Cannot find {kind} \"{identity}\"."),
        )
    }

    /// `-Identity` (exact, `Tag:` optional) or `-Filter` (wildcard) over listed objects.
    pub fn select(&self, objects: Vec<(String, Json)>, kind: &str) -> CmdletResult {
        if let Some(identity) = self.string("Identity") {
            let wanted = policy_name(&identity);
            return objects
                .into_iter()
                .find(|(id, _)| policy_name(id).eq_ignore_ascii_case(wanted))
                .map(|(_, object)| vec![object])
                .ok_or_else(|| self.not_found(kind, &identity));
        }
        let filter = self.string("Filter").map(|f| policy_name(&f).to_string());
        Ok(objects
            .into_iter()
            .filter(|(id, _)| {
                filter
                    .as_ref()
                    .is_none_or(|f| wildcard_match(f, policy_name(id)))
            })
            .map(|(_, object)| object)
            .collect())
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListChange {
    pub add: Vec<String>,
    pub remove: Vec<String>,
    pub replace: Option<Vec<String>>,
}

impl ListChange {
    /// The list after the change; names compare without case, duplicates are dropped.
    pub fn apply(&self, current: &[String]) -> Vec<String> {
        let mut list: Vec<String> = Vec::new();
        let base = self.replace.as_deref().unwrap_or(current);
        for item in base.iter().chain(self.add.iter()) {
            if !list.iter().any(|i| i.eq_ignore_ascii_case(item)) {
                list.push(item.clone());
            }
        }
        list.retain(|i| !self.remove.iter().any(|r| r.eq_ignore_ascii_case(i)));
        list
    }
}

/// Runs one cmdlet against a tenant.
pub fn execute(tenant: &mut TenantState, cmdlet: &str, params: &Map<String, Json>) -> CmdletResult {
    // The backend checks parameter names itself: it is a service, not a trusted library.
    let spec = catalogue()
        .find(cmdlet)
        .filter(|spec| spec.module == Module::MicrosoftTeams)
        .ok_or_else(|| ErrorRecord::command_not_found(cmdlet))?;
    if let Some(unknown) = params.keys().find(|name| spec.param(name).is_none()) {
        return Err(ErrorRecord::parameter_binding(
            &spec.name,
            format!("A parameter cannot be found that matches parameter name '{unknown}'."),
            "NamedParameterNotFound",
        ));
    }
    let call = Call::new(&spec.name, params);
    let lower = spec.name.to_ascii_lowercase();
    let result = users::execute(tenant, &call, &lower)
        .or_else(|| routing::execute(tenant, &call, &lower))
        .or_else(|| policies::execute(tenant, &call, &lower))
        .or_else(|| network::execute(tenant, &call, &lower))
        .or_else(|| evaluation::execute(tenant, &call, &lower));
    result.unwrap_or_else(|| Err(ErrorRecord::command_not_found(cmdlet)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_changes_add_remove_and_replace() {
        let current = vec!["A".to_string(), "B".to_string()];
        let change = ListChange {
            add: vec!["c".into(), "a".into()],
            remove: vec!["b".into()],
            replace: None,
        };
        assert_eq!(
            change.apply(&current),
            vec!["A".to_string(), "c".to_string()]
        );
        let replace = ListChange {
            replace: Some(vec!["X".into()]),
            ..ListChange::default()
        };
        assert_eq!(replace.apply(&current), vec!["X".to_string()]);
    }
}
