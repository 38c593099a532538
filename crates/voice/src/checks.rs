//! What Switchboard refuses before a change is queued: everything Teams would refuse
//! that can be known from the cached configuration, plus the rules of this product
//! (no `*.onmicrosoft.com` gateway, no location-based routing on a site without
//! subnets, nothing removed while something still uses it).

use std::collections::BTreeMap;
use std::net::IpAddr;

use regex::Regex;

use crate::changes::{ObjectKind, Verb, VoiceChange};
use crate::error::VoiceError;
use crate::objects::{
    same, DialPlan, NetworkSite, NetworkSubnet, PstnGateway, VoiceConfig, VoiceRoute,
};

/// How many cached users hold each policy, by lower-case name.
#[derive(Debug, Clone, Default)]
pub struct Holders {
    pub voice_routing_policies: BTreeMap<String, usize>,
    pub dial_plans: BTreeMap<String, usize>,
    pub calling_policies: BTreeMap<String, usize>,
}

impl Holders {
    fn of(map: &BTreeMap<String, usize>, name: &str) -> usize {
        map.get(&name.to_lowercase()).copied().unwrap_or(0)
    }
}

const MAX_NAME: usize = 128;

fn invalid(message: String) -> VoiceError {
    VoiceError::Invalid(message)
}

