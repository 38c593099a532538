//! Failure modes a test can switch on for one emulated device.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, Default)]
pub struct SbcFaults {
    busy_next: AtomicU32,
    always_busy: AtomicBool,
    server_errors_next: AtomicU32,
    latency_ms: AtomicU64,
    busy_answers: AtomicU32,
    alarm_link_origin: Mutex<Option<String>>,
    redirect_origin: Mutex<Option<String>>,
}

impl SbcFaults {
    /// The next `count` configuration changes (script uploads, saves) answer 409.
    pub fn busy_for_next(&self, count: u32) {
        self.busy_next.store(count, Ordering::SeqCst);
    }

    /// Every configuration change answers 409 until switched off (e.g. an HA sync).
    pub fn set_always_busy(&self, busy: bool) {
        self.always_busy.store(busy, Ordering::SeqCst);
    }

    /// The next `count` requests of any kind answer 500.
    pub fn fail_next(&self, count: u32) {
        self.server_errors_next.store(count, Ordering::SeqCst);
    }

    /// Added before every answer.
    pub fn set_latency(&self, latency: Duration) {
        let millis = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
        self.latency_ms.store(millis, Ordering::SeqCst);
    }

    pub(crate) fn latency(&self) -> Duration {
        Duration::from_millis(self.latency_ms.load(Ordering::SeqCst))
    }

    /// Whether this configuration change meets a busy device (consuming one count).
    pub(crate) fn take_busy(&self) -> bool {
        let busy = self.always_busy.load(Ordering::SeqCst) || take_one(&self.busy_next);
        if busy {
            self.busy_answers.fetch_add(1, Ordering::SeqCst);
        }
        busy
    }

    /// How many configuration changes met a busy device so far, so a test can wait until
    /// a client is provably in its retry loop.
    pub fn busy_answers(&self) -> u32 {
        self.busy_answers.load(Ordering::SeqCst)
    }

    pub(crate) fn take_server_error(&self) -> bool {
        take_one(&self.server_errors_next)
    }

    /// The alarm list links each alarm's detail on `origin` (such as
    /// `http://127.0.0.1:9`) instead of the device itself, as a compromised or
    /// misconfigured device could; `None` returns to the device's own relative links.
    pub fn link_alarms_to(&self, origin: Option<String>) {
        *lock(&self.alarm_link_origin) = origin;
    }

    pub(crate) fn alarm_link_origin(&self) -> Option<String> {
        lock(&self.alarm_link_origin).clone()
    }

    /// Every request is answered `307 Temporary Redirect` to the same path on `origin`;
    /// `None` switches it off.
    pub fn redirect_to(&self, origin: Option<String>) {
        *lock(&self.redirect_origin) = origin;
    }

    pub(crate) fn redirect_origin(&self) -> Option<String> {
        lock(&self.redirect_origin).clone()
    }
}

fn lock<T>(value: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    value
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn take_one(counter: &AtomicU32) -> bool {
    counter
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
            left.checked_sub(1)
        })
        .is_ok()
}
