//! Voice routing cmdlets: PSTN gateways, the PSTN usage list, voice routes and online
//! voice routing policies, with the service's referential checks between them.

use serde_json::{json, Value as Json};

use super::{entries, Call, CmdletResult, Failure};
use crate::pwsh::ErrorRecord;
use crate::state::TenantState;
use crate::teams::model::{PstnGateway, VoiceRoute, VoiceRoutingPolicy};
use crate::teams::voice::{new_id, policy_name, VoiceState};

pub(super) fn execute(
    tenant: &mut TenantState,
    call: &Call<'_>,
    cmdlet: &str,
) -> Option<CmdletResult> {
    Some(match cmdlet {
        "new-csonlinepstngateway" => new_gateway(tenant, call),
        "set-csonlinepstngateway" => set_gateway(tenant, call),
        "get-csonlinepstngateway" => call.select(
            tenant
                .voice
                .gateways
                .iter()
                .map(|g| (g.fqdn.clone(), gateway_json(g)))
                .collect(),
            "PSTN gateway",
        ),
        "remove-csonlinepstngateway" => remove_gateway(&mut tenant.voice, call),
        "get-csonlinepstnusage" => call.select(
            vec![(
                "Global".into(),
                json!({"Identity": "Global", "Usage": tenant.voice.pstn_usages}),
            )],
            "PSTN usage",
        ),
        "set-csonlinepstnusage" => set_usage(&mut tenant.voice, call),
        "new-csonlinevoiceroute" => save_route(&mut tenant.voice, call, true),
        "set-csonlinevoiceroute" => save_route(&mut tenant.voice, call, false),
        "get-csonlinevoiceroute" => call.select(
            tenant
                .voice
                .routes
                .iter()
                .enumerate()
                .map(|(i, r)| (r.identity.clone(), route_json(r, i)))
                .collect(),
            "voice route",
        ),
        "remove-csonlinevoiceroute" => remove_route(&mut tenant.voice, call),
        "new-csonlinevoiceroutingpolicy" => save_policy(&mut tenant.voice, call, true),
        "set-csonlinevoiceroutingpolicy" => save_policy(&mut tenant.voice, call, false),
        "get-csonlinevoiceroutingpolicy" => call.select(
            tenant
                .voice
                .routing_policies
                .iter()
                .map(|p| (p.name.clone(), policy_json(p)))
                .collect(),
            "online voice routing policy",
        ),
        "remove-csonlinevoiceroutingpolicy" => remove_policy(&mut tenant.voice, call),
        _ => return None,
    })
}

/// `Tag:Name` for tenant policies, `Global` for the built-in one.
pub(super) fn tagged(name: &str) -> String {
    if name.eq_ignore_ascii_case("Global") {
        "Global".into()
    } else {
        format!("Tag:{name}")
    }
}

fn gateway_json(g: &PstnGateway) -> Json {
    json!({
        "Identity": g.fqdn,
        "Fqdn": g.fqdn,
        "SipSignalingPort": g.sip_signaling_port,
        "Enabled": g.enabled,
        "MaxConcurrentSessions": g.max_concurrent_sessions,
        "ForwardCallHistory": g.forward_call_history,
        "ForwardPai": g.forward_pai,
        "MediaBypass": g.media_bypass,
        "SendSipOptions": g.send_sip_options,
        "FailoverTimeSeconds": g.failover_time_seconds,
        "GatewaySiteLbrEnabled": g.gateway_site_lbr_enabled,
        "GatewaySiteId": g.gateway_site_id,
        "GatewayLbrEnabledUserOverride": g.gateway_lbr_enabled_user_override,
        "FailoverResponseCodes": g.failover_response_codes,
        "GenerateRingingWhileLocatingUser": true,
        "PidfLoSupported": g.pidf_lo_supported,
        "MediaRelayRoutingLocationOverride": g.media_relay_routing_location_override,
        "ProxySbc": g.proxy_sbc,
        "BypassMode": g.bypass_mode,
        "InboundTeamsNumberTranslationRules": [],
        "InboundPstnNumberTranslationRules": [],
        "OutboundTeamsNumberTranslationRules": [],
        "OutboundPstnNumberTranslationRules": [],
        "Description": g.description,
    })
}

