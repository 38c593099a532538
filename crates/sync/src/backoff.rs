//! How long a tenant whose sign-in Microsoft refused waits before the next attempt.
//!
//! A wrong secret or a revoked refresh token does not heal by itself: trying it again
//! every cycle only fills the sign-in logs of the customer's tenant (and may lock the
//! app out), so each refusal in a row waits longer, up to a ceiling. New credentials
//! reset it. The caller passes the time in (`now`), so the steps are tested without
//! waiting.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// The waits after the first, second, third… refusal in a row; the last one repeats.
pub const SIGN_IN_BACKOFF_STEPS: [Duration; 4] = [
    Duration::from_secs(5 * 60),
    Duration::from_secs(15 * 60),
    Duration::from_secs(60 * 60),
    Duration::from_secs(4 * 60 * 60),
];

/// One tenant's refusals in a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInBackoff {
    refusals: u32,
    /// What Microsoft said the last time, as a sentence without any secret.
    reason: Option<String>,
    retry_at: Option<DateTime<Utc>>,
}

impl SignInBackoff {
    /// Records a refusal at `now`; returns how long to wait before the next attempt.
    pub fn refused(&mut self, reason: String, now: DateTime<Utc>) -> Duration {
        let step = usize::try_from(self.refusals).unwrap_or(usize::MAX);
        let wait = SIGN_IN_BACKOFF_STEPS[step.min(SIGN_IN_BACKOFF_STEPS.len() - 1)];
        self.refusals = self.refusals.saturating_add(1);
        self.reason = Some(reason);
        self.retry_at = Some(now + chrono::Duration::from_std(wait).unwrap_or_default());
        wait
    }

    /// A sign-in worked, or the credential was replaced: back to the normal cycle.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Why the last sign-in was refused, while the tenant is backing off.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// When the next attempt is due, while the tenant is backing off.
    pub fn retry_at(&self) -> Option<DateTime<Utc>> {
        self.retry_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-07T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + chrono::Duration::minutes(minutes)
    }

    #[test]
    fn refusals_in_a_row_wait_5_15_60_minutes_then_4_hours_each() {
        let mut backoff = SignInBackoff::default();
        assert_eq!(backoff.reason(), None);
        let waits: Vec<Duration> = (0..6)
            .map(|n| backoff.refused(format!("refused {n}"), at(0)))
            .collect();
        assert_eq!(
            waits,
            [5, 15, 60, 240, 240, 240].map(|m| m * MINUTE),
            "the ceiling holds"
        );
        assert_eq!(backoff.reason(), Some("refused 5"));
        assert_eq!(backoff.retry_at(), Some(at(240)));
    }

    #[test]
    fn a_reset_starts_again_from_the_first_step() {
        let mut backoff = SignInBackoff::default();
        backoff.refused("invalid_client".into(), at(0));
        backoff.refused("invalid_client".into(), at(5));
        backoff.reset();
        assert_eq!(backoff, SignInBackoff::default());
        assert_eq!(backoff.refused("invalid_grant".into(), at(30)), 5 * MINUTE);
        assert_eq!(backoff.retry_at(), Some(at(35)));
    }
}
