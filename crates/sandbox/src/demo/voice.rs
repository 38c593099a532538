//! A customer's Teams Direct Routing configuration: the objects the onboarding script
//! and day-two work leave behind (usages, routes, policies, a tenant dial plan).

use super::model::{
    DemoDialPlan, DemoGateway, DemoLbr, DemoNormalizationRule, DemoSubnet, DemoVoice,
    DemoVoiceRoute, DemoVoiceRoutingPolicy,
};
use super::numbering::{CountryPlan, NumberBlock, RuleTemplate};

/// The policy onboarding creates for every tenant.
pub const UNRESTRICTED: &str = "Unrestricted";
/// A Teams calling policy some users are granted explicitly.
pub const ALLOW_CALLING: &str = "AllowCalling";
/// The calling policy LBR onboarding creates; users must be moved to it by hand.
pub const PREVENT_TOLL_BYPASS: &str = "UMPPreventTollBypass";

/// Names of the policies users get, as the customer's voice config defines them.
pub struct PolicyNames {
    pub unrestricted: String,
    pub national_only: String,
    pub dial_plan: String,
}

impl PolicyNames {
    pub fn for_country(country: &CountryPlan) -> Self {
        Self {
            unrestricted: UNRESTRICTED.to_string(),
            national_only: format!("{}-NationalOnly", country.iso),
            dial_plan: format!("{}-Standard", country.iso),
        }
    }
}

/// What a customer's voice configuration is built from.
pub struct VoiceInputs<'a> {
    pub country: &'a CountryPlan,
    pub gateway_fqdn: &'a str,
    pub names: &'a PolicyNames,
    /// The customer's first number block, if it has numbers: extensions dial into it.
    pub extensions: Option<&'a NumberBlock>,
    pub lbr: Option<DemoLbr>,
}

pub fn voice_config(inputs: VoiceInputs<'_>) -> DemoVoice {
    let VoiceInputs {
        country,
        gateway_fqdn,
        names,
        extensions,
        lbr,
    } = inputs;
    let national_usage = format!("{}-National", country.iso);
    let gateways = vec![gateway_fqdn.to_string()];
    DemoVoice {
        pstn_usages: vec![UNRESTRICTED.to_string(), national_usage.clone()],
        gateways: vec![DemoGateway {
            fqdn: gateway_fqdn.to_string(),
            sip_signaling_port: 5061,
            max_concurrent_sessions: 100,
            enabled: true,
            lbr_site: lbr.as_ref().map(|l| l.site.clone()),
        }],
        routes: vec![
            DemoVoiceRoute {
                identity: national_usage.clone(),
                priority: 0,
                number_pattern: format!(r"^\+{}\d+$", country.calling_code),
                gateways: gateways.clone(),
                pstn_usages: vec![national_usage.clone()],
            },
            DemoVoiceRoute {
                identity: UNRESTRICTED.to_string(),
                priority: 1,
                number_pattern: ".*".to_string(),
                gateways,
                pstn_usages: vec![UNRESTRICTED.to_string()],
            },
        ],
        policies: vec![
            DemoVoiceRoutingPolicy {
                identity: names.unrestricted.clone(),
                description: "All destinations".to_string(),
                pstn_usages: vec![UNRESTRICTED.to_string()],
            },
            DemoVoiceRoutingPolicy {
                identity: names.national_only.clone(),
                description: format!("Calls within {} only", country.iso),
                pstn_usages: vec![national_usage],
            },
        ],
        dial_plans: vec![DemoDialPlan {
            identity: names.dial_plan.clone(),
            description: format!("Local dialling habits in {}", country.iso),
            normalization_rules: extensions
                .map(extension_rule)
                .into_iter()
                .chain([
                    rule(
                        &country.national_rule,
                        "National numbers dialled with the trunk prefix",
                    ),
                    rule(
                        &country.international_rule,
                        "International numbers dialled with the exit code",
                    ),
                ])
                .collect(),
        }],
        calling_policies: vec![ALLOW_CALLING.to_string()],
        lbr,
    }
}

fn rule(template: &RuleTemplate, description: &str) -> DemoNormalizationRule {
    DemoNormalizationRule {
        name: template.name.to_string(),
        description: description.to_string(),
        pattern: template.pattern.to_string(),
        translation: template.translation.to_string(),
        is_internal_extension: false,
    }
}

/// Colleagues dial each other by the last digits of their number.
fn extension_rule(block: &NumberBlock) -> DemoNormalizationRule {
    DemoNormalizationRule {
        name: "Extension".to_string(),
        description: format!("{}-digit extensions in {block}", block.digits),
        pattern: format!(r"^(\d{{{}}})$", block.digits),
        translation: format!("{}$1", block.base),
        is_internal_extension: true,
    }
}

/// The LBR topology of a customer whose site is `site` in `city`. Addresses come
/// from private and documentation ranges, varied by the tenant id so tenants differ
/// without drawing from the estate's random stream.
pub fn lbr_topology(site: &str, city: &str, tenant_id: &str) -> DemoLbr {
    let octet = u8::from_str_radix(tenant_id.get(..2).unwrap_or("0"), 16).unwrap_or(0);
    DemoLbr {
        region: city.to_string(),
        site: site.to_string(),
        site_description: format!("Offices in {city}"),
        subnets: vec![
            DemoSubnet {
                address: format!("10.{octet}.0.0"),
                mask_bits: 16,
                description: "Office LAN".to_string(),
            },
            DemoSubnet {
                address: format!("172.16.{octet}.0"),
                mask_bits: 24,
                description: "Office Wi-Fi".to_string(),
            },
        ],
        trusted_ip: DemoSubnet {
            address: format!("203.0.113.{octet}"),
            mask_bits: 32,
            description: format!("Internet address of {site}"),
        },
        toll_bypass_policy: PREVENT_TOLL_BYPASS.to_string(),
    }
}
