//! The worker: one loop that claims due tasks (one per target, a bounded number of targets
//! at once) and one tokio task per claimed task, which keeps its lease alive while the
//! executor runs and then writes the outcome. The loop sleeps until something is queued,
//! a task finishes, or the next retry falls due — it never polls.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::Utc;
use serde::Serialize;
use switchboard_cache::{Cache, CacheError, ClaimRequest, TaskId, TaskRecord};
use switchboard_domain::{TaskFailure, TaskState};
use tokio::runtime::Handle;
use tokio::sync::{broadcast, Notify};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::executor::{Applied, Executor, Failure};
use crate::recovery::{recover_orphans, Sweep};
use crate::settings::{backoff_after, QueueSettings};
use crate::QueueEvent;

/// The longest the loop sleeps without a reason to wake: a safety net, not a schedule.
const IDLE_WAKE: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueStatus {
    pub paused: bool,
    pub running: u32,
}

/// The running worker. Dropping it stops the loop; tasks still executing keep their claim
/// and are recovered by the next start.
pub struct Queue {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) cache: Arc<Cache>,
    pub(crate) executor: Arc<dyn Executor>,
    pub(crate) settings: QueueSettings,
    pub(crate) owner: String,
    wake: Notify,
    paused: AtomicBool,
    /// Tasks the engineer chose to run while the queue is paused.
    selected: Mutex<Vec<TaskId>>,
    /// The tasks this worker runs now; a lease of theirs that ran out is not an orphan.
    pub(crate) in_flight: Mutex<HashSet<TaskId>>,
    events: broadcast::Sender<QueueEvent>,
    pub(crate) stop: CancellationToken,
    /// Opened once by `begin`.
    gate: Notify,
}

impl Queue {
    /// Starts the worker on `runtime`: first the tasks a crash left executing are
    /// recovered, then due tasks run.
    pub fn start(
        runtime: &Handle,
        cache: Arc<Cache>,
        executor: Arc<dyn Executor>,
        settings: QueueSettings,
    ) -> Queue {
        let queue = Queue::held(runtime, cache, executor, settings);
        queue.begin();
        queue
    }

    /// A worker that does nothing, not even recovery, until [`Queue::begin`]: for an
    /// app whose way to its targets is not set up yet.
    pub fn held(
        runtime: &Handle,
        cache: Arc<Cache>,
        executor: Arc<dyn Executor>,
        settings: QueueSettings,
    ) -> Queue {
        // The process's part comes last, after the one `#` the workstation part cannot end in.
        let owner = format!("{}#{}", settings.workstation, uuid::Uuid::new_v4());
        let (events, _) = broadcast::channel(1024);
        let inner = Arc::new(Inner {
            cache,
            executor,
            settings,
            owner,
            wake: Notify::new(),
            paused: AtomicBool::new(false),
            selected: Mutex::new(Vec::new()),
            in_flight: Mutex::new(HashSet::new()),
            events,
            stop: CancellationToken::new(),
            gate: Notify::new(),
        });
        runtime.spawn(run(inner.clone(), runtime.clone()));
        Queue { inner }
    }

    /// Lets a held worker start: recovery, then the queue.
    pub fn begin(&self) {
        self.inner.gate.notify_one();
    }

    /// Something was queued, released or retried: look for work now.
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    pub fn pause(&self) {
        self.inner.paused.store(true, Ordering::SeqCst);
        self.inner.announce(QueueEvent::queue());
    }

    pub fn resume(&self) {
        self.inner.paused.store(false, Ordering::SeqCst);
        self.inner.announce(QueueEvent::queue());
        self.wake();
    }

    /// Runs queued tasks now, skipping any retry wait: the chosen ones (even while the
    /// queue is paused) or, with `None`, all of them. Returns how many were waiting.
    pub fn process(&self, ids: Option<&[TaskId]>) -> Result<usize, CacheError> {
        let due = self.inner.cache.make_due(ids)?;
        if let Some(ids) = ids {
            lock(&self.inner.selected).extend_from_slice(ids);
        }
        self.wake();
        Ok(due)
    }

