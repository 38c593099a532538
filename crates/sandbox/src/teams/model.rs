//! A tenant's Teams telephony objects, as the Teams admin service keeps them.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};

/// An E.164 number as Teams stores it: `+` and digits, optionally `;ext=digits`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts `+12065551234`, `12065551234` and `+12065551234;ext=123`; never `tel:`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        if trimmed.to_ascii_lowercase().starts_with("tel:") {
            return Err(format!(
                "The phone number '{trimmed}' must not carry a 'tel:' prefix."
            ));
        }
        let (main, ext) = match trimmed.split_once(";ext=") {
            Some((main, ext)) => (main, Some(ext)),
            None => (trimmed, None),
        };
        let digits = main.strip_prefix('+').unwrap_or(main);
        let digits_ok = (7..=15).contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0');
        let ext_ok = ext.is_none_or(|e| {
            !e.is_empty() && e.len() <= 10 && e.chars().all(|c| c.is_ascii_digit())
        });
        if !digits_ok || !ext_ok {
            return Err(format!(
                "The phone number '{trimmed}' is not a valid E.164 number."
            ));
        }
        Ok(Self(match ext {
            Some(ext) => format!("+{digits};ext={ext}"),
            None => format!("+{digits}"),
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `LineURI` form: `tel:+12065551234`.
    pub fn line_uri(&self) -> String {
        format!("tel:{}", self.0)
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberType {
    DirectRouting,
    CallingPlan,
    OperatorConnect,
}

impl NumberType {
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::DirectRouting,
            Self::CallingPlan,
            Self::OperatorConnect,
        ]
        .into_iter()
        .find(|t| t.cmdlet_name().eq_ignore_ascii_case(text))
    }
    pub fn cmdlet_name(self) -> &'static str {
        match self {
            Self::DirectRouting => "DirectRouting",
            Self::CallingPlan => "CallingPlan",
            Self::OperatorConnect => "OperatorConnect",
        }
    }
    pub fn graph_name(self) -> &'static str {
        match self {
            Self::DirectRouting => "directRouting",
            Self::CallingPlan => "callingPlan",
            Self::OperatorConnect => "operatorConnect",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentCategory {
    Primary,
    Private,
    Alternate,
}

impl AssignmentCategory {
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Primary, Self::Private, Self::Alternate]
            .into_iter()
            .find(|c| c.graph_name().eq_ignore_ascii_case(text))
    }
    pub fn graph_name(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Private => "private",
            Self::Alternate => "alternate",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AssignedNumber {
    pub number: PhoneNumber,
    pub number_type: NumberType,
    pub category: AssignmentCategory,
    pub location_id: Option<String>,
}

/// The user-assignable policy types the sandbox models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PolicyType {
    OnlineVoiceRoutingPolicy,
    TenantDialPlan,
    TeamsCallingPolicy,
}

impl PolicyType {
    pub const ALL: [PolicyType; 3] = [
        Self::OnlineVoiceRoutingPolicy,
        Self::TenantDialPlan,
        Self::TeamsCallingPolicy,
    ];

    /// The name used by cmdlets and `Get-CsOnlineUser` properties.
    pub fn cmdlet_name(self) -> &'static str {
        match self {
            Self::OnlineVoiceRoutingPolicy => "OnlineVoiceRoutingPolicy",
            Self::TenantDialPlan => "TenantDialPlan",
            Self::TeamsCallingPolicy => "TeamsCallingPolicy",
        }
    }

    /// The camel-case name Graph uses for `policyType`.
    pub fn graph_name(self) -> &'static str {
        match self {
            Self::OnlineVoiceRoutingPolicy => "onlineVoiceRoutingPolicy",
            Self::TenantDialPlan => "tenantDialPlan",
            Self::TeamsCallingPolicy => "teamsCallingPolicy",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.graph_name().eq_ignore_ascii_case(text))
    }
}

