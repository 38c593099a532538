//! The replication service: runs `switchboard_sync::sync_tenant` for queued tenants on
//! the app's services runtime and keeps each tenant's progress and last outcome in
//! memory for the screens to poll.
//!
//! When runs happen is `SyncScheduler`'s job: a queued tenant runs as soon as one of the
//! `parallelism` slots is free, is queued once more if asked while running, and from
//! then on is replicated again every `cycle` until it is forgotten or the app closes.
//! Cycle runs are incremental, except that a tenant's first run of the session and every
//! run once its last full run is [`FULL_SYNC_EVERY`] old read everything: Teams voice
//! settings (policies, numbers) have no delta query, so only a full run sees a change
//! made in Teams alone, and the app may have been closed for days. The engine also runs
//! a full sync by itself when its delta link expired, and "Replicate" asks for one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use switchboard_cache::Cache;
use switchboard_domain::TenantId;
use switchboard_graph::GraphError;
use switchboard_sync::{
    sync_tenant, NextRun, ScheduleSettings, SignInBackoff, SyncContext, SyncError, SyncMode,
    SyncProgress, SyncReport, SyncScheduler, TenantSource,
};
use tokio::runtime::Handle;
use tokio::task::JoinError;
use tokio_util::sync::CancellationToken;

use crate::outbound_http::OutboundHttp;
use crate::replication::credentials::{CredentialKey, ReplicationSource};
use crate::replication::view::{ReplicationPhase, ReplicationStatus, TenantReplication};

/// One tenant's run state. `active` covers both waiting for a slot and running.
#[derive(Default)]
struct TenantRun {
    /// How to reach the tenant; refreshed on every `queue`, reused by the cycle, and
    /// dropped once the tenant's stored credential is no longer the one it was built from.
    source: Option<ReplicationSource>,
    phase: ReplicationPhase,
    users: usize,
    voice: usize,
    written: usize,
    active: bool,
    /// Queued again while running: the scheduler runs it once more right after, so it
    /// stays active in between.
    again: bool,
    /// The next run reads everything (asked for by hand).
    full_next: bool,
    /// When the last full run succeeded in this session (`None`: the next run is full).
    last_full: Option<Instant>,
    last_error: Option<String>,
    offline: bool,
    last_success_at: Option<DateTime<Utc>>,
    /// Cancelled while waiting for a slot: the run that gets the slot does nothing.
    skip_next: bool,
    /// Refusals of the current credential in a row; reset when it is replaced.
    backoff: SignInBackoff,
    cancel: CancellationToken,
}

type Runs = Arc<Mutex<HashMap<TenantId, TenantRun>>>;

/// How stale a tenant's voice settings may get: hourly, as the lifecycle replication of
/// the portal engineers know.
pub(crate) const FULL_SYNC_EVERY: Duration = Duration::from_secs(60 * 60);

pub(crate) struct ReplicationService {
    /// Shared by every tenant's sign-in and Graph calls (one connection pool), rebuilt
    /// when the proxy setting changes.
    http: OutboundHttp,
    scheduler: Arc<SyncScheduler>,
    runs: Runs,
    /// Cancelled when the service is dropped (the app closes), which stops the schedule
    /// and every run, so nothing outlives the runtime.
    shutdown: CancellationToken,
}

impl ReplicationService {
    pub(crate) fn new(
        runtime: &Handle,
        cache: Arc<Cache>,
        http: OutboundHttp,
        settings: ScheduleSettings,
    ) -> Self {
        let sync = SyncContext { cache };
        let runs = Runs::default();
        let shutdown = CancellationToken::new();
        let scheduler = Arc::new(SyncScheduler::new(settings));
        let job = {
            let (runs, scheduler) = (runs.clone(), scheduler.clone());
            move |tenant| run_tenant(sync.clone(), runs.clone(), scheduler.clone(), tenant)
        };
        let (schedule, stop) = (scheduler.clone(), shutdown.clone());
        runtime.spawn(async move { schedule.run(job, stop).await });
        Self {
            http,
            scheduler,
            runs,
            shutdown,
        }
    }

    /// The client with the current proxy setting.
    pub(crate) fn http(&self) -> reqwest::Client {
        self.http.current()
    }

    /// Every tenant queued this session (running, waiting or on the cycle).
    pub(crate) fn known_tenants(&self) -> Vec<TenantId> {
        lock(&self.runs).keys().copied().collect()
    }