    pub fn status(&self) -> QueueStatus {
        QueueStatus {
            paused: self.inner.paused.load(Ordering::SeqCst),
            running: lock(&self.inner.in_flight).len() as u32,
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<QueueEvent> {
        self.inner.events.subscribe()
    }

    /// For changes made outside the worker (queued, cancelled, retried by the engineer).
    pub fn announce(&self, event: QueueEvent) {
        self.inner.announce(event);
    }

    /// This worker's claim owner, as stored on the tasks it runs.
    pub fn owner(&self) -> &str {
        &self.inner.owner
    }
}

impl Queue {
    /// Stops claiming and abandons running tasks (their claims are recovered later).
    pub fn stop(&self) {
        self.inner.stop.cancel();
    }
}

impl Drop for Queue {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Inner {
    pub(crate) fn announce(&self, event: QueueEvent) {
        // No listener is fine: the window may not be open yet.
        let _ = self.events.send(event);
    }

    pub(crate) fn announce_task(&self, task: &TaskRecord, state: TaskState) {
        self.announce(QueueEvent::task(task.id, task.target.tenant_id(), state));
    }

    pub(crate) fn lease_until(&self) -> chrono::DateTime<Utc> {
        Utc::now() + self.settings.lease
    }

    /// Writes a task's outcome: success with its audit, a later retry, or failure.
    pub(crate) fn settle(&self, task: &TaskRecord, result: Result<Applied, Failure>) {
        let written = match result {
            Ok(applied) => self
                .cache
                .finish_succeeded(task.id, &self.owner, &applied.output, applied.audit)
                .map(|(written, _)| (written, TaskState::Succeeded)),
            Err(failure) if failure.transient && task.attempts < task.max_attempts => {
                let wait = backoff_after(&self.settings, task.attempts, failure.retry_after);
                tracing::info!(task = %task.id, attempt = task.attempts, wait_ms = wait.as_millis() as u64, "task will be tried again");
                self.cache
                    .retry_later(task.id, &self.owner, Utc::now() + wait, &failure.reason)
                    .map(|written| (written, TaskState::Queued))
            }
            Err(failure) => {
                let kind = if failure.transient {
                    TaskFailure::Transient
                } else {
                    TaskFailure::Permanent
                };
                tracing::warn!(task = %task.id, ?kind, "task failed");
                self.cache
                    .finish_failed(
                        task.id,
                        &self.owner,
                        kind,
                        &failure.reason,
                        failure.output.as_deref(),
                    )
                    .map(|written| (written, TaskState::Failed))
            }
        };
        match written {
            Ok((switchboard_cache::Written::Done, state)) => self.announce_task(task, state),
            Ok((switchboard_cache::Written::ClaimLost, _)) => {
                tracing::warn!(task = %task.id, "the task's claim passed to another owner; its outcome here is dropped")
            }
            Err(error) => {
                // The claim stays; the task is recovered at the next start.
                tracing::error!(task = %task.id, %error, "the task's outcome could not be stored")
            }
        }
    }
}

async fn run(inner: Arc<Inner>, runtime: Handle) {
    tokio::select! {
        _ = inner.gate.notified() => {}
        _ = inner.stop.cancelled() => return,
    }
    recover_orphans(&inner, Sweep::AtStart).await;
    let mut last_sweep = Instant::now();
    loop {
        if last_sweep.elapsed() >= inner.settings.lease {
            // A claim whose lease ran out while this worker ran (its owner stopped
            // renewing it) is looked at like one a crash left.
            recover_orphans(&inner, Sweep::ExpiredLeases).await;
            last_sweep = Instant::now();
        }
        if let Err(error) = claim_round(&inner, &runtime) {
            tracing::error!(%error, "the queue could not claim tasks");
        }
        let full = lock(&inner.in_flight).len() >= inner.settings.parallel_lanes;
        // Paused or full, only a wake (a task ended, something queued) can give work.
        let sleep = if inner.paused.load(Ordering::SeqCst) || full {
            IDLE_WAKE
        } else {
            match inner.cache.next_claimable_at() {
                Ok(Some(due)) => (due - Utc::now())
                    .to_std()
                    .unwrap_or_default()
                    .min(IDLE_WAKE),
                _ => IDLE_WAKE,
            }
        }
        .min(inner.settings.lease);
        tokio::select! {
            _ = inner.wake.notified() => {}
            _ = tokio::time::sleep(sleep) => {}
            _ = inner.stop.cancelled() => return,
        }
    }
}

fn claim_round(inner: &Arc<Inner>, runtime: &Handle) -> Result<(), CacheError> {
    let free = inner
        .settings
        .parallel_lanes
        .saturating_sub(lock(&inner.in_flight).len());
    if free == 0 {
        return Ok(());
    }
    let only = if inner.paused.load(Ordering::SeqCst) {
        let selected = lock(&inner.selected).clone();
        if selected.is_empty() {
            return Ok(());
        }
        Some(selected)
    } else {
        None
    };
    let now = Utc::now();
    let claimed = inner.cache.claim_tasks(&ClaimRequest {
        owner: &inner.owner,
        now,
        lease_until: inner.lease_until(),
        limit: free as u32,
        only: only.as_deref(),
    })?;
    if !claimed.is_empty() {
        lock(&inner.selected).retain(|id| !claimed.iter().any(|t| t.id == *id));
    }
    for task in claimed {
        lock(&inner.in_flight).insert(task.id);
        inner.announce_task(&task, TaskState::Executing);
        runtime.spawn(execute(inner.clone(), task));
    }
    Ok(())
}

/// Runs one claimed task, renewing its lease until the executor answers.
async fn execute(inner: Arc<Inner>, task: TaskRecord) {
    let heartbeat = async {
        loop {
            tokio::time::sleep(inner.settings.lease / 3).await;
            match inner
                .cache
                .renew_lease(task.id, &inner.owner, inner.lease_until())
            {
                Ok(true) => {}
                // Lost (or unreadable): stop renewing; the outcome write will find out.
                _ => std::future::pending::<()>().await,
            }
        }
    };
    let result = tokio::select! {
        result = inner.executor.execute(task.clone()) => Some(result),
        _ = heartbeat => None,
        _ = inner.stop.cancelled() => None,
    };
    if let Some(result) = result {
        inner.settle(&task, result);
    }
    lock(&inner.in_flight).remove(&task.id);
    inner.wake.notify_one();
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