fn route_json(r: &VoiceRoute, priority: usize) -> Json {
    json!({
        "Identity": r.identity,
        "Priority": priority,
        "Description": r.description,
        "NumberPattern": r.number_pattern,
        "OnlinePstnUsages": r.usages,
        "OnlinePstnGatewayList": r.gateways,
        "BridgeSourcePhoneNumber": r.bridge_source_phone_number,
        "Name": r.identity,
    })
}

fn policy_json(p: &VoiceRoutingPolicy) -> Json {
    json!({
        "Identity": tagged(&p.name),
        "OnlinePstnUsages": p.usages,
        "Description": p.description,
        "RouteType": "BYOT",
    })
}

/// The SBC's FQDN must sit in a verified tenant domain that is not `*.onmicrosoft.com`.
fn check_fqdn(tenant: &TenantState, call: &Call<'_>, fqdn: &str) -> Result<(), ErrorRecord> {
    let labels: Vec<&str> = fqdn.split('.').collect();
    let valid = labels.len() >= 3
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !valid {
        return Err(call.fail(
            Failure::Invalid,
            format!("'{fqdn}' is not a valid SBC FQDN."),
        ));
    }
    let lower = fqdn.to_ascii_lowercase();
    if lower.ends_with(".onmicrosoft.com") {
        return Err(call.fail(
            Failure::Invalid,
            format!("The SBC FQDN '{fqdn}' cannot use an *.onmicrosoft.com domain."),
        ));
    }
    let verified = (1..labels.len() - 1).any(|skip| {
        tenant
            .directory
            .is_verified_domain(&labels[skip..].join(".").to_ascii_lowercase())
    });
    if !verified {
        return Err(call.fail(
            Failure::Invalid,
            format!("The domain of '{fqdn}' is not a verified domain of this tenant."),
        ));
    }
    Ok(())
}

fn apply_gateway_settings(
    tenant: &TenantState,
    call: &Call<'_>,
    g: &mut PstnGateway,
) -> Result<(), ErrorRecord> {
    if let Some(port) = call.int("SipSignalingPort")? {
        if !(1..=65535).contains(&port) {
            return Err(call.fail(
                Failure::Invalid,
                format!("SipSignalingPort {port} is outside 1-65535."),
            ));
        }
        g.sip_signaling_port = port;
    }
    if let Some(sessions) = call.int("MaxConcurrentSessions")? {
        if !(1..=100_000).contains(&sessions) {
            return Err(call.fail(
                Failure::Invalid,
                format!("MaxConcurrentSessions {sessions} is outside 1-100000."),
            ));
        }
        g.max_concurrent_sessions = Some(sessions);
    }
    if let Some(seconds) = call.int("FailoverTimeSeconds")? {
        g.failover_time_seconds = seconds;
    }
    apply_gateway_texts(call, g)?;
    let flags: [(&str, &mut bool); 8] = [
        ("Enabled", &mut g.enabled),
        ("ForwardCallHistory", &mut g.forward_call_history),
        ("ForwardPai", &mut g.forward_pai),
        ("MediaBypass", &mut g.media_bypass),
        ("SendSipOptions", &mut g.send_sip_options),
        ("GatewaySiteLbrEnabled", &mut g.gateway_site_lbr_enabled),
        (
            "GatewayLbrEnabledUserOverride",
            &mut g.gateway_lbr_enabled_user_override,
        ),
        ("PidfLoSupported", &mut g.pidf_lo_supported),
    ];
    for (name, slot) in flags {
        if let Some(value) = call.bool(name)? {
            *slot = value;
        }
    }
    if let Some(site) = call.string("GatewaySiteID") {
        if !tenant
            .voice
            .sites
            .iter()
            .any(|s| s.id.eq_ignore_ascii_case(&site))
        {
            return Err(call.fail(
                Failure::NotFound,
                format!("The network site '{site}' does not exist."),
            ));
        }
        g.gateway_site_id = Some(site);
    }
    if let Some(description) = call.string("Description") {
        g.description = description;
    }
    Ok(())
}

