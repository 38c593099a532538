//! Builds cache rows from what Graph and Teams say about a user.

use std::collections::{BTreeMap, HashMap};

use switchboard_cache::UserRecord;
use switchboard_graph::models::User;

use crate::teams_config::UserConfiguration;

/// The Graph user properties the cache needs (`$select`).
pub const USER_FIELDS: &[&str] = &[
    "id",
    "userPrincipalName",
    "displayName",
    "givenName",
    "surname",
    "department",
    "usageLocation",
    "accountEnabled",
    "assignedLicenses",
];

/// SKU id → part number (e.g. `MCOEV`), from the tenant's subscribed SKUs.
pub(crate) type SkuNames = HashMap<String, String>;

/// The cache rows of a full snapshot: every Graph user with its Teams configuration, if
/// Teams has one (configurations of users Graph did not list are dropped).
pub(crate) fn merge_records(
    users: Vec<User>,
    configs: Vec<UserConfiguration>,
    skus: &SkuNames,
) -> Vec<UserRecord> {
    let mut voice: HashMap<String, UserConfiguration> = configs
        .into_iter()
        .map(|mut c| (std::mem::take(&mut c.id), c))
        .collect();
    users
        .into_iter()
        .map(|user| {
            let config = voice.remove(&user.id);
            user_record(user, config, skus)
        })
        .collect()
}

/// One cache row: Graph's directory fields plus (when Teams knows the user) voice state.
/// Both are taken by value so that their strings move into the row, not get copied.
pub(crate) fn user_record(
    user: User,
    voice: Option<UserConfiguration>,
    skus: &SkuNames,
) -> UserRecord {
    let mut record = UserRecord {
        upn: user.user_principal_name.unwrap_or_default(),
        display_name: user.display_name.unwrap_or_default(),
        given_name: user.given_name,
        surname: user.surname,
        department: user.department,
        usage_location: user.usage_location,
        account_enabled: user.account_enabled.unwrap_or(true),
        licences: user
            .assigned_licenses
            .iter()
            .map(|l| {
                skus.get(&l.sku_id)
                    .cloned()
                    .unwrap_or_else(|| l.sku_id.clone())
            })
            .collect(),
        object_id: user.id,
        ..UserRecord::default()
    };
    if let Some(voice) = voice {
        apply_voice(&mut record, voice);
    }
    record
}

fn apply_voice(record: &mut UserRecord, voice: UserConfiguration) {
    record.line_uri = voice.line_uri();
    record.enterprise_voice = voice.is_enterprise_voice_enabled;
    record.feature_types = voice.feature_types;
    let mut others = BTreeMap::new();
    for assignment in voice.effective_policy_assignments {
        match policy_column(record, &assignment.policy_type) {
            Some(column) => *column = Some(assignment.display_name),
            None => {
                others.insert(assignment.policy_type, assignment.display_name);
            }
        }
    }
    record.policies = others;
}

/// The row's own column for the policy types the Users screen shows; `None` for the
/// others, which go to the `policies` map.
fn policy_column<'r>(
    record: &'r mut UserRecord,
    policy_type: &str,
) -> Option<&'r mut Option<String>> {
    let is = |name: &str| policy_type.eq_ignore_ascii_case(name);
    if is("onlineVoiceRoutingPolicy") {
        Some(&mut record.voice_routing_policy)
    } else if is("tenantDialPlan") {
        Some(&mut record.tenant_dial_plan)
    } else if is("teamsCallingPolicy") {
        Some(&mut record.calling_policy)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn directory_and_voice_fields_are_merged_and_skus_named() {
        let user: User = serde_json::from_value(json!({
            "id": "u1", "userPrincipalName": "ann@contoso.com", "displayName": "Ann",
            "department": "Sales", "usageLocation": "NL", "accountEnabled": false,
            "assignedLicenses": [{"skuId": "sku-1"}, {"skuId": "sku-unknown"}]
        }))
        .unwrap();
        let voice: UserConfiguration = serde_json::from_value(json!({
            "id": "u1", "isEnterpriseVoiceEnabled": true,
            "telephoneNumbers": [{"telephoneNumber": "+31201234567", "assignmentCategory": "primary"}],
            "effectivePolicyAssignments": [
                {"policyType": "onlineVoiceRoutingPolicy", "policyAssignment": {"displayName": "VRP-NL"}},
                {"policyType": "tenantDialPlan", "policyAssignment": {"displayName": "DP-NL"}},
                {"policyType": "teamsCallingPolicy", "policyAssignment": {"displayName": "AllowCalling"}},
                {"policyType": "teamsEmergencyCallingPolicy", "policyAssignment": {"displayName": "E911"}}
            ]
        }))
        .unwrap();
        let skus = SkuNames::from([("sku-1".to_string(), "MCOEV".to_string())]);
        let record = user_record(user.clone(), Some(voice), &skus);
        assert_eq!(record.upn, "ann@contoso.com");
        assert_eq!(record.department.as_deref(), Some("Sales"));
        assert!(!record.account_enabled);
        assert_eq!(record.licences, vec!["MCOEV", "sku-unknown"]);
        assert_eq!(record.line_uri.as_deref(), Some("tel:+31201234567"));
        assert!(record.enterprise_voice);
        assert_eq!(record.voice_routing_policy.as_deref(), Some("VRP-NL"));
        assert_eq!(record.tenant_dial_plan.as_deref(), Some("DP-NL"));
        assert_eq!(record.calling_policy.as_deref(), Some("AllowCalling"));
        assert_eq!(
            record
                .policies
                .get("teamsEmergencyCallingPolicy")
                .map(String::as_str),
            Some("E911")
        );

        let directory_only = user_record(user, None, &skus);
        assert_eq!(directory_only.line_uri, None);
        assert!(!directory_only.enterprise_voice);
    }
}
