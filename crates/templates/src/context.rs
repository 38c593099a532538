//! The typed values a template is rendered with, and their serialisation to the
//! names the templates use (`CustomerId`, `SBC.*`, `M365.*`, `Lbr.*`, `CmdData.*`,
//! `PbxUser.*`, `CustomVar.*`).
//!
//! Optional parts that are absent are left out of the data entirely rather than
//! rendered empty, so strict mode reports a template that needs them by name.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Everything one rendering can use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateContext {
    pub customer: CustomerVars,
    pub sbc: SbcVars,
    pub site: SiteVars,
    /// Prefixes entered in the wizard, grouped by target dial plan.
    pub prefixes: Vec<DialPlanPrefixes>,
    pub teams: TeamsVars,
    pub lbr: Option<LbrVars>,
    pub cmd: CmdData,
    /// Values for the template's declared custom variables (`CustomVar.<name>`).
    pub custom: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerVars {
    /// Short name: names IP groups, the SIP account and dial plan rules.
    pub id: String,
    /// Full name, used in descriptions.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SbcVars {
    /// The carrier's proxy set and IP profile name on the SBC.
    pub carrier_id: String,
    /// The customer's Online PSTN gateway FQDN.
    pub online_pstn_gateway: String,
    /// A call admission control profile for the Teams-side IP group.
    pub cac_profile: Option<String>,
    /// Registration towards the carrier, when the trunk needs one.
    pub carrier_registration: Option<CarrierRegistration>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarrierRegistration {
    pub user_name: String,
    pub password: String,
    pub host_name: String,
    pub main_line: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteVars {
    /// The site location name (LBR network site and gateway site id).
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialPlanPrefixes {
    pub dial_plan_name: String,
    pub rules: Vec<DialPlanRuleVars>,
}

impl DialPlanPrefixes {
    /// Each rule name once, in first-seen order: a cleanup deletes by name, and the
    /// SBC refuses a second delete of a name that no longer matches any rule.
    pub fn rule_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for rule in &self.rules {
            if !names.contains(&rule.name.as_str()) {
                names.push(&rule.name);
            }
        }
        names
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialPlanRuleVars {
    pub name: String,
    pub prefix: String,
    pub tag: String,
}

/// Names and settings of the Teams voice routing objects the M365 scripts manage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamsVars {
    pub pstn_usage: String,
    pub voice_route: String,
    pub voice_routing_policy: String,
    /// A regular expression; build it with `regex_escape` when it holds literal digits.
    pub number_pattern: String,
    pub route_priority: u32,
    pub sip_signaling_port: u16,
    pub max_concurrent_sessions: u32,
}

impl Default for TeamsVars {
    fn default() -> Self {
        Self {
            pstn_usage: "Unrestricted".into(),
            voice_route: "Unrestricted".into(),
            voice_routing_policy: "Unrestricted".into(),
            number_pattern: ".*".into(),
            route_priority: 1,
            sip_signaling_port: 5061,
            max_concurrent_sessions: 100,
        }
    }
}

/// Location-based routing: where the customer's networks are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LbrVars {
    pub network_region: String,
    pub subnets: Vec<Network>,
    pub trusted_ips: Vec<Network>,
    /// The calling policy that prevents toll bypass.
    pub calling_policy: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    pub address: String,
    pub mask_bits: u8,
}

/// Data for the day-two commands (prefix changes, IP-PBX users).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CmdData {
    pub dial_plan_name: Option<String>,
    pub to_add: Vec<PrefixToAdd>,
    pub to_remove: Vec<RuleIndex>,
    pub pbx_user: Option<PbxUserVars>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixToAdd {
    pub prefix: String,
    pub tag: String,
}

/// A dial plan rule's index on the SBC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleIndex(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PbxAction {
    Create,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PbxUserVars {
    pub action: PbxAction,
    pub local_user_name: String,
    /// The PBX's SIP domain or address.
    pub pbx_host: String,
    /// E.164 number, with or without the leading `+`.
    pub e164: String,
    pub pbx_extension: String,
    pub registering_user_name: String,
    pub registering_password: String,
}

impl TemplateContext {
    /// The data tree the templates see.
    pub fn to_data(&self) -> Value {
        let mut root = Map::new();
        root.insert("CustomerId".into(), json!(self.customer.id));
        root.insert("CustomerName".into(), json!(self.customer.name));
        root.insert("SBC".into(), self.sbc_data());
        root.insert("M365".into(), teams_data(&self.teams));
        if let Some(lbr) = &self.lbr {
            root.insert("Lbr".into(), lbr_data(lbr));
        }
        if let Some(name) = &self.cmd.dial_plan_name {
            root.insert("DialPlanName".into(), json!(name));
        }
        let to_add: Vec<Value> = self
            .cmd
            .to_add
            .iter()
            .map(|p| json!({"Prefix": p.prefix, "Tag": p.tag}))
            .collect();
        let to_remove: Vec<Value> = self
            .cmd
            .to_remove
            .iter()
            .map(|i| json!({"Index": i.0}))
            .collect();
        root.insert(
            "CmdData".into(),
            object([(
                "DialPlanRules",
                object([
                    ("ToAdd", Value::Array(to_add)),
                    ("ToRemove", Value::Array(to_remove)),
                ]),
            )]),
        );
        if let Some(user) = &self.cmd.pbx_user {
            root.insert("PbxUser".into(), pbx_user_data(user));
        }
        let custom: Map<String, Value> = self
            .custom
            .iter()
            .map(|(name, value)| (name.clone(), json!(value)))
            .collect();
        root.insert("CustomVar".into(), Value::Object(custom));
        Value::Object(root)
    }

    fn sbc_data(&self) -> Value {
        let sbc = &self.sbc;
        let mut data = Map::new();
        data.insert("CarrierID".into(), json!(sbc.carrier_id));
        data.insert("OnlinePstnGateway".into(), json!(sbc.online_pstn_gateway));
        data.insert("SbcSiteName".into(), json!(self.site.name));
        data.insert("EnableCAC".into(), json!(sbc.cac_profile.is_some()));
        if let Some(profile) = &sbc.cac_profile {
            data.insert("CacProfile".into(), json!(profile));
        }
        data.insert(
            "FlagCarrierRegistration".into(),
            json!(sbc.carrier_registration.is_some()),
        );
        if let Some(registration) = &sbc.carrier_registration {
            data.insert("CarrierUserName".into(), json!(registration.user_name));
            data.insert("CarrierPassword".into(), json!(registration.password));
            data.insert("CarrierHostName".into(), json!(registration.host_name));
            data.insert("CarrierMainLine".into(), json!(registration.main_line));
        }
        let plans: Vec<Value> = self
            .prefixes
            .iter()
            .map(|plan| {
                let rules: Vec<Value> = plan.rules.iter().map(rule_data).collect();
                object([
                    ("DialPlanName", json!(plan.dial_plan_name)),
                    ("Rules", Value::Array(rules)),
                    ("RuleNames", json!(plan.rule_names())),
                ])
            })
            .collect();
        data.insert("DialPlanPrefixes".into(), Value::Array(plans));
        Value::Object(data)
    }
}

/// An object of already built values, moved in: `json!` would serialise a deep
/// copy of every nested value, and a dial plan can hold thousands of rules.
fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
    )
}