/// The gateway's text settings, checked as the service checks them.
fn apply_gateway_texts(call: &Call<'_>, g: &mut PstnGateway) -> Result<(), ErrorRecord> {
    if let Some(codes) = call.string("FailoverResponseCodes") {
        let valid = codes.split(',').all(|code| {
            let code = code.trim();
            code.len() == 3
                && code.chars().all(|c| c.is_ascii_digit())
                && ('4'..='6').contains(&code.chars().next().unwrap_or('0'))
        });
        if !valid {
            return Err(call.fail(
                Failure::Invalid,
                format!("FailoverResponseCodes '{codes}' must be a comma-separated list of SIP failure codes (400-699)."),
            ));
        }
        g.failover_response_codes = codes;
    }
    if let Some(mode) = call.string("BypassMode") {
        g.bypass_mode = ["None", "Always", "OnlyForLocalUsers"]
            .into_iter()
            .find(|known| known.eq_ignore_ascii_case(&mode))
            .ok_or_else(|| {
                call.fail(
                    Failure::Invalid,
                    format!(
                        "BypassMode '{mode}' is not valid; use None, Always or OnlyForLocalUsers."
                    ),
                )
            })?
            .to_string();
    }
    if let Some(proxy) = call.string("ProxySbc") {
        g.proxy_sbc = Some(proxy).filter(|p| !p.trim().is_empty());
    }
    if let Some(location) = call.string("MediaRelayRoutingLocationOverride") {
        g.media_relay_routing_location_override = Some(location).filter(|l| !l.trim().is_empty());
    }
    // Translation rules must exist (`New-CsTeamsTranslationRule`); the sandbox has none.
    for list in [
        "InboundTeamsNumberTranslationRules",
        "InboundPstnNumberTranslationRules",
        "OutboundTeamsNumberTranslationRules",
        "OutboundPstnNumberTranslationRules",
    ] {
        if let Some(rule) = call
            .list_change(list)?
            .and_then(|c| c.apply(&[]).into_iter().next())
        {
            return Err(call.fail(
                Failure::NotFound,
                format!("The number translation rule '{rule}' does not exist."),
            ));
        }
    }
    Ok(())
}

fn new_gateway(tenant: &mut TenantState, call: &Call<'_>) -> CmdletResult {
    let fqdn = call
        .string("Fqdn")
        .or_else(|| call.string("Identity"))
        .unwrap_or_default();
    check_fqdn(tenant, call, &fqdn)?;
    if tenant
        .voice
        .gateways
        .iter()
        .any(|g| g.fqdn.eq_ignore_ascii_case(&fqdn))
    {
        return Err(call.fail(
            Failure::Exists,
            format!("The PSTN gateway '{fqdn}' already exists."),
        ));
    }
    if !call.has("SipSignalingPort") {
        return Err(call.fail(
            Failure::Invalid,
            "The parameter -SipSignalingPort is required.",
        ));
    }
    let mut gateway = PstnGateway {
        fqdn: fqdn.to_ascii_lowercase(),
        sip_signaling_port: 5061,
        enabled: false,
        max_concurrent_sessions: None,
        forward_call_history: false,
        forward_pai: false,
        media_bypass: false,
        send_sip_options: true,
        failover_time_seconds: 10,
        gateway_site_lbr_enabled: false,
        gateway_site_id: None,
        gateway_lbr_enabled_user_override: false,
        failover_response_codes: "408,503,504".into(),
        pidf_lo_supported: false,
        media_relay_routing_location_override: None,
        proxy_sbc: None,
        bypass_mode: "None".into(),
        description: String::new(),
    };
    apply_gateway_settings(tenant, call, &mut gateway)?;
    let output = gateway_json(&gateway);
    tenant.voice.gateways.push(gateway);
    Ok(vec![output])
}

