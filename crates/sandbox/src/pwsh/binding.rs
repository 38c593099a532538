//! Parameter binding: pairs a command's arguments with the catalogue's parameters,
//! converts them to the declared types and picks the parameter set, failing with the
//! messages PowerShell uses.

use super::catalogue::{CmdletSpec, ParamKind, ParamSpec};
use super::error::ErrorRecord;
use super::value::{Props, Value};
use switchboard_teams_catalogue::ParamMatch;

/// An argument after evaluation, before binding.
#[derive(Debug, Clone)]
pub enum ArgValue {
    Named { name: String, value: Option<Value> },
    Positional(Value),
}

impl ArgValue {
    fn into_positional(self) -> Option<Value> {
        match self {
            ArgValue::Positional(value) => Some(value),
            ArgValue::Named { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Bound {
    /// Canonical parameter names with converted values, in the order given.
    pub params: Vec<(&'static str, Value)>,
    /// Common parameters (`ErrorAction`, ...), kept apart from the cmdlet's own.
    pub common: Vec<(&'static str, Value)>,
    pub set: Option<&'static str>,
}

impl Bound {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn switch(&self, name: &str) -> bool {
        self.get(name).is_some_and(Value::truthy)
    }

    /// Each item of an array parameter (or the one value) as text; empty when unbound.
    pub fn strings(&self, name: &str) -> Vec<String> {
        self.get(name)
            .cloned()
            .map(Value::into_items)
            .unwrap_or_default()
            .iter()
            .map(Value::to_string)
            .collect()
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(Value::as_number).map(|n| n as i64)
    }

    pub fn common(&self, name: &str) -> Option<&Value> {
        self.common
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The cmdlet's parameters as a JSON object, for the Teams admin backend.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.params
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.to_json()))
                .collect(),
        )
    }
}

enum Resolved {
    Own(&'static ParamSpec),
    Common(&'static ParamSpec),
}

pub fn bind(spec: &'static CmdletSpec, args: Vec<ArgValue>) -> Result<Bound, ErrorRecord> {
    let error = |message: String, id: &str| ErrorRecord::parameter_binding(&spec.name, message, id);
    let mut bound = Bound::default();
    let mut positionals = Vec::new();
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg {
            ArgValue::Positional(value) => {
                positionals.push(value);
                continue;
            }
            ArgValue::Named { name, value } => (name, value),
        };
        let resolved = resolve(spec, &name)?;
        let param = match resolved {
            Resolved::Own(param) | Resolved::Common(param) => param,
        };
        let raw = if param.kind == ParamKind::Switch {
            inline.unwrap_or(Value::Bool(true))
        } else if let Some(value) = inline {
            value
        } else if let Some(value) = args
            .next_if(|a| matches!(a, ArgValue::Positional(_)))
            .and_then(ArgValue::into_positional)
        {
            value
        } else {
            return Err(error(
                format!("Missing an argument for parameter '{}'. Specify a parameter of type '{}' and try again.", param.name, param.kind.type_name()),
                "MissingArgument",
            ));
        };
        let value = convert(spec, param, raw)?;
        let target = match resolved {
            Resolved::Own(_) => &mut bound.params,
            Resolved::Common(_) => &mut bound.common,
        };
        if target.iter().any(|(k, _)| *k == param.name) {
            return Err(error(
                format!("Cannot bind parameter because parameter '{}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\".", param.name),
                "ParameterAlreadyBound",
            ));
        }
        target.push((param.name.as_str(), value));
    }
    bind_positionals(spec, &mut bound, positionals)?;
    bound.set = choose_set(spec, &bound)?;
    Ok(bound)
}

fn resolve(spec: &'static CmdletSpec, name: &str) -> Result<Resolved, ErrorRecord> {
    match spec.resolve(name) {
        ParamMatch::Own(param) => Ok(Resolved::Own(param)),
        ParamMatch::Common(param) => Ok(Resolved::Common(param)),
        ParamMatch::Unknown => Err(ErrorRecord::parameter_binding(
            &spec.name,
            format!("A parameter cannot be found that matches parameter name '{name}'."),
            "NamedParameterNotFound",
        )),
        ParamMatch::Ambiguous(matches) => {
            let names: Vec<String> = matches.iter().map(|p| format!("-{}", p.name)).collect();
            Err(ErrorRecord::parameter_binding(
                &spec.name,
                format!("Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: {}.", names.join(" ")),
                "AmbiguousParameter",
            ))
        }
    }
}

fn bind_positionals(
    spec: &'static CmdletSpec,
    bound: &mut Bound,
    positionals: Vec<Value>,
) -> Result<(), ErrorRecord> {
    let mut leftovers = Vec::new();
    for value in positionals {
        let taken = |p: &&ParamSpec| bound.params.iter().any(|(k, _)| *k == p.name);
        // Only parameters sharing a parameter set with those already bound can take it.
        let sets = spec.set_names();
        let bound_specs: Vec<&ParamSpec> = bound
            .params
            .iter()
            .filter_map(|(k, _)| spec.param(k))
            .collect();
        let compatible = |p: &&ParamSpec| {
            sets.is_empty()
                || sets
                    .iter()
                    .any(|set| p.in_set(set) && bound_specs.iter().all(|b| b.in_set(set)))
        };
        let mut open: Vec<&'static ParamSpec> = spec
            .params
            .iter()
            .filter(|p| p.position.is_some())
            .filter(|p| !taken(p))
            .filter(compatible)
            .collect();
        open.sort_by_key(|p| p.position);
        let lowest = open.first().and_then(|p| p.position);
        // Several parameters can share a position in different sets; the value's type picks one.
        let candidates: Vec<&'static ParamSpec> =
            open.into_iter().filter(|p| p.position == lowest).collect();
        let is_block = matches!(value, Value::ScriptBlock(_));
        let chosen = candidates
            .iter()
            .find(|p| (p.kind == ParamKind::ScriptBlock) == is_block)
            .or(candidates.first())
            .copied();
        match chosen {
            Some(param)
                if spec.remaining_args.as_ref() != Some(&param.name) || leftovers.is_empty() =>
            {
                let converted = convert(spec, param, value)?;
                bound.params.push((param.name.as_str(), converted));
            }
            _ => leftovers.push(value),
        }
    }
    if leftovers.is_empty() {
        return Ok(());
    }
    let Some(remaining) = spec.remaining_args.as_deref() else {
        return Err(ErrorRecord::parameter_binding(
            &spec.name,
            format!(
                "A positional parameter cannot be found that accepts argument '{}'.",
                leftovers[0]
            ),
            "PositionalParameterNotFound",
        ));
    };
    // `Write-Output a b c`: the first positional was bound alone; gather all into one array.
    let slot = bound.params.iter_mut().find(|(k, _)| *k == remaining);
    match slot {
        Some((_, first)) => {
            let mut all = vec![std::mem::replace(first, Value::Null)];
            all.extend(leftovers);
            *first = Value::Array(all);
        }
        None => bound.params.push((remaining, Value::Array(leftovers))),
    }
    Ok(())
}

fn convert(spec: &CmdletSpec, param: &ParamSpec, value: Value) -> Result<Value, ErrorRecord> {
    let cannot = |shown: &Value| {
        ErrorRecord::parameter_binding(
            &spec.name,
            format!(
                "Cannot bind parameter '{}'. Cannot convert value \"{}\" to type \"{}\".",
                param.name,
                shown,
                param.kind.type_name()
            ),
            "CannotConvertArgumentNoMessage",
        )
    };
    // `$null` binds to any parameter but a script block (integers become 0 in
    // PowerShell; here the cmdlet sees "not given"), which also lets a static check
    // stand `$null` in for values only known at run time.
    if matches!(value, Value::Null) && param.kind != ParamKind::ScriptBlock {
        return Ok(Value::Null);
    }
    Ok(match param.kind {
        ParamKind::Object => value,
        ParamKind::String => match value {
            Value::Str(_) => value,
            Value::Array(ref items) if items.len() != 1 => Value::Str(value.to_string()),
            other => Value::Str(Value::from_items(other.into_items()).to_string()),
        },
        ParamKind::StringArray => Value::Array(value.into_items().into_iter().map(|v| Value::Str(v.to_string())).collect()),
        ParamKind::Int => match value.as_number() {
            Some(n) if n.fract() == 0.0 && n.abs() <= i32::MAX as f64 => Value::Int(n as i64),
            _ => return Err(cannot(&value)),
        },
        ParamKind::Switch | ParamKind::Bool => match value {
            Value::Bool(_) => value,
            Value::Int(i) => Value::Bool(i != 0),
            Value::Double(d) => Value::Bool(d != 0.0),
            other => {
                return Err(ErrorRecord::parameter_binding(
                    &spec.name,
                    format!(
                        "Cannot process argument transformation on parameter '{}'. Cannot convert value \"{}\" to type \"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.",
                        param.name,
                        other.type_name()
                    ),
                    "ParameterArgumentTransformationError",
                ))
            }
        },
        ParamKind::ListChange => match value {
            Value::Hashtable(props) => {
                let mut change = Props::default();
                for (key, item) in props.0 {
                    let canonical = ["Add", "Remove", "Replace"].into_iter().find(|k| k.eq_ignore_ascii_case(&key));
                    let Some(canonical) = canonical else {
                        return Err(ErrorRecord::parameter_binding(
                            &spec.name,
                            format!(
                                "Cannot bind parameter '{}'. The hash table key '{key}' is not valid; use Add, Remove or Replace.",
                                param.name
                            ),
                            "CannotConvertArgument",
                        ));
                    };
                    change.insert(canonical, Value::Array(item.into_items().into_iter().map(|v| Value::Str(v.to_string())).collect()));
                }
                Value::Hashtable(change)
            }
            other => Value::Array(other.into_items().into_iter().map(|v| Value::Str(v.to_string())).collect()),
        },
        ParamKind::ScriptBlock => match value {
            Value::ScriptBlock(_) => value,
            other => return Err(cannot(&other)),
        },
    })
}

fn choose_set(
    spec: &'static CmdletSpec,
    bound: &Bound,
) -> Result<Option<&'static str>, ErrorRecord> {
    let sets = spec.set_names();
    let bound_specs: Vec<&'static ParamSpec> = bound
        .params
        .iter()
        .filter_map(|(name, _)| spec.param(name))
        .collect();
    let missing_in = |set: &str| -> Vec<&'static str> {
        spec.params
            .iter()
            .filter(|p| p.mandatory_in_set(set) && !bound.params.iter().any(|(k, _)| *k == p.name))
            .map(|p| p.name.as_str())
            .collect()
    };
    if sets.is_empty() {
        let missing = missing_in("*");
        return if missing.is_empty() {
            Ok(None)
        } else {
            Err(missing_mandatory(spec, &missing))
        };
    }
    let candidates: Vec<&'static str> = sets
        .into_iter()
        .filter(|set| bound_specs.iter().all(|p| p.in_set(set)))
        .collect();
    if candidates.is_empty() {
        return Err(ErrorRecord::parameter_binding(
            &spec.name,
            "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
            "AmbiguousParameterSet",
        ));
    }
    let complete: Vec<&'static str> = candidates
        .iter()
        .copied()
        .filter(|set| missing_in(set).is_empty())
        .collect();
    let prefer = |list: &[&'static str]| {
        list.iter()
            .copied()
            .find(|s| Some(*s) == spec.default_set.as_deref())
            .or(list.first().copied())
    };
    if let Some(set) = prefer(&complete) {
        return Ok(Some(set));
    }
    let set = prefer(&candidates).unwrap_or_default();
    Err(missing_mandatory(spec, &missing_in(set)))
}

fn missing_mandatory(spec: &CmdletSpec, missing: &[&str]) -> ErrorRecord {
    ErrorRecord::parameter_binding(
        &spec.name,
        format!(
            "Cannot process command because of one or more missing mandatory parameters: {}.",
            missing.join(" ")
        ),
        "MissingMandatoryParameter",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pwsh::catalogue::catalogue;

    fn named(name: &str, value: Value) -> Vec<ArgValue> {
        vec![
            ArgValue::Named {
                name: name.into(),
                value: None,
            },
            ArgValue::Positional(value),
        ]
    }

    #[test]
    fn unknown_and_missing_parameters_fail_like_powershell() {
        let spec = catalogue().find("New-CsOnlineVoiceRoutingPolicy").unwrap();
        let unknown = bind(spec, named("Bogus", Value::str("x"))).unwrap_err();
        assert_eq!(
            unknown.message,
            "A parameter cannot be found that matches parameter name 'Bogus'."
        );
        assert_eq!(
            unknown.fully_qualified_error_id,
            "NamedParameterNotFound,New-CsOnlineVoiceRoutingPolicy"
        );
        let missing = bind(spec, named("Description", Value::str("x"))).unwrap_err();
        assert!(
            missing
                .message
                .ends_with("missing mandatory parameters: Identity."),
            "{}",
            missing.message
        );
    }

    #[test]
    fn parameter_sets_are_chosen_from_the_bound_names() {
        let spec = catalogue().find("Set-CsPhoneNumberAssignment").unwrap();
        let mut args = named("Identity", Value::str("a@b"));
        args.extend(named("EnterpriseVoiceEnabled", Value::Bool(true)));
        assert_eq!(bind(spec, args).unwrap().set, Some("Attribute"));
        let mut args = named("Identity", Value::str("a@b"));
        args.extend(named("PhoneNumber", Value::str("+1")));
        let err = bind(spec, args).unwrap_err();
        assert!(
            err.message.ends_with(": PhoneNumberType."),
            "{}",
            err.message
        );
    }

    #[test]
    fn values_are_converted_to_the_declared_type() {
        let spec = catalogue().find("New-CsTenantNetworkSubnet").unwrap();
        let mut args = named("SubnetID", Value::str("10.0.0.0"));
        args.extend(named("MaskBits", Value::str("16")));
        args.extend(named("NetworkSiteID", Value::str("s")));
        let bound = bind(spec, args).unwrap();
        assert_eq!(bound.get("MaskBits"), Some(&Value::Int(16)));
        let gateway = catalogue().find("New-CsOnlinePSTNGateway").unwrap();
        let mut args = named("Fqdn", Value::str("sbc.contoso.com"));
        args.extend(named("SipSignalingPort", Value::Int(5061)));
        args.extend(named("Enabled", Value::str("yes")));
        assert!(bind(gateway, args)
            .unwrap_err()
            .message
            .contains("Boolean parameters accept only"));
    }
}
