//! How the worker paces itself.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct QueueSettings {
    /// How many targets (tenants, SBCs) have a task running at once.
    pub parallel_lanes: usize,
    /// How long a claim lasts without being renewed.
    pub lease: Duration,
    /// First wait after a transient failure; it doubles with each attempt.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// This computer's name in claim owners. A claim of an earlier process on the same
    /// workstation is known dead at start-up (only one Switchboard runs per data folder),
    /// while one of another workstation is trusted until its lease ends.
    pub workstation: String,
}

impl Default for QueueSettings {
    fn default() -> Self {
        QueueSettings {
            parallel_lanes: 4,
            lease: Duration::from_secs(60),
            backoff_base: Duration::from_secs(2),
            backoff_max: Duration::from_secs(300),
            workstation: "workstation".to_owned(),
        }
    }
}

/// The wait before attempt `attempts + 1`: the backoff for the attempts made, or the
/// target's own `Retry-After` when that is longer.
pub fn backoff_after(
    settings: &QueueSettings,
    attempts: u32,
    retry_after: Option<Duration>,
) -> Duration {
    let doubled = settings
        .backoff_base
        .saturating_mul(2u32.saturating_pow(attempts.saturating_sub(1)));
    doubled
        .min(settings.backoff_max)
        .max(retry_after.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_cap_and_honours_a_longer_retry_after() {
        let s = QueueSettings {
            backoff_base: Duration::from_secs(2),
            backoff_max: Duration::from_secs(10),
            ..QueueSettings::default()
        };
        let waits: Vec<u64> = (1..=5)
            .map(|a| backoff_after(&s, a, None).as_secs())
            .collect();
        assert_eq!(waits, [2, 4, 8, 10, 10]);
        assert_eq!(
            backoff_after(&s, 1, Some(Duration::from_secs(7))).as_secs(),
            7
        );
        assert_eq!(
            backoff_after(&s, 3, Some(Duration::from_secs(1))).as_secs(),
            8
        );
    }
}
