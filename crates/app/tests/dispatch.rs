//! The command table as the window reaches it: by name, with JSON arguments, through
//! `Startup::dispatch` / `commands::dispatch` — the same path the `rpc` Tauri command takes.

mod common;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use switchboard_app::commands::{dispatch, signatures, COMMAND_NAMES};
use switchboard_app::{
    error::ErrorCode, ApiError, AppConfig, AppContext, Mode, Startup, UsersQueryInput,
};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_secrets::MemoryStore;

/// Runs `test` on a runtime like Tauri's (two worker threads). Contexts are made and
/// dropped outside it: each owns a runtime, which may not be dropped inside another.
fn on_two_workers<F: Future>(test: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("test runtime")
        .block_on(test)
}

fn headless_context(data_dir: &std::path::Path) -> Arc<AppContext> {
    let config = AppConfig::new(data_dir.to_path_buf(), Mode::Sandbox);
    Arc::new(AppContext::open_with_secrets(config, Box::new(MemoryStore::new())).expect("opens"))
}

fn new_tenant(short_name: &str) -> Value {
    json!({ "input": {
        "shortName": short_name,
        "fullName": format!("{short_name} Ltd"),
        "azureTenantId": null,
        "licenceType": "hostedPro",
        "licensedUsers": 120,
    }})
}

#[test]
fn commands_are_called_by_name_with_camel_case_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = headless_context(dir.path());
    let (changed, listed, info) = on_two_workers(async {
        let created = dispatch(ctx.clone(), "create_tenant", new_tenant("contoso"))
            .await
            .expect("created");
        let args = json!({ "tenantId": created["id"], "input": {
            "fullName": "Contoso Ltd",
            "azureTenantId": null,
            "adminDomain": "contoso.onmicrosoft.com",
            "licenceType": "hostedPro",
            "licensedUsers": 80,
            "cloud": "gcc",
        }});
        let changed = dispatch(ctx.clone(), "update_tenant", args).await;
        let listed = dispatch(ctx.clone(), "list_tenants", json!({ "search": "cont" })).await;
        // A command without arguments takes an empty object or null alike.
        let info = dispatch(ctx.clone(), "app_info", Value::Null).await;
        (changed.unwrap(), listed.unwrap(), info.unwrap())
    });
    assert_eq!(changed["licensedUsers"], 80);
    assert_eq!(changed["cloud"], "gcc");
    assert_eq!(listed["tenants"][0]["shortName"], "contoso");
    assert_eq!(info["mode"], "sandbox");
}

#[test]
fn unknown_commands_and_unreadable_arguments_are_refused_with_their_code() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = headless_context(dir.path());
    let refused = |name: &'static str, args: Value| {
        on_two_workers(dispatch(ctx.clone(), name, args)).unwrap_err()
    };

    let unknown = refused("drop_everything", json!({}));
    assert_eq!(unknown.code, ErrorCode::NotFound);
    assert!(
        unknown.message.contains("drop_everything"),
        "{}",
        unknown.message
    );

    let wrong_type = refused("delete_tenant", json!({ "tenantId": "one" }));
    assert_eq!(wrong_type.code, ErrorCode::Validation);
    assert!(
        wrong_type.message.contains("delete_tenant"),
        "{}",
        wrong_type.message
    );

    let stray = refused("list_tenants", json!({ "search": null, "extra": 1 }));
    assert_eq!(stray.code, ErrorCode::Validation);
    assert!(stray.message.contains("extra"), "{}", stray.message);

    let missing = refused("delete_tenant", json!({}));
    assert_eq!(missing.code, ErrorCode::Validation);
    assert!(missing.message.contains("tenantId"), "{}", missing.message);
}

