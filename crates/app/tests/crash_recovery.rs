//! The queue survives `kill -9`. The emulators run in this test's process; the queue's
//! worker runs in a child process (this test binary again, as `drill_worker`) over the
//! same data folder. The child is killed while a change is in flight and started again:
//! every task ends succeeded, none is lost, and the emulators' ledger shows each change
//! exactly once.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

use common::{replication_settled, wait_for, wait_for_tasks};
use serde::{Deserialize, Serialize};
use switchboard_app::{
    AppConfig, AppContext, Mode, NewTenantInput, NumberChangeInput, OperationPolling,
    SandboxEndpoints, TaskFilterInput,
};
use switchboard_cache::{Cache, TaskFilter, TaskId};
use switchboard_domain::{LicenceType, TaskState};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::faults::FaultConfig;
use switchboard_sandbox::teams::model::PhoneNumber;
use switchboard_sandbox::teams::VoiceChange;
use switchboard_sandbox::{Sandbox, SandboxOptions};
use switchboard_secrets::MemoryStore;

const DRILL_ENV: &str = "SWITCHBOARD_QUEUE_DRILL";

/// What the child needs: the data folder and the way to the parent's emulators.
#[derive(Serialize, Deserialize)]
struct Drill {
    data_dir: PathBuf,
    endpoints: SandboxEndpoints,
}

fn context(data_dir: &Path) -> AppContext {
    let config = AppConfig::new(data_dir.to_path_buf(), Mode::Sandbox);
    AppContext::open_with_secrets(config, Box::new(MemoryStore::new()))
        .expect("context opens")
        .with_queue_tuning(|tuning| {
            tuning.settings.backoff_base = Duration::from_millis(5);
            tuning.polling = OperationPolling {
                interval: Duration::from_millis(5),
                max_polls: 500,
            };
        })
}

/// The child: works the queue until nothing is left to do, then exits.
#[test]
#[ignore = "run by queue_work_survives_kill_9 as a child process"]
fn drill_worker() {
    let Ok(path) = std::env::var(DRILL_ENV) else {
        return;
    };
    let drill: Drill = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let ctx = context(&drill.data_dir);
    let mut events = ctx.subscribe_queue();
    ctx.attach_sandbox(drill.endpoints);
    let unfinished: Vec<TaskId> = ctx
        .list_tasks(&TaskFilterInput::default())
        .unwrap()
        .rows
        .iter()
        .map(|row| row.id)
        .collect();
    wait_for_tasks(&ctx, &mut events, &unfinished);
}

fn start_worker(drill_file: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["drill_worker", "--exact", "--ignored", "--nocapture"])
        .env(DRILL_ENV, drill_file)
        .spawn()
        .expect("the worker process starts")
}

/// The tasks' states as the cache has them now, read as another process would.
fn states(cache: &Cache) -> Vec<(TaskId, TaskState)> {
    cache
        .list_tasks(&TaskFilter::default())
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t.state))
        .collect()
}

#[test]
fn queue_work_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sandbox = runtime
        .block_on(Sandbox::start(SandboxOptions {
            demo: Some(DemoSpec {
                seed: 77,
                customers: 4,
                users_per_customer: 6..=6,
                sbcs: 1,
            }),
            ..Default::default()
        }))
        .unwrap();
    let endpoints = SandboxEndpoints::of(&sandbox);

    // This process registers two customers, reads their users and queues the changes,
    // then closes the folder for the worker.
    let mut expected = Vec::new();
    {
        let ctx = context(&data_dir);
        ctx.attach_sandbox(endpoints.clone());
        ctx.pause_queue();
        for (t, creds) in sandbox.credentials.iter().take(2).enumerate() {
            let tenant = ctx
                .create_tenant(&NewTenantInput {
                    short_name: creds.short_name.clone(),
                    full_name: format!("{} Ltd", creds.short_name),
                    azure_tenant_id: Some(creds.tenant_id.clone()),
                    licence_type: LicenceType::HostedPro,
                    licensed_users: 50,
                })
                .unwrap();
            ctx.queue_replication(tenant.id.get()).unwrap();
            replication_settled(&ctx);
            let users = ctx
                .query_users(&switchboard_app::UsersQueryInput {
                    tenant_id: Some(tenant.id),
                    ..switchboard_app::UsersQueryInput::first_page(100)
                })
                .unwrap()
                .users;
            assert!(!users.is_empty(), "{} has users", creds.short_name);
            for i in 0..20 {
                let user = &users[i % users.len()].object_id;
                let number = format!("+4420795{t}{i:04}");
                let prepared = ctx
                    .prepare_number_assign(&NumberChangeInput {
                        tenant_id: tenant.id,
                        object_id: user.clone(),
                        number: Some(number.clone()),
                        voice_routing_policy: None,
                    })
                    .unwrap();
                ctx.confirm_change(prepared.tasks[0].row.id).unwrap();
                expected.push((creds.tenant_id.clone(), user.clone(), number));
            }
        }
    }
    assert_eq!(expected.len(), 40);
    // Each request takes a while, so the kill finds a change in flight.
    sandbox.faults.graph.set(FaultConfig {
        latency_ms: 15,
        ..FaultConfig::default()
    });
    let drill_file = dir.path().join("drill.json");
    std::fs::write(
        &drill_file,
        serde_json::to_string(&Drill {
            data_dir: data_dir.clone(),
            endpoints,
        })
        .unwrap(),
    )
    .unwrap();

    let cache_file = AppConfig::new(data_dir.clone(), Mode::Sandbox)
        .paths()
        .cache_file;
    let cache = Cache::open(&cache_file).unwrap();
    let mut worker = start_worker(&drill_file);
    // Killed once some changes are done and others are executing.
    wait_for("some tasks done and others in flight", || {
        let now = states(&cache);
        let done = now
            .iter()
            .filter(|(_, s)| *s == TaskState::Succeeded)
            .count();
        let running = now.iter().any(|(_, s)| *s == TaskState::Executing);
        (done >= 5 && running).then_some(())
    });
    worker.kill().expect("kill -9");
    worker.wait().unwrap();
    let at_kill = states(&cache);
    assert!(
        at_kill.iter().any(|(_, s)| *s == TaskState::Executing),
        "{at_kill:?}"
    );
    assert!(
        at_kill.iter().any(|(_, s)| *s == TaskState::Queued),
        "{at_kill:?}"
    );

    let status = start_worker(&drill_file).wait().unwrap();
    assert!(status.success(), "the restarted worker finished the queue");

    for (id, state) in states(&cache) {
        assert_eq!(state, TaskState::Succeeded, "task {id}");
    }
    let voice_state = sandbox.ctx.state.lock();
    for (azure, user, number) in &expected {
        let landed = voice_state.tenant(azure).unwrap().voice.ledger().count(
            user,
            &VoiceChange::NumberAssigned(PhoneNumber::parse(number).unwrap()),
        );
        assert_eq!(landed, 1, "{number} for {user} landed {landed} times");
    }
}