fn rule_data(rule: &DialPlanRuleVars) -> Value {
    object([
        ("Name", Value::String(rule.name.clone())),
        ("Prefix", Value::String(rule.prefix.clone())),
        ("Tag", Value::String(rule.tag.clone())),
    ])
}

fn teams_data(teams: &TeamsVars) -> Value {
    json!({
        "PstnUsage": teams.pstn_usage,
        "VoiceRoute": teams.voice_route,
        "VoiceRoutingPolicy": teams.voice_routing_policy,
        "NumberPattern": teams.number_pattern,
        "RoutePriority": teams.route_priority,
        "SipSignalingPort": teams.sip_signaling_port,
        "MaxConcurrentSessions": teams.max_concurrent_sessions,
    })
}

fn lbr_data(lbr: &LbrVars) -> Value {
    let networks = |list: &[Network]| -> Vec<Value> {
        list.iter()
            .map(|n| json!({"Address": n.address, "MaskBits": n.mask_bits}))
            .collect()
    };
    object([
        ("NetworkRegion", json!(lbr.network_region)),
        ("Subnets", Value::Array(networks(&lbr.subnets))),
        ("TrustedIps", Value::Array(networks(&lbr.trusted_ips))),
        ("CallingPolicy", json!(lbr.calling_policy)),
    ])
}

fn pbx_user_data(user: &PbxUserVars) -> Value {
    json!({
        "create": user.action == PbxAction::Create,
        "delete": user.action == PbxAction::Delete,
        "LocalUserName": user.local_user_name,
        "Pbxhost": user.pbx_host,
        "E164": user.e164,
        "PbxExtension": user.pbx_extension,
        "RegisteringUserName": user.registering_user_name,
        "RegisteringPassword": user.registering_password,
    })
}
