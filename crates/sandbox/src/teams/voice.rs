//! `VoiceState`: one tenant's Teams telephony data, and the operations that both the
//! cmdlets and Graph perform on it (number assignment, policy grants), so the two
//! surfaces cannot drift apart.

use std::collections::BTreeMap;

use chrono::Utc;

use super::ledger::{VoiceChange, VoiceLedger};
use super::model::*;
use super::operations::NumberOperation;
use super::throttle::WriteThrottle;
use crate::directory::User;
use crate::state::TenantState;

pub struct VoiceState {
    /// Keyed by the user's object id; users without an entry have no voice settings.
    pub users: BTreeMap<String, UserVoice>,
    pub gateways: Vec<PstnGateway>,
    /// The single global PSTN usage list (`Get-CsOnlinePstnUsage -Identity Global`).
    pub pstn_usages: Vec<String>,
    /// In priority order: a route's `Priority` is its index.
    pub routes: Vec<VoiceRoute>,
    pub routing_policies: Vec<VoiceRoutingPolicy>,
    pub dial_plans: Vec<TenantDialPlan>,
    pub calling_policies: Vec<CallingPolicy>,
    pub regions: Vec<NetworkRegion>,
    pub sites: Vec<NetworkSite>,
    pub subnets: Vec<NetworkSubnet>,
    pub trusted_ips: Vec<TrustedIpAddress>,
    /// Graph's long-running number operations, by id.
    pub operations: BTreeMap<String, NumberOperation>,
    /// Graph's telephony write throttling for this tenant (off by default).
    pub write_throttle: WriteThrottle,
    /// Who holds each number, kept in step by `assign_number` and `unassign_number`
    /// (the only writers of users' numbers) so a conflict check costs no scan.
    holders: BTreeMap<PhoneNumber, String>,
    /// Every number and policy change applied, written by the same three methods.
    ledger: VoiceLedger,
}

impl Default for VoiceState {
    /// A new tenant has the built-in `Global` policy of each type and nothing else.
    fn default() -> Self {
        Self {
            holders: BTreeMap::new(),
            ledger: VoiceLedger::default(),
            write_throttle: WriteThrottle::default(),
            users: BTreeMap::new(),
            gateways: Vec::new(),
            pstn_usages: Vec::new(),
            routes: Vec::new(),
            routing_policies: vec![VoiceRoutingPolicy {
                name: "Global".into(),
                id: new_id(),
                usages: Vec::new(),
                description: String::new(),
            }],
            dial_plans: vec![TenantDialPlan {
                name: "Global".into(),
                id: new_id(),
                description: String::new(),
                simple_name: "DefaultTenantDialPlan".into(),
                rules: Vec::new(),
            }],
            calling_policies: vec![CallingPolicy {
                name: "Global".into(),
                id: new_id(),
                description: String::new(),
                settings: BTreeMap::new(),
            }],
            regions: Vec::new(),
            sites: Vec::new(),
            subnets: Vec::new(),
            trusted_ips: Vec::new(),
            operations: BTreeMap::new(),
        }
    }
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// `Tag:Name` and `Name` name the same policy.
pub fn policy_name(identity: &str) -> &str {
    identity
        .strip_prefix("Tag:")
        .or_else(|| identity.strip_prefix("tag:"))
        .unwrap_or(identity)
}

/// Why a voice change was refused; the cmdlet and Graph layers word it their own way.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VoiceError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
}

/// Finds a directory user by object id, UPN or `sip:` address.
pub fn find_user<'a>(tenant: &'a TenantState, identity: &str) -> Option<&'a User> {
    let key = identity
        .strip_prefix("sip:")
        .or_else(|| identity.strip_prefix("SIP:"))
        .unwrap_or(identity);
    tenant.directory.user(key)
}

pub fn user_or_error<'a>(tenant: &'a TenantState, identity: &str) -> Result<&'a User, VoiceError> {
    find_user(tenant, identity).ok_or_else(|| {
        VoiceError::NotFound(format!(
            "Management object not found for identity \"{identity}\"."
        ))
    })
}

