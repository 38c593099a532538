//! Location-Based Routing topology: network regions, sites, subnets and trusted IPs.

use std::net::IpAddr;

use serde_json::{json, Value as Json};

use super::{entries, Call, CmdletResult, Failure};
use crate::pwsh::ErrorRecord;
use crate::state::TenantState;
use crate::teams::model::{NetworkRegion, NetworkSite, NetworkSubnet, TrustedIpAddress};
use crate::teams::voice::VoiceState;

pub(super) fn execute(
    tenant: &mut TenantState,
    call: &Call<'_>,
    cmdlet: &str,
) -> Option<CmdletResult> {
    let voice = &mut tenant.voice;
    Some(match cmdlet {
        "new-cstenantnetworkregion" => new_region(voice, call),
        "get-cstenantnetworkregion" => call.select(
            voice
                .regions
                .iter()
                .map(|r| (r.id.clone(), region_json(r)))
                .collect(),
            "network region",
        ),
        "set-cstenantnetworkregion" => set_region(voice, call),
        "remove-cstenantnetworkregion" => remove_region(voice, call),
        "new-cstenantnetworksite" => new_site(voice, call),
        "get-cstenantnetworksite" => call.select(
            voice
                .sites
                .iter()
                .map(|s| (s.id.clone(), site_json(s)))
                .collect(),
            "network site",
        ),
        "set-cstenantnetworksite" => set_site(voice, call),
        "remove-cstenantnetworksite" => remove_site(voice, call),
        "new-cstenantnetworksubnet" => new_subnet(voice, call),
        "get-cstenantnetworksubnet" => call.select(
            voice
                .subnets
                .iter()
                .map(|s| (s.id.clone(), subnet_json(s)))
                .collect(),
            "network subnet",
        ),
        "set-cstenantnetworksubnet" => set_subnet(voice, call),
        "remove-cstenantnetworksubnet" => {
            remove_by_id(call, &mut voice.subnets, |s| &s.id, "network subnet")
        }
        "new-cstenanttrustedipaddress" => new_trusted_ip(voice, call),
        "get-cstenanttrustedipaddress" => call.select(
            voice
                .trusted_ips
                .iter()
                .map(|t| (t.ip_address.clone(), trusted_json(t)))
                .collect(),
            "trusted IP address",
        ),
        "set-cstenanttrustedipaddress" => set_trusted_ip(voice, call),
        "remove-cstenanttrustedipaddress" => remove_by_id(
            call,
            &mut voice.trusted_ips,
            |t| &t.ip_address,
            "trusted IP address",
        ),
        _ => return None,
    })
}

fn region_json(r: &NetworkRegion) -> Json {
    json!({ "Identity": r.id, "NetworkRegionID": r.id, "Description": r.description, "CentralSite": r.central_site })
}

/// Per-site policy settings, by cmdlet parameter name.
const SITE_POLICIES: [&str; 4] = [
    "LocationPolicy",
    "NetworkRoamingPolicy",
    "EmergencyCallingPolicy",
    "EmergencyCallRoutingPolicy",
];

fn site_json(s: &NetworkSite) -> Json {
    let mut object = json!({
        "Identity": s.id,
        "NetworkSiteID": s.id,
        "NetworkRegionID": s.region_id,
        "EnableLocationBasedRouting": s.enable_location_based_routing,
        "Description": s.description,
        "SiteAddress": s.site_address,
    });
    for name in SITE_POLICIES {
        object[name] = json!(s.policies.get(name));
    }
    object
}

fn subnet_json(s: &NetworkSubnet) -> Json {
    json!({ "Identity": s.id, "SubnetID": s.id, "MaskBits": s.mask_bits, "NetworkSiteID": s.site_id, "Description": s.description })
}

fn trusted_json(t: &TrustedIpAddress) -> Json {
    json!({ "Identity": t.ip_address, "IPAddress": t.ip_address, "MaskBits": t.mask_bits, "Description": t.description })
}

fn description(call: &Call<'_>) -> String {
    call.string("Description").unwrap_or_default()
}

fn remove_by_id<T>(
    call: &Call<'_>,
    items: &mut Vec<T>,
    id: impl Fn(&T) -> &String,
    kind: &str,
) -> CmdletResult {
    let identity = call.required("Identity")?;
    let index = entries::find(call, items, |item| id(item), &identity, &identity, kind)?;
    items.remove(index);
    Ok(Vec::new())
}

