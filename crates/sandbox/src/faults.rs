//! Deliberate misbehaviour for any emulator router: throttling, server errors, latency
//! and dropped connections, decided by a seeded RNG so that a test sees the same
//! sequence of faults on every run.
//!
//! `Faults` is a cheap handle: clone it into the router and keep one in the test (or the
//! sandbox control panel) to change the configuration while the server runs.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::graph_error::GraphError;

/// What to inject. Ratios are probabilities in `0.0..=1.0`, drawn per request.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    /// Share of requests answered `429` with `Retry-After`.
    pub throttle_ratio: f64,
    /// `Retry-After` seconds sent with 429 and 503 answers; fractions such as 2.128 are
    /// sent as they are, as Graph does.
    pub retry_after_secs: f64,
    /// Share of requests answered `500` or `503` (half each).
    pub server_error_ratio: f64,
    /// Delay added before every request is handled.
    pub latency_ms: u64,
    /// Share of requests whose connection is closed without any answer.
    pub drop_ratio: f64,
    /// A `$batch` with a throttled sub-request answers `424 Failed Dependency` instead
    /// of `200`, inner answers unchanged, as Graph sometimes does.
    pub throttled_batch_424: bool,
}

impl Default for FaultConfig {
    fn default() -> Self {
        Self {
            throttle_ratio: 0.0,
            retry_after_secs: 1.0,
            server_error_ratio: 0.0,
            latency_ms: 0,
            drop_ratio: 0.0,
            throttled_batch_424: false,
        }
    }
}

/// How many faults were injected since the last reset, so tests can see them happen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultCounts {
    pub requests: u64,
    pub throttled: u64,
    pub server_errors: u64,
    pub dropped: u64,
    pub delayed: u64,
    /// `$batch` answers sent as 424 because of `throttled_batch_424`.
    pub failed_dependency_batches: u64,
}

const DEFAULT_SEED: u64 = 0x5eed_f00d;

struct Inner {
    config: FaultConfig,
    rng: ChaCha8Rng,
    counts: FaultCounts,
}

impl Default for Inner {
    fn default() -> Self {
        Self {
            config: FaultConfig::default(),
            rng: ChaCha8Rng::seed_from_u64(DEFAULT_SEED),
            counts: FaultCounts::default(),
        }
    }
}

#[derive(Clone, Default)]
pub struct Faults(Arc<Mutex<Inner>>);

/// The fate of one request.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Decision {
    Pass,
    Drop,
    ServerError(StatusCode),
    Throttle,
}

impl Faults {
    pub fn new(config: FaultConfig, seed: u64) -> Self {
        let faults = Self::default();
        faults.reseed(seed);
        faults.set(config);
        faults
    }

    /// Replaces the configuration; takes effect for the next request.
    pub fn set(&self, config: FaultConfig) {
        self.inner().config = config;
    }

    pub fn config(&self) -> FaultConfig {
        self.inner().config.clone()
    }

    /// Restarts the random sequence, so a test can replay the same faults.
    pub fn reseed(&self, seed: u64) {
        self.inner().rng = ChaCha8Rng::seed_from_u64(seed);
    }

    pub fn injected(&self) -> FaultCounts {
        self.inner().counts
    }

    /// Whether a `$batch` with a throttled sub-request answers 424, counting it if so.
    pub(crate) fn fail_throttled_batch(&self) -> bool {
        let mut inner = self.inner();
        let fail = inner.config.throttled_batch_424;
        if fail {
            inner.counts.failed_dependency_batches += 1;
        }
        fail
    }

    pub fn reset_counts(&self) {
        self.inner().counts = FaultCounts::default();
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Draws the fate of one request and counts it.
    fn decide(&self) -> (Decision, FaultConfig) {
        let mut inner = self.inner();
        let config = inner.config.clone();
        inner.counts.requests += 1;
        if config.latency_ms > 0 {
            inner.counts.delayed += 1;
        }
        // One draw per kind keeps each ratio independent of the others' settings.
        let drop = inner.rng.gen_bool(config.drop_ratio.clamp(0.0, 1.0));
        let server_error = inner
            .rng
            .gen_bool(config.server_error_ratio.clamp(0.0, 1.0));
        let unavailable = inner.rng.gen_bool(0.5);
        let throttle = inner.rng.gen_bool(config.throttle_ratio.clamp(0.0, 1.0));
        let decision = if drop {
            inner.counts.dropped += 1;
            Decision::Drop
        } else if server_error {
            inner.counts.server_errors += 1;
            Decision::ServerError(if unavailable {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            })
        } else if throttle {
            inner.counts.throttled += 1;
            Decision::Throttle
        } else {
            Decision::Pass
        };
        (decision, config)
    }
}

/// Wraps every route of `router` with fault injection.
pub fn wrap(router: Router, faults: Faults) -> Router {
    router.layer(axum::middleware::from_fn_with_state(faults, inject))
}

/// The middleware itself, for routers that compose layers their own way
/// (`axum::middleware::from_fn_with_state(faults, faults::inject)`).
pub async fn inject(State(faults): State<Faults>, request: Request, next: Next) -> Response {
    let (decision, config) = faults.decide();
    if config.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(config.latency_ms)).await;
    }
    match decision {
        Decision::Pass => next.run(request).await,
        Decision::Throttle => GraphError::throttled(config.retry_after_secs).into_response(),
        Decision::ServerError(status) => server_error(status, config.retry_after_secs),
        Decision::Drop => dropped_connection(),
    }
}

fn server_error(status: StatusCode, retry_after: f64) -> Response {
    if status == StatusCode::SERVICE_UNAVAILABLE {
        GraphError {
            retry_after: Some(retry_after),
            inner_error_key: "innererror",
            ..GraphError::new(
                status,
                "serviceNotAvailable",
                "The service is temporarily unavailable; retry after the indicated time.",
            )
        }
        .into_response()
    } else {
        GraphError::new(
            status,
            "generalException",
            "An unexpected error occurred while processing the request.",
        )
        .into_response()
    }
}

/// A body that fails before its first byte: hyper then aborts the connection instead of
/// finishing the answer, which is what a client sees when a gateway drops it.
fn dropped_connection() -> Response {
    let failing = futures::stream::once(async {
        Err::<bytes::Bytes, std::io::Error>(std::io::Error::other(
            "fault injected: connection dropped",
        ))
    });
    let mut response = Response::new(Body::from_stream(failing));
    response
        .headers_mut()
        .insert("Connection", HeaderValue::from_static("close"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fates(faults: &Faults, n: usize) -> Vec<Decision> {
        (0..n).map(|_| faults.decide().0).collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_faults() {
        let config = FaultConfig {
            throttle_ratio: 0.3,
            server_error_ratio: 0.1,
            ..FaultConfig::default()
        };
        let a = fates(&Faults::new(config.clone(), 7), 200);
        let b = fates(&Faults::new(config, 7), 200);
        assert_eq!(a, b);
        assert!(a.contains(&Decision::Throttle));
    }

    #[test]
    fn counts_follow_the_ratios_and_a_quiet_config_injects_nothing() {
        let faults = Faults::new(
            FaultConfig {
                throttle_ratio: 0.5,
                ..FaultConfig::default()
            },
            1,
        );
        fates(&faults, 1000);
        let counts = faults.injected();
        assert_eq!(counts.requests, 1000);
        assert!((400..600).contains(&counts.throttled), "{counts:?}");
        assert_eq!(counts.server_errors + counts.dropped, 0);

        let quiet = Faults::default();
        assert!(fates(&quiet, 100).iter().all(|d| *d == Decision::Pass));
    }
}