#[test]
fn app_paths_name_the_data_log_and_secret_locations() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let world = data.join("sandbox");
    let ctx = headless_context(&data);
    let paths = on_two_workers(dispatch(ctx, "app_paths", json!({}))).unwrap();
    // The sandbox world's own folder and keychain service, inside the data folder.
    assert_eq!(paths["dataDir"], world.display().to_string());
    assert_eq!(paths["logDir"], world.join("logs").display().to_string());
    let cache_file = world.join("switchboard.sqlite3");
    assert_eq!(paths["cacheFile"], cache_file.display().to_string());
    let sealed = world.join("secrets");
    assert_eq!(paths["sealedSecretsDir"], sealed.display().to_string());
    assert_eq!(paths["keychainService"], "Switchboard-dev-sandbox");
}

#[test]
fn a_failed_start_up_answers_every_command_with_its_error() {
    let startup = Startup::open(Err(ApiError::config("bad flag")), None);
    for name in ["app_info", "list_tenants", "no_such_command"] {
        let err = on_two_workers(startup.dispatch(name, json!({}))).unwrap_err();
        assert_eq!(err.code, ErrorCode::Config, "{name}");
        assert_eq!(err.message, "bad flag");
    }
}

#[test]
fn every_command_has_one_signature_and_a_unique_name() {
    let names: Vec<&str> = signatures().iter().map(|s| s.name).collect();
    assert_eq!(names, COMMAND_NAMES);
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "a command is declared twice");
}

/// Two SBC scripts held in a busy device's retry loop (minutes, on a real SBC) must not
/// stall the window's other calls: the queue's worker runs them on the services
/// runtime, and the commands that queued them have long returned.
#[test]
fn slow_sbc_script_tasks_do_not_hold_up_other_commands() {
    let dir = tempfile::tempdir().unwrap();
    let spec = DemoSpec {
        seed: 5,
        customers: 2,
        users_per_customer: 3..=3,
        sbcs: 1,
    };
    let ctx = Arc::new(common::sandbox_context(dir.path(), spec));
    let faults = ctx.sandbox().unwrap().sbcs[0].faults();
    faults.set_always_busy(true);
    let sbc_id = ctx.list_sbcs().unwrap()[0].id;
    let script = |name: &str| {
        let script = format!(
            "configure voip\n sbc dial-plan where name \"CustDialPlan\"\n  dial-plan-rule new\n   name \"{name}\"\n   prefix \"+4420794[0-9]\"\n   tag \"Trunk=gw.{name}.example\"\n  exit\n exit\nexit\n"
        );
        json!({ "sbcId": sbc_id, "script": script, "save": true })
    };

    let tasks = on_two_workers(async {
        let mut tasks = Vec::new();
        for name in ["Alder", "Birch"] {
            let prepared = dispatch(ctx.clone(), "prepare_sbc_script", script(name))
                .await
                .expect("prepared");
            let id = prepared["tasks"][0]["row"]["id"].clone();
            dispatch(ctx.clone(), "confirm_change", json!({ "taskId": id }))
                .await
                .expect("confirmed");
            tasks.push(serde_json::from_value(id).unwrap());
        }
        // The first task has reached the device and waits to try again.
        while faults.busy_answers() < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }

        let users = json!({ "query": UsersQueryInput::first_page(100) });
        for (name, args) in [
            ("list_tenants", json!({ "search": null })),
            ("query_users", users),
            ("list_tasks", json!({ "filter": { "states": [] } })),
        ] {
            let started = Instant::now();
            // Spawned, as Tauri runs each call as a task on its workers.
            let answer = tokio::spawn(dispatch(ctx.clone(), name, args))
                .await
                .unwrap();
            let took = started.elapsed();
            answer.unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert!(
                took < Duration::from_millis(100),
                "{name} took {took:?} while the tasks waited on the device"
            );
        }
        tasks
    });
    let waiting = ctx.list_tasks(&Default::default()).unwrap();
    assert!(
        waiting.rows.iter().all(|row| !row.state.is_finished()),
        "a task ended while the device was busy: {waiting:?}"
    );

    faults.set_always_busy(false);
    ctx.process_tasks(None).unwrap();
    let mut events = ctx.subscribe_queue();
    for task in common::wait_for_tasks(&ctx, &mut events, &tasks) {
        assert_eq!(
            task.row.state,
            switchboard_domain::TaskState::Succeeded,
            "the script ran once the device was free: {task:?}"
        );
    }
}
