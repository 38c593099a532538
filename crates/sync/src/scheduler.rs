//! When each tenant syncs: a regular cycle, a debounced run after local changes, an
//! immediate run on request, and at most `parallelism` runs at once.

use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use switchboard_domain::TenantId;
use tokio::sync::{mpsc, Semaphore};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleSettings {
    /// Time between the end of one run of a tenant and the start of the next.
    pub cycle: Duration,
    /// Quiet time after a local change before the tenant is synced.
    pub debounce: Duration,
    /// Runs allowed at once across tenants.
    pub parallelism: usize,
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        Self {
            cycle: Duration::from_secs(5 * 60),
            debounce: Duration::from_secs(10),
            parallelism: default_parallelism(),
        }
    }
}

/// One fewer than the machine's cores (the UI keeps one), but at least one.
pub fn default_parallelism() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.saturating_sub(1).max(1)
}

/// The pure bookkeeping: who is due when, who is running, who asked again meanwhile.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    due: BTreeMap<TenantId, Instant>,
    running: HashSet<TenantId>,
    again: HashSet<TenantId>,
}

impl Plan {
    fn add(&mut self, tenant: TenantId, at: Instant) {
        if !self.running.contains(&tenant) {
            self.due.entry(tenant).or_insert(at);
        }
    }

    /// Due at `at`; if it is running now, once more right after.
    fn request(&mut self, tenant: TenantId, at: Instant) {
        if self.running.contains(&tenant) {
            self.again.insert(tenant);
        } else {
            self.due.insert(tenant, at);
        }
    }

    fn remove(&mut self, tenant: TenantId) {
        self.due.remove(&tenant);
        self.again.remove(&tenant);
    }

    /// Tenants due by `now`, now marked running.
    fn take_due(&mut self, now: Instant) -> Vec<TenantId> {
        let ready: Vec<TenantId> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(tenant, _)| *tenant)
            .collect();
        for tenant in &ready {
            self.due.remove(tenant);
            self.running.insert(*tenant);
        }
        ready
    }

    /// The run ended; due again after `wait`, or at once if asked meanwhile.
    fn finished(&mut self, tenant: TenantId, now: Instant, wait: Duration) {
        self.running.remove(&tenant);
        let next = if self.again.remove(&tenant) {
            now
        } else {
            now + wait
        };
        self.due.insert(tenant, next);
    }

    fn next_wake(&self) -> Option<Instant> {
        self.due.values().min().copied()
    }
}

/// What a finished run asks of the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextRun {
    /// Again after the regular cycle.
    Cycle,
    /// Not before this wait (a refused sign-in backing off), unless asked for sooner.
    After(Duration),
}

impl NextRun {
    fn wait(self, cycle: Duration) -> Duration {
        match self {
            NextRun::Cycle => cycle,
            NextRun::After(wait) => wait,
        }
    }
}

enum Request {
    Add(TenantId),
    Now(TenantId),
    Changed(TenantId),
    Remove(TenantId),
    Finished(TenantId, NextRun),
}

/// Handle to the schedule. Clone-free: share it in an `Arc`; `run` consumes the queue.
pub struct SyncScheduler {
    settings: ScheduleSettings,
    sender: mpsc::UnboundedSender<Request>,
    receiver: Mutex<Option<mpsc::UnboundedReceiver<Request>>>,
}