fn new_region(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let id = call.identity_or("NetworkRegionID")?;
    if voice.regions.iter().any(|r| r.id.eq_ignore_ascii_case(&id)) {
        return Err(call.fail(
            Failure::Exists,
            format!("The network region '{id}' already exists."),
        ));
    }
    let region = NetworkRegion {
        id,
        description: description(call),
        central_site: call.string("CentralSite"),
    };
    let output = region_json(&region);
    voice.regions.push(region);
    Ok(vec![output])
}

fn remove_region(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    if let Some(site) = voice.sites.iter().find(|s| {
        s.region_id
            .as_deref()
            .is_some_and(|r| r.eq_ignore_ascii_case(&identity))
    }) {
        return Err(call.fail(
            Failure::InUse,
            format!(
                "The network region '{identity}' is used by network site '{}'.",
                site.id
            ),
        ));
    }
    remove_by_id(call, &mut voice.regions, |r| &r.id, "network region")
}

fn new_site(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let id = call.identity_or("NetworkSiteID")?;
    if voice.sites.iter().any(|s| s.id.eq_ignore_ascii_case(&id)) {
        return Err(call.fail(
            Failure::Exists,
            format!("The network site '{id}' already exists."),
        ));
    }
    let mut site = NetworkSite {
        id,
        site_address: call.string("SiteAddress"),
        ..NetworkSite::default()
    };
    apply_site_settings(voice, call, &mut site)?;
    let output = site_json(&site);
    voice.sites.push(site);
    Ok(vec![output])
}

/// Settings `New-` and `Set-CsTenantNetworkSite` share. Location-Based Routing may be
/// switched on before the site has subnets (Microsoft's onboarding script does so).
fn apply_site_settings(
    voice: &VoiceState,
    call: &Call<'_>,
    site: &mut NetworkSite,
) -> Result<(), ErrorRecord> {
    if let Some(region) = call.string("NetworkRegionID") {
        site.region_id = match region.trim() {
            "" => None,
            wanted => Some(
                voice
                    .regions
                    .iter()
                    .find(|r| r.id.eq_ignore_ascii_case(wanted))
                    .map(|r| r.id.clone())
                    .ok_or_else(|| {
                        call.fail(
                            Failure::NotFound,
                            format!("The network region '{wanted}' does not exist."),
                        )
                    })?,
            ),
        };
    }
    if let Some(enabled) = call.bool("EnableLocationBasedRouting")? {
        site.enable_location_based_routing = enabled;
    }
    if let Some(text) = call.string("Description") {
        site.description = text;
    }
    for name in SITE_POLICIES {
        match call.string(name).map(|p| p.trim().to_string()) {
            Some(policy) if policy.is_empty() || policy.eq_ignore_ascii_case("Global") => {
                site.policies.remove(name);
            }
            Some(policy) => {
                site.policies.insert(name.to_string(), policy);
            }
            None => {}
        }
    }
    Ok(())
}

fn set_site(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    let index = entries::find(
        call,
        &voice.sites,
        |s| &s.id,
        &identity,
        &identity,
        "network site",
    )?;
    let mut site = voice.sites[index].clone();
    apply_site_settings(voice, call, &mut site)?;
    voice.sites[index] = site;
    Ok(Vec::new())
}

fn set_region(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    let index = entries::find(
        call,
        &voice.regions,
        |r| &r.id,
        &identity,
        &identity,
        "network region",
    )?;
    let region = &mut voice.regions[index];
    if let Some(text) = call.string("Description") {
        region.description = text;
    }
    if let Some(site) = call.string("CentralSite") {
        region.central_site = Some(site).filter(|s| !s.trim().is_empty());
    }
    Ok(Vec::new())
}

fn remove_site(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    if let Some(subnet) = voice
        .subnets
        .iter()
        .find(|s| s.site_id.eq_ignore_ascii_case(&identity))
    {
        return Err(call.fail(
            Failure::InUse,
            format!(
                "The network site '{identity}' still has subnet '{}'.",
                subnet.id
            ),
        ));
    }
    if let Some(gateway) = voice.gateways.iter().find(|g| {
        g.gateway_site_id
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case(&identity))
    }) {
        return Err(call.fail(
            Failure::InUse,
            format!(
                "The network site '{identity}' is used by PSTN gateway '{}'.",
                gateway.fqdn
            ),
        ));
    }
    remove_by_id(call, &mut voice.sites, |s| &s.id, "network site")
}

