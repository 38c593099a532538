//! Where a sync run spent its time, phase by phase: the benchmark prints it and the
//! log keeps it, so a slow run can be explained without a profiler.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncTimings {
    /// Graph users pages (the delta round), from the first request to the delta link.
    pub users_pages: Duration,
    /// Teams user configurations (pages in a full run, one lookup per user in a delta).
    pub voice_pages: Duration,
    /// Groups and their member lists.
    pub groups: Duration,
    /// Wall time of all downloads together (they overlap).
    pub download: Duration,
    /// Merging directory and voice data into cache rows.
    pub build_records: Duration,
    /// The users transaction (upserts and removals).
    pub write_users: Duration,
    /// The groups transaction.
    pub write_groups: Duration,
    /// Refreshing the planner statistics after a full snapshot.
    pub optimize: Duration,
}

/// Runs `work` and adds its duration to `slot`.
pub(crate) fn timed<T>(slot: &mut Duration, work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = work();
    *slot += started.elapsed();
    value
}

/// Async twin of `timed`, for a download.
pub(crate) async fn timed_async<T>(
    slot: &mut Duration,
    work: impl std::future::Future<Output = T>,
) -> T {
    let started = Instant::now();
    let value = work.await;
    *slot += started.elapsed();
    value
}
