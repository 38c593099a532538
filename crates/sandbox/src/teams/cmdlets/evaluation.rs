//! The read-only `Test-Cs…` cmdlets: a dialled number through a dial plan or a single
//! normalization rule, and an E.164 number through a voice routing policy. The
//! evaluation itself lives in `teams::dialing`.

use serde_json::{json, Value as Json};

use super::policies::{parse_rule, rule_fields};
use super::{Call, CmdletResult, Failure};
use crate::pwsh::ErrorRecord;
use crate::state::TenantState;
use crate::teams::dialing::{apply_rule, normalize, select_route};
use crate::teams::model::{NormalizationRule, PolicyType};
use crate::teams::voice::{policy_name, user_or_error};

pub(super) fn execute(tenant: &TenantState, call: &Call<'_>, cmdlet: &str) -> Option<CmdletResult> {
    Some(match cmdlet {
        "test-cseffectivetenantdialplan" => test_dial_plan(tenant, call),
        "test-csvoicenormalizationrule" => test_rule(tenant, call),
        "test-csonlinevoiceroutingpolicy" => test_routing_policy(tenant, call),
        _ => return None,
    })
}

fn dialed_number(call: &Call<'_>) -> Result<String, ErrorRecord> {
    Ok(call.required("DialedNumber")?.trim().to_string())
}

/// The user's directly granted tenant dial plan, else the tenant's `Global` one.
fn test_dial_plan(tenant: &TenantState, call: &Call<'_>) -> CmdletResult {
    let dialed = dialed_number(call)?;
    if call.has("EffectiveTenantDialPlanName") {
        return Err(call.fail(
            Failure::Invalid,
            "The sandbox evaluates a user's dial plan (-Identity) or the tenant's (-TenantScopeOnly), not -EffectiveTenantDialPlanName.",
        ));
    }
    let scope_only = call.bool("TenantScopeOnly")?.unwrap_or(false);
    let plan_name = match call.string("Identity") {
        Some(identity) => {
            let user = user_or_error(tenant, &identity).map_err(|e| call.voice_error(e))?;
            tenant
                .voice
                .effective_policy(&user.id, PolicyType::TenantDialPlan)
                .0
        }
        None if scope_only => "Global".to_string(),
        None => {
            return Err(call.fail(
                Failure::Invalid,
                "Give -Identity (a user) or -TenantScopeOnly (the tenant's Global dial plan).",
            ))
        }
    };
    let plan = tenant
        .voice
        .dial_plans
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(&plan_name))
        .ok_or_else(|| call.not_found("tenant dial plan", &plan_name))?;
    let result = normalize(&plan.rules, &dialed);
    Ok(vec![json!({
        "TranslatedNumber": result.translated,
        "MatchingRule": result.rule.map(rule_fields),
    })])
}

/// `-NormalizationRule` as `Plan/Rule` (`Tag:` optional, `Global/Rule` for the
/// tenant's Global plan), or a rule object such as `New-CsVoiceNormalizationRule
/// -InMemory` or a dial plan's `NormalizationRules` return.
fn test_rule(tenant: &TenantState, call: &Call<'_>) -> CmdletResult {
    let dialed = dialed_number(call)?;
    let rule = match call.raw("NormalizationRule") {
        Some(Json::Object(object)) => parse_rule(call, object)?,
        Some(_) => stored_rule(tenant, call, &call.required("NormalizationRule")?)?,
        None => {
            return Err(call.fail(
                Failure::Invalid,
                "The parameter -NormalizationRule is required and cannot be empty.",
            ))
        }
    };
    // A rule that does not match leaves nothing translated.
    Ok(vec![
        json!({ "TranslatedNumber": apply_rule(&rule, &dialed) }),
    ])
}

fn stored_rule(
    tenant: &TenantState,
    call: &Call<'_>,
    identity: &str,
) -> Result<NormalizationRule, ErrorRecord> {
    let (plan_name, rule_name) = identity.rsplit_once('/').ok_or_else(|| {
        call.fail(
            Failure::Invalid,
            format!("The rule identity '{identity}' must look like 'DialPlan/RuleName'."),
        )
    })?;
    let plan_name = policy_name(plan_name);
    tenant
        .voice
        .dial_plans
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(plan_name))
        .and_then(|plan| {
            plan.rules
                .iter()
                .find(|r| r.name.eq_ignore_ascii_case(rule_name))
        })
        .cloned()
        .ok_or_else(|| call.not_found("voice normalization rule", identity))
}

/// Sandbox-only: the route a policy's usages and the tenant's routes give an E.164
/// number (see `teams::dialing::select_route`); every property is null when none does.
fn test_routing_policy(tenant: &TenantState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    let number = call.required("DialedNumber")?.trim().to_string();
    if !is_e164(&number) {
        return Err(call.fail(
            Failure::Invalid,
            format!("'{number}' is not an E.164 number ('+' and up to 15 digits, optionally ';ext=' and digits); normalise it with the dial plan first."),
        ));
    }
    let name = policy_name(&identity);
    let policy = tenant
        .voice
        .routing_policies
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| call.not_found("online voice routing policy", &identity))?;
    let found = select_route(policy, &tenant.voice.routes, &number);
    Ok(vec![match found {
        Some(hit) => json!({
            "MatchingUsage": hit.usage,
            "MatchingRoute": hit.route.identity,
            "GatewayList": hit.route.gateways,
            "NumberPattern": hit.route.number_pattern,
        }),
        None => json!({
            "MatchingUsage": null,
            "MatchingRoute": null,
            "GatewayList": null,
            "NumberPattern": null,
        }),
    }])
}

fn is_e164(number: &str) -> bool {
    let (main, ext) = match number.split_once(";ext=") {
        Some((main, ext)) => (main, Some(ext)),
        None => (number, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    main.strip_prefix('+')
        .is_some_and(|digits| all_digits(digits) && digits.len() <= 15)
        && ext.is_none_or(all_digits)
}