/// An IP address and a mask length valid for its family.
fn address(
    call: &Call<'_>,
    text: &str,
    mask_bits: Option<i64>,
) -> Result<(String, i64), ErrorRecord> {
    let ip: IpAddr = text.trim().parse().map_err(|_| {
        call.fail(
            Failure::Invalid,
            format!("'{text}' is not a valid IP address."),
        )
    })?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let bits = mask_bits.unwrap_or(max);
    if !(0..=max).contains(&bits) {
        return Err(call.fail(
            Failure::Invalid,
            format!("MaskBits {bits} is not valid for {ip}; use 0-{max}."),
        ));
    }
    Ok((ip.to_string(), bits))
}

/// The canonical form of an address typed as an identity, so `2001:DB8::1` finds
/// `2001:db8::1`; text that is no address is kept for the not-found error.
fn canonical(text: &str) -> String {
    text.trim()
        .parse::<IpAddr>()
        .map_or_else(|_| text.trim().to_string(), |ip| ip.to_string())
}

/// `-MaskBits`, checked against the family of the entry's address.
fn mask_for(call: &Call<'_>, address_text: &str, current: i64) -> Result<i64, ErrorRecord> {
    match call.int("MaskBits")? {
        Some(bits) => Ok(address(call, address_text, Some(bits))?.1),
        None => Ok(current),
    }
}

fn existing_site(voice: &VoiceState, call: &Call<'_>, wanted: &str) -> Result<String, ErrorRecord> {
    voice
        .sites
        .iter()
        .find(|s| s.id.eq_ignore_ascii_case(wanted))
        .map(|s| s.id.clone())
        .ok_or_else(|| {
            call.fail(
                Failure::NotFound,
                format!("The network site '{wanted}' does not exist."),
            )
        })
}

fn new_subnet(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let text = call.identity_or("SubnetID")?;
    let (id, mask_bits) =
        address(
            call,
            &text,
            Some(call.int("MaskBits")?.ok_or_else(|| {
                call.fail(Failure::Invalid, "The parameter -MaskBits is required.")
            })?),
        )?;
    let site_id = existing_site(voice, call, &call.required("NetworkSiteID")?)?;
    if voice.subnets.iter().any(|s| s.id == id) {
        return Err(call.fail(
            Failure::Exists,
            format!("The subnet '{id}' already exists; a subnet belongs to one site only."),
        ));
    }
    let subnet = NetworkSubnet {
        id,
        mask_bits,
        site_id,
        description: description(call),
    };
    let output = subnet_json(&subnet);
    voice.subnets.push(subnet);
    Ok(vec![output])
}

/// The subnet's address is its identity and stays; mask, site and description change.
fn set_subnet(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    let wanted = canonical(&identity);
    let index = entries::find(
        call,
        &voice.subnets,
        |s| &s.id,
        &wanted,
        &identity,
        "network subnet",
    )?;
    let mut subnet = voice.subnets[index].clone();
    subnet.mask_bits = mask_for(call, &subnet.id, subnet.mask_bits)?;
    if let Some(site) = call.string("NetworkSiteID") {
        subnet.site_id = existing_site(voice, call, &site)?;
    }
    if let Some(text) = call.string("Description") {
        subnet.description = text;
    }
    voice.subnets[index] = subnet;
    Ok(Vec::new())
}

fn new_trusted_ip(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let text = call.identity_or("IPAddress")?;
    let (ip_address, mask_bits) = address(call, &text, call.int("MaskBits")?)?;
    if voice.trusted_ips.iter().any(|t| t.ip_address == ip_address) {
        return Err(call.fail(
            Failure::Exists,
            format!("The trusted IP address '{ip_address}' already exists."),
        ));
    }
    let trusted = TrustedIpAddress {
        ip_address,
        mask_bits,
        description: description(call),
    };
    let output = trusted_json(&trusted);
    voice.trusted_ips.push(trusted);
    Ok(vec![output])
}

/// Once added, a trusted IP's address is fixed: only its mask and description change.
fn set_trusted_ip(voice: &mut VoiceState, call: &Call<'_>) -> CmdletResult {
    let identity = call.required("Identity")?;
    let wanted = canonical(&identity);
    let index = entries::find(
        call,
        &voice.trusted_ips,
        |t| &t.ip_address,
        &wanted,
        &identity,
        "trusted IP address",
    )?;
    let mut trusted = voice.trusted_ips[index].clone();
    trusted.mask_bits = mask_for(call, &trusted.ip_address, trusted.mask_bits)?;
    if let Some(text) = call.string("Description") {
        trusted.description = text;
    }
    voice.trusted_ips[index] = trusted;
    Ok(Vec::new())
}