impl VoiceState {
    /// The changes applied so far, for tests to count.
    pub fn ledger(&self) -> &VoiceLedger {
        &self.ledger
    }

    /// The user (by object id) holding the number, ignoring any `;ext=` differences.
    pub fn holder_of(&self, number: &PhoneNumber) -> Option<&str> {
        self.holders.get(number).map(String::as_str)
    }

    /// Assigns a number; a number held by someone else is refused, and assigning
    /// enables Enterprise Voice, as the service does.
    pub fn assign_number(
        &mut self,
        user_id: &str,
        number: PhoneNumber,
        number_type: NumberType,
        category: AssignmentCategory,
        location_id: Option<String>,
    ) -> Result<(), VoiceError> {
        if let Some(holder) = self.holder_of(&number) {
            if holder != user_id {
                return Err(VoiceError::Conflict(format!(
                    "The telephone number {number} is already assigned to another user."
                )));
            }
        }
        let voice = self.users.entry(user_id.to_string()).or_default();
        // A user holds one number per category: the new one replaces the old.
        let (replaced, kept) = std::mem::take(&mut voice.numbers)
            .into_iter()
            .partition(|n| n.category == category || n.number == number);
        voice.numbers = kept;
        for old in replaced {
            self.holders.remove(&old.number);
            if old.number != number {
                self.ledger
                    .record(user_id, VoiceChange::NumberUnassigned(old.number));
            }
        }
        self.holders.insert(number.clone(), user_id.to_string());
        self.ledger
            .record(user_id, VoiceChange::NumberAssigned(number.clone()));
        let voice = self.users.entry(user_id.to_string()).or_default();
        voice.numbers.push(AssignedNumber {
            number,
            number_type,
            category,
            location_id,
        });
        voice.enterprise_voice_enabled = true;
        voice.modified = Utc::now();
        Ok(())
    }

    /// Removes one number, or all of a user's numbers when `number` is `None`.
    pub fn unassign_number(
        &mut self,
        user_id: &str,
        number: Option<&PhoneNumber>,
    ) -> Result<(), VoiceError> {
        let voice = self.users.get_mut(user_id);
        match (voice, number) {
            (Some(voice), Some(number)) if voice.numbers.iter().any(|n| &n.number == number) => {
                voice.numbers.retain(|n| &n.number != number);
                voice.modified = Utc::now();
                self.holders.remove(number);
                self.ledger
                    .record(user_id, VoiceChange::NumberUnassigned(number.clone()));
            }
            (_, Some(number)) => {
                return Err(VoiceError::NotFound(format!(
                    "The telephone number {number} is not assigned to this user."
                )))
            }
            (Some(voice), None) => {
                for old in voice.numbers.drain(..) {
                    self.holders.remove(&old.number);
                    self.ledger
                        .record(user_id, VoiceChange::NumberUnassigned(old.number));
                }
                voice.modified = Utc::now();
            }
            (None, None) => {}
        }
        Ok(())
    }

    pub fn set_enterprise_voice(&mut self, user_id: &str, enabled: bool) {
        let voice = self.users.entry(user_id.to_string()).or_default();
        voice.enterprise_voice_enabled = enabled;
        voice.modified = Utc::now();
    }

    /// The id of a policy by type and name (`Tag:` optional), if it exists.
    pub fn policy_id(&self, policy_type: PolicyType, name: &str) -> Option<String> {
        let name = policy_name(name);
        let matches = |n: &str| n.eq_ignore_ascii_case(name);
        match policy_type {
            PolicyType::OnlineVoiceRoutingPolicy => self
                .routing_policies
                .iter()
                .find(|p| matches(&p.name))
                .map(|p| p.id.clone()),
            PolicyType::TenantDialPlan => self
                .dial_plans
                .iter()
                .find(|p| matches(&p.name))
                .map(|p| p.id.clone()),
            PolicyType::TeamsCallingPolicy => self
                .calling_policies
                .iter()
                .find(|p| matches(&p.name))
                .map(|p| p.id.clone()),
        }
    }

