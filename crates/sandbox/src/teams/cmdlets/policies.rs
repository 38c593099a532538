//! Tenant dial plans with their normalization rules, and Teams calling policies.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};

use super::routing::tagged;
use super::{entries, Call, CmdletResult, Failure};
use crate::pwsh::ErrorRecord;
use crate::state::TenantState;
use crate::teams::model::{CallingPolicy, NormalizationRule, PolicyType, TenantDialPlan};
use crate::teams::voice::{new_id, policy_name, VoiceState};

/// Calling policy settings the sandbox reports, with the service's defaults.
const CALLING_DEFAULTS: &[(&str, Json)] = &[
    ("AllowPrivateCalling", Json::Bool(true)),
    ("AllowCallForwardingToUser", Json::Bool(true)),
    ("AllowCallForwardingToPhone", Json::Bool(true)),
    ("AllowCallGroups", Json::Bool(true)),
    ("AllowDelegation", Json::Bool(true)),
    ("AllowWebPSTNCalling", Json::Bool(true)),
    ("PreventTollBypass", Json::Bool(false)),
];

pub(super) fn execute(
    tenant: &mut TenantState,
    call: &Call<'_>,
    cmdlet: &str,
) -> Option<CmdletResult> {
    let voice = &mut tenant.voice;
    Some(match cmdlet {
        "new-cstenantdialplan" => save_dial_plan(voice, call, true),
        "set-cstenantdialplan" => save_dial_plan(voice, call, false),
        "get-cstenantdialplan" => call.select(
            voice
                .dial_plans
                .iter()
                .map(|p| (p.name.clone(), dial_plan_json(p)))
                .collect(),
            "tenant dial plan",
        ),
        "remove-cstenantdialplan" => remove_dial_plan(voice, call),
        "new-csvoicenormalizationrule" => new_rule(voice, call),
        "new-csteamscallingpolicy" => save_calling_policy(voice, call, true),
        "set-csteamscallingpolicy" => save_calling_policy(voice, call, false),
        "get-csteamscallingpolicy" => call.select(
            voice
                .calling_policies
                .iter()
                .map(|p| (p.name.clone(), calling_policy_json(p)))
                .collect(),
            "Teams calling policy",
        ),
        "remove-csteamscallingpolicy" => remove_calling_policy(voice, call),
        _ => return None,
    })
}

/// A policy granted to users cannot be removed; the grants must go first.
pub(super) fn ensure_not_granted(
    voice: &VoiceState,
    call: &Call<'_>,
    policy_type: PolicyType,
    name: &str,
) -> Result<(), ErrorRecord> {
    let holders = voice
        .users
        .values()
        .filter(|u| {
            u.policies
                .get(&policy_type)
                .is_some_and(|p| p.eq_ignore_ascii_case(name))
        })
        .count();
    if holders > 0 {
        return Err(call.fail(Failure::InUse, format!("The policy '{name}' is granted to {holders} user(s); grant them another policy first.")));
    }
    Ok(())
}

/// A rule as the service shows it on its own (`Test-CsEffectiveTenantDialPlan`).
pub(super) fn rule_fields(rule: &NormalizationRule) -> Json {
    json!({
        "Name": rule.name,
        "Description": rule.description,
        "Pattern": rule.pattern,
        "Translation": rule.translation,
        "IsInternalExtension": rule.is_internal_extension,
    })
}

/// A rule in a dial plan, with its place in the plan.
fn rule_json(rule: &NormalizationRule, priority: usize) -> Json {
    let mut object = rule_fields(rule);
    object["Priority"] = json!(priority);
    object
}

fn dial_plan_json(plan: &TenantDialPlan) -> Json {
    json!({
        "Identity": tagged(&plan.name),
        "Description": plan.description,
        "SimpleName": plan.simple_name,
        "NormalizationRules": plan.rules.iter().enumerate().map(|(i, r)| rule_json(r, i)).collect::<Vec<_>>(),
        "OptimizeDeviceDialing": false,
        "ExternalAccessPrefix": null,
    })
}

/// A rule object as `New-CsVoiceNormalizationRule -InMemory` returns it.
pub(super) fn parse_rule(
    call: &Call<'_>,
    object: &Map<String, Json>,
) -> Result<NormalizationRule, ErrorRecord> {
    let text = |key: &str| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let rule = NormalizationRule {
        name: text("Name"),
        pattern: text("Pattern"),
        translation: text("Translation"),
        description: text("Description"),
        is_internal_extension: object.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("IsInternalExtension") && v.as_bool() == Some(true)
        }),
    };
    validate_rule(call, &rule)?;
    Ok(rule)
}

