//! A customer's Teams Direct Routing configuration: the objects the onboarding script
//! and day-two work leave behind (usages, routes, policies, a tenant dial plan).

use super::model::{
    DemoDialPlan, DemoGateway, DemoNormalizationRule, DemoVoice, DemoVoiceRoute,
    DemoVoiceRoutingPolicy,
};
use super::numbering::{CountryPlan, RuleTemplate};

/// The policy onboarding creates for every tenant.
pub const UNRESTRICTED: &str = "Unrestricted";
/// A Teams calling policy some users are granted explicitly.
pub const ALLOW_CALLING: &str = "AllowCalling";

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

pub fn voice_config(country: &CountryPlan, gateway_fqdn: &str, names: &PolicyNames) -> DemoVoice {
    let national_usage = format!("{}-National", country.iso);
    let gateways = vec![gateway_fqdn.to_string()];
    DemoVoice {
        pstn_usages: vec![UNRESTRICTED.to_string(), national_usage.clone()],
        gateways: vec![DemoGateway {
            fqdn: gateway_fqdn.to_string(),
            sip_signaling_port: 5061,
            max_concurrent_sessions: 100,
            enabled: true,
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
            normalization_rules: vec![
                rule(&country.national_rule),
                rule(&country.international_rule),
            ],
        }],
        calling_policies: vec![ALLOW_CALLING.to_string()],
    }
}

fn rule(template: &RuleTemplate) -> DemoNormalizationRule {
    DemoNormalizationRule {
        name: template.name.to_string(),
        pattern: template.pattern.to_string(),
        translation: template.translation.to_string(),
        is_internal_extension: false,
    }
}
