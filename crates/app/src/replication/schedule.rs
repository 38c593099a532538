//! How often every connected tenant is replicated again: the `replication.cycleMinutes`
//! cache setting, validated, or five minutes.

use std::time::Duration;

use switchboard_cache::Cache;
use switchboard_sync::ScheduleSettings;

pub(crate) const CYCLE_SETTING: &str = "replication.cycleMinutes";
const DEFAULT_CYCLE_MINUTES: u64 = 5;
/// One day: a longer cycle would leave the cache stale for days.
const MAX_CYCLE_MINUTES: u64 = 1440;

/// The schedule the replication service starts with. A missing or unreadable setting is
/// not fatal: replication runs on the default cycle and the problem is logged.
pub(crate) fn schedule_settings(cache: &Cache) -> ScheduleSettings {
    let stored = cache.setting(CYCLE_SETTING).unwrap_or_else(|error| {
        tracing::warn!(%error, "replication cycle setting unreadable; using the default");
        None
    });
    let minutes = match stored.as_deref().map(parse_cycle_minutes) {
        None => DEFAULT_CYCLE_MINUTES,
        Some(Ok(minutes)) => minutes,
        Some(Err(message)) => {
            tracing::warn!(setting = CYCLE_SETTING, %message, "using the default cycle");
            DEFAULT_CYCLE_MINUTES
        }
    };
    ScheduleSettings {
        cycle: Duration::from_secs(minutes * 60),
        ..ScheduleSettings::default()
    }
}

/// Whole minutes in 1..=1440.
fn parse_cycle_minutes(text: &str) -> Result<u64, String> {
    let minutes: u64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a whole number of minutes"))?;
    if (1..=MAX_CYCLE_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(format!(
            "{minutes} minutes is outside 1 to {MAX_CYCLE_MINUTES}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_minutes_must_be_whole_and_within_a_day() {
        assert_eq!(parse_cycle_minutes(" 15 "), Ok(15));
        assert_eq!(parse_cycle_minutes("1440"), Ok(1440));
        for bad in ["0", "1441", "-5", "2.5", "", "five"] {
            assert!(parse_cycle_minutes(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn the_cache_setting_sets_the_cycle_and_bad_values_fall_back_to_five_minutes() {
        let cache = Cache::open_in_memory().unwrap();
        assert_eq!(schedule_settings(&cache).cycle, Duration::from_secs(300));
        cache.set_setting(CYCLE_SETTING, "30").unwrap();
        assert_eq!(schedule_settings(&cache).cycle, Duration::from_secs(1800));
        cache.set_setting(CYCLE_SETTING, "0").unwrap();
        assert_eq!(schedule_settings(&cache).cycle, Duration::from_secs(300));
    }
}
