//! Reading a tenant's configuration through Teams PowerShell: the script, and the
//! objects it prints (each cmdlet's output converted to JSON, property names as the
//! MicrosoftTeams module has them).

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::changes::ObjectKind;
use crate::error::VoiceError;
use crate::objects::{
    CallingPolicy, DialPlan, NetworkRegion, NetworkSite, NetworkSubnet, NormalizationRule,
    PstnGateway, TrustedIp, VoiceConfig, VoiceRoute, VoiceRoutingPolicy,
};

/// The cmdlet that lists each kind of object.
fn cmdlet(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Gateway => "Get-CsOnlinePSTNGateway",
        ObjectKind::Usage => "Get-CsOnlinePstnUsage",
        ObjectKind::Route => "Get-CsOnlineVoiceRoute",
        ObjectKind::Policy => "Get-CsOnlineVoiceRoutingPolicy",
        ObjectKind::DialPlan => "Get-CsTenantDialPlan",
        ObjectKind::CallingPolicy => "Get-CsTeamsCallingPolicy",
        ObjectKind::Region => "Get-CsTenantNetworkRegion",
        ObjectKind::Site => "Get-CsTenantNetworkSite",
        ObjectKind::Subnet => "Get-CsTenantNetworkSubnet",
        ObjectKind::TrustedIp => "Get-CsTenantTrustedIPAddress",
    }
}