impl SyncScheduler {
    pub fn new(settings: ScheduleSettings) -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        Self {
            settings,
            sender,
            receiver: Mutex::new(Some(receiver)),
        }
    }

    pub fn settings(&self) -> &ScheduleSettings {
        &self.settings
    }

    /// Puts a tenant on the regular cycle, first run straight away.
    pub fn add_tenant(&self, tenant: TenantId) {
        self.send(Request::Add(tenant));
    }

    pub fn remove_tenant(&self, tenant: TenantId) {
        self.send(Request::Remove(tenant));
    }

    /// Syncs the tenant as soon as a slot is free.
    pub fn queue_now(&self, tenant: TenantId) {
        self.send(Request::Now(tenant));
    }

    /// A local change was made; sync once changes have been quiet for `debounce`.
    pub fn local_change(&self, tenant: TenantId) {
        self.send(Request::Changed(tenant));
    }

    fn send(&self, request: Request) {
        // After `run` has returned nobody listens any more; dropping the request is right.
        let _ = self.sender.send(request);
    }

    /// Drives the schedule until `cancel` fires, calling `job` for each due tenant with
    /// at most `parallelism` jobs at once; the job's answer says when the tenant is due
    /// again. Returns at once if already running elsewhere.
    pub async fn run<F, Fut>(&self, job: F, cancel: CancellationToken)
    where
        F: Fn(TenantId) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = NextRun> + Send + 'static,
    {
        let taken = self
            .receiver
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        let Some(mut receiver) = taken else {
            tracing::warn!("the sync scheduler is already running");
            return;
        };
        let job = Arc::new(job);
        let slots = Arc::new(Semaphore::new(self.settings.parallelism.max(1)));
        let mut plan = Plan::default();
        loop {
            for tenant in plan.take_due(Instant::now()) {
                let (job, slots, done) = (job.clone(), slots.clone(), self.sender.clone());
                let cancel = cancel.clone();
                tokio::spawn(async move {
                    let permit = tokio::select! {
                        permit = slots.acquire_owned() => permit,
                        _ = cancel.cancelled() => return,
                    };
                    let next = match permit {
                        Ok(_) => job(tenant).await,
                        Err(_) => NextRun::Cycle,
                    };
                    let _ = done.send(Request::Finished(tenant, next));
                });
            }
            let wake = plan.next_wake();
            let request = tokio::select! {
                _ = cancel.cancelled() => return,
                request = receiver.recv() => request,
                _ = sleep_until(wake) => None,
            };
            let now = Instant::now();
            match request {
                Some(Request::Add(tenant)) => plan.add(tenant, now),
                Some(Request::Now(tenant)) => plan.request(tenant, now),
                Some(Request::Changed(tenant)) => {
                    plan.request(tenant, now + self.settings.debounce)
                }
                Some(Request::Remove(tenant)) => plan.remove(tenant),
                Some(Request::Finished(tenant, next)) => {
                    plan.finished(tenant, now, next.wait(self.settings.cycle))
                }
                None => {}
            }
        }
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn t(n: i64) -> TenantId {
        TenantId::new(n)
    }

    #[test]
    fn default_parallelism_leaves_a_core_but_never_zero() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(default_parallelism(), (cores - 1).max(1));
        assert_eq!(ScheduleSettings::default().cycle, Duration::from_secs(300));
    }

    #[test]
    fn a_finished_tenant_comes_back_after_one_cycle() {
        let start = Instant::now();
        let cycle = Duration::from_secs(300);
        let mut plan = Plan::default();
        plan.add(t(1), start);
        assert_eq!(plan.take_due(start), vec![t(1)]);
        assert!(
            plan.take_due(start).is_empty(),
            "a running tenant is not taken twice"
        );
        plan.finished(t(1), start, cycle);
        assert!(plan
            .take_due(start + cycle - Duration::from_secs(1))
            .is_empty());
        assert_eq!(plan.take_due(start + cycle), vec![t(1)]);
    }

    #[test]
    fn a_backing_off_tenant_skips_cycles_until_its_wait_is_over_unless_asked() {
        let start = Instant::now();
        let cycle = Duration::from_secs(300);
        let backoff = NextRun::After(Duration::from_secs(3600));
        let mut plan = Plan::default();
        plan.add(t(1), start);
        plan.take_due(start);
        plan.finished(t(1), start, backoff.wait(cycle));
        assert!(plan.take_due(start + cycle).is_empty(), "no cycle run");
        assert_eq!(plan.next_wake(), Some(start + Duration::from_secs(3600)));
        // New credentials queue the tenant at once.
        plan.request(t(1), start + cycle);
        assert_eq!(plan.take_due(start + cycle), vec![t(1)]);
        plan.finished(t(1), start + cycle, NextRun::Cycle.wait(cycle));
        assert_eq!(plan.next_wake(), Some(start + cycle + cycle));
    }

    #[tokio::test(start_paused = true)]
    async fn a_job_that_backs_off_is_not_run_again_on_the_cycle() {
        let scheduler = Arc::new(SyncScheduler::new(ScheduleSettings {
            cycle: Duration::from_secs(60),
            debounce: Duration::from_secs(1),
            parallelism: 1,
        }));
        let runs = Arc::new(AtomicUsize::new(0));
        let job = {
            let runs = runs.clone();
            move |_tenant: TenantId| {
                let runs = runs.clone();
                async move {
                    runs.fetch_add(1, Ordering::SeqCst);
                    NextRun::After(Duration::from_secs(15 * 60))
                }
            }
        };
        let cancel = CancellationToken::new();
        let runner = {
            let (scheduler, cancel) = (scheduler.clone(), cancel.clone());
            tokio::spawn(async move { scheduler.run(job, cancel).await })
        };
        scheduler.add_tenant(t(1));
        // Paused time only moves when every task waits, so each advance lets the
        // schedule react before the next.
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        tokio::time::sleep(Duration::from_secs(14 * 60)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 1, "fourteen cycles skipped");
        tokio::time::sleep(Duration::from_secs(2 * 60)).await;
        assert_eq!(
            runs.load(Ordering::SeqCst),
            2,
            "run again once the wait is over"
        );
        cancel.cancel();
        runner.await.unwrap();
    }

    #[test]
    fn a_request_during_a_run_repeats_it_right_after() {
        let start = Instant::now();
        let mut plan = Plan::default();
        plan.add(t(1), start);
        plan.take_due(start);
        plan.request(t(1), start);
        plan.finished(t(1), start, Duration::from_secs(300));
        assert_eq!(plan.take_due(start), vec![t(1)]);
    }

    #[test]
    fn local_changes_push_the_run_out_until_they_are_quiet() {
        let start = Instant::now();
        let debounce = Duration::from_secs(10);
        let mut plan = Plan::default();
        plan.request(t(2), start + debounce);
        plan.request(t(2), start + Duration::from_secs(5) + debounce);
        assert!(plan.take_due(start + debounce).is_empty());
        assert_eq!(plan.take_due(start + Duration::from_secs(15)), vec![t(2)]);
        plan.remove(t(3));
        assert_eq!(plan.next_wake(), None);
    }

    #[tokio::test]
    async fn no_more_than_the_parallelism_run_at_once_and_all_run() {
        let scheduler = Arc::new(SyncScheduler::new(ScheduleSettings {
            cycle: Duration::from_secs(3600),
            debounce: Duration::from_millis(5),
            parallelism: 2,
        }));
        let (current, peak, done) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
        );
        for n in 1..=6 {
            scheduler.add_tenant(t(n));
        }
        let cancel = CancellationToken::new();
        let job = {
            let (current, peak, done) = (current.clone(), peak.clone(), done.clone());
            move |_tenant: TenantId| {
                let (current, peak, done) = (current.clone(), peak.clone(), done.clone());
                async move {
                    let now = current.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    current.fetch_sub(1, Ordering::SeqCst);
                    done.fetch_add(1, Ordering::SeqCst);
                    NextRun::Cycle
                }
            }
        };
        let runner = {
            let (scheduler, cancel) = (scheduler.clone(), cancel.clone());
            tokio::spawn(async move { scheduler.run(job, cancel).await })
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        while done.load(Ordering::SeqCst) < 6 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(done.load(Ordering::SeqCst), 6, "every tenant ran once");
        assert_eq!(
            peak.load(Ordering::SeqCst),
            2,
            "the bound was reached but never passed"
        );
        // A local change runs the tenant again after the debounce, not on the hour cycle.
        scheduler.local_change(t(3));
        let deadline = Instant::now() + Duration::from_secs(5);
        while done.load(Ordering::SeqCst) < 7 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(done.load(Ordering::SeqCst), 7);
        cancel.cancel();
        runner.await.unwrap();
    }
}
