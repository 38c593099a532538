//! The generated estate: plain data, independent of the emulators that load it.

use serde::Serialize;

pub use super::numbering::NumberBlock;
use crate::sbc::AlarmSeverity;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estate {
    /// The provider's own DNS domain; SBC FQDNs and derived trunks end with it.
    pub provider_domain: String,
    /// Switchboard's multitenant app registration, consented in every customer tenant.
    pub app: DemoApp,
    pub customers: Vec<DemoCustomer>,
    pub sbcs: Vec<DemoSbc>,
}

impl Estate {
    pub fn user_count(&self) -> usize {
        self.customers.iter().map(|c| c.users.len()).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoApp {
    pub display_name: String,
    pub client_id: String,
    pub client_secret: String,
}

/// How the provider sells to the customer (the Tenants screen's licence column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum LicenceType {
    HostedEssentials,
    HostedEssentialsPlus,
    HostedPro,
    OcEssential,
    OcPro,
}

impl LicenceType {
    pub const ALL: [LicenceType; 5] = [
        Self::HostedEssentials,
        Self::HostedEssentialsPlus,
        Self::HostedPro,
        Self::OcEssential,
        Self::OcPro,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::HostedEssentials => "Hosted Essentials",
            Self::HostedEssentialsPlus => "Hosted Essentials+",
            Self::HostedPro => "Hosted Pro",
            Self::OcEssential => "OC Essential",
            Self::OcPro => "OC Pro",
        }
    }

    /// Essentials tiers have no user licences: the provider only carries their calls.
    pub fn has_user_licences(self) -> bool {
        !matches!(self, Self::HostedEssentials | Self::OcEssential)
    }

    pub fn is_operator_connect(self) -> bool {
        matches!(self, Self::OcEssential | Self::OcPro)
    }

    /// Location-Based Routing is sold with the Pro tiers only.
    pub fn includes_lbr(self) -> bool {
        matches!(self, Self::HostedPro | Self::OcPro)
    }
}