/// The script that reads everything: each cmdlet's output wrapped in one object that
/// says what it holds (so an empty list still arrives and a tenant with no routes is
/// told apart from a failed read), marked with `phase` so that one run can read the
/// configuration before and after a change.
pub fn read_script(phase: &str) -> String {
    ObjectKind::ALL
        .iter()
        .map(|kind| {
            format!(
                "[pscustomobject]@{{ Phase = '{phase}'; Kind = '{}'; Items = @({}) }}\n",
                kind.key(),
                cmdlet(*kind)
            )
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Section {
    phase: String,
    kind: String,
    #[serde(default)]
    items: Vec<Value>,
}

/// Builds the configuration from the output objects of `phase` (others are skipped);
/// every kind must be there.
pub fn parse_read_output(objects: &[Value], phase: &str) -> Result<VoiceConfig, VoiceError> {
    let mut config = VoiceConfig::default();
    let mut seen = Vec::new();
    for object in objects {
        let Ok(section) = serde_json::from_value::<Section>(object.clone()) else {
            continue;
        };
        if section.phase != phase {
            continue;
        }
        let kind = ObjectKind::from_key(&section.kind).ok_or_else(|| {
            VoiceError::Unreadable(format!("unexpected section '{}'", section.kind))
        })?;
        let items = &section.items;
        match kind {
            ObjectKind::Gateway => config.gateways = each::<RawGateway, _>(items)?,
            ObjectKind::Usage => {
                config.usages = each::<RawUsage, Vec<String>>(items)?
                    .into_iter()
                    .flatten()
                    .collect()
            }
            ObjectKind::Route => {
                config.routes = each::<RawRoute, _>(items)?;
                config
                    .routes
                    .sort_by(|a, b| a.priority.cmp(&b.priority).then(a.name.cmp(&b.name)));
            }
            ObjectKind::Policy => config.policies = each::<RawRoutingPolicy, _>(items)?,
            ObjectKind::DialPlan => config.dial_plans = each::<RawDialPlan, _>(items)?,
            ObjectKind::CallingPolicy => {
                config.calling_policies = each::<RawCallingPolicy, _>(items)?
            }
            ObjectKind::Region => config.regions = each::<RawRegion, _>(items)?,
            ObjectKind::Site => config.sites = each::<RawSite, _>(items)?,
            ObjectKind::Subnet => config.subnets = each::<RawSubnet, _>(items)?,
            ObjectKind::TrustedIp => config.trusted_ips = each::<RawTrustedIp, _>(items)?,
        }
        seen.push(kind);
    }
    if let Some(missing) = ObjectKind::ALL.iter().find(|kind| !seen.contains(kind)) {
        return Err(VoiceError::Unreadable(format!(
            "the '{}' section is missing",
            missing.key()
        )));
    }
    Ok(config)
}

fn each<R: DeserializeOwned + Into<T>, T>(items: &[Value]) -> Result<Vec<T>, VoiceError> {
    items
        .iter()
        .map(|item| {
            serde_json::from_value::<R>(item.clone())
                .map(Into::into)
                .map_err(|e| VoiceError::Unreadable(format!("{e} in {item}")))
        })
        .collect()
}

/// `Tag:Name` → `Name`; `Global` stays.
fn bare(identity: &str) -> String {
    identity
        .strip_prefix("Tag:")
        .unwrap_or(identity)
        .to_string()
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawGateway {
    fqdn: String,
    sip_signaling_port: u16,
    enabled: bool,
    #[serde(default)]
    max_concurrent_sessions: Option<u32>,
    #[serde(default)]
    media_bypass: bool,
    #[serde(default)]
    forward_pai: bool,
    #[serde(default)]
    forward_call_history: bool,
    #[serde(default)]
    gateway_site_lbr_enabled: bool,
    #[serde(default)]
    gateway_site_id: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

impl From<RawGateway> for PstnGateway {
    fn from(raw: RawGateway) -> Self {
        PstnGateway {
            fqdn: raw.fqdn,
            sip_signaling_port: raw.sip_signaling_port,
            enabled: raw.enabled,
            max_concurrent_sessions: raw.max_concurrent_sessions,
            media_bypass: raw.media_bypass,
            forward_pai: raw.forward_pai,
            forward_call_history: raw.forward_call_history,
            lbr_enabled: raw.gateway_site_lbr_enabled,
            site_id: raw.gateway_site_id.filter(|s| !s.is_empty()),
            description: raw.description.unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawUsage {
    #[serde(default)]
    usage: Vec<String>,
}

impl From<RawUsage> for Vec<String> {
    fn from(raw: RawUsage) -> Self {
        raw.usage
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawRoute {
    identity: String,
    priority: u32,
    number_pattern: String,
    #[serde(default)]
    online_pstn_gateway_list: Vec<String>,
    #[serde(default)]
    online_pstn_usages: Vec<String>,
    #[serde(default)]
    description: Option<String>,
}

impl From<RawRoute> for VoiceRoute {
    fn from(raw: RawRoute) -> Self {
        VoiceRoute {
            name: raw.identity,
            priority: raw.priority,
            number_pattern: raw.number_pattern,
            gateways: raw.online_pstn_gateway_list,
            usages: raw.online_pstn_usages,
            description: raw.description.unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawRoutingPolicy {
    identity: String,
    #[serde(default)]
    online_pstn_usages: Vec<String>,
    #[serde(default)]
    description: Option<String>,
}

impl From<RawRoutingPolicy> for VoiceRoutingPolicy {
    fn from(raw: RawRoutingPolicy) -> Self {
        VoiceRoutingPolicy {
            name: bare(&raw.identity),
            description: raw.description.unwrap_or_default(),
            usages: raw.online_pstn_usages,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawRule {
    name: String,
    pattern: String,
    translation: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    is_internal_extension: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawDialPlan {
    identity: String,
    #[serde(default)]
    simple_name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    normalization_rules: Vec<RawRule>,
}

impl From<RawDialPlan> for DialPlan {
    fn from(raw: RawDialPlan) -> Self {
        DialPlan {
            name: bare(&raw.identity),
            simple_name: raw.simple_name.unwrap_or_default(),
            description: raw.description.unwrap_or_default(),
            rules: raw
                .normalization_rules
                .into_iter()
                .map(|r| NormalizationRule {
                    name: r.name,
                    pattern: r.pattern,
                    translation: r.translation,
                    description: r.description.unwrap_or_default(),
                    is_internal_extension: r.is_internal_extension,
                })
                .collect(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawCallingPolicy {
    identity: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    prevent_toll_bypass: bool,
}

impl From<RawCallingPolicy> for CallingPolicy {
    fn from(raw: RawCallingPolicy) -> Self {
        CallingPolicy {
            name: bare(&raw.identity),
            description: raw.description.unwrap_or_default(),
            prevent_toll_bypass: raw.prevent_toll_bypass,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawRegion {
    #[serde(rename = "NetworkRegionID")]
    id: String,
    #[serde(default)]
    description: Option<String>,
}

impl From<RawRegion> for NetworkRegion {
    fn from(raw: RawRegion) -> Self {
        NetworkRegion {
            id: raw.id,
            description: raw.description.unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawSite {
    #[serde(rename = "NetworkSiteID")]
    id: String,
    #[serde(rename = "NetworkRegionID", default)]
    region_id: Option<String>,
    #[serde(default)]
    enable_location_based_routing: bool,
    #[serde(default)]
    description: Option<String>,
}

impl From<RawSite> for NetworkSite {
    fn from(raw: RawSite) -> Self {
        NetworkSite {
            id: raw.id,
            region_id: raw.region_id.filter(|r| !r.is_empty()),
            lbr_enabled: raw.enable_location_based_routing,
            description: raw.description.unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawSubnet {
    #[serde(rename = "SubnetID")]
    id: String,
    mask_bits: u8,
    #[serde(rename = "NetworkSiteID")]
    site_id: String,
    #[serde(default)]
    description: Option<String>,
}

impl From<RawSubnet> for NetworkSubnet {
    fn from(raw: RawSubnet) -> Self {
        NetworkSubnet {
            id: raw.id,
            mask_bits: raw.mask_bits,
            site_id: raw.site_id,
            description: raw.description.unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawTrustedIp {
    #[serde(rename = "IPAddress")]
    address: String,
    mask_bits: u8,
    #[serde(default)]
    description: Option<String>,
}

impl From<RawTrustedIp> for TrustedIp {
    fn from(raw: RawTrustedIp) -> Self {
        TrustedIp {
            address: raw.address,
            mask_bits: raw.mask_bits,
            description: raw.description.unwrap_or_default(),
        }
    }
}
