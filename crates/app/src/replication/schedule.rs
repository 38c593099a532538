//! How often every connected tenant is replicated again: the cycle chosen in Settings
//! (whole minutes, 1 to 1440), or five minutes.

use std::time::Duration;

use switchboard_sync::ScheduleSettings;

use crate::error::{ApiError, FieldError};

pub(crate) const DEFAULT_CYCLE_MINUTES: u32 = 5;
/// One day: a longer cycle would leave the cache stale for days.
const MAX_CYCLE_MINUTES: u32 = 1440;

/// The schedule the replication service starts with. A saved value out of range (the
/// preferences file edited by hand) is not fatal: the default applies and the log says why.
pub(crate) fn schedule_settings(cycle_minutes: Option<u32>) -> ScheduleSettings {
    let minutes = match cycle_minutes.map(check_cycle_minutes) {
        None => DEFAULT_CYCLE_MINUTES,
        Some(Ok(minutes)) => minutes,
        Some(Err(error)) => {
            tracing::warn!(message = %error.message, "using the default replication cycle");
            DEFAULT_CYCLE_MINUTES
        }
    };
    ScheduleSettings {
        cycle: Duration::from_secs(u64::from(minutes) * 60),
        ..ScheduleSettings::default()
    }
}

/// Whole minutes in 1..=1440, or a field error on `replicationCycleMinutes`.
pub(crate) fn check_cycle_minutes(minutes: u32) -> Result<u32, ApiError> {
    if (1..=MAX_CYCLE_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(ApiError::validation(vec![FieldError {
            field: "replicationCycleMinutes".to_owned(),
            code: "replicationCycleMinutes.outOfRange".to_owned(),
            message: format!(
                "The replication cycle must be 1 to {MAX_CYCLE_MINUTES} minutes (it is {minutes})."
            ),
        }]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_minutes_must_be_within_a_day() {
        assert_eq!(check_cycle_minutes(15).ok(), Some(15));
        assert_eq!(check_cycle_minutes(1440).ok(), Some(1440));
        for bad in [0, 1441, u32::MAX] {
            let error = check_cycle_minutes(bad).expect_err("accepted");
            assert_eq!(error.fields[0].field, "replicationCycleMinutes");
        }
    }

    #[test]
    fn the_chosen_cycle_applies_and_bad_values_fall_back_to_five_minutes() {
        assert_eq!(schedule_settings(None).cycle, Duration::from_secs(300));
        assert_eq!(schedule_settings(Some(30)).cycle, Duration::from_secs(1800));
        assert_eq!(schedule_settings(Some(0)).cycle, Duration::from_secs(300));
    }
}