    /// The name of a policy by type and id.
    pub fn policy_name_by_id(&self, policy_type: PolicyType, id: &str) -> Option<String> {
        match policy_type {
            PolicyType::OnlineVoiceRoutingPolicy => self
                .routing_policies
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone()),
            PolicyType::TenantDialPlan => self
                .dial_plans
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone()),
            PolicyType::TeamsCallingPolicy => self
                .calling_policies
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone()),
        }
    }

    /// Grants a policy by name, or removes the direct grant when `name` is `None`
    /// (`-PolicyName $null`). Granting `Global` is the same as removing the grant.
    pub fn grant(
        &mut self,
        user_id: &str,
        policy_type: PolicyType,
        name: Option<&str>,
    ) -> Result<(), VoiceError> {
        let canonical = match name
            .map(policy_name)
            .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case("Global"))
        {
            None => None,
            Some(name) => {
                let id = self.policy_id(policy_type, name).ok_or_else(|| {
                    VoiceError::NotFound(format!(
                        "The policy \"{name}\" of type \"{}\" was not found.",
                        policy_type.cmdlet_name()
                    ))
                })?;
                self.policy_name_by_id(policy_type, &id)
            }
        };
        let voice = self.users.entry(user_id.to_string()).or_default();
        match &canonical {
            Some(name) => voice.policies.insert(policy_type, name.clone()),
            None => voice.policies.remove(&policy_type),
        };
        voice.modified = Utc::now();
        self.ledger
            .record(user_id, VoiceChange::PolicyGranted(policy_type, canonical));
        Ok(())
    }

    /// A policy type's assignment for a user: the direct grant, else `Global`.
    pub fn effective_policy(&self, user_id: &str, policy_type: PolicyType) -> (String, bool) {
        match self
            .users
            .get(user_id)
            .and_then(|v| v.policies.get(&policy_type))
        {
            Some(name) => (name.clone(), true),
            None => ("Global".into(), false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_held_by_another_user_is_refused_and_changes_nothing() {
        let mut voice = VoiceState::default();
        let number = PhoneNumber::parse("+14255550100").unwrap();
        voice
            .assign_number(
                "a",
                number.clone(),
                NumberType::DirectRouting,
                AssignmentCategory::Primary,
                None,
            )
            .unwrap();
        assert!(voice.users["a"].enterprise_voice_enabled);
        let err = voice
            .assign_number(
                "b",
                number.clone(),
                NumberType::DirectRouting,
                AssignmentCategory::Primary,
                None,
            )
            .unwrap_err();
        assert!(matches!(err, VoiceError::Conflict(_)));
        assert!(!voice.users.contains_key("b"));
        assert_eq!(voice.holder_of(&number), Some("a"));
    }

    #[test]
    fn grants_need_an_existing_policy_and_global_clears() {
        let mut voice = VoiceState::default();
        assert!(matches!(
            voice.grant("a", PolicyType::OnlineVoiceRoutingPolicy, Some("Nope")),
            Err(VoiceError::NotFound(_))
        ));
        voice.routing_policies.push(VoiceRoutingPolicy {
            name: "Unrestricted".into(),
            id: new_id(),
            usages: vec![],
            description: String::new(),
        });
        voice
            .grant(
                "a",
                PolicyType::OnlineVoiceRoutingPolicy,
                Some("Tag:unrestricted"),
            )
            .unwrap();
        assert_eq!(
            voice.effective_policy("a", PolicyType::OnlineVoiceRoutingPolicy),
            ("Unrestricted".into(), true)
        );
        voice
            .grant("a", PolicyType::OnlineVoiceRoutingPolicy, Some("Global"))
            .unwrap();
        assert_eq!(
            voice.effective_policy("a", PolicyType::OnlineVoiceRoutingPolicy),
            ("Global".into(), false)
        );
    }
}
