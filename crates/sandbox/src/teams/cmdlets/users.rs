//! User cmdlets: `Get-CsOnlineUser`, phone number assignment and policy grants.

use super::{Call, CmdletResult, Failure};
use crate::state::TenantState;
use crate::teams::filter;
use crate::teams::model::{AssignmentCategory, NumberType, PhoneNumber, PolicyType};
use crate::teams::users::online_user;
use crate::teams::voice::user_or_error;

pub(super) fn execute(
    tenant: &mut TenantState,
    call: &Call<'_>,
    cmdlet: &str,
) -> Option<CmdletResult> {
    Some(match cmdlet {
        "get-csonlineuser" => get_online_user(tenant, call),
        "set-csphonenumberassignment" => set_assignment(tenant, call),
        "remove-csphonenumberassignment" => remove_assignment(tenant, call),
        "grant-csonlinevoiceroutingpolicy" => {
            grant(tenant, call, PolicyType::OnlineVoiceRoutingPolicy)
        }
        "grant-cstenantdialplan" => grant(tenant, call, PolicyType::TenantDialPlan),
        "grant-csteamscallingpolicy" => grant(tenant, call, PolicyType::TeamsCallingPolicy),
        _ => return None,
    })
}

fn get_online_user(tenant: &TenantState, call: &Call<'_>) -> CmdletResult {
    if let Some(identity) = call.string("Identity") {
        let user = user_or_error(tenant, &identity).map_err(|e| call.voice_error(e))?;
        return Ok(vec![online_user(&tenant.tenant_id, user, &tenant.voice)]);
    }
    let filter = match call.string("Filter") {
        Some(text) => Some(filter::parse(&text).map_err(|m| call.fail(Failure::Invalid, m))?),
        None => None,
    };
    if let Some(account_type) = call
        .string("AccountType")
        .filter(|t| !t.eq_ignore_ascii_case("User"))
    {
        // Only user accounts exist in the sandbox directory.
        let known = ["ResourceAccount", "Guest", "SfBOnPremUser", "Unknown"]
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&account_type));
        return if known {
            Ok(Vec::new())
        } else {
            Err(call.fail(
                Failure::Invalid,
                format!("'{account_type}' is not a valid AccountType."),
            ))
        };
    }
    let limit = match call.int("ResultSize")? {
        Some(n) if n < 1 => {
            return Err(call.fail(Failure::Invalid, "-ResultSize must be at least 1."))
        }
        Some(n) => n as usize,
        None => usize::MAX,
    };
    Ok(tenant
        .directory
        .users_after(None)
        .map(|user| online_user(&tenant.tenant_id, user, &tenant.voice))
        .filter(|object| filter.as_ref().is_none_or(|f| f.matches(object)))
        .take(limit)
        .collect())
}

fn number_args(call: &Call<'_>) -> Result<(PhoneNumber, NumberType), crate::pwsh::ErrorRecord> {
    let number = PhoneNumber::parse(&call.required("PhoneNumber")?)
        .map_err(|m| call.fail(Failure::Invalid, m))?;
    let text = call.required("PhoneNumberType")?;
    let number_type = NumberType::parse(&text)
        .ok_or_else(|| call.fail(Failure::Invalid, format!("'{text}' is not a valid PhoneNumberType; use DirectRouting, CallingPlan or OperatorConnect.")))?;
    Ok((number, number_type))
}

fn set_assignment(tenant: &mut TenantState, call: &Call<'_>) -> CmdletResult {
    let user_id = user_or_error(tenant, &call.required("Identity")?)
        .map_err(|e| call.voice_error(e))?
        .id
        .clone();
    if let Some(enabled) = call.bool("EnterpriseVoiceEnabled")? {
        if call.has("PhoneNumber") {
            return Err(call.fail(
                Failure::Invalid,
                "-EnterpriseVoiceEnabled cannot be combined with -PhoneNumber.",
            ));
        }
        tenant.voice.set_enterprise_voice(&user_id, enabled);
        return Ok(Vec::new());
    }
    let (number, number_type) = number_args(call)?;
    let category = match call.string("AssignmentCategory") {
        Some(text) => match AssignmentCategory::parse(&text) {
            Some(category @ (AssignmentCategory::Primary | AssignmentCategory::Private)) => {
                category
            }
            _ => {
                return Err(call.fail(
                    Failure::Invalid,
                    format!("'{text}' is not a valid AssignmentCategory; use Primary or Private."),
                ))
            }
        },
        None => AssignmentCategory::Primary,
    };
    let location = call.string("LocationId");
    tenant
        .voice
        .assign_number(&user_id, number, number_type, category, location)
        .map_err(|e| call.voice_error(e))?;
    Ok(Vec::new())
}

fn remove_assignment(tenant: &mut TenantState, call: &Call<'_>) -> CmdletResult {
    let user_id = user_or_error(tenant, &call.required("Identity")?)
        .map_err(|e| call.voice_error(e))?
        .id
        .clone();
    let remove_all = call.bool("RemoveAll")?.unwrap_or(false);
    let number = if remove_all {
        None
    } else {
        Some(number_args(call)?.0)
    };
    tenant
        .voice
        .unassign_number(&user_id, number.as_ref())
        .map_err(|e| call.voice_error(e))?;
    Ok(Vec::new())
}

fn grant(tenant: &mut TenantState, call: &Call<'_>, policy_type: PolicyType) -> CmdletResult {
    if call.bool("Global")?.unwrap_or(false) || call.has("Group") {
        return Err(call.fail(
            Failure::Invalid,
            "The sandbox grants policies to individual users only (-Identity).",
        ));
    }
    let user_id = user_or_error(tenant, &call.required("Identity")?)
        .map_err(|e| call.voice_error(e))?
        .id
        .clone();
    let name = call.string("PolicyName");
    tenant
        .voice
        .grant(&user_id, policy_type, name.as_deref())
        .map_err(|e| call.voice_error(e))?;
    Ok(Vec::new())
}
