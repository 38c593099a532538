//! Each change as the Teams PowerShell that makes it: the dry-run the engineer reads
//! is exactly the script that runs.

use crate::changes::VoiceChange;
use crate::objects::{DialPlan, PstnGateway, VoiceRoute};
use crate::powershell::{boolean, list, quote};

impl VoiceChange {
    pub fn script(&self) -> String {
        use VoiceChange as C;
        match self {
            C::AddGateway { gateway } => {
                format!("New-CsOnlinePSTNGateway -Fqdn {}{}", quote(&gateway.fqdn), gateway_settings(gateway))
            }
            C::EditGateway { gateway } => {
                format!("Set-CsOnlinePSTNGateway -Identity {}{}", quote(&gateway.fqdn), gateway_settings(gateway))
            }
            C::RemoveGateway { fqdn } => format!("Remove-CsOnlinePSTNGateway -Identity {}", quote(fqdn)),
            C::AddUsage { usage } => usage_change("Add", usage),
            C::RemoveUsage { usage } => usage_change("Remove", usage),
            C::AddRoute { route } => route_command("New", route),
            C::EditRoute { route } => route_command("Set", route),
            C::RemoveRoute { name } => format!("Remove-CsOnlineVoiceRoute -Identity {}", quote(name)),
            C::AddPolicy { policy } | C::EditPolicy { policy } => format!(
                "{}-CsOnlineVoiceRoutingPolicy -Identity {} -OnlinePstnUsages {} -Description {}",
                verb(matches!(self, C::AddPolicy { .. })),
                quote(&policy.name),
                list(&policy.usages),
                quote(&policy.description)
            ),
            C::RemovePolicy { name } => format!("Remove-CsOnlineVoiceRoutingPolicy -Identity {}", quote(name)),
            C::AddDialPlan { plan } => dial_plan_command("New", plan),
            C::EditDialPlan { plan } => dial_plan_command("Set", plan),
            C::RemoveDialPlan { name } => format!("Remove-CsTenantDialPlan -Identity {}", quote(name)),
            C::AddCallingPolicy { policy } | C::EditCallingPolicy { policy } => format!(
                "{}-CsTeamsCallingPolicy -Identity {} -PreventTollBypass {} -Description {}",
                verb(matches!(self, C::AddCallingPolicy { .. })),
                quote(&policy.name),
                boolean(policy.prevent_toll_bypass),
                quote(&policy.description)
            ),
            C::RemoveCallingPolicy { name } => format!("Remove-CsTeamsCallingPolicy -Identity {}", quote(name)),
            C::AddRegion { region } => format!(
                "New-CsTenantNetworkRegion -NetworkRegionID {} -Description {}",
                quote(&region.id),
                quote(&region.description)
            ),
            C::EditRegion { region } => format!(
                "Set-CsTenantNetworkRegion -Identity {} -Description {}",
                quote(&region.id),
                quote(&region.description)
            ),
            C::RemoveRegion { id } => format!("Remove-CsTenantNetworkRegion -Identity {}", quote(id)),
            C::AddSite { site } | C::EditSite { site } => {
                let (command, id) = if matches!(self, C::AddSite { .. }) {
                    ("New-CsTenantNetworkSite -NetworkSiteID", &site.id)
                } else {
                    ("Set-CsTenantNetworkSite -Identity", &site.id)
                };
                let region = site
                    .region_id
                    .as_ref()
                    .map_or("$null".to_string(), |r| quote(r));
                format!(
                    "{command} {} -NetworkRegionID {region} -EnableLocationBasedRouting {} -Description {}",
                    quote(id),
                    boolean(site.lbr_enabled),
                    quote(&site.description)
                )
            }
            C::RemoveSite { id } => format!("Remove-CsTenantNetworkSite -Identity {}", quote(id)),
            C::AddSubnet { subnet } => format!(
                "New-CsTenantNetworkSubnet -SubnetID {} -MaskBits {} -NetworkSiteID {} -Description {}",
                quote(&subnet.id),
                subnet.mask_bits,
                quote(&subnet.site_id),
                quote(&subnet.description)
            ),
            C::EditSubnet { subnet } => format!(
                "Set-CsTenantNetworkSubnet -Identity {} -MaskBits {} -NetworkSiteID {} -Description {}",
                quote(&subnet.id),
                subnet.mask_bits,
                quote(&subnet.site_id),
                quote(&subnet.description)
            ),
            C::RemoveSubnet { id } => format!("Remove-CsTenantNetworkSubnet -Identity {}", quote(id)),
            C::AddTrustedIp { trusted_ip } => format!(
                "New-CsTenantTrustedIPAddress -IPAddress {} -MaskBits {} -Description {}",
                quote(&trusted_ip.address),
                trusted_ip.mask_bits,
                quote(&trusted_ip.description)
            ),
            C::EditTrustedIp { trusted_ip } => format!(
                "Set-CsTenantTrustedIPAddress -Identity {} -MaskBits {} -Description {}",
                quote(&trusted_ip.address),
                trusted_ip.mask_bits,
                quote(&trusted_ip.description)
            ),
            C::RemoveTrustedIp { address } => {
                format!("Remove-CsTenantTrustedIPAddress -Identity {}", quote(address))
            }
        }
    }
}

