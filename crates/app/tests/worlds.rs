//! Sandbox and live are two worlds: each has its own folder and keychain service, nothing
//! created in one is visible in the other, and Settings switches between them without a
//! restart — through the same `Startup::dispatch` the window uses.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::json;
use switchboard_app::error::ErrorCode;
use switchboard_app::{
    AppConfig, AppContext, AppRegistrationInput, Mode, NewTenantInput, SettingsView, Startup,
};
use switchboard_domain::LicenceType;
use switchboard_sandbox::demo::DemoSpec;
use switchboard_secrets::MemoryStore;

/// One in-memory keychain per service name, shared by every world opened in a test.
#[derive(Clone, Default)]
struct Keychains(Arc<Mutex<HashMap<String, Arc<MemoryStore>>>>);

impl Keychains {
    fn service(&self, mode: Mode) -> Arc<MemoryStore> {
        let name = mode.keychain_service().to_string();
        self.0.lock().unwrap().entry(name).or_default().clone()
    }
}

fn start(root: &Path, mode: Mode, keychains: &Keychains) -> Startup {
    let keychains = keychains.clone();
    Startup::open_with(
        Ok(AppConfig::new(root, mode)),
        Box::new(move |config: &AppConfig| {
            let store = keychains.service(config.mode);
            let mut context = AppContext::open_with_secrets(config.clone(), Box::new(store))?;
            if config.mode == Mode::Sandbox {
                context.start_sandbox(DemoSpec {
                    seed: 5,
                    customers: 3,
                    users_per_customer: 2..=4,
                    sbcs: 1,
                })?;
            }
            Ok(context)
        }),
        None,
    )
}

fn call(startup: &Startup, command: &str, args: serde_json::Value) -> serde_json::Value {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime
        .block_on(startup.dispatch(command, args))
        .unwrap_or_else(|e| panic!("{command}: {e:?}"))
}

fn switch(startup: &Startup, mode: &str) -> SettingsView {
    let saved = call(
        startup,
        "save_settings",
        json!({ "input": { "mode": mode, "replicationCycleMinutes": 5 } }),
    );
    serde_json::from_value(saved).unwrap()
}

fn tenant_names(startup: &Startup) -> Vec<String> {
    let list = call(startup, "list_tenants", json!({ "search": null }));
    let mut names: Vec<String> = list["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["shortName"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

fn files_below(dir: &Path) -> usize {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.count(),
        Err(_) => 0,
    }
}

#[test]
fn nothing_created_in_one_world_is_visible_in_the_other() {
    let root = tempfile::tempdir().unwrap();
    let keychains = Keychains::default();
    let startup = start(root.path(), Mode::Sandbox, &keychains);

    let demo = tenant_names(&startup);
    assert_eq!(demo.len(), 3, "{demo:?}");
    let sandbox_secrets = keychains.service(Mode::Sandbox).len();
    assert!(
        sandbox_secrets > 0,
        "the demo customers' secrets are in the sandbox keychain"
    );

    // To live: an empty world, with its own folder and keychain service.
    let live = switch(&startup, "live");
    assert_eq!(live.mode, Mode::Live);
    assert!(live.problem.is_none(), "{:?}", live.problem);
    assert!(Path::new(&live.world_dir).ends_with("live"));
    assert_eq!(tenant_names(&startup), Vec::<String>::new());
    assert!(keychains.service(Mode::Live).is_empty());
    assert_eq!(files_below(&root.path().join("live").join("secrets")), 0);
    assert!(root
        .path()
        .join("live")
        .join("switchboard.sqlite3")
        .is_file());

    // A live customer with a secret stays in the live world.
    let context = startup.context().unwrap();
    let row = context
        .create_tenant(&NewTenantInput {
            short_name: "livecustomer".into(),
            full_name: "Live Customer Ltd".into(),
            azure_tenant_id: Some("0b6a5a1c-3f1e-4a57-9d2c-1f2e3d4c5b6a".into()),
            licence_type: LicenceType::HostedPro,
            licensed_users: 40,
        })
        .unwrap();
    context
        .save_app_registration(&AppRegistrationInput {
            tenant_id: row.id,
            client_id: "6f1d2c3b-4a59-4e7f-8a1b-2c3d4e5f6a7b".into(),
            client_secret: Some("live-only-secret-value".into()),
            redirect_uri: None,
        })
        .unwrap();
    drop(context);
    let live_secrets = keychains.service(Mode::Live).len();
    assert!(live_secrets > 0);

    // Back to the sandbox: the demo estate as it was, and no trace of the live customer.
    let sandbox = switch(&startup, "sandbox");
    assert_eq!(sandbox.mode, Mode::Sandbox);
    assert_eq!(tenant_names(&startup), demo);
    assert_eq!(keychains.service(Mode::Sandbox).len(), sandbox_secrets);
    assert_eq!(keychains.service(Mode::Live).len(), live_secrets);
    assert_ne!(sandbox.keychain_service, live.keychain_service);

    // And live again: the live customer is still there, no demo customer is.
    switch(&startup, "live");
    assert_eq!(tenant_names(&startup), vec!["livecustomer".to_owned()]);
}

#[test]
fn the_chosen_world_is_remembered_for_the_next_start() {
    let root = tempfile::tempdir().unwrap();
    let keychains = Keychains::default();
    let startup = start(root.path(), Mode::Sandbox, &keychains);
    let saved = call(
        &startup,
        "save_settings",
        json!({ "input": { "mode": "live", "replicationCycleMinutes": 30 } }),
    );
    assert_eq!(saved["replicationCycleMinutes"], 30);
    drop(startup);

    let next = AppConfig::from_sources(
        ["--data-dir".to_owned(), root.path().display().to_string()],
        |_| None,
        None,
    )
    .unwrap();
    assert_eq!(next.mode, Mode::Live);
    assert_eq!(next.replication_cycle_minutes, Some(30));
}

#[test]
fn a_bad_cycle_changes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let startup = start(root.path(), Mode::Live, &Keychains::default());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let error = runtime
        .block_on(startup.dispatch(
            "save_settings",
            json!({ "input": { "mode": "sandbox", "replicationCycleMinutes": 0 } }),
        ))
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
    assert_eq!(error.fields[0].field, "replicationCycleMinutes");
    let settings: SettingsView =
        serde_json::from_value(call(&startup, "settings", json!(null))).unwrap();
    assert_eq!(settings.mode, Mode::Live, "still in the live world");
    assert!(!root.path().join("preferences.json").exists());
}

#[test]
fn a_world_that_cannot_open_can_still_be_left() {
    let root = tempfile::tempdir().unwrap();
    // A cache "written by a newer Switchboard" in the live world.
    let live_dir = root.path().join("live");
    std::fs::create_dir_all(&live_dir).unwrap();
    let conn = rusqlite::Connection::open(live_dir.join("switchboard.sqlite3")).unwrap();
    conn.pragma_update(None, "user_version", 9999).unwrap();
    drop(conn);

    let startup = start(root.path(), Mode::Live, &Keychains::default());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let refused = runtime
        .block_on(startup.dispatch("list_tenants", json!({ "search": null })))
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::StorageTooNew);

    let settings: SettingsView =
        serde_json::from_value(call(&startup, "settings", json!(null))).unwrap();
    assert_eq!(
        settings.problem.map(|p| p.code),
        Some(ErrorCode::StorageTooNew)
    );
    let sandbox = switch(&startup, "sandbox");
    assert!(sandbox.problem.is_none());
    assert_eq!(tenant_names(&startup).len(), 3);
}
