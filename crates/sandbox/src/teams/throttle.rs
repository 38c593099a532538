//! Per-tenant throttling of Graph's Teams telephony writes (`assignNumber`,
//! `unassignNumber`, `policy/userAssignments/assign|unassign`), as Microsoft throttles
//! each tenant: a token bucket of `burst` requests refilled at `per_second`. Reads and
//! operation polls are not counted, so "the minimum time the throttling allows" for N
//! changes is [`RateLimit::minimum_duration`] of the N writes. Off unless a test or the
//! control panel sets a limit.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Writes admitted per second once the burst is spent.
    pub per_second: f64,
    /// Writes admitted at once from a full bucket.
    pub burst: u32,
}

impl RateLimit {
    /// The shortest time in which `writes` writes can all be admitted, starting from a
    /// full bucket: the burst goes at once, the rest at `per_second`.
    pub fn minimum_duration(&self, writes: u64) -> Duration {
        let paced = writes.saturating_sub(u64::from(self.burst));
        Duration::from_secs_f64(paced as f64 / self.per_second)
    }
}

#[derive(Debug, Clone, Default)]
pub struct WriteThrottle {
    limit: Option<RateLimit>,
    tokens: f64,
    refilled: Option<Instant>,
    admitted: u64,
    throttled: u64,
}

impl WriteThrottle {
    /// Sets (or with `None` lifts) the limit; the bucket starts full and the counts at 0.
    pub fn set_limit(&mut self, limit: Option<RateLimit>) {
        *self = Self {
            limit,
            tokens: limit.map_or(0.0, |l| f64::from(l.burst)),
            ..Self::default()
        };
    }

    pub fn limit(&self) -> Option<RateLimit> {
        self.limit
    }

    /// Writes answered normally since the limit was set.
    pub fn admitted(&self) -> u64 {
        self.admitted
    }

    /// Writes answered `429` since the limit was set.
    pub fn throttled(&self) -> u64 {
        self.throttled
    }

    /// Admits one write at `now`, or says how long until the next one would be.
    pub(crate) fn admit(&mut self, now: Instant) -> Result<(), Duration> {
        let Some(limit) = self.limit else {
            self.admitted += 1;
            return Ok(());
        };
        if let Some(last) = self.refilled {
            let earned = now.saturating_duration_since(last).as_secs_f64() * limit.per_second;
            self.tokens = (self.tokens + earned).min(f64::from(limit.burst.max(1)));
        }
        self.refilled = Some(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            self.admitted += 1;
            Ok(())
        } else {
            self.throttled += 1;
            Err(Duration::from_secs_f64(
                (1.0 - self.tokens) / limit.per_second,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_burst_goes_at_once_then_writes_are_paced() {
        let mut throttle = WriteThrottle::default();
        let start = Instant::now();
        assert_eq!(throttle.admit(start), Ok(()), "off by default");
        let limit = RateLimit {
            per_second: 10.0,
            burst: 2,
        };
        throttle.set_limit(Some(limit));
        assert_eq!(throttle.admit(start), Ok(()));
        assert_eq!(throttle.admit(start), Ok(()));
        let wait = throttle.admit(start).unwrap_err();
        assert!((wait.as_secs_f64() - 0.1).abs() < 1e-9, "{wait:?}");
        assert_eq!(throttle.admit(start + wait), Ok(()));
        assert!(throttle.admit(start + wait).is_err());
        assert_eq!((throttle.admitted(), throttle.throttled()), (3, 2));
        assert_eq!(limit.minimum_duration(12), Duration::from_secs(1));
        assert_eq!(limit.minimum_duration(1), Duration::ZERO);
    }
}