fn set_gateway(tenant: &mut TenantState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    let index = entries::find(
        call,
        &tenant.voice.gateways,
        |g| &g.fqdn,
        &identity,
        &identity,
        "PSTN gateway",
    )?;
    let mut gateway = tenant.voice.gateways[index].clone();
    apply_gateway_settings(tenant, call, &mut gateway)?;
    tenant.voice.gateways[index] = gateway;
    Ok(Vec::new())
}

fn remove_gateway(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    let index = entries::find(
        call,
        &voice.gateways,
        |g| &g.fqdn,
        &identity,
        &identity,
        "PSTN gateway",
    )?;
    let users: Vec<&str> = voice
        .routes
        .iter()
        .filter(|r| r.gateways.iter().any(|g| g.eq_ignore_ascii_case(&identity)))
        .map(|r| r.identity.as_str())
        .collect();
    if !users.is_empty() {
        return Err(call.fail(
            Failure::InUse,
            format!(
                "The PSTN gateway '{identity}' is used by voice route(s) {} and cannot be removed.",
                users.join(", ")
            ),
        ));
    }
    voice.gateways.remove(index);
    Ok(Vec::new())
}

fn set_usage(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    if let Some(identity) = call
        .string("Identity")
        .filter(|i| !i.eq_ignore_ascii_case("Global"))
    {
        return Err(call.fail(
            Failure::NotFound,
            format!("There is only one PSTN usage list, 'Global'; '{identity}' does not exist."),
        ));
    }
    let Some(change) = call.list_change("Usage")? else {
        return Ok(Vec::new());
    };
    let usages = change.apply(&voice.pstn_usages);
    if let Some(empty) = usages.iter().find(|u| u.trim().is_empty()) {
        return Err(call.fail(
            Failure::Invalid,
            format!("'{empty}' is not a valid PSTN usage name."),
        ));
    }
    for removed in voice
        .pstn_usages
        .iter()
        .filter(|u| !usages.iter().any(|n| n.eq_ignore_ascii_case(u)))
    {
        let in_route = voice
            .routes
            .iter()
            .find(|r| r.usages.iter().any(|x| x.eq_ignore_ascii_case(removed)));
        let in_policy = voice
            .routing_policies
            .iter()
            .find(|p| p.usages.iter().any(|x| x.eq_ignore_ascii_case(removed)));
        let holder = in_route
            .map(|r| format!("voice route '{}'", r.identity))
            .or(in_policy.map(|p| format!("voice routing policy '{}'", p.name)));
        if let Some(holder) = holder {
            return Err(call.fail(
                Failure::InUse,
                format!("The PSTN usage '{removed}' is used by {holder} and cannot be removed."),
            ));
        }
    }
    voice.pstn_usages = usages;
    Ok(Vec::new())
}

fn check_usages(voice: &VoiceState, call: &Call<'_>, usages: &[String]) -> Result<(), ErrorRecord> {
    match usages.iter().find(|u| !voice.pstn_usages.iter().any(|known| known.eq_ignore_ascii_case(u))) {
        Some(missing) => Err(call.fail(
            Failure::NotFound,
            format!("The PSTN usage '{missing}' is not in the global PSTN usage list; add it with Set-CsOnlinePstnUsage first."),
        )),
        None => Ok(()),
    }
}

