//! The worker against a scripted executor: order per target, a bound across targets,
//! retries, permanent failures, pause and selection, and recovery after a crash.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use futures::future::BoxFuture;
use futures::FutureExt;
use switchboard_cache::{
    Cache, ClaimRequest, NewTask, NewTenant, TaskFilter, TaskRecord, TaskTarget,
};
use switchboard_domain::{
    FullName, Licence, LicenceType, ShortName, TaskFailure, TaskKind, TaskState,
};
use switchboard_queue::{Applied, Executor, Failure, Landing, Queue, QueueSettings};

/// Runs each task by its payload: `ok`, `transient:N` (fails N times, then succeeds),
/// `permanent`, or `slow` (waits for the test to release it).
#[derive(Default)]
struct Scripted {
    log: Mutex<Vec<(String, String)>>,
    failures_left: Mutex<HashMap<String, u32>>,
    in_flight: Mutex<(u32, u32)>,
    release: tokio::sync::Notify,
    landed: Mutex<HashMap<String, Landing>>,
}

impl Scripted {
    fn executed(&self) -> Vec<(String, String)> {
        self.log.lock().unwrap().clone()
    }
}

/// The executor the queue holds, sharing the script with the test.
struct Runner(Arc<Scripted>);

impl Executor for Runner {
    fn execute(&self, task: TaskRecord) -> BoxFuture<'static, Result<Applied, Failure>> {
        let me = self.0.clone();
        async move {
            {
                let mut flight = me.in_flight.lock().unwrap();
                flight.0 += 1;
                flight.1 = flight.1.max(flight.0);
            }
            let lane = task.target.name().to_owned();
            let script = task.payload.clone();
            if script == "slow" {
                me.release.notified().await;
            }
            let result = if let Some(n) = script.strip_prefix("transient:") {
                let mut left = me.failures_left.lock().unwrap();
                let left = left
                    .entry(task.idempotency_key.clone())
                    .or_insert(n.parse().unwrap());
                if *left > 0 {
                    *left -= 1;
                    Err(Failure::transient("throttled"))
                } else {
                    Ok(())
                }
            } else if script == "permanent" {
                Err(Failure::permanent(
                    "the number is not in the tenant's inventory",
                ))
            } else {
                Ok(())
            };
            me.in_flight.lock().unwrap().0 -= 1;
            if result.is_ok() {
                me.log.lock().unwrap().push((lane, task.summary.clone()));
            }
            result.map(|()| Applied {
                output: format!("did {}", task.summary),
                audit: None,
            })
        }
        .boxed()
    }

    fn confirm(&self, task: TaskRecord) -> BoxFuture<'static, Landing> {
        let landing = self.0.landed.lock().unwrap()[&task.summary].clone();
        async move { landing }.boxed()
    }
}

fn settings() -> QueueSettings {
    QueueSettings {
        parallel_lanes: 2,
        lease: Duration::from_secs(30),
        backoff_base: Duration::from_millis(1),
        backoff_max: Duration::from_millis(5),
        workstation: "bench-host".to_owned(),
    }
}

fn start(cache: &Arc<Cache>, executor: &Arc<Scripted>) -> Queue {
    Queue::start(
        &tokio::runtime::Handle::current(),
        cache.clone(),
        Arc::new(Runner(executor.clone())),
        settings(),
    )
}

fn tenants(cache: &Cache, n: usize) -> Vec<TaskTarget> {
    (0..n)
        .map(|i| {
            let short = format!("tenant{i}");
            let t = cache
                .create_tenant(&NewTenant {
                    short_name: ShortName::parse(&short).unwrap(),
                    full_name: FullName::parse(&short).unwrap(),
                    azure_tenant_id: None,
                    licence: Licence::new(LicenceType::HostedPro, 5).unwrap(),
                })
                .unwrap();
            TaskTarget::Tenant {
                id: t.id,
                name: short,
            }
        })
        .collect()
}

fn task(target: &TaskTarget, summary: &str, payload: &str) -> NewTask {
    NewTask {
        target: target.clone(),
        kind: TaskKind::NumberAssign,
        summary: summary.to_owned(),
        payload: payload.to_owned(),
        dry_run: String::new(),
        idempotency_key: format!("{}:{summary}", target.name()),
        created_by: "eng".to_owned(),
        max_attempts: 4,
        rollback_of: None,
        state: TaskState::Queued,
    }
}

