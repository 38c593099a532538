//! A customer's Teams telephony: the tenant-wide objects go through the Teams admin
//! backend's cmdlets (validated like the app's own calls), users through `VoiceState`.

use serde_json::{json, Map, Value as Json};

use super::model::{DemoCustomer, DemoLbr, LicenceType};
use super::DemoError;
use crate::state::TenantState;
use crate::teams::cmdlets;
use crate::teams::model::{AssignmentCategory, NumberType, PhoneNumber, PolicyType};

pub fn seed(customer: &DemoCustomer, tenant: &mut TenantState) -> Result<(), DemoError> {
    for (cmdlet, params) in tenant_cmdlets(customer) {
        cmdlets::execute(tenant, cmdlet, &params).map_err(|record| DemoError::Voice {
            customer: customer.short_name.clone(),
            step: cmdlet.to_string(),
            message: record.message,
        })?;
    }
    let number_type = match customer.licence_type {
        LicenceType::OcEssential | LicenceType::OcPro => NumberType::OperatorConnect,
        _ => NumberType::DirectRouting,
    };
    let voice = &mut tenant.voice;
    for user in customer.users.iter().filter(|u| u.enterprise_voice) {
        let failed = |step: &str, message: String| DemoError::Voice {
            customer: customer.short_name.clone(),
            step: format!("{step} for {}", user.user_principal_name),
            message,
        };
        voice.set_enterprise_voice(&user.object_id, true);
        if let Some(number) = user.number() {
            let number = PhoneNumber::parse(number).map_err(|m| failed("number", m))?;
            voice
                .assign_number(
                    &user.object_id,
                    number,
                    number_type,
                    AssignmentCategory::Primary,
                    None,
                )
                .map_err(|e| failed("number", e.to_string()))?;
        }
        let grants = [
            (
                PolicyType::OnlineVoiceRoutingPolicy,
                &user.voice_routing_policy,
            ),
            (PolicyType::TenantDialPlan, &user.tenant_dial_plan),
            (PolicyType::TeamsCallingPolicy, &user.calling_policy),
        ];
        for (policy_type, name) in grants {
            if let Some(name) = name {
                voice
                    .grant(&user.object_id, policy_type, Some(name))
                    .map_err(|e| failed(policy_type.cmdlet_name(), e.to_string()))?;
            }
        }
    }
    Ok(())
}

/// The cmdlets an onboarding script would run for the customer's voice routing.
fn tenant_cmdlets(customer: &DemoCustomer) -> Vec<(&'static str, Map<String, Json>)> {
    let voice = &customer.voice;
    let mut calls = vec![(
        "Set-CsOnlinePstnUsage",
        params([
            ("Identity", json!("Global")),
            ("Usage", json!({"Add": voice.pstn_usages})),
        ]),
    )];
    // The gateways point at the LBR site, so the topology comes first.
    calls.extend(voice.lbr.iter().flat_map(lbr_cmdlets));
    calls.extend(voice.gateways.iter().map(|g| {
        let mut gateway = params([
            ("Fqdn", json!(g.fqdn)),
            ("SipSignalingPort", json!(g.sip_signaling_port)),
            ("MaxConcurrentSessions", json!(g.max_concurrent_sessions)),
            ("Enabled", json!(g.enabled)),
        ]);
        if let Some(site) = &g.lbr_site {
            gateway.insert("GatewaySiteLbrEnabled".into(), json!(true));
            gateway.insert("GatewaySiteID".into(), json!(site));
        }
        ("New-CsOnlinePSTNGateway", gateway)
    }));
    calls.extend(voice.routes.iter().map(|r| {
        (
            "New-CsOnlineVoiceRoute",
            params([
                ("Identity", json!(r.identity)),
                ("NumberPattern", json!(r.number_pattern)),
                ("OnlinePstnGatewayList", json!(r.gateways)),
                ("OnlinePstnUsages", json!(r.pstn_usages)),
                ("Priority", json!(r.priority)),
            ]),
        )
    }));
    calls.extend(voice.policies.iter().map(|p| {
        (
            "New-CsOnlineVoiceRoutingPolicy",
            params([
                ("Identity", json!(p.identity)),
                ("Description", json!(p.description)),
                ("OnlinePstnUsages", json!(p.pstn_usages)),
            ]),
        )
    }));
    calls.extend(voice.dial_plans.iter().map(|plan| {
        let rules: Vec<Json> = plan
            .normalization_rules
            .iter()
            .map(|r| {
                json!({"Name": r.name, "Description": r.description, "Pattern": r.pattern, "Translation": r.translation, "IsInternalExtension": r.is_internal_extension})
            })
            .collect();
        (
            "New-CsTenantDialPlan",
            params([
                ("Identity", json!(plan.identity)),
                ("Description", json!(plan.description)),
                ("NormalizationRules", Json::Array(rules)),
            ]),
        )
    }));
    calls.extend(voice.calling_policies.iter().map(|name| {
        (
            "New-CsTeamsCallingPolicy",
            params([("Identity", json!(name))]),
        )
    }));
    calls
}

/// The "M365 onboarding with Location Based Routing" script's network cmdlets.
fn lbr_cmdlets(lbr: &DemoLbr) -> Vec<(&'static str, Map<String, Json>)> {
    let mut calls = vec![
        (
            "New-CsTenantNetworkRegion",
            params([("NetworkRegionID", json!(lbr.region))]),
        ),
        (
            "New-CsTenantNetworkSite",
            params([
                ("NetworkSiteID", json!(lbr.site)),
                ("NetworkRegionID", json!(lbr.region)),
                ("EnableLocationBasedRouting", json!(true)),
                ("Description", json!(lbr.site_description)),
            ]),
        ),
    ];
    calls.extend(lbr.subnets.iter().map(|subnet| {
        (
            "New-CsTenantNetworkSubnet",
            params([
                ("SubnetID", json!(subnet.address)),
                ("MaskBits", json!(subnet.mask_bits)),
                ("NetworkSiteID", json!(lbr.site)),
                ("Description", json!(subnet.description)),
            ]),
        )
    }));
    calls.push((
        "New-CsTenantTrustedIPAddress",
        params([
            ("IPAddress", json!(lbr.trusted_ip.address)),
            ("MaskBits", json!(lbr.trusted_ip.mask_bits)),
            ("Description", json!(lbr.trusted_ip.description)),
        ]),
    ));
    calls.push((
        "New-CsTeamsCallingPolicy",
        params([
            ("Identity", json!(lbr.toll_bypass_policy)),
            (
                "Description",
                json!("Prevents toll bypass (Location-Based Routing)"),
            ),
            ("PreventTollBypass", json!(true)),
        ]),
    ));
    calls
}

fn params<const N: usize>(pairs: [(&str, Json); N]) -> Map<String, Json> {
    pairs
        .into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .collect()
}
