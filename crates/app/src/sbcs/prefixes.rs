//! The "Prefixes" view of an SBC: every dial plan rule, as cached or re-read from the
//! device's running configuration.

use switchboard_cache::{DeviceRule, SbcId, SbcPrefix};
use switchboard_sbc::{parse_running_config, DialPlanRule};

use crate::context::AppContext;
use crate::error::ApiError;
use crate::sbcs::connection::check_options;

impl AppContext {
    /// The rules as last read from the device.
    pub fn list_sbc_prefixes(&self, sbc_id: i64) -> Result<Vec<SbcPrefix>, ApiError> {
        let id = SbcId::new(sbc_id);
        self.cache().sbc(id)?;
        Ok(self.cache().sbc_prefixes(id)?)
    }

    /// Reads the device's dial plan rules and stores them in place of the cached ones.
    pub fn refresh_sbc_prefixes(&self, sbc_id: i64) -> Result<Vec<SbcPrefix>, ApiError> {
        let rules = self.device_dial_plan_rules(sbc_id)?;
        let stored = self.cache().replace_sbc_prefixes(
            SbcId::new(sbc_id),
            &rules.iter().map(device_rule).collect::<Vec<_>>(),
        )?;
        tracing::info!(
            sbc = sbc_id,
            rules = stored.len(),
            "SBC prefixes read from the device"
        );
        Ok(stored)
    }

    /// Every dial plan rule in the device's running configuration, in its order.
    pub(crate) fn device_dial_plan_rules(
        &self,
        sbc_id: i64,
    ) -> Result<Vec<DialPlanRule>, ApiError> {
        let (_, client) = self.sbc_client(sbc_id, check_options())?;
        let text = self.on_device(client.running_config())?;
        let config = parse_running_config(&text).map_err(switchboard_sbc::SbcError::from)?;
        Ok(config.dial_plan_rules())
    }
}

pub(crate) fn device_rule(rule: &DialPlanRule) -> DeviceRule {
    DeviceRule {
        dial_plan: rule.dial_plan.clone(),
        index: rule.index,
        name: rule.name.clone(),
        prefix: rule.prefix.clone(),
        tag: rule.tag.clone(),
    }
}