fn verb(create: bool) -> &'static str {
    if create {
        "New"
    } else {
        "Set"
    }
}

fn gateway_settings(g: &PstnGateway) -> String {
    let sessions = g
        .max_concurrent_sessions
        .map_or("$null".to_string(), |n| n.to_string());
    let site = g.site_id.as_ref().map_or("$null".to_string(), |s| quote(s));
    format!(
        " -SipSignalingPort {} -Enabled {} -MaxConcurrentSessions {sessions} -MediaBypass {} -ForwardPai {} -ForwardCallHistory {} -GatewaySiteLbrEnabled {} -GatewaySiteID {site} -Description {}",
        g.sip_signaling_port,
        boolean(g.enabled),
        boolean(g.media_bypass),
        boolean(g.forward_pai),
        boolean(g.forward_call_history),
        boolean(g.lbr_enabled),
        quote(&g.description)
    )
}

fn usage_change(key: &str, usage: &str) -> String {
    format!(
        "Set-CsOnlinePstnUsage -Identity Global -Usage @{{{key}={}}}",
        quote(usage)
    )
}

fn route_command(verb: &str, route: &VoiceRoute) -> String {
    format!(
        "{verb}-CsOnlineVoiceRoute -Identity {} -NumberPattern {} -OnlinePstnGatewayList {} -OnlinePstnUsages {} -Priority {} -Description {}",
        quote(&route.name),
        quote(&route.number_pattern),
        list(&route.gateways),
        list(&route.usages),
        route.priority,
        quote(&route.description)
    )
}

/// The rules are built in memory first, one variable each, then set on the plan as a
/// whole list, which replaces the plan's rules in that order.
fn dial_plan_command(verb: &str, plan: &DialPlan) -> String {
    let mut script = String::new();
    let mut names = Vec::new();
    for (index, rule) in plan.rules.iter().enumerate() {
        let variable = format!("$rule{}", index + 1);
        script.push_str(&format!(
            "{variable} = New-CsVoiceNormalizationRule -Parent {} -Name {} -Pattern {} -Translation {} -Description {} -IsInternalExtension {} -InMemory\n",
            quote(&plan.name),
            quote(&rule.name),
            quote(&rule.pattern),
            quote(&rule.translation),
            quote(&rule.description),
            boolean(rule.is_internal_extension)
        ));
        names.push(variable);
    }
    // An empty simple name is left for Teams to derive from the identity.
    let simple_name = if plan.simple_name.is_empty() {
        String::new()
    } else {
        format!(" -SimpleName {}", quote(&plan.simple_name))
    };
    script.push_str(&format!(
        "{verb}-CsTenantDialPlan -Identity {}{simple_name} -Description {} -NormalizationRules @({})",
        quote(&plan.name),
        quote(&plan.description),
        names.join(", ")
    ));
    script
}
