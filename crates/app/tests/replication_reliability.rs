//! Issue #12, replication and sign-in reliability: a refused sign-in backs off until new
//! credentials arrive, a running replication can be cancelled without writing anything,
//! and new credentials (a device-code sign-in, a new client secret) queue the tenant's
//! replication at once.

mod common;

use common::{
    cached_upns, connected_demo_tenants, no_device_code_poll_wait, replication_settled,
    sign_in_by_device_code, token_requests_with, wait_for,
};

use std::time::Duration;

use switchboard_app::{
    AppConfig, AppContext, AppRegistrationInput, Mode, ReplicationPhase, ReplicationStatus,
    TenantReplication,
};
use switchboard_domain::TenantId;
use switchboard_sandbox::demo::{DemoCredentials, DemoSpec};
use switchboard_sandbox::faults::FaultConfig;
use switchboard_secrets::MemoryStore;
use tempfile::TempDir;

/// A sandbox whose connected tenants are replicated every `cycle`, with the identity
/// emulator's device-code poll interval at 0.
fn start(cycle: Duration) -> (TempDir, AppContext) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = AppConfig::new(dir.path().join("data"), Mode::Sandbox);
    let mut ctx = AppContext::open_with_secrets(config, Box::new(MemoryStore::new()))
        .expect("context opens")
        .with_replication_cycle(cycle);
    ctx.start_sandbox(DemoSpec {
        seed: 47,
        customers: 4,
        users_per_customer: 5..=10,
        sbcs: 1,
    })
    .expect("sandbox starts");
    no_device_code_poll_wait(&ctx);
    (dir, ctx)
}

/// A demo tenant that connects to Microsoft 365, with the emulator's credentials.
fn connected_tenant(ctx: &AppContext) -> (TenantId, DemoCredentials) {
    let (row, creds) = connected_demo_tenants(ctx)
        .into_iter()
        .next()
        .expect("a connected demo tenant");
    (row.tenant_id, creds)
}

fn row_of(status: &ReplicationStatus, tenant: TenantId) -> &TenantReplication {
    status
        .tenants
        .iter()
        .find(|t| t.tenant_id == tenant)
        .expect("the tenant is listed")
}

fn state_of(ctx: &AppContext, tenant: TenantId) -> Option<TenantReplication> {
    ctx.replication_status()
        .tenants
        .into_iter()
        .find(|t| t.tenant_id == tenant)
}

fn save_secret(ctx: &AppContext, tenant: TenantId, client_id: &str, secret: &str) {
    ctx.save_app_registration(&AppRegistrationInput {
        tenant_id: tenant,
        client_id: client_id.to_owned(),
        client_secret: Some(secret.into()),
        redirect_uri: None,
    })
    .expect("saved");
}

#[test]
fn a_refused_sign_in_waits_instead_of_retrying_each_cycle_until_a_new_secret() {
    let (_dir, ctx) = start(Duration::from_millis(100));
    let (tenant, creds) = connected_tenant(&ctx);
    replication_settled(&ctx);

    // The emulator refuses a secret it did not issue (AADSTS7000215).
    save_secret(&ctx, tenant, &creds.client_id, "wrong-secret-1");
    let refused = wait_for("the refused sign-in", || {
        state_of(&ctx, tenant).filter(|t| t.sign_in_refused.is_some())
    });
    let reason = refused.sign_in_refused.as_deref().unwrap();
    assert!(reason.contains("AADSTS7000215"), "{reason}");
    assert!(!reason.contains("wrong-secret-1"), "no secret in {reason}");
    assert!(refused.next_attempt_at.is_some());
    assert_eq!(token_requests_with(&ctx, "wrong-secret-1"), 1);

    // Many 100 ms cycles go by (another tenant is replicated again and again) without
    // a second attempt: the first wait is five minutes.
    let other = ctx
        .replication_status()
        .tenants
        .into_iter()
        .find(|t| t.tenant_id != tenant)
        .expect("another tenant on the cycle")
        .tenant_id;
    let other_runs = || {
        ctx.list_tenants(None)
            .unwrap()
            .tenants
            .into_iter()
            .find(|t| t.id == other)
            .unwrap()
            .last_replication_at
            .clone()
    };
    for _ in 0..5 {
        let before = other_runs();
        wait_for("a cycle run of the other tenant", || {
            (other_runs() != before).then_some(())
        });
    }
    assert_eq!(
        token_requests_with(&ctx, "wrong-secret-1"),
        1,
        "not retried on the cycle"
    );

    // The right secret resets the backoff at once.
    save_secret(&ctx, tenant, &creds.client_id, &creds.client_secret);
    let back = wait_for("a successful run with the new secret", || {
        state_of(&ctx, tenant).filter(|t| !t.running && t.phase == ReplicationPhase::Done)
    });
    assert_eq!((back.sign_in_refused, back.next_attempt_at), (None, None));
}

#[test]
fn a_cancelled_run_stops_at_once_and_writes_nothing() {
    let (_dir, ctx) = start(Duration::from_secs(3600));
    let (tenant, _) = connected_tenant(&ctx);
    replication_settled(&ctx);
    let before = cached_upns(&ctx, tenant);
    assert!(!before.is_empty());
    let sandbox = ctx.sandbox().unwrap();
    let graph = sandbox.faults.graph.clone();
    graph.set(FaultConfig {
        latency_ms: 120_000,
        ..FaultConfig::default()
    });

    graph.reset_counts();
    ctx.queue_replication(tenant.get()).expect("queued");
    wait_for("the run stalled on Graph", || {
        (graph.injected().delayed > 0).then_some(())
    });
    let status = ctx.cancel_replication(tenant.get()).expect("cancelled");
    let row = row_of(&status, tenant);
    assert_eq!(
        (row.running, row.phase),
        (false, ReplicationPhase::Cancelled)
    );
    // Well within the two-minute stall: the run did not wait for Graph's answer.
    let settled = replication_settled(&ctx);
    let row = row_of(&settled, tenant);
    assert_eq!(row.phase, ReplicationPhase::Cancelled);
    graph.set(FaultConfig::default());
    assert_eq!(
        cached_upns(&ctx, tenant),
        before,
        "nothing of the run was written"
    );

    // Nothing left to cancel: a clear refusal.
    let nothing = ctx.cancel_replication(tenant.get()).unwrap_err();
    assert!(
        nothing.message.contains("nothing to cancel"),
        "{}",
        nothing.message
    );
}

#[test]
fn a_device_code_sign_in_queues_the_tenant_again_by_itself() {
    // An hour's cycle: any run after the sign-in was queued by it.
    let (_dir, ctx) = start(Duration::from_secs(3600));
    let (tenant, creds) = connected_tenant(&ctx);
    ctx.queue_replication(tenant.get()).expect("queued");
    replication_settled(&ctx);
    let last = |ctx: &AppContext| {
        ctx.list_tenants(None)
            .unwrap()
            .tenants
            .into_iter()
            .find(|t| t.id == tenant)
            .unwrap()
            .last_replication_at
    };
    let before = last(&ctx);

    sign_in_by_device_code(&ctx, tenant.get(), &creds.admin_upn);

    wait_for("a replication with the new sign-in", || {
        (last(&ctx) != before).then_some(())
    });
    let settled = replication_settled(&ctx);
    let row = row_of(&settled, tenant);
    assert_eq!(
        (row.phase, row.last_error.as_deref()),
        (ReplicationPhase::Done, None)
    );
}