    /// Queues a run of `source`'s tenant and puts it on the regular cycle; a tenant
    /// already running runs once more when it finishes, so a change made meanwhile is
    /// never missed.
    pub(crate) fn queue(&self, source: ReplicationSource, mode: SyncMode) {
        let tenant = source.source.id;
        {
            let mut runs = lock(&self.runs);
            let run = runs.entry(tenant).or_insert_with(|| TenantRun {
                cancel: self.shutdown.child_token(),
                ..TenantRun::default()
            });
            let built_from = run.source.as_ref().map(|s| &s.key);
            if built_from != Some(&source.key) {
                // New credentials deserve an attempt now, not after the refused ones' wait.
                run.backoff.reset();
            }
            run.source = Some(source);
            run.skip_next = false;
            run.full_next |= mode == SyncMode::Full;
            if run.active {
                run.again = true;
            } else {
                run.active = true;
                run.phase = ReplicationPhase::Queued;
                (run.users, run.voice) = (0, 0);
            }
        }
        self.scheduler.queue_now(tenant);
    }

    /// The tenant's credential changed: the run signed in with the old one stops at once,
    /// and the tenant goes on with `source`, or without one leaves the cycle.
    pub(crate) fn replace_source(&self, tenant: TenantId, source: Option<ReplicationSource>) {
        match source {
            Some(source) => {
                if let Some(run) = lock(&self.runs).get_mut(&tenant) {
                    run.cancel.cancel();
                    run.cancel = self.shutdown.child_token();
                    run.backoff.reset();
                }
                self.queue(source, SyncMode::Incremental);
            }
            None => self.stop(tenant),
        }
    }

    /// Takes the tenant off the cycle and stops its run, dropping its source; its last
    /// state stays listed, and queueing it again puts it back.
    pub(crate) fn stop(&self, tenant: TenantId) {
        self.scheduler.remove_tenant(tenant);
        if let Some(run) = lock(&self.runs).get_mut(&tenant) {
            run.cancel.cancel();
            run.cancel = self.shutdown.child_token();
            unschedule(run);
        }
    }

    /// The Tenants screen's Cancel: the tenant's run stops at once without writing
    /// anything (the engine writes only a complete snapshot) and the tenant stays on the
    /// cycle. Returns false when nothing was queued or running.
    pub(crate) fn cancel(&self, tenant: TenantId) -> bool {
        let mut runs = lock(&self.runs);
        let Some(run) = runs.get_mut(&tenant).filter(|run| run.active) else {
            return false;
        };
        run.cancel.cancel();
        run.cancel = self.shutdown.child_token();
        run.skip_next = run.phase == ReplicationPhase::Queued;
        (run.active, run.again) = (false, false);
        run.phase = ReplicationPhase::Cancelled;
        run.last_error = Some(SyncError::Cancelled.user_message());
        true
    }

    /// Stops and forgets a tenant (deleted, or its credentials forgotten).
    pub(crate) fn forget(&self, tenant: TenantId) {
        self.scheduler.remove_tenant(tenant);
        if let Some(run) = lock(&self.runs).remove(&tenant) {
            run.cancel.cancel();
        }
    }

    /// Queued this session and not forgotten since.
    pub(crate) fn is_known(&self, tenant: TenantId) -> bool {
        lock(&self.runs).contains_key(&tenant)
    }

    pub(crate) fn is_active(&self, tenant: TenantId) -> bool {
        lock(&self.runs).get(&tenant).is_some_and(|run| run.active)
    }

    pub(crate) fn status(&self) -> ReplicationStatus {
        let runs = lock(&self.runs);
        let mut tenants: Vec<TenantReplication> = runs
            .iter()
            .map(|(id, run)| TenantReplication {
                tenant_id: *id,
                phase: run.phase,
                users: run.users,
                voice: run.voice,
                written: run.written,
                running: run.active,
                last_error: run.last_error.clone(),
                last_success_at: run.last_success_at.map(|at| at.to_rfc3339()),
                offline: run.offline,
                sign_in_refused: run.backoff.reason().map(str::to_owned),
                next_attempt_at: run.backoff.retry_at().map(|at| at.to_rfc3339()),
            })
            .collect();
        tenants.sort_by_key(|t| t.tenant_id);
        let running = tenants.iter().filter(|t| t.running).count();
        ReplicationStatus {
            tenants,
            running: u32::try_from(running).unwrap_or(u32::MAX),
        }
    }
}

