//! Setup shared by the test binaries: an `AppContext` in sandbox mode with an in-memory
//! keychain and the form that registers one of the sandbox's emulated SBCs.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::Path;

use std::time::{Duration, Instant};

use std::collections::BTreeSet;
use std::sync::Arc;

use switchboard_app::{
    AppConfig, AppContext, DeviceCodeState, DeviceCodeStatus, Mode, ReplicationStatus, SbcFields,
    SbcInput, TenantAuthRow, UsersQueryInput,
};
use switchboard_domain::TenantId;
use switchboard_sandbox::demo::{DemoCredentials, DemoSpec};
use switchboard_sandbox::identity;
use switchboard_sandbox::sbc::SbcHandle;
use switchboard_secrets::MemoryStore;
use tempfile::TempDir;

/// A context whose data lives in `data_dir`, with the sandbox started for `spec`.
pub fn sandbox_context(data_dir: &Path, spec: DemoSpec) -> AppContext {
    let config = AppConfig::new(data_dir.to_path_buf(), Mode::Sandbox);
    let mut ctx =
        AppContext::open_with_secrets(config, Box::new(MemoryStore::new())).expect("context opens");
    ctx.start_sandbox(spec).expect("sandbox starts");
    ctx
}

/// A keychain the test keeps a handle on, to look inside what the app wrote.
pub type SharedKeychain = Arc<MemoryStore>;

/// A sandbox context in a fresh folder over a keychain the test can read, with the
/// identity emulator's device-code poll interval at 0 (it asks for 5 s by default, and
/// the app would otherwise poll every second).
pub fn sandbox_with_keychain(spec: DemoSpec) -> (TempDir, SharedKeychain, AppContext) {
    let dir = tempfile::tempdir().expect("temp dir");
    let keychain = SharedKeychain::default();
    let config = AppConfig::new(dir.path().join("data"), Mode::Sandbox);
    let mut ctx =
        AppContext::open_with_secrets(config, Box::new(keychain.clone())).expect("context opens");
    ctx.start_sandbox(spec).expect("sandbox starts");
    no_device_code_poll_wait(&ctx);
    (dir, keychain, ctx)
}

/// The identity emulator asks device-code clients to poll every 5 s by default; at 0
/// a sign-in ends as soon as it is approved.
pub fn no_device_code_poll_wait(ctx: &AppContext) {
    with_identity(ctx, |identity| identity.config.poll_interval_secs = 0);
}

/// Runs `f` on the sandbox's identity emulator state, under its lock.
fn with_identity<T>(
    ctx: &AppContext,
    f: impl FnOnce(&mut switchboard_sandbox::identity::IdentityState) -> T,
) -> T {
    f(&mut ctx.sandbox().unwrap().ctx.state.lock().identity)
}

/// The demo tenants that connect to Microsoft 365, each with the emulator's credentials.
pub fn connected_demo_tenants(ctx: &AppContext) -> Vec<(TenantAuthRow, DemoCredentials)> {
    let sandbox = ctx.sandbox().expect("sandbox");
    ctx.auth_status()
        .expect("auth status")
        .into_iter()
        .filter_map(|row| {
            let creds = sandbox
                .credentials
                .iter()
                .find(|c| c.short_name.eq_ignore_ascii_case(&row.short_name))?;
            Some((row, creds.clone()))
        })
        .collect()
}

/// How many token requests reached the identity emulator with `credential` (a client
/// secret or refresh token).
pub fn token_requests_with(ctx: &AppContext, credential: &str) -> usize {
    with_identity(ctx, |identity| identity.token_requests_with(credential))
}

/// The UPNs of a tenant's cached users.
pub fn cached_upns(ctx: &AppContext, tenant: TenantId) -> BTreeSet<String> {
    let page = ctx
        .query_users(&UsersQueryInput {
            tenant_id: Some(tenant),
            ..UsersQueryInput::first_page(1000)
        })
        .expect("users query");
    page.users.into_iter().map(|u| u.upn).collect()
}

