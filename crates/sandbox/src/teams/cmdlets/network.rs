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
    json!({ "Identity": r.id, "NetworkRegionID": r.id, "Description": r.description, "CentralSite": null })
}

fn site_json(s: &NetworkSite) -> Json {
    json!({
        "Identity": s.id,
        "NetworkSiteID": s.id,
        "NetworkRegionID": s.region_id,
        "EnableLocationBasedRouting": s.enable_location_based_routing,
        "Description": s.description,
    })
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
    let region_id = call.string("NetworkRegionID");
    if let Some(region) = region_id
        .as_deref()
        .filter(|r| !voice.regions.iter().any(|x| x.id.eq_ignore_ascii_case(r)))
    {
        return Err(call.fail(
            Failure::NotFound,
            format!("The network region '{region}' does not exist."),
        ));
    }
    let site = NetworkSite {
        id,
        region_id,
        enable_location_based_routing: call.bool("EnableLocationBasedRouting")?.unwrap_or(false),
        description: description(call),
    };
    let output = site_json(&site);
    voice.sites.push(site);
    Ok(vec![output])
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
    let site_id = call.required("NetworkSiteID")?;
    if !voice
        .sites
        .iter()
        .any(|s| s.id.eq_ignore_ascii_case(&site_id))
    {
        return Err(call.fail(
            Failure::NotFound,
            format!("The network site '{site_id}' does not exist."),
        ));
    }
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
