//! The demo SBC's sites and imported dial plan rules: each demo customer homed on the
//! SBC gets its site, and its rules on the emulated device are linked to it, so the
//! SBC screens show a working estate and "Import customers" offers only what is new.

use switchboard_cache::{Cache, CustomerImport, DeviceRule, ImportSite, SbcId, SiteConfiguration};
use switchboard_domain::DeploymentState;
use switchboard_sandbox::demo::{self, DemoCustomer};
use switchboard_sandbox::sbc::SbcHandle;
use switchboard_sbc::parse_running_config;

use crate::error::{ApiError, ErrorCode};
use crate::sandbox::demo_new_tenant;

/// Records the sites of `customers` (those homed on the SBC) and links their rules.
pub(crate) fn seed_demo_sites(
    cache: &Cache,
    sbc: SbcId,
    handle: &SbcHandle,
    customers: &[&DemoCustomer],
) -> Result<(), ApiError> {
    let config = parse_running_config(&handle.running_config()).map_err(|error| {
        ApiError::new(
            ErrorCode::Sandbox,
            format!("The emulated SBC's configuration could not be read: {error}"),
        )
    })?;
    let rules = config.dial_plan_rules();
    let mut imports = Vec::with_capacity(customers.len());
    for customer in customers {
        let tenant = demo_new_tenant(customer)?;
        let site = &customer.site;
        imports.push(CustomerImport {
            rules: rules
                .iter()
                .filter(|rule| {
                    rule.name == customer.short_name && rule.dial_plan == site.sbc_dial_plan
                })
                .map(|rule| DeviceRule {
                    dial_plan: rule.dial_plan.clone(),
                    index: rule.index,
                    name: rule.name.clone(),
                    prefix: rule.prefix.clone(),
                    tag: rule.tag.clone(),
                })
                .collect(),
            site: ImportSite {
                site_name: site.name.clone(),
                configuration: configuration(site.configuration),
                pstn_gateway_fqdn: Some(site.pstn_gateway_fqdn.clone()),
                m365_state: tenant
                    .licence
                    .licence_type()
                    .connects_to_m365()
                    .then_some(DeploymentState::Deployed),
            },
            tenant,
        });
    }
    cache.import_sbc_customers(sbc, &imports)?;
    Ok(())
}

fn configuration(demo: demo::SiteConfiguration) -> SiteConfiguration {
    match demo {
        demo::SiteConfiguration::SipTrunk => SiteConfiguration::SipTrunk,
        demo::SiteConfiguration::IpPbx => SiteConfiguration::IpPbx,
        demo::SiteConfiguration::Byoc => SiteConfiguration::Byoc,
    }
}