/// Teams voice data of one user, keyed in `VoiceState` by the user's object id.
#[derive(Debug, Clone, PartialEq)]
pub struct UserVoice {
    pub numbers: Vec<AssignedNumber>,
    pub enterprise_voice_enabled: bool,
    /// Directly granted policies by type; a missing type means the tenant's Global one.
    pub policies: BTreeMap<PolicyType, String>,
    pub modified: DateTime<Utc>,
}

impl Default for UserVoice {
    fn default() -> Self {
        Self {
            numbers: Vec::new(),
            enterprise_voice_enabled: false,
            policies: BTreeMap::new(),
            modified: Utc::now(),
        }
    }
}

impl UserVoice {
    pub fn primary_number(&self) -> Option<&PhoneNumber> {
        self.numbers
            .iter()
            .find(|n| n.category == AssignmentCategory::Primary)
            .map(|n| &n.number)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PstnGateway {
    pub fqdn: String,
    pub sip_signaling_port: i64,
    pub enabled: bool,
    pub max_concurrent_sessions: Option<i64>,
    pub forward_call_history: bool,
    pub forward_pai: bool,
    pub media_bypass: bool,
    pub send_sip_options: bool,
    pub failover_time_seconds: i64,
    pub gateway_site_lbr_enabled: bool,
    pub gateway_site_id: Option<String>,
    pub gateway_lbr_enabled_user_override: bool,
    /// SIP response codes that make Teams try the next gateway, e.g. `408,503,504`.
    pub failover_response_codes: String,
    pub pidf_lo_supported: bool,
    pub media_relay_routing_location_override: Option<String>,
    pub proxy_sbc: Option<String>,
    /// `None`, `Always` or `OnlyForLocalUsers`.
    pub bypass_mode: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VoiceRoute {
    pub identity: String,
    pub number_pattern: String,
    pub gateways: Vec<String>,
    pub usages: Vec<String>,
    pub description: String,
    pub bridge_source_phone_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VoiceRoutingPolicy {
    /// The bare name (`Global` for the built-in one); shown as `Tag:<name>` otherwise.
    pub name: String,
    pub id: String,
    pub usages: Vec<String>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NormalizationRule {
    pub name: String,
    pub pattern: String,
    pub translation: String,
    pub description: String,
    pub is_internal_extension: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TenantDialPlan {
    pub name: String,
    pub id: String,
    pub description: String,
    pub simple_name: String,
    pub rules: Vec<NormalizationRule>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CallingPolicy {
    pub name: String,
    pub id: String,
    pub description: String,
    /// Settings by their cmdlet parameter names (`PreventTollBypass`, ...).
    pub settings: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NetworkRegion {
    pub id: String,
    pub description: String,
    pub central_site: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NetworkSite {
    pub id: String,
    pub region_id: Option<String>,
    pub enable_location_based_routing: bool,
    pub description: String,
    /// Policy names the site hands to endpoints on it, by their cmdlet parameter names
    /// (`NetworkRoamingPolicy`, `EmergencyCallingPolicy`, …); `None` is the Global one.
    /// The sandbox models no such policies, so any name is kept as given.
    pub policies: BTreeMap<String, String>,
    pub site_address: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NetworkSubnet {
    pub id: String,
    pub mask_bits: i64,
    pub site_id: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrustedIpAddress {
    pub ip_address: String,
    pub mask_bits: i64,
    pub description: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_normalised_and_validated() {
        assert_eq!(
            PhoneNumber::parse("12065551234").unwrap().as_str(),
            "+12065551234"
        );
        assert_eq!(
            PhoneNumber::parse("+12065551234;ext=12")
                .unwrap()
                .line_uri(),
            "tel:+12065551234;ext=12"
        );
        assert!(PhoneNumber::parse("tel:+12065551234").is_err());
        assert!(PhoneNumber::parse("+12-3").is_err());
    }
}
