//! The parts of an SBC configuration the app works with. Secrets are never kept.

use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunningConfig {
    pub proxy_sets: Vec<ProxySet>,
    pub ip_groups: Vec<IpGroup>,
    pub sip_accounts: Vec<SipAccount>,
    pub dial_plans: Vec<DialPlan>,
}

impl RunningConfig {
    /// Every rule of every dial plan, in plan then rule order.
    pub fn dial_plan_rules(&self) -> Vec<DialPlanRule> {
        self.dial_plans
            .iter()
            .flat_map(|plan| plan.rules.iter().cloned())
            .collect()
    }

    pub fn ip_group(&self, name: &str) -> Option<&IpGroup> {
        self.ip_groups.iter().find(|group| group.name == name)
    }

    pub fn proxy_set(&self, name: &str) -> Option<&ProxySet> {
        self.proxy_sets.iter().find(|set| set.name == name)
    }

    pub fn dial_plan(&self, name: &str) -> Option<&DialPlan> {
        self.dial_plans.iter().find(|plan| plan.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProxySet {
    pub index: u32,
    pub name: String,
    pub sip_interface_name: String,
    pub addresses: Vec<ProxyAddress>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProxyAddress {
    pub index: u32,
    /// `host[:port]` as configured.
    pub address: String,
    /// `udp`, `tcp`, `tls`, or empty when not configured.
    pub transport_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpGroup {
    pub index: u32,
    pub name: String,
    pub group_type: IpGroupType,
    pub proxy_set_name: String,
    /// `name=value` pairs joined by `;`, as configured.
    pub tags: String,
    pub sip_group_name: String,
}

impl IpGroup {
    /// The value of one tag (names compare case-insensitively, as on the device).
    pub fn tag(&self, name: &str) -> Option<&str> {
        self.tags.split(';').find_map(|tag| {
            let (key, value) = tag.split_once('=')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum IpGroupType {
    Server,
    User,
    Gateway,
    Other(String),
}

impl From<&str> for IpGroupType {
    /// The device leaves the default (`server`) out of its configuration.
    fn from(value: &str) -> Self {
        match value {
            "" | "server" => Self::Server,
            "user" => Self::User,
            "gateway" => Self::Gateway,
            other => Self::Other(other.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SipAccount {
    pub index: u32,
    pub account_name: String,
    pub served_ip_group_name: String,
    pub serving_ip_group_name: String,
    pub user_name: String,
    pub host_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DialPlan {
    pub index: u32,
    pub name: String,
    pub rules: Vec<DialPlanRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DialPlanRule {
    /// The name of the dial plan the rule belongs to.
    pub dial_plan: String,
    pub index: u32,
    /// In practice the customer's short name.
    pub name: String,
    pub prefix: String,
    pub tag: String,
}
