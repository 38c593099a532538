//! The Direct Routing objects of one tenant, as Switchboard keeps and shows them.
//! Names follow the Teams cmdlets' parameters so a reader can map each field to
//! the PowerShell that reads or changes it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An SBC as a Teams PSTN gateway (`*-CsOnlinePSTNGateway`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PstnGateway {
    pub fqdn: String,
    pub sip_signaling_port: u16,
    pub enabled: bool,
    pub max_concurrent_sessions: Option<u32>,
    pub media_bypass: bool,
    pub forward_pai: bool,
    pub forward_call_history: bool,
    /// Location-based routing applies on this gateway (`GatewaySiteLbrEnabled`).
    pub lbr_enabled: bool,
    /// The network site the gateway sits in (`GatewaySiteID`).
    pub site_id: Option<String>,
    pub description: String,
}

/// A route: calls whose number matches the pattern go to the gateways in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VoiceRoute {
    pub name: String,
    /// Lower goes first among routes of the same usage; Teams keeps them 0, 1, 2…
    pub priority: u32,
    pub number_pattern: String,
    pub gateways: Vec<String>,
    pub usages: Vec<String>,
    pub description: String,
}

/// Which usages a user's calls may take, in the order they are tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VoiceRoutingPolicy {
    /// The bare name: `Global` for the tenant default, no `Tag:` prefix.
    pub name: String,
    pub description: String,
    pub usages: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NormalizationRule {
    pub name: String,
    pub pattern: String,
    pub translation: String,
    pub description: String,
    pub is_internal_extension: bool,
}

/// A tenant dial plan: normalization rules tried in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DialPlan {
    pub name: String,
    pub simple_name: String,
    pub description: String,
    pub rules: Vec<NormalizationRule>,
}

/// The part of a Teams calling policy location-based routing depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallingPolicy {
    pub name: String,
    pub description: String,
    pub prevent_toll_bypass: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NetworkRegion {
    pub id: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NetworkSite {
    pub id: String,
    pub region_id: Option<String>,
    pub lbr_enabled: bool,
    pub description: String,
}

/// An internal subnet of a site; its id is the network address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NetworkSubnet {
    pub id: String,
    pub mask_bits: u8,
    pub site_id: String,
    pub description: String,
}

/// A public address of the customer's sites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrustedIp {
    pub address: String,
    pub mask_bits: u8,
    pub description: String,
}

/// Everything of one tenant's Direct Routing configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VoiceConfig {
    pub gateways: Vec<PstnGateway>,
    pub usages: Vec<String>,
    pub routes: Vec<VoiceRoute>,
    pub policies: Vec<VoiceRoutingPolicy>,
    pub dial_plans: Vec<DialPlan>,
    pub calling_policies: Vec<CallingPolicy>,
    pub regions: Vec<NetworkRegion>,
    pub sites: Vec<NetworkSite>,
    pub subnets: Vec<NetworkSubnet>,
    pub trusted_ips: Vec<TrustedIp>,
}

/// Names in Teams compare without case.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl VoiceConfig {
    pub fn gateway(&self, fqdn: &str) -> Option<&PstnGateway> {
        self.gateways.iter().find(|g| same(&g.fqdn, fqdn))
    }
    pub fn usage(&self, name: &str) -> Option<&String> {
        self.usages.iter().find(|u| same(u, name))
    }
    pub fn route(&self, name: &str) -> Option<&VoiceRoute> {
        self.routes.iter().find(|r| same(&r.name, name))
    }
    pub fn policy(&self, name: &str) -> Option<&VoiceRoutingPolicy> {
        self.policies.iter().find(|p| same(&p.name, name))
    }
    pub fn dial_plan(&self, name: &str) -> Option<&DialPlan> {
        self.dial_plans.iter().find(|p| same(&p.name, name))
    }
    pub fn calling_policy(&self, name: &str) -> Option<&CallingPolicy> {
        self.calling_policies.iter().find(|p| same(&p.name, name))
    }
    pub fn region(&self, id: &str) -> Option<&NetworkRegion> {
        self.regions.iter().find(|r| same(&r.id, id))
    }
    pub fn site(&self, id: &str) -> Option<&NetworkSite> {
        self.sites.iter().find(|s| same(&s.id, id))
    }
    pub fn subnet(&self, id: &str) -> Option<&NetworkSubnet> {
        self.subnets.iter().find(|s| same(&s.id, id))
    }
    pub fn trusted_ip(&self, address: &str) -> Option<&TrustedIp> {
        self.trusted_ips.iter().find(|t| same(&t.address, address))
    }

    /// Routes that carry `usage`, by name.
    pub fn routes_using(&self, usage: &str) -> Vec<&str> {
        self.routes
            .iter()
            .filter(|r| r.usages.iter().any(|u| same(u, usage)))
            .map(|r| r.name.as_str())
            .collect()
    }

    /// Policies that list `usage`, by name.
    pub fn policies_using(&self, usage: &str) -> Vec<&str> {
        self.policies
            .iter()
            .filter(|p| p.usages.iter().any(|u| same(u, usage)))
            .map(|p| p.name.as_str())
            .collect()
    }

    /// The gateways a policy's calls can reach, in the order its routes would try them:
    /// what the Users screen shows as the user's "Online PSTN gateway".
    pub fn gateways_of_policy(&self, policy: &str) -> Vec<&str> {
        let mut found: Vec<&str> = Vec::new();
        let Some(policy) = self.policy(policy) else {
            return found;
        };
        for usage in &policy.usages {
            let mut routes: Vec<&VoiceRoute> = self
                .routes
                .iter()
                .filter(|r| r.usages.iter().any(|u| same(u, usage)))
                .collect();
            routes.sort_by_key(|r| r.priority);
            for gateway in routes.iter().flat_map(|r| r.gateways.iter()) {
                if !found.iter().any(|g| same(g, gateway)) {
                    found.push(gateway);
                }
            }
        }
        found
    }
}