/// Waits (on the queue's own events) until no task is queued or executing.
async fn settled(queue: &Queue, cache: &Cache) {
    let mut events = queue.subscribe();
    let unfinished = || {
        cache
            .list_tasks(&TaskFilter {
                states: vec![TaskState::Queued, TaskState::Executing],
                ..TaskFilter::default()
            })
            .unwrap()
            .len()
    };
    tokio::time::timeout(Duration::from_secs(30), async {
        while unfinished() > 0 {
            let _ = events.recv().await;
        }
    })
    .await
    .expect("the queue settles");
}

fn state_of(cache: &Cache, summary: &str) -> TaskRecord {
    cache
        .list_tasks(&TaskFilter::default())
        .unwrap()
        .into_iter()
        .find(|t| t.summary == summary)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_target_runs_in_order_and_targets_share_a_bound() {
    let cache = Arc::new(Cache::open_in_memory().unwrap());
    let targets = tenants(&cache, 4);
    for i in 0..5 {
        for target in &targets {
            cache
                .enqueue_task(&task(target, &format!("{}-{i}", target.name()), "ok"))
                .unwrap();
        }
    }
    let executor = Arc::new(Scripted::default());
    let queue = start(&cache, &executor);
    settled(&queue, &cache).await;

    let log = executor.executed();
    assert_eq!(log.len(), 20);
    for target in &targets {
        let order: Vec<&str> = log
            .iter()
            .filter(|(lane, _)| lane == target.name())
            .map(|(_, s)| s.as_str())
            .collect();
        let expected: Vec<String> = (0..5).map(|i| format!("{}-{i}", target.name())).collect();
        assert_eq!(order, expected);
    }
    let max_parallel = executor.in_flight.lock().unwrap().1;
    assert!(max_parallel <= 2, "{max_parallel} targets ran at once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_failures_retry_and_a_permanent_one_fails_at_once_without_blocking_others() {
    let cache = Arc::new(Cache::open_in_memory().unwrap());
    let targets = tenants(&cache, 2);
    cache
        .enqueue_task(&task(&targets[0], "refused", "permanent"))
        .unwrap();
    cache
        .enqueue_task(&task(&targets[0], "after", "ok"))
        .unwrap();
    cache
        .enqueue_task(&task(&targets[1], "flaky", "transient:2"))
        .unwrap();
    cache
        .enqueue_task(&task(&targets[1], "hopeless", "transient:9"))
        .unwrap();
    let executor = Arc::new(Scripted::default());
    let queue = start(&cache, &executor);
    settled(&queue, &cache).await;

    let refused = state_of(&cache, "refused");
    assert_eq!(
        (refused.state, refused.failure, refused.attempts),
        (TaskState::Failed, Some(TaskFailure::Permanent), 1)
    );
    assert_eq!(
        refused.error.as_deref(),
        Some("the number is not in the tenant's inventory")
    );
    assert_eq!(state_of(&cache, "after").state, TaskState::Succeeded);
    let flaky = state_of(&cache, "flaky");
    assert_eq!((flaky.state, flaky.attempts), (TaskState::Succeeded, 3));
    let hopeless = state_of(&cache, "hopeless");
    assert_eq!(
        (hopeless.state, hopeless.failure, hopeless.attempts),
        (TaskState::Failed, Some(TaskFailure::Transient), 4)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_queue_runs_only_what_is_chosen() {
    let cache = Arc::new(Cache::open_in_memory().unwrap());
    let targets = tenants(&cache, 2);
    let executor = Arc::new(Scripted::default());
    let queue = start(&cache, &executor);
    queue.pause();
    let chosen = cache
        .enqueue_task(&task(&targets[0], "chosen", "ok"))
        .unwrap();
    cache
        .enqueue_task(&task(&targets[1], "waiting", "ok"))
        .unwrap();
    let mut events = queue.subscribe();
    queue.process(Some(&[chosen])).unwrap();
    while state_of(&cache, "chosen").state != TaskState::Succeeded {
        events.recv().await.unwrap();
    }
    assert_eq!(state_of(&cache, "waiting").state, TaskState::Queued);
    assert!(queue.status().paused);

    queue.resume();
    settled(&queue, &cache).await;
    assert_eq!(state_of(&cache, "waiting").state, TaskState::Succeeded);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_a_crash_left_executing_are_checked_on_the_target_not_run_blindly() {
    let cache = Arc::new(Cache::open_in_memory().unwrap());
    let targets = tenants(&cache, 3);
    for (target, summary) in targets.iter().zip(["landed", "lost", "unclear"]) {
        cache.enqueue_task(&task(target, summary, "ok")).unwrap();
    }
    // A previous process on this workstation claimed all three and died.
    let now = Utc::now();
    let claimed = cache
        .claim_tasks(&ClaimRequest {
            owner: "bench-host#dead-process",
            now,
            lease_until: now + chrono::Duration::minutes(10),
            limit: 3,
            only: None,
        })
        .unwrap();
    assert_eq!(claimed.len(), 3);
    let executor = Arc::new(Scripted::default());
    executor.landed.lock().unwrap().extend([
        (
            "landed".to_owned(),
            Landing::Landed(Box::new(Applied {
                output: "found on the target".to_owned(),
                audit: None,
            })),
        ),
        ("lost".to_owned(), Landing::NotLanded),
        (
            "unclear".to_owned(),
            Landing::Unknown("the SBC cannot tell whether the script ran".to_owned()),
        ),
    ]);
    let queue = start(&cache, &executor);
    settled(&queue, &cache).await;

    let landed = state_of(&cache, "landed");
    assert_eq!(
        (landed.state, landed.output.as_deref()),
        (TaskState::Succeeded, Some("found on the target"))
    );
    let lost = state_of(&cache, "lost");
    assert_eq!((lost.state, lost.attempts), (TaskState::Succeeded, 2));
    let unclear = state_of(&cache, "unclear");
    assert_eq!(
        (unclear.state, unclear.failure),
        (TaskState::Failed, Some(TaskFailure::Interrupted))
    );
    // Only the change that had not landed was sent again.
    let executed: Vec<String> = executor.executed().into_iter().map(|(_, s)| s).collect();
    assert_eq!(executed, ["lost"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_of_another_workstation_is_trusted_until_its_lease_ends() {
    let cache = Arc::new(Cache::open_in_memory().unwrap());
    let targets = tenants(&cache, 2);
    cache
        .enqueue_task(&task(&targets[0], "theirs", "ok"))
        .unwrap();
    let now = Utc::now();
    cache
        .claim_tasks(&ClaimRequest {
            owner: "other-host#their-process",
            now,
            lease_until: now + chrono::Duration::minutes(10),
            limit: 1,
            only: None,
        })
        .unwrap();
    cache
        .enqueue_task(&task(&targets[1], "ours", "ok"))
        .unwrap();
    let executor = Arc::new(Scripted::default());
    let queue = start(&cache, &executor);
    let mut events = queue.subscribe();
    // Recovery runs before the first claim, so once ours is done it has passed theirs by.
    while state_of(&cache, "ours").state != TaskState::Succeeded {
        events.recv().await.unwrap();
    }
    let theirs = state_of(&cache, "theirs");
    assert_eq!(theirs.state, TaskState::Executing);
    assert_eq!(
        theirs.claim.map(|c| c.owner).as_deref(),
        Some("other-host#their-process")
    );
    assert_eq!(executor.executed().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_whose_lease_runs_out_while_the_worker_runs_is_recovered() {
    let cache = Arc::new(Cache::open_in_memory().unwrap());
    let targets = tenants(&cache, 1);
    cache
        .enqueue_task(&task(&targets[0], "stalled", "ok"))
        .unwrap();
    let now = Utc::now();
    cache
        .claim_tasks(&ClaimRequest {
            owner: "other-host#stalled-process",
            now,
            lease_until: now + chrono::Duration::milliseconds(300),
            limit: 1,
            only: None,
        })
        .unwrap();
    let executor = Arc::new(Scripted::default());
    executor.landed.lock().unwrap().insert(
        "stalled".to_owned(),
        Landing::Landed(Box::new(Applied {
            output: "found on the target".to_owned(),
            audit: None,
        })),
    );
    let queue = Queue::start(
        &tokio::runtime::Handle::current(),
        cache.clone(),
        Arc::new(Runner(executor.clone())),
        QueueSettings {
            lease: Duration::from_millis(300),
            ..settings()
        },
    );
    let mut events = queue.subscribe();
    // Alive at start-up (another workstation's, lease running); recovered once it lapses.
    while state_of(&cache, "stalled").state != TaskState::Succeeded {
        events.recv().await.unwrap();
    }
    assert_eq!(
        state_of(&cache, "stalled").output.as_deref(),
        Some("found on the target")
    );
    assert!(executor.executed().is_empty(), "checked, not run again");
}