/// A name Teams accepts and a PowerShell literal cannot be broken by.
fn check_name(what: &str, name: &str) -> Result<(), VoiceError> {
    if name.trim().is_empty() {
        return Err(invalid(format!("The {what} needs a name.")));
    }
    if name.trim() != name {
        return Err(invalid(format!(
            "The {what} name '{name}' starts or ends with a space."
        )));
    }
    if name.chars().count() > MAX_NAME {
        return Err(invalid(format!(
            "The {what} name is longer than {MAX_NAME} characters."
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid(format!(
            "The {what} name contains a line break or another control character."
        )));
    }
    Ok(())
}

fn check_text(what: &str, text: &str) -> Result<(), VoiceError> {
    if text.chars().any(char::is_control) {
        return Err(invalid(format!(
            "The {what} contains a line break or another control character."
        )));
    }
    Ok(())
}

/// A .NET-style regular expression as Teams stores it; the message says where it breaks.
pub fn check_pattern(what: &str, pattern: &str) -> Result<Regex, VoiceError> {
    if pattern.is_empty() {
        return Err(invalid(format!("The {what} is empty.")));
    }
    check_text(what, pattern)?;
    Regex::new(pattern).map_err(|e| {
        invalid(format!(
            "The {what} '{pattern}' is not a valid regular expression: {}",
            first_line(&e.to_string())
        ))
    })
}

fn first_line(text: &str) -> String {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(text)
        .trim()
        .to_string()
}

/// Requires the object to exist for an edit or removal and not to exist for an addition.
fn check_presence(
    verb: Verb,
    kind: ObjectKind,
    name: &str,
    exists: bool,
) -> Result<(), VoiceError> {
    match (verb, exists) {
        (Verb::Add, true) => Err(VoiceError::Exists(format!(
            "A {} named '{name}' already exists.",
            kind.label()
        ))),
        (Verb::Edit | Verb::Remove, false) => Err(VoiceError::NotFound(format!(
            "There is no {} named '{name}' in the cached configuration.",
            kind.label()
        ))),
        _ => Ok(()),
    }
}

fn names(list: &[&str]) -> String {
    list.iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl VoiceChange {
    /// Checks the change against the tenant's cached configuration and policy holders.
    pub fn check(&self, config: &VoiceConfig, holders: &Holders) -> Result<(), VoiceError> {
        let (verb, kind, name) = self.target();
        check_name(kind.label(), name)?;
        let exists = self.object_in(config).is_some();
        check_presence(verb, kind, name, exists)?;
        use VoiceChange as C;
        match self {
            C::AddGateway { gateway } | C::EditGateway { gateway } => {
                check_gateway(gateway, config)
            }
            C::RemoveGateway { fqdn } => {
                let routes: Vec<&str> = config
                    .routes
                    .iter()
                    .filter(|r| r.gateways.iter().any(|g| same(g, fqdn)))
                    .map(|r| r.name.as_str())
                    .collect();
                refuse_if_used(kind, fqdn, "voice routes", &routes)
            }
            C::AddUsage { .. } => Ok(()),
            C::RemoveUsage { usage } => {
                let routes = config.routes_using(usage);
                let policies = config.policies_using(usage);
                let mut users = Vec::new();
                if !routes.is_empty() {
                    users.push(format!("voice routes {}", names(&routes)));
                }
                if !policies.is_empty() {
                    users.push(format!("voice routing policies {}", names(&policies)));
                }
                if users.is_empty() {
                    return Ok(());
                }
                Err(VoiceError::InUse(format!(
                    "The PSTN usage '{usage}' cannot be removed while {} use it.",
                    users.join(" and ")
                )))
            }
            C::AddRoute { route } | C::EditRoute { route } => check_route(route, config, verb),
            C::RemoveRoute { .. } => Ok(()),
            C::AddPolicy { policy } | C::EditPolicy { policy } => {
                check_text("description", &policy.description)?;
                check_usages(&policy.usages, config)
            }
            C::RemovePolicy { name } => {
                refuse_global(kind, name)?;
                refuse_if_held(
                    kind,
                    name,
                    Holders::of(&holders.voice_routing_policies, name),
                )
            }
            C::AddDialPlan { plan } | C::EditDialPlan { plan } => check_dial_plan(plan),
            C::RemoveDialPlan { name } => {
                refuse_global(kind, name)?;
                refuse_if_held(kind, name, Holders::of(&holders.dial_plans, name))
            }
            C::AddCallingPolicy { policy } | C::EditCallingPolicy { policy } => {
                check_text("description", &policy.description)
            }
            C::RemoveCallingPolicy { name } => {
                refuse_global(kind, name)?;
                refuse_if_held(kind, name, Holders::of(&holders.calling_policies, name))
            }
            C::AddRegion { region } | C::EditRegion { region } => {
                check_text("description", &region.description)
            }
            C::RemoveRegion { id } => {
                let sites: Vec<&str> = config
                    .sites
                    .iter()
                    .filter(|s| s.region_id.as_deref().is_some_and(|r| same(r, id)))
                    .map(|s| s.id.as_str())
                    .collect();
                refuse_if_used(kind, id, "network sites", &sites)
            }
            C::AddSite { site } | C::EditSite { site } => check_site(site, config),
            C::RemoveSite { id } => {
                let subnets: Vec<&str> = config
                    .subnets
                    .iter()
                    .filter(|s| same(&s.site_id, id))
                    .map(|s| s.id.as_str())
                    .collect();
                refuse_if_used(kind, id, "subnets", &subnets)?;
                let gateways: Vec<&str> = config
                    .gateways
                    .iter()
                    .filter(|g| g.site_id.as_deref().is_some_and(|s| same(s, id)))
                    .map(|g| g.fqdn.as_str())
                    .collect();
                refuse_if_used(kind, id, "PSTN gateways", &gateways)
            }
            C::AddSubnet { subnet } | C::EditSubnet { subnet } => check_subnet(subnet, config),
            C::RemoveSubnet { id } => keep_lbr_sites_with_subnets(config, id, None),
            C::AddTrustedIp { trusted_ip } | C::EditTrustedIp { trusted_ip } => {
                check_text("description", &trusted_ip.description)?;
                check_address(
                    "trusted IP address",
                    &trusted_ip.address,
                    trusted_ip.mask_bits,
                )
            }
            C::RemoveTrustedIp { .. } => Ok(()),
        }
    }
}

fn refuse_if_used(
    kind: ObjectKind,
    name: &str,
    what: &str,
    users: &[&str],
) -> Result<(), VoiceError> {
    if users.is_empty() {
        return Ok(());
    }
    Err(VoiceError::InUse(format!(
        "The {} '{name}' cannot be removed while {what} use it: {}.",
        kind.label(),
        names(users)
    )))
}

fn refuse_if_held(kind: ObjectKind, name: &str, users: usize) -> Result<(), VoiceError> {
    match users {
        0 => Ok(()),
        1 => Err(VoiceError::InUse(format!("The {} '{name}' cannot be removed while 1 user holds it. Grant that user another one first.", kind.label()))),
        n => Err(VoiceError::InUse(format!("The {} '{name}' cannot be removed while {n} users hold it. Grant them another one first.", kind.label()))),
    }
}

fn refuse_global(kind: ObjectKind, name: &str) -> Result<(), VoiceError> {
    if same(name, "Global") {
        return Err(invalid(format!(
            "The Global {} is the tenant's default and cannot be removed.",
            kind.label()
        )));
    }
    Ok(())
}

fn check_usages(usages: &[String], config: &VoiceConfig) -> Result<(), VoiceError> {
    for (index, usage) in usages.iter().enumerate() {
        if config.usage(usage).is_none() {
            return Err(VoiceError::NotFound(format!(
                "There is no PSTN usage named '{usage}'. Add it first."
            )));
        }
        if usages[..index].iter().any(|u| same(u, usage)) {
            return Err(invalid(format!(
                "The PSTN usage '{usage}' is listed twice."
            )));
        }
    }
    Ok(())
}

/// An FQDN of at least three labels in a domain of the tenant's own.
pub fn check_fqdn(fqdn: &str) -> Result<(), VoiceError> {
    let labels: Vec<&str> = fqdn.split('.').collect();
    let well_formed = labels.len() >= 3
        && fqdn.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !well_formed {
        return Err(invalid(format!(
            "'{fqdn}' is not a valid SBC FQDN: use a name such as sbc1.customer.example.com."
        )));
    }
    if fqdn.to_ascii_lowercase().ends_with(".onmicrosoft.com") {
        return Err(invalid(format!("'{fqdn}' is in an *.onmicrosoft.com domain; Teams needs the SBC in a domain the tenant owns and has verified.")));
    }
    Ok(())
}

fn check_gateway(gateway: &PstnGateway, config: &VoiceConfig) -> Result<(), VoiceError> {
    check_fqdn(&gateway.fqdn)?;
    check_text("description", &gateway.description)?;
    if gateway.sip_signaling_port == 0 {
        return Err(invalid(
            "The SIP signalling port must be between 1 and 65535.".into(),
        ));
    }
    if gateway.max_concurrent_sessions == Some(0) {
        return Err(invalid(
            "Max concurrent sessions must be at least 1, or left empty for no limit.".into(),
        ));
    }
    match &gateway.site_id {
        Some(site) if config.site(site).is_none() => Err(VoiceError::NotFound(format!(
            "There is no network site named '{site}'."
        ))),
        None if gateway.lbr_enabled => Err(invalid(format!(
            "Location-based routing on gateway '{}' needs the network site the gateway is in.",
            gateway.fqdn
        ))),
        _ => Ok(()),
    }
}

fn check_route(route: &VoiceRoute, config: &VoiceConfig, verb: Verb) -> Result<(), VoiceError> {
    check_pattern("number pattern", &route.number_pattern)?;
    check_text("description", &route.description)?;
    for (index, gateway) in route.gateways.iter().enumerate() {
        if config.gateway(gateway).is_none() {
            return Err(VoiceError::NotFound(format!(
                "There is no PSTN gateway '{gateway}'."
            )));
        }
        if route.gateways[..index].iter().any(|g| same(g, gateway)) {
            return Err(invalid(format!(
                "The PSTN gateway '{gateway}' is listed twice."
            )));
        }
    }
    check_usages(&route.usages, config)?;
    // Teams numbers routes 0..n-1; a new one may go anywhere up to the end.
    let last = match verb {
        Verb::Add => config.routes.len(),
        _ => config.routes.len().saturating_sub(1),
    };
    if route.priority as usize > last {
        return Err(invalid(format!(
            "The priority must be between 0 and {last}."
        )));
    }
    Ok(())
}

fn check_dial_plan(plan: &DialPlan) -> Result<(), VoiceError> {
    check_text("description", &plan.description)?;
    check_text("simple name", &plan.simple_name)?;
    for (index, rule) in plan.rules.iter().enumerate() {
        check_name("normalization rule", &rule.name)?;
        if plan.rules[..index]
            .iter()
            .any(|r| same(&r.name, &rule.name))
        {
            return Err(invalid(format!(
                "The dial plan has two rules named '{}'.",
                rule.name
            )));
        }
        check_pattern(&format!("pattern of rule '{}'", rule.name), &rule.pattern)?;
        if rule.translation.is_empty() {
            return Err(invalid(format!(
                "The rule '{}' needs a translation.",
                rule.name
            )));
        }
        check_text("translation", &rule.translation)?;
        check_text("description", &rule.description)?;
    }
    Ok(())
}

fn check_site(site: &NetworkSite, config: &VoiceConfig) -> Result<(), VoiceError> {
    check_text("description", &site.description)?;
    if let Some(region) = &site.region_id {
        if config.region(region).is_none() {
            return Err(VoiceError::NotFound(format!(
                "There is no network region named '{region}'."
            )));
        }
    }
    if site.lbr_enabled && !config.subnets.iter().any(|s| same(&s.site_id, &site.id)) {
        return Err(invalid(format!(
            "Location-based routing cannot be turned on for site '{}' while it has no subnets. Add its subnets first.",
            site.id
        )));
    }
    Ok(())
}

fn check_subnet(subnet: &NetworkSubnet, config: &VoiceConfig) -> Result<(), VoiceError> {
    check_text("description", &subnet.description)?;
    check_address("subnet", &subnet.id, subnet.mask_bits)?;
    if config.site(&subnet.site_id).is_none() {
        return Err(VoiceError::NotFound(format!(
            "There is no network site named '{}'.",
            subnet.site_id
        )));
    }
    keep_lbr_sites_with_subnets(config, &subnet.id, Some(&subnet.site_id))
}

/// Moving or removing a subnet must not leave a site with location-based routing on
/// without any subnet.
fn keep_lbr_sites_with_subnets(
    config: &VoiceConfig,
    subnet: &str,
    new_site: Option<&str>,
) -> Result<(), VoiceError> {
    let Some(current) = config.subnet(subnet) else {
        return Ok(());
    };
    if new_site.is_some_and(|s| same(s, &current.site_id)) {
        return Ok(());
    }
    let site = config.site(&current.site_id);
    let others = config
        .subnets
        .iter()
        .filter(|s| same(&s.site_id, &current.site_id) && !same(&s.id, subnet))
        .count();
    match site {
        Some(site) if site.lbr_enabled && others == 0 => Err(VoiceError::InUse(format!(
            "Subnet {subnet} is the last one of site '{}', which has location-based routing on. Turn it off for the site first.",
            site.id
        ))),
        _ => Ok(()),
    }
}

fn check_address(what: &str, address: &str, mask_bits: u8) -> Result<(), VoiceError> {
    let parsed: IpAddr = address.parse().map_err(|_| {
        invalid(format!(
            "'{address}' is not an IPv4 or IPv6 address for the {what}."
        ))
    })?;
    let max = if parsed.is_ipv4() { 32 } else { 128 };
    if mask_bits == 0 || mask_bits > max {
        return Err(invalid(format!(
            "The network range of {address} must be between 1 and {max} bits."
        )));
    }
    Ok(())
}
