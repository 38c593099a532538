//! Teams telephony under `/admin/teams`: a user's numbers and policies, the kinds of
//! number and policy Switchboard changes, and the long-running number operation.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use switchboard_domain::PhoneNumber;

/// `numberType` of `assignNumber`/`unassignNumber`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum NumberType {
    DirectRouting,
    CallingPlan,
    OperatorConnect,
}

/// `assignmentCategory` of a user's number. Values Microsoft adds later read as `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AssignmentCategory {
    Primary,
    Private,
    Alternate,
    #[serde(other)]
    Other,
}

/// The voice policy types Switchboard grants (`policyType` of `userAssignments`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyType {
    OnlineVoiceRoutingPolicy,
    TenantDialPlan,
    TeamsCallingPolicy,
}

impl PolicyType {
    /// Graph's spelling, e.g. `onlineVoiceRoutingPolicy`.
    pub fn graph_name(self) -> &'static str {
        match self {
            Self::OnlineVoiceRoutingPolicy => "onlineVoiceRoutingPolicy",
            Self::TenantDialPlan => "tenantDialPlan",
            Self::TeamsCallingPolicy => "teamsCallingPolicy",
        }
    }
}

/// `teamsAdministration.teamsUserConfiguration`: what a change is checked against
/// (its before-value, and whether it landed).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamsUserConfiguration {
    pub id: String,
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub is_enterprise_voice_enabled: bool,
    #[serde(default)]
    pub telephone_numbers: Vec<AssignedTelephoneNumber>,
    #[serde(default)]
    pub effective_policy_assignments: Vec<EffectivePolicyAssignment>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TeamsUserConfiguration {
    /// Whether the user holds `number` (compared in E.164 form, extension included).
    pub fn holds(&self, number: &PhoneNumber) -> bool {
        let wanted = number.to_string();
        self.telephone_numbers
            .iter()
            .any(|n| n.telephone_number == wanted)
    }

    /// The number held in `category`, as Microsoft spells it.
    pub fn number_in(&self, category: AssignmentCategory) -> Option<&str> {
        self.telephone_numbers
            .iter()
            .find(|n| n.assignment_category == category)
            .map(|n| n.telephone_number.as_str())
    }

    /// The user's effective policy of `policy_type`, if Graph lists one. Graph spells
    /// policy types in camel or Pascal case, so they are compared ignoring case.
    pub fn policy(&self, policy_type: PolicyType) -> Option<&PolicyAssignment> {
        self.effective_policy_assignments
            .iter()
            .find(|p| p.policy_type.eq_ignore_ascii_case(policy_type.graph_name()))
            .map(|p| &p.policy_assignment)
    }
}

/// One number of a user. Kept as Microsoft sends it: a number already in the tenant is
/// shown even where Switchboard's own validation would refuse it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignedTelephoneNumber {
    pub telephone_number: String,
    pub assignment_category: AssignmentCategory,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectivePolicyAssignment {
    /// Any Teams policy type, e.g. `teamsMeetingPolicy`, not only those in [`PolicyType`].
    pub policy_type: String,
    pub policy_assignment: PolicyAssignment,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyAssignment {
    pub display_name: Option<String>,
    pub policy_id: Option<String>,
    /// `direct` or `group`.
    pub assignment_type: Option<String>,
    pub group_id: Option<String>,
}

/// `telephoneNumberLongRunningOperation`, as polled after `assignNumber`/`unassignNumber`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NumberOperation {
    pub id: Option<String>,
    pub status: OperationStatus,
    pub status_detail: Option<String>,
    #[serde(default)]
    pub numbers: Vec<NumberOperationDetail>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NumberOperationDetail {
    pub status_detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum OperationStatus {
    NotStarted,
    Running,
    Succeeded,
    Failed,
    /// Nothing needed doing (the number was already so).
    Skipped,
    #[serde(other)]
    Unknown,
}

impl NumberOperation {
    /// Why it failed, in Microsoft's words: the number's detail, else the operation's.
    pub fn failure_detail(&self) -> Option<String> {
        self.numbers
            .iter()
            .find_map(|n| n.status_detail.clone())
            .or_else(|| self.status_detail.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_configuration_answers_what_a_change_is_checked_against() {
        let config: TeamsUserConfiguration = serde_json::from_value(json!({
            "id": "u1",
            "isEnterpriseVoiceEnabled": true,
            "telephoneNumbers": [
                {"telephoneNumber": "+442079460018", "assignmentCategory": "primary"},
                {"telephoneNumber": "+442079460019", "assignmentCategory": "unknownFutureValue"}
            ],
            "effectivePolicyAssignments": [{
                "policyType": "OnlineVoiceRoutingPolicy",
                "policyAssignment": {"displayName": "UK", "policyId": "p1", "assignmentType": "direct", "groupId": null}
            }]
        }))
        .unwrap();
        let held = PhoneNumber::parse("+44 20 7946 0018").unwrap();
        assert!(config.holds(&held));
        assert!(!config.holds(&PhoneNumber::parse("+442079460020").unwrap()));
        assert_eq!(
            config.number_in(AssignmentCategory::Other),
            Some("+442079460019")
        );
        let policy = config.policy(PolicyType::OnlineVoiceRoutingPolicy).unwrap();
        assert_eq!(policy.display_name.as_deref(), Some("UK"));
        assert_eq!(config.policy(PolicyType::TenantDialPlan), None);
    }
}
