//! The active alarms of the demo SBCs. Only the second SBC has any: the first stays
//! healthy (an SBC added against it reads no alarms), the second shows what the Alarms
//! view looks like. They follow from the SBC's index alone, so they draw nothing from
//! the seeded generator and the rest of an estate is the same with or without them.

use super::model::DemoAlarm;
use crate::sbc::AlarmSeverity;

/// The SBC, by estate index, that carries the demo alarms.
const ALARMED_SBC: usize = 1;

/// The baseline's carrier proxy set (index, name, address), whose peer stops answering.
const CARRIER_PROXY: (u32, &str, &str) = (1, "SIPTrunk", "203.0.113.10:5060");

/// The time server the NTP alarm names, in a documentation network (RFC 5737): the
/// emulator models no NTP table, so nothing else refers to it.
const NTP_SERVER: &str = "192.0.2.123";

pub fn alarms(index: usize) -> Vec<DemoAlarm> {
    if index != ALARMED_SBC {
        return Vec::new();
    }
    let (set, name, address) = CARRIER_PROXY;
    vec![
        DemoAlarm {
            severity: AlarmSeverity::Major,
            source: format!("Board#1/ProxyConnection#{set}"),
            description: format!(
                "Proxy Set {set} ({name}) lost connectivity: {address} not answering"
            ),
        },
        DemoAlarm {
            severity: AlarmSeverity::Minor,
            source: "Board#1/NTPServer#1".to_string(),
            description: format!(
                "NTP server {NTP_SERVER} is not reachable; clock not synchronised"
            ),
        },
    ]
}
