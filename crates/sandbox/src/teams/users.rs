//! The two views of a user's voice settings: `Get-CsOnlineUser`'s object and Graph's
//! `userConfiguration`. Both read the directory user and the same `UserVoice`.

use serde_json::{json, Value as Json};

use super::model::{PolicyType, UserVoice};
use super::voice::VoiceState;
use crate::directory::User;

/// Every licensed Teams user in the sandbox is treated as having Phone System.
const FEATURE_TYPES: [&str; 2] = ["Teams", "PhoneSystem"];

fn timestamp(time: chrono::DateTime<chrono::Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The object `Get-CsOnlineUser` returns, with the module's property names.
pub fn online_user(tenant_id: &str, user: &User, voice: &VoiceState) -> Json {
    let settings = voice.users.get(&user.id).cloned().unwrap_or_default();
    let granted = |t: PolicyType| settings.policies.get(&t).cloned();
    json!({
        "Identity": user.id,
        "ObjectId": user.id,
        "UserPrincipalName": user.user_principal_name,
        "DisplayName": user.display_name,
        "SipAddress": format!("sip:{}", user.user_principal_name),
        "Alias": user.mail_nickname,
        "LineURI": settings.primary_number().map(|n| n.line_uri()),
        "EnterpriseVoiceEnabled": settings.enterprise_voice_enabled,
        "OnlineVoiceRoutingPolicy": granted(PolicyType::OnlineVoiceRoutingPolicy),
        "TenantDialPlan": granted(PolicyType::TenantDialPlan),
        "TeamsCallingPolicy": granted(PolicyType::TeamsCallingPolicy),
        "UsageLocation": user.usage_location,
        "Department": user.department,
        "Title": user.job_title,
        "FeatureTypes": FEATURE_TYPES,
        "AccountType": "User",
        "InterpretedUserType": "PureOnlineTeamsOnlyUser",
        "AccountEnabled": user.account_enabled,
        "TenantId": tenant_id,
        "WhenCreated": timestamp(user.created),
        "WhenChanged": timestamp(settings.modified.max(user.created)),
    })
}

/// Graph's `teamsAdministration.teamsUserConfiguration`.
pub fn user_configuration(tenant_id: &str, user: &User, voice: &VoiceState) -> Json {
    let settings: UserVoice = voice.users.get(&user.id).cloned().unwrap_or_default();
    let numbers: Vec<Json> = settings
        .numbers
        .iter()
        .map(|n| json!({ "telephoneNumber": n.number.as_str(), "assignmentCategory": n.category.graph_name() }))
        .collect();
    let policies: Vec<Json> = settings
        .policies
        .iter()
        .map(|(policy_type, name)| {
            json!({
                "policyType": policy_type.graph_name(),
                "policyAssignment": {
                    "displayName": name,
                    "policyId": voice.policy_id(*policy_type, name),
                    "assignmentType": "direct",
                    "groupId": null,
                }
            })
        })
        .collect();
    json!({
        "id": user.id,
        "tenantId": tenant_id,
        "userPrincipalName": user.user_principal_name,
        "accountType": "user",
        "isEnterpriseVoiceEnabled": settings.enterprise_voice_enabled,
        "telephoneNumbers": numbers,
        "effectivePolicyAssignments": policies,
        "featureTypes": FEATURE_TYPES,
        "createdDateTime": timestamp(user.created),
        "modifiedDateTime": timestamp(settings.modified.max(user.created)),
    })
}