/// The sandbox's first emulated SBC.
pub fn emulator(ctx: &AppContext) -> &SbcHandle {
    &ctx.sandbox().expect("sandbox").sbcs[0]
}

/// The form for the emulated SBC behind `handle` over HTTPS, named `name`, logging in with `password`.
pub fn sbc_input(handle: &SbcHandle, name: &str, password: &str) -> SbcInput {
    let url = handle.https_url();
    let (host, port) = url
        .trim_start_matches("https://")
        .rsplit_once(':')
        .expect("host:port");
    SbcInput {
        fields: SbcFields {
            name: name.to_owned(),
            host: host.to_owned(),
            device_fqdn: None,
            port: Some(port.parse().expect("port")),
            https: true,
            nat_ip: None,
            admin_user: handle.username().to_owned(),
            plain_http_confirmed_for: None,
        },
        password: password.into(),
    }
}

/// Polls until no replication is queued or running; the demo estates are small.
pub fn replication_settled(ctx: &AppContext) -> ReplicationStatus {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let status = ctx.replication_status();
        if status.running == 0 {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "replication did not finish: {status:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Polls `probe` until it returns a value, failing after a bounded wait.
pub fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the tenant's device-code sign-in has ended, whichever way.
pub fn device_code_settled(ctx: &AppContext, tenant: i64) -> DeviceCodeStatus {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let status = ctx
            .device_code_status(tenant)
            .expect("a sign-in was started");
        if status.state != DeviceCodeState::Pending {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "the device-code sign-in never ended"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Approves a device code for the tenant in the emulator and waits for the app to save it.
pub fn sign_in_by_device_code(ctx: &AppContext, tenant: i64, admin_upn: &str) {
    let prompt = ctx.start_device_code(tenant).expect("a code");
    identity::approve_device_code(
        &mut ctx.sandbox().unwrap().ctx.state.lock(),
        &prompt.user_code,
        admin_upn,
    )
    .expect("approved");
    assert_eq!(
        device_code_settled(ctx, tenant).state,
        DeviceCodeState::Approved
    );
}

/// Confirms a prepared change and waits (on the queue's own announcements) until every
/// task of it has finished; returns them as they ended.
pub fn confirm_and_wait(
    ctx: &AppContext,
    prepared: &switchboard_app::PreparedChange,
) -> Vec<switchboard_app::TaskDetail> {
    let mut events = ctx.subscribe_queue();
    let first = prepared.tasks[0].row.id;
    ctx.confirm_change(first).expect("the change is confirmed");
    let ids: Vec<_> = prepared.tasks.iter().map(|t| t.row.id).collect();
    wait_for_tasks(ctx, &mut events, &ids)
}

/// Waits until every task of `ids` is finished, woken by the queue's announcements.
pub fn wait_for_tasks(
    ctx: &AppContext,
    events: &mut tokio::sync::broadcast::Receiver<switchboard_app::QueueEvent>,
    ids: &[switchboard_cache::TaskId],
) -> Vec<switchboard_app::TaskDetail> {
    // The test runs outside any runtime; this one only waits on the announcements.
    let waiter = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime to wait on");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let details: Vec<_> = ids
            .iter()
            .map(|id| ctx.task_detail(*id).expect("the task exists"))
            .collect();
        if details.iter().all(|d| d.row.state.is_finished()) {
            return details;
        }
        assert!(
            Instant::now() < deadline,
            "tasks did not finish: {details:#?}"
        );
        // Announcements wake the wait; the timeout only re-checks a state that changed
        // without one (none should).
        let _ = waiter
            .block_on(async { tokio::time::timeout(Duration::from_secs(5), events.recv()).await });
    }
}

/// Prepares a script on an SBC, confirms it and waits for its task to end.
pub fn run_script(ctx: &AppContext, sbc: i64, script: &str) -> switchboard_app::TaskDetail {
    let prepared = ctx
        .prepare_sbc_script(switchboard_cache::SbcId::new(sbc), script, true)
        .expect("the script is prepared");
    confirm_and_wait(ctx, &prepared).remove(0)
}
