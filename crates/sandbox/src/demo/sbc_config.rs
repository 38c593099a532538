//! The provider's SBCs as the estate configures them: per homed customer an IP group
//! and the customer's number blocks as dial plan rules named by its short name and
//! tagged with its gateway (or, for Operator Connect, its tenant id).
//!
//! The configuration is written as a CLI script and read by the device's own
//! interpreter, so a rule the SBC would refuse fails loading instead of going unseen.

use std::fmt::Write as _;

use super::model::{DemoSbc, Estate};
use super::DemoError;
use crate::sbc::{parse_running_config, Config, SbcDevice, SbcHandle, SbcOptions, BASELINE_SCRIPT};

/// The CLI script that adds every customer homed on SBC `index` to a baseline device.
pub fn sbc_script(estate: &Estate, index: usize) -> Result<String, DemoError> {
    sbc(estate, index)?;
    let homed: Vec<_> = estate
        .customers
        .iter()
        .filter(|c| c.site.sbc == index)
        .collect();
    let mut script = String::from("configure voip\n");
    for customer in &homed {
        // Writing into a String cannot fail.
        let _ = write!(
            script,
            " ip-group new\n  name \"{}\"\n  type server\n  proxy-set-name \"Teams\"\n  local-host-name \"{}\"\n  classify-by-proxy-set disable\n  activate\n exit\n",
            customer.short_name, customer.site.pstn_gateway_fqdn,
        );
    }
    let mut dial_plans: Vec<&str> = homed
        .iter()
        .map(|c| c.site.sbc_dial_plan.as_str())
        .collect();
    dial_plans.sort_unstable();
    dial_plans.dedup();
    for dial_plan in dial_plans {
        let _ = writeln!(script, " sbc dial-plan where name \"{dial_plan}\"");
        for customer in homed.iter().filter(|c| c.site.sbc_dial_plan == dial_plan) {
            for block in &customer.site.number_blocks {
                let _ = write!(
                    script,
                    "  dial-plan-rule new\n   name \"{}\"\n   prefix \"{block}\"\n   tag \"{}\"\n  exit\n",
                    customer.short_name, customer.site.tag,
                );
            }
        }
        script.push_str(" exit\n");
    }
    script.push_str("exit\n");
    Ok(script)
}

/// Device options for SBC `index`: its administrator and the baseline plus its customers.
pub fn sbc_options(estate: &Estate, index: usize) -> Result<SbcOptions, DemoError> {
    let device = sbc(estate, index)?;
    Ok(SbcOptions {
        username: device.admin_user.clone(),
        password: device.admin_password.clone(),
        initial_script: format!("{BASELINE_SCRIPT}{}", sbc_script(estate, index)?),
        ..SbcOptions::default()
    })
}

/// The configuration SBC `index` starts with, read by the device's interpreter.
pub fn sbc_config(estate: &Estate, index: usize) -> Result<Config, DemoError> {
    let options = sbc_options(estate, index)?;
    parse_running_config(&options.initial_script).map_err(|source| DemoError::SbcScript {
        sbc: estate.sbcs[index].name.clone(),
        source,
    })
}

/// Starts one emulated device per SBC of the estate, in estate order, with its demo
/// alarms raised. Needs a Tokio runtime; the devices stop when their handles are dropped.
pub async fn start_sbcs(estate: &Estate) -> Result<Vec<SbcHandle>, DemoError> {
    let mut handles = Vec::with_capacity(estate.sbcs.len());
    for (index, device) in estate.sbcs.iter().enumerate() {
        let handle = SbcDevice::start(sbc_options(estate, index)?)
            .await
            .map_err(|source| DemoError::SbcStart {
                sbc: device.name.clone(),
                source,
            })?;
        for alarm in &device.alarms {
            handle.raise_alarm(alarm.severity, &alarm.source, &alarm.description);
        }
        handles.push(handle);
    }
    Ok(handles)
}

fn sbc(estate: &Estate, index: usize) -> Result<&DemoSbc, DemoError> {
    estate.sbcs.get(index).ok_or(DemoError::UnknownSbc {
        index,
        count: estate.sbcs.len(),
    })
}