fn validate_rule(call: &Call<'_>, rule: &NormalizationRule) -> Result<(), ErrorRecord> {
    if rule.name.trim().is_empty() {
        return Err(call.fail(Failure::Invalid, "A normalization rule needs a Name."));
    }
    regex::Regex::new(&rule.pattern).map_err(|e| {
        call.fail(
            Failure::Invalid,
            format!(
                "The pattern '{}' of rule '{}' is not a valid regular expression: {e}",
                rule.pattern, rule.name
            ),
        )
    })?;
    Ok(())
}

/// `-NormalizationRules` as a list of rule objects, or `@{Add=..; Remove=..; Replace=..}` of them.
fn apply_rules(
    call: &Call<'_>,
    rules: &mut Vec<NormalizationRule>,
    value: &Json,
) -> Result<(), ErrorRecord> {
    let parse_list = |v: &Json| -> Result<Vec<NormalizationRule>, ErrorRecord> {
        let items: Vec<&Json> = match v {
            Json::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        items
            .into_iter()
            .map(|item| {
                item.as_object()
                    .ok_or_else(|| {
                        call.fail(
                            Failure::Invalid,
                            "Normalization rules must come from New-CsVoiceNormalizationRule.",
                        )
                    })
                    .and_then(|o| parse_rule(call, o))
            })
            .collect()
    };
    let edits = value.as_object().filter(|o| {
        o.keys()
            .all(|k| ["add", "remove", "replace"].contains(&k.to_ascii_lowercase().as_str()))
    });
    let Some(edits) = edits else {
        *rules = parse_list(value)?;
        return Ok(());
    };
    for (key, list) in edits {
        let list = parse_list(list)?;
        match key.to_ascii_lowercase().as_str() {
            "replace" => *rules = list,
            "add" => rules.extend(list),
            _ => rules.retain(|r| !list.iter().any(|x| x.name.eq_ignore_ascii_case(&r.name))),
        }
    }
    Ok(())
}

fn save_dial_plan(voice: &mut VoiceState, call: &Call<'_>, create: bool) -> CmdletResult {
    let identity = call.required("Identity")?;
    let name = policy_name(&identity).to_string();
    let existing = entries::slot_for_save(
        call,
        &voice.dial_plans,
        |p| &p.name,
        &name,
        &identity,
        ("tenant dial plan", create),
    )?;
    let mut plan = match existing {
        Some(index) => voice.dial_plans[index].clone(),
        None => TenantDialPlan {
            name: name.clone(),
            id: new_id(),
            description: String::new(),
            simple_name: name.clone(),
            rules: Vec::new(),
        },
    };
    if let Some(rules) = call.raw("NormalizationRules") {
        apply_rules(call, &mut plan.rules, rules)?;
    }
    if let Some(description) = call.string("Description") {
        plan.description = description;
    }
    if let Some(simple) = call.string("SimpleName") {
        plan.simple_name = simple;
    }
    let output = dial_plan_json(&plan);
    entries::store(&mut voice.dial_plans, existing, plan);
    Ok(if create { vec![output] } else { Vec::new() })
}

fn remove_dial_plan(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    let name = policy_name(&identity);
    let index = entries::find(
        call,
        &voice.dial_plans,
        |p| &p.name,
        name,
        &identity,
        "tenant dial plan",
    )?;
    if name.eq_ignore_ascii_case("Global") {
        voice.dial_plans[index].rules.clear();
        return Ok(Vec::new());
    }
    let canonical = voice.dial_plans[index].name.clone();
    ensure_not_granted(voice, call, PolicyType::TenantDialPlan, &canonical)?;
    voice.dial_plans.remove(index);
    Ok(Vec::new())
}

/// `-Parent P -Name N` or `-Identity P/N`; with `-InMemory` the rule is only returned,
/// for use in `New-CsTenantDialPlan -NormalizationRules`.
fn new_rule(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let (parent, name) = match (
        call.string("Parent"),
        call.string("Name"),
        call.string("Identity"),
    ) {
        (Some(parent), Some(name), _) => (parent, name),
        (_, _, Some(identity)) => match identity.rsplit_once('/') {
            Some((parent, name)) => (parent.to_string(), name.to_string()),
            None => {
                return Err(call.fail(
                    Failure::Invalid,
                    format!("The rule identity '{identity}' must look like 'DialPlan/RuleName'."),
                ))
            }
        },
        _ => {
            return Err(call.fail(
                Failure::Invalid,
                "Give -Parent and -Name, or -Identity 'DialPlan/RuleName'.",
            ))
        }
    };
    let rule = NormalizationRule {
        name,
        pattern: call
            .string("Pattern")
            .unwrap_or_else(|| r"^(\d{11})$".into()),
        translation: call.string("Translation").unwrap_or_else(|| "+$1".into()),
        description: call.string("Description").unwrap_or_default(),
        is_internal_extension: call.bool("IsInternalExtension")?.unwrap_or(false),
    };
    validate_rule(call, &rule)?;
    if call.bool("InMemory")?.unwrap_or(false) {
        return Ok(vec![rule_json(
            &rule,
            call.int("Priority")?.unwrap_or(0).max(0) as usize,
        )]);
    }
    let plan_name = policy_name(&parent);
    let plan = voice
        .dial_plans
        .iter_mut()
        .find(|p| p.name.eq_ignore_ascii_case(plan_name))
        .ok_or_else(|| {
            call.fail(
                Failure::NotFound,
                format!("Cannot find tenant dial plan \"{parent}\"."),
            )
        })?;
    if plan
        .rules
        .iter()
        .any(|r| r.name.eq_ignore_ascii_case(&rule.name))
    {
        return Err(call.fail(
            Failure::Exists,
            format!(
                "The dial plan '{}' already has a rule named '{}'.",
                plan.name, rule.name
            ),
        ));
    }
    let at = call.int("Priority")?.map_or(plan.rules.len(), |p| {
        (p.max(0) as usize).min(plan.rules.len())
    });
    let output = rule_json(&rule, at);
    plan.rules.insert(at, rule);
    Ok(vec![output])
}

fn calling_policy_json(policy: &CallingPolicy) -> Json {
    let mut object = Map::new();
    object.insert("Identity".into(), json!(tagged(&policy.name)));
    object.insert("Description".into(), json!(policy.description));
    for (key, default) in CALLING_DEFAULTS {
        object.insert(
            (*key).into(),
            policy
                .settings
                .get(*key)
                .cloned()
                .unwrap_or_else(|| default.clone()),
        );
    }
    for (key, value) in &policy.settings {
        object.entry(key.clone()).or_insert_with(|| value.clone());
    }
    Json::Object(object)
}

fn save_calling_policy(voice: &mut VoiceState, call: &Call<'_>, create: bool) -> CmdletResult {
    let identity = call.required("Identity")?;
    let name = policy_name(&identity).to_string();
    let existing = entries::slot_for_save(
        call,
        &voice.calling_policies,
        |p| &p.name,
        &name,
        &identity,
        ("Teams calling policy", create),
    )?;
    let mut policy = match existing {
        Some(index) => voice.calling_policies[index].clone(),
        None => CallingPolicy {
            name: name.clone(),
            id: new_id(),
            description: String::new(),
            settings: BTreeMap::new(),
        },
    };
    for (key, value) in call.all() {
        match key.to_ascii_lowercase().as_str() {
            "identity" => {}
            "description" => policy.description = value.as_str().unwrap_or_default().to_string(),
            _ => {
                policy.settings.insert(key.clone(), value.clone());
            }
        }
    }
    let output = calling_policy_json(&policy);
    entries::store(&mut voice.calling_policies, existing, policy);
    Ok(if create { vec![output] } else { Vec::new() })
}

fn remove_calling_policy(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    let name = policy_name(&identity);
    let index = entries::find(
        call,
        &voice.calling_policies,
        |p| &p.name,
        name,
        &identity,
        "Teams calling policy",
    )?;
    if name.eq_ignore_ascii_case("Global") {
        voice.calling_policies[index].settings.clear();
        return Ok(Vec::new());
    }
    let canonical = voice.calling_policies[index].name.clone();
    ensure_not_granted(voice, call, PolicyType::TeamsCallingPolicy, &canonical)?;
    voice.calling_policies.remove(index);
    Ok(Vec::new())
}
