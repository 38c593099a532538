//! The context a preview renders with: the chosen tenant's, SBC's and site's facts
//! from the cache over the catalogue's example values for everything the cache does
//! not hold yet (carrier, prefixes, Teams object names, LBR networks, command data).

use switchboard_cache::{SbcDevice, SbcSite, Tenant};
use switchboard_templates::{CustomerVars, SiteVars, TemplateContext};

/// Where a preview's values came from.
pub(crate) struct PreviewContext {
    pub context: TemplateContext,
    /// Names of the values taken from the examples.
    pub example_values: Vec<String>,
}

/// `site` is the tenant's site on `sbc`, when the cache knows one.
pub(crate) fn preview_context(
    tenant: &Tenant,
    sbc: Option<&SbcDevice>,
    site: Option<&SbcSite>,
    custom_variables: &[String],
) -> PreviewContext {
    let mut context = TemplateContext::example(custom_variables);
    let short = tenant.short_name.as_str();
    context.customer = CustomerVars {
        id: short.to_owned(),
        name: tenant.full_name.as_str().to_owned(),
    };
    context.site = SiteVars {
        name: site.map_or(short, |s| s.site_name.as_str()).to_owned(),
    };
    // Without a recorded gateway, the customer's is a subdomain of the SBC's own FQDN.
    let sbc_domain = sbc
        .map(|device| {
            device
                .fields
                .device_fqdn
                .as_deref()
                .unwrap_or(&device.fields.host)
        })
        .unwrap_or("sbc.example.net");
    let gateway = site
        .and_then(|s| s.pstn_gateway_fqdn.clone())
        .unwrap_or_else(|| format!("{}.{sbc_domain}", short.to_lowercase()));
    context.sbc.online_pstn_gateway = gateway.clone();
    if let Some(registration) = &mut context.sbc.carrier_registration {
        registration.user_name = format!("{}-main", short.to_lowercase());
    }
    for plan in &mut context.prefixes {
        for rule in &mut plan.rules {
            rule.name = short.to_owned();
            rule.tag = gateway.clone();
        }
    }
    for prefix in &mut context.cmd.to_add {
        prefix.tag = gateway.clone();
    }
    let mut example_values: Vec<String> = [
        "SBC.CarrierID",
        "SBC.DialPlanPrefixes",
        "SBC carrier registration",
        "M365.*",
        "Lbr.*",
        "CmdData.*",
        "PbxUser.*",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    if sbc.is_none() {
        example_values.insert(0, "the SBC's FQDN in SBC.OnlinePstnGateway".to_owned());
    }
    example_values.extend(
        custom_variables
            .iter()
            .map(|name| format!("CustomVar.{name}")),
    );
    PreviewContext {
        context,
        example_values,
    }
}