/// Most users a tenant may be licensed for (the onboarding wizard's cap).
pub const MAX_LICENSED_USERS: u32 = 500;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoCustomer {
    /// Azure tenant id, a lower-case GUID.
    pub tenant_id: String,
    pub short_name: String,
    pub full_name: String,
    pub licence_type: LicenceType,
    pub licensed_users: u32,
    /// `<shortname>.onmicrosoft.com`, lower case.
    pub initial_domain: String,
    /// The verified vanity domain users sign in with.
    pub custom_domain: String,
    /// The customer's subdomain of the provider domain (verified in the tenant), under
    /// which its derived trunk FQDN lives: `<shortname>.<provider domain>`.
    pub trunk_domain: String,
    /// The customer's Global Administrator, who approves device-code sign-ins.
    pub admin_upn: String,
    /// ISO 3166 alpha-2 country of the customer and its numbers.
    pub country: String,
    pub subscriptions: Vec<DemoSubscription>,
    pub users: Vec<DemoUser>,
    pub groups: Vec<DemoGroup>,
    pub voice: DemoVoice,
    pub site: DemoSite,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoSubscription {
    pub sku_part_number: &'static str,
    pub sku_id: &'static str,
    /// Units bought; at least the users holding the SKU.
    pub prepaid_units: u32,
    pub consumed_units: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoUser {
    pub object_id: String,
    pub user_principal_name: String,
    pub display_name: String,
    pub given_name: Option<String>,
    pub surname: Option<String>,
    pub department: Option<String>,
    /// ISO 3166 alpha-2.
    pub usage_location: String,
    pub account_enabled: bool,
    /// `tel:+<E.164>`.
    pub line_uri: Option<String>,
    pub enterprise_voice: bool,
    pub voice_routing_policy: Option<String>,
    pub tenant_dial_plan: Option<String>,
    pub calling_policy: Option<String>,
    /// SKU part numbers, e.g. `ENTERPRISEPACK`, `MCOEV`.
    pub licences: Vec<&'static str>,
    /// A Teams resource account (auto attendant or call queue), not a person.
    pub resource_account: bool,
}

impl DemoUser {
    /// The E.164 number without the `tel:` scheme.
    pub fn number(&self) -> Option<&str> {
        self.line_uri
            .as_deref()
            .and_then(|uri| uri.strip_prefix("tel:"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoGroup {
    pub id: String,
    pub display_name: String,
    pub member_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoVoice {
    pub pstn_usages: Vec<String>,
    pub gateways: Vec<DemoGateway>,
    pub routes: Vec<DemoVoiceRoute>,
    pub policies: Vec<DemoVoiceRoutingPolicy>,
    pub dial_plans: Vec<DemoDialPlan>,
    /// Teams calling policies users are granted by name.
    pub calling_policies: Vec<String>,
    /// Location-Based Routing, for the licences that include it (Hosted Pro, OC Pro).
    pub lbr: Option<DemoLbr>,
}

/// A Location-Based Routing topology as the "M365 onboarding with Location Based
/// Routing" script leaves it: one region, one LBR site with its subnets, the site's
/// public address as a trusted IP, and a calling policy that prevents toll bypass.
/// The customer's gateway points at the site (`DemoGateway::lbr_site`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoLbr {
    pub region: String,
    pub site: String,
    pub site_description: String,
    pub subnets: Vec<DemoSubnet>,
    pub trusted_ip: DemoSubnet,
    pub toll_bypass_policy: String,
}

/// An address with its mask, as subnets and trusted IPs are given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoSubnet {
    pub address: String,
    pub mask_bits: u8,
    pub description: String,
}

impl DemoVoice {
    pub fn has_policy(&self, identity: &str) -> bool {
        self.policies.iter().any(|p| p.identity == identity)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoGateway {
    pub fqdn: String,
    pub sip_signaling_port: u16,
    pub max_concurrent_sessions: u32,
    pub enabled: bool,
    /// The LBR site the gateway sits at; the gateway then has LBR on.
    pub lbr_site: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoVoiceRoute {
    pub identity: String,
    pub priority: u32,
    pub number_pattern: String,
    pub gateways: Vec<String>,
    pub pstn_usages: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoVoiceRoutingPolicy {
    pub identity: String,
    pub description: String,
    pub pstn_usages: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoDialPlan {
    pub identity: String,
    pub description: String,
    pub normalization_rules: Vec<DemoNormalizationRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoNormalizationRule {
    pub name: String,
    pub description: String,
    pub pattern: String,
    pub translation: String,
    pub is_internal_extension: bool,
}

/// How the customer's site connects to the provider's SBC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SiteConfiguration {
    SipTrunk,
    IpPbx,
    Byoc,
}

impl SiteConfiguration {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SipTrunk => "SipTrunk",
            Self::IpPbx => "IpPbx",
            Self::Byoc => "Byoc",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoSite {
    /// Index into `Estate::sbcs`.
    pub sbc: usize,
    pub name: String,
    pub configuration: SiteConfiguration,
    /// The gateway the tenant routes to: the derived trunk `<sbc name>.<trunk domain>`,
    /// or the customer's own SBC (BYOC).
    pub pstn_gateway_fqdn: String,
    /// SBC dial plan the prefixes go into (`CustDialPlan`, `RegisteredUsers`, `OCDialPlan`).
    pub sbc_dial_plan: String,
    /// Tag of the prefixes: the gateway FQDN, or the tenant id for Operator Connect.
    pub tag: String,
    /// The customer's number blocks; `to_string()` gives the SBC prefix.
    pub number_blocks: Vec<NumberBlock>,
}

impl DemoSite {
    /// The SBC dial plan prefixes, e.g. `+4420794600[00-99]`.
    pub fn prefixes(&self) -> Vec<String> {
        self.number_blocks.iter().map(ToString::to_string).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoSbc {
    pub name: String,
    pub fqdn: String,
    pub city: String,
    /// A documentation-range address (RFC 5737): never routable.
    pub public_ip: String,
    pub admin_user: String,
    pub admin_password: String,
    /// Active alarms the device raises when it starts.
    pub alarms: Vec<DemoAlarm>,
}

/// An active alarm as the SBC's alarm list reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoAlarm {
    pub severity: AlarmSeverity,
    /// The component raising it, e.g. `Board#1/ProxyConnection#1`.
    pub source: String,
    pub description: String,
}