fn save_route(voice: &mut VoiceState, call: &Call<'_>, create: bool) -> CmdletResult {
    let identity = call.required("Identity")?;
    let existing = entries::slot_for_save(
        call,
        &voice.routes,
        |r| &r.identity,
        &identity,
        &identity,
        ("voice route", create),
    )?;
    let mut route = match existing {
        Some(index) => voice.routes[index].clone(),
        None => VoiceRoute {
            identity: identity.clone(),
            number_pattern: ".*".into(),
            gateways: Vec::new(),
            usages: Vec::new(),
            description: String::new(),
            bridge_source_phone_number: None,
        },
    };
    if let Some(pattern) = call.string("NumberPattern") {
        regex::Regex::new(&pattern).map_err(|e| {
            call.fail(
                Failure::Invalid,
                format!("The number pattern '{pattern}' is not a valid regular expression: {e}"),
            )
        })?;
        route.number_pattern = pattern;
    }
    if let Some(change) = call.list_change("OnlinePstnGatewayList")? {
        route.gateways = change.apply(&route.gateways);
    }
    if let Some(missing) = route.gateways.iter().find(|g| {
        !voice
            .gateways
            .iter()
            .any(|known| known.fqdn.eq_ignore_ascii_case(g))
    }) {
        return Err(call.fail(Failure::NotFound, format!("The PSTN gateway '{missing}' does not exist; create it with New-CsOnlinePSTNGateway first.")));
    }
    if let Some(change) = call.list_change("OnlinePstnUsages")? {
        route.usages = change.apply(&route.usages);
    }
    check_usages(voice, call, &route.usages)?;
    if let Some(description) = call.string("Description") {
        route.description = description;
    }
    if let Some(number) = call.string("BridgeSourcePhoneNumber") {
        route.bridge_source_phone_number = Some(number);
    }
    let priority = match call.int("Priority")? {
        Some(p) if p < 0 => return Err(call.fail(Failure::Invalid, "Priority cannot be negative.")),
        Some(p) => Some(p as usize),
        None => None,
    };
    if let Some(index) = existing {
        voice.routes.remove(index);
    }
    let at = priority
        .or(existing)
        .unwrap_or(voice.routes.len())
        .min(voice.routes.len());
    let output = route_json(&route, at);
    voice.routes.insert(at, route);
    Ok(if create { vec![output] } else { Vec::new() })
}

fn remove_route(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    let index = entries::find(
        call,
        &voice.routes,
        |r| &r.identity,
        &identity,
        &identity,
        "voice route",
    )?;
    voice.routes.remove(index);
    Ok(Vec::new())
}

fn save_policy(voice: &mut VoiceState, call: &Call<'_>, create: bool) -> CmdletResult {
    let identity = call.required("Identity")?;
    let name = policy_name(&identity).to_string();
    let existing = entries::slot_for_save(
        call,
        &voice.routing_policies,
        |p| &p.name,
        &name,
        &identity,
        ("online voice routing policy", create),
    )?;
    let mut policy = match existing {
        Some(index) => voice.routing_policies[index].clone(),
        None => VoiceRoutingPolicy {
            name: name.clone(),
            id: new_id(),
            usages: Vec::new(),
            description: String::new(),
        },
    };
    if let Some(change) = call.list_change("OnlinePstnUsages")? {
        policy.usages = change.apply(&policy.usages);
    }
    check_usages(voice, call, &policy.usages)?;
    if let Some(description) = call.string("Description") {
        policy.description = description;
    }
    let output = policy_json(&policy);
    entries::store(&mut voice.routing_policies, existing, policy);
    Ok(if create { vec![output] } else { Vec::new() })
}

fn remove_policy(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    let name = policy_name(&identity);
    let index = entries::find(
        call,
        &voice.routing_policies,
        |p| &p.name,
        name,
        &identity,
        "online voice routing policy",
    )?;
    if name.eq_ignore_ascii_case("Global") {
        // Removing the built-in policy resets it, as the service does.
        voice.routing_policies[index].usages.clear();
        voice.routing_policies[index].description.clear();
        return Ok(Vec::new());
    }
    let canonical = voice.routing_policies[index].name.clone();
    super::policies::ensure_not_granted(
        voice,
        call,
        crate::teams::model::PolicyType::OnlineVoiceRoutingPolicy,
        &canonical,
    )?;
    voice.routing_policies.remove(index);
    Ok(Vec::new())
}