impl Drop for ReplicationService {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// A poisoned lock only means a progress callback panicked; the map is still consistent.
fn lock(runs: &Runs) -> MutexGuard<'_, HashMap<TenantId, TenantRun>> {
    runs.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One scheduled run of the tenant (queued or due on the cycle); records its outcome
/// and tells the schedule when the tenant is due again.
async fn run_tenant(
    sync: SyncContext,
    runs: Runs,
    scheduler: Arc<SyncScheduler>,
    tenant: TenantId,
) -> NextRun {
    // Read before the lock: the cache has a lock of its own.
    let current = sync
        .cache
        .tenant_auth(tenant)
        .ok()
        .map(|auth| CredentialKey::of(&auth));
    let started = {
        let mut all = lock(&runs);
        // Forgotten (deleted) tenants have no entry; a cancelled one is shutting down.
        all.get_mut(&tenant).and_then(|run| {
            if run.cancel.is_cancelled() || std::mem::take(&mut run.skip_next) {
                return None;
            }
            let built_from = run.source.as_ref().map(|s| &s.key);
            if built_from.is_some() && built_from != current.as_ref() {
                // Signed in again by device code (or changed some other way that did not
                // replace the source): the old credential is not used any more.
                tracing::info!(%tenant, "replication stopped: the tenant's credential changed");
                unschedule(run);
                scheduler.remove_tenant(tenant);
            }
            let source = run.source.as_ref()?.source.clone();
            if !run.active {
                // A cycle run: nobody queued it, so show it as started now.
                run.active = true;
                (run.users, run.voice) = (0, 0);
            }
            run.phase = ReplicationPhase::Queued;
            let mode = next_mode(
                std::mem::take(&mut run.full_next),
                run.last_full,
                Instant::now(),
            );
            Some((source, mode, run.cancel.clone()))
        })
    };
    let Some((source, mode, cancel)) = started else {
        return NextRun::Cycle;
    };
    let result = sync_run(&sync, &source, mode, &runs, &cancel).await;
    let mut all = lock(&runs);
    // Forgotten meanwhile: the tenant was deleted.
    let Some(run) = all.get_mut(&tenant) else {
        return NextRun::Cycle;
    };
    let mut next = NextRun::Cycle;
    match result {
        Ok(Ok(report)) => {
            tracing::info!(%tenant, mode = ?report.mode, users = report.users_read, written = report.written, removed = report.removed, "tenant replicated");
            run.phase = ReplicationPhase::Done;
            run.written = report.written;
            run.last_error = None;
            run.offline = false;
            run.last_success_at = Some(report.finished_at);
            run.backoff.reset();
            if report.mode == SyncMode::Full {
                run.last_full = Some(Instant::now());
            }
        }
        Ok(Err(error)) => {
            record_failure(run, &error);
            record_refused_sign_in(&sync.cache, tenant, &error);
            if error.is_refused_sign_in() {
                let wait = run.backoff.refused(error.user_message(), Utc::now());
                tracing::warn!(%tenant, ?wait, "sign-in refused; waiting before the next attempt");
                next = NextRun::After(wait);
            }
        }
        Err(crash) => {
            tracing::error!(%tenant, %crash, "replication run crashed");
            run.phase = ReplicationPhase::Failed;
            run.last_error =
                Some("The sync stopped unexpectedly; the previous data is still shown.".into());
        }
    }
    // Queued again meanwhile: the scheduler starts the next run right away. (The token
    // of this run may have been replaced along with its credential; the current one tells.)
    run.active = run.again && !run.cancel.is_cancelled();
    if run.active {
        run.phase = ReplicationPhase::Queued;
    }
    run.again = false;
    next
}

/// Drops the run's source: nothing signs in as the tenant until it is queued again.
fn unschedule(run: &mut TenantRun) {
    run.source = None;
    (run.active, run.again) = (false, false);
}

/// Full when asked for, when none ran yet this session, or when the last one is
/// [`FULL_SYNC_EVERY`] old; otherwise incremental.
fn next_mode(asked_full: bool, last_full: Option<Instant>, now: Instant) -> SyncMode {
    let stale = last_full.is_none_or(|at| now.saturating_duration_since(at) >= FULL_SYNC_EVERY);
    if asked_full || stale {
        SyncMode::Full
    } else {
        SyncMode::Incremental
    }
}

/// Runs the engine on a blocking-pool thread of the same runtime: rustc cannot prove
/// `sync_tenant`'s future `Send` (its buffered voice look-ups borrow across awaits), so
/// it cannot be `spawn`ed, but it can be driven by `block_on` on a thread of its own.
async fn sync_run(
    sync: &SyncContext,
    source: &TenantSource,
    mode: SyncMode,
    runs: &Runs,
    cancel: &CancellationToken,
) -> Result<Result<SyncReport, SyncError>, JoinError> {
    let (sync, source, runs, cancel) = (sync.clone(), source.clone(), runs.clone(), cancel.clone());
    let runtime = Handle::current();
    let tenant = source.id;
    tokio::task::spawn_blocking(move || {
        let progress = |p: SyncProgress| {
            if let Some(run) = lock(&runs).get_mut(&tenant) {
                run.phase = p.phase.into();
                (run.users, run.voice) = (p.users, p.voice);
            }
        };
        runtime.block_on(sync_tenant(&sync, &source, mode, &progress, &cancel))
    })
    .await
}

/// A sign-in Microsoft refused says the stored credential no longer works: the
/// Authentication Status table shows it (expired, revoked or failed) without a verify.
fn record_refused_sign_in(cache: &Cache, tenant: TenantId, error: &SyncError) {
    let SyncError::Graph(refused @ GraphError::SignIn(_)) = error else {
        return;
    };
    let status = crate::security::auth::check::status_after(refused);
    if let Err(error) = cache.record_auth_check(tenant, status, None, Utc::now()) {
        tracing::warn!(%tenant, %error, "refused sign-in not recorded");
    }
}

fn record_failure(run: &mut TenantRun, error: &SyncError) {
    tracing::warn!(error = %error, "replication failed");
    run.last_error = Some(error.user_message());
    if let SyncError::Cancelled = error {
        // A stopped run learnt nothing about whether Microsoft 365 can be reached.
        run.phase = ReplicationPhase::Cancelled;
        return;
    }
    run.phase = ReplicationPhase::Failed;
    run.offline = error.is_offline();
    // The engine knows when the cached data was last refreshed, even from a previous
    // session; keep it for the "offline — data from" banner.
    if let SyncError::Offline {
        since: Some(at), ..
    } = error
    {
        run.last_success_at = Some(*at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_run_and_runs_an_hour_after_the_last_full_one_are_full() {
        let full_at = Instant::now();
        let later = |d: Duration| full_at + d;
        let minute = Duration::from_secs(60);
        assert_eq!(next_mode(false, None, full_at), SyncMode::Full);
        assert_eq!(
            next_mode(false, Some(full_at), later(59 * minute)),
            SyncMode::Incremental
        );
        assert_eq!(
            next_mode(false, Some(full_at), later(FULL_SYNC_EVERY)),
            SyncMode::Full
        );
        assert_eq!(next_mode(true, Some(full_at), full_at), SyncMode::Full);
    }

    #[test]
    fn an_offline_failure_keeps_the_time_the_data_is_from() {
        let at = DateTime::parse_from_rfc3339("2026-11-20T09:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut run = TenantRun {
            active: true,
            ..TenantRun::default()
        };
        record_failure(
            &mut run,
            &SyncError::Offline {
                since: Some(at),
                detail: "refused".into(),
            },
        );
        assert_eq!(run.phase, ReplicationPhase::Failed);
        assert!(run.offline);
        assert_eq!(run.last_success_at, Some(at));
        assert!(run
            .last_error
            .as_deref()
            .is_some_and(|m| m.starts_with("Offline")));

        record_failure(&mut run, &SyncError::Cancelled);
        assert_eq!(run.phase, ReplicationPhase::Cancelled);
        assert!(
            run.offline,
            "a cancelled retry says nothing about the network"
        );

        let unreadable = GraphError::InvalidResponse("not JSON".into());
        record_failure(&mut run, &SyncError::Graph(unreadable));
        assert!(
            !run.offline,
            "a later non-network failure clears the offline flag"
        );
        assert_eq!(run.last_success_at, Some(at), "the data time is not lost");
    }
}
