//! The counts a connection check adds to the SBC list: active alarms and configured
//! SIP accounts. Each is best effort: a device that answers its status but not these
//! is still connected, the count is just unknown.

use switchboard_cache::SbcCounts;
use switchboard_sbc::{parse_running_config, SbcClient};

pub(crate) async fn device_facts(client: &SbcClient) -> SbcCounts {
    let active_alarms = match client.active_alarms().await {
        Ok(alarms) => Some(count(alarms.len())),
        Err(error) => {
            tracing::warn!(%error, "SBC alarms could not be read");
            None
        }
    };
    let sip_users = match client.running_config().await {
        Ok(text) => match parse_running_config(&text) {
            Ok(config) => Some(count(config.sip_accounts.len())),
            Err(error) => {
                tracing::warn!(%error, "SBC running configuration could not be parsed");
                None
            }
        },
        Err(error) => {
            tracing::warn!(%error, "SBC running configuration could not be read");
            None
        }
    };
    SbcCounts {
        active_alarms,
        sip_users,
    }
}

fn count(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}
