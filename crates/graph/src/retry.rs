//! The one retry policy every Graph call (and every `$batch` sub-request) follows.

use std::time::Duration;

use rand::Rng;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use tokio_util::sync::CancellationToken;

use crate::error::GraphError;

#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// First backoff step when the service gives no `Retry-After`.
    pub base_delay: Duration,
    /// Cap of one backoff step.
    pub max_delay: Duration,
    /// Multiplies every wait, `Retry-After` included: 1.0 in the app, small in tests.
    pub delay_scale: f64,
    /// Time allowed for one HTTP exchange.
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            delay_scale: 1.0,
            request_timeout: Duration::from_secs(100),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `failed + 1` after `failed` failures with no `Retry-After`:
    /// exponential, capped, with "equal jitter" so that parallel clients spread out.
    pub fn backoff(&self, failed: u32) -> Duration {
        let exponent = failed.saturating_sub(1).min(20);
        let step = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        let half = step / 2;
        let jitter = rand::thread_rng().gen_range(0..=half.as_millis() as u64);
        self.scaled(half + Duration::from_millis(jitter))
    }

    /// The wait the service asked for.
    pub fn retry_after(&self, advertised: Duration) -> Duration {
        self.scaled(advertised)
    }

    fn scaled(&self, delay: Duration) -> Duration {
        delay.mul_f64(self.delay_scale.max(0.0))
    }

    /// How long to wait before retrying an answer with `status`, or `None` when the
    /// answer is final (success, or a 4xx other than 429). A request that is not
    /// `idempotent` (a POST that creates something) is retried only after a 429, which
    /// Graph sends before doing anything; after a 5xx it may have been carried out.
    pub(crate) fn delay_for(
        &self,
        status: StatusCode,
        retry_after: Option<Duration>,
        failed: u32,
        idempotent: bool,
    ) -> Option<Duration> {
        let advertised =
            || retry_after.map_or_else(|| self.backoff(failed), |d| self.retry_after(d));
        match status {
            StatusCode::TOO_MANY_REQUESTS => Some(advertised()),
            _ if !idempotent => None,
            StatusCode::SERVICE_UNAVAILABLE => Some(advertised()),
            s if s.is_server_error() => Some(self.backoff(failed)),
            _ => None,
        }
    }
}

/// The longest `Retry-After` obeyed. Graph asks for seconds, rarely a minute; a larger
/// value is a misbehaving proxy or service, and waiting it out silently would look like a
/// hang (the next attempt still fails fast if throttling goes on).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// `Retry-After` in seconds, as Graph sends it.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_seconds)
}

/// Seconds, fractions included: Graph documents values such as `2.128`.
pub(crate) fn parse_seconds(raw: &str) -> Option<Duration> {
    let seconds = raw
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)?;
    Some(Duration::from_secs_f64(
        seconds.min(MAX_RETRY_AFTER.as_secs_f64()),
    ))
}

/// Sleeps unless cancelled first.
pub(crate) async fn pause(delay: Duration, cancel: &CancellationToken) -> Result<(), GraphError> {
    tokio::select! {
        _ = tokio::time::sleep(delay) => Ok(()),
        _ = cancel.cancelled() => Err(GraphError::Cancelled),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            ..RetryPolicy::default()
        }
    }

    #[test]
    fn backoff_grows_stays_within_the_cap_and_is_jittered() {
        let p = policy();
        for failed in 1..10 {
            let step = Duration::from_millis(100 * (1 << (failed - 1))).min(p.max_delay);
            let d = p.backoff(failed);
            assert!(d >= step / 2 && d <= step, "{failed}: {d:?}");
        }
        let many: std::collections::HashSet<_> = (0..20).map(|_| p.backoff(5)).collect();
        assert!(many.len() > 1, "no jitter");
    }

    #[test]
    fn only_throttling_and_server_errors_are_retried() {
        let p = RetryPolicy {
            delay_scale: 0.5,
            ..policy()
        };
        let after = Some(Duration::from_secs(4));
        assert_eq!(
            p.delay_for(StatusCode::TOO_MANY_REQUESTS, after, 1, true),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            p.delay_for(StatusCode::SERVICE_UNAVAILABLE, after, 1, true),
            Some(Duration::from_secs(2))
        );
        assert!(p
            .delay_for(StatusCode::BAD_GATEWAY, None, 1, true)
            .is_some());
        assert_eq!(p.delay_for(StatusCode::BAD_REQUEST, after, 1, true), None);
        assert_eq!(p.delay_for(StatusCode::NOT_FOUND, None, 1, true), None);
        assert_eq!(parse_seconds(" 7 "), Some(Duration::from_secs(7)));
    }

    #[test]
    fn a_request_that_creates_something_is_retried_only_after_throttling() {
        let p = policy();
        let after = Some(Duration::from_secs(1));
        assert!(p
            .delay_for(StatusCode::TOO_MANY_REQUESTS, after, 1, false)
            .is_some());
        for status in [
            StatusCode::SERVICE_UNAVAILABLE,
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::GATEWAY_TIMEOUT,
        ] {
            assert_eq!(p.delay_for(status, after, 1, false), None, "{status}");
            assert!(p.delay_for(status, after, 1, true).is_some(), "{status}");
        }
        assert_eq!(parse_seconds("soon"), None);
    }

    #[test]
    fn retry_after_keeps_its_fraction_and_is_capped() {
        assert_eq!(parse_seconds("2.128"), Some(Duration::from_millis(2128)));
        assert_eq!(parse_seconds("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(parse_seconds("86400"), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_seconds("-1"), None);
        assert_eq!(parse_seconds("NaN"), None);
        assert_eq!(parse_seconds("inf"), None);
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, "2.128".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(2128)));
    }

    #[tokio::test]
    async fn a_pause_ends_early_when_cancelled() {
        let cancel = CancellationToken::new();
        cancel.cancel();
        let started = std::time::Instant::now();
        assert_eq!(
            pause(Duration::from_secs(30), &cancel).await,
            Err(GraphError::Cancelled)
        );
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
