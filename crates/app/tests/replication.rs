//! Replication in sandbox mode: the demo customers are synced from the in-process
//! emulators into the cache, and the Users commands then answer from it.

mod common;

use common::{cached_upns, replication_settled, wait_for};

use std::collections::BTreeSet;
use std::time::Duration;

use switchboard_app::{
    error::ErrorCode, AppConfig, AppContext, Mode, NewTenantInput, ReplicationPhase,
    ReplicationStatus, TenantRow,
};
use switchboard_domain::LicenceType;
use switchboard_sandbox::demo::{DemoCustomer, DemoSpec};
use switchboard_secrets::{
    KeychainStatus, MemoryStore, SecretRef, SecretStore, SecretString, SecretsError,
};
use tempfile::TempDir;

fn spec() -> DemoSpec {
    DemoSpec {
        seed: 11,
        customers: 4,
        users_per_customer: 5..=20,
        sbcs: 1,
    }
}

fn start(secrets: Box<dyn SecretStore>) -> (TempDir, AppContext) {
    start_with(secrets, |ctx| ctx)
}

/// Opens a sandbox context, letting the test adjust it before the demo estate starts.
fn start_with(
    secrets: Box<dyn SecretStore>,
    adjust: impl FnOnce(AppContext) -> AppContext,
) -> (TempDir, AppContext) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = AppConfig::new(dir.path().join("data"), Mode::Sandbox);
    let ctx = AppContext::open_with_secrets(config, secrets).expect("context opens");
    let mut ctx = adjust(ctx);
    ctx.start_sandbox(spec()).expect("sandbox starts");
    (dir, ctx)
}

fn connected_customers(ctx: &AppContext) -> Vec<DemoCustomer> {
    let estate = ctx
        .sandbox()
        .and_then(|s| s.estate.as_ref())
        .expect("demo estate");
    let connected: Vec<DemoCustomer> = estate
        .customers
        .iter()
        // The sandbox's "has user licences" is the domain's "connects to Microsoft 365".
        .filter(|c| c.licence_type.has_user_licences())
        .cloned()
        .collect();
    assert!(
        !connected.is_empty(),
        "the demo estate has a customer to replicate"
    );
    connected
}

fn row(ctx: &AppContext, short_name: &str) -> TenantRow {
    ctx.list_tenants(Some(short_name))
        .unwrap()
        .tenants
        .into_iter()
        .find(|r| r.short_name == short_name)
        .expect("tenant listed")
}

fn demo_upns(customer: &DemoCustomer) -> BTreeSet<String> {
    customer
        .users
        .iter()
        .map(|u| u.user_principal_name.clone())
        .collect()
}

#[test]
fn demo_customers_are_replicated_at_start_and_their_users_can_be_queried() {
    let (_dir, ctx) = start(Box::new(MemoryStore::new()));
    let status = replication_settled(&ctx);
    let connected = connected_customers(&ctx);
    assert_eq!(
        status.tenants.len(),
        connected.len(),
        "every connected demo customer was queued: {status:?}"
    );
    for customer in &connected {
        let row = row(&ctx, &customer.short_name);
        assert_eq!(
            cached_upns(&ctx, row.id),
            demo_upns(customer),
            "{}",
            customer.short_name
        );
        assert_eq!(row.last_replication_result.as_deref(), Some("Success"));
        assert!(row.last_replication_at.is_some());
        assert!(!row.queue.replication_in_progress);
        let state = status
            .tenants
            .iter()
            .find(|t| t.tenant_id == row.id)
            .expect("status of the tenant");
        assert_eq!(state.phase, ReplicationPhase::Done);
        assert_eq!(state.written, customer.users.len());
        assert_eq!((state.last_error.as_deref(), state.offline), (None, false));
        assert!(state.last_success_at.is_some());
        // The detail panel names each user's groups, as replicated.
        for user in &customer.users {
            let mut expected: Vec<&str> = customer
                .groups
                .iter()
                .filter(|g| g.member_ids.contains(&user.object_id))
                .map(|g| g.display_name.as_str())
                .collect();
            expected.sort();
            let detail = ctx.user_detail(row.id.get(), &user.object_id).unwrap();
            assert_eq!(detail.groups, expected, "{}", user.user_principal_name);
            let confirmed = detail.confirmed_at.expect("the run that cached the user");
            assert!(confirmed >= detail.user.synced_at);
        }
    }

    // A second run (by hand: a full one) changes nothing; the row shows it while it runs.
    let first = row(&ctx, &connected[0].short_name);
    ctx.queue_replication(first.id.get()).unwrap();
    let during = row(&ctx, &first.short_name);
    let after = replication_settled(&ctx);
    assert!(
        during.queue.replication_in_progress
            || after.tenants.iter().any(|t| t.tenant_id == first.id),
        "the queued run was tracked"
    );
    assert_eq!(cached_upns(&ctx, first.id), demo_upns(&connected[0]));
}

#[test]
fn essentials_and_unknown_tenants_are_refused() {
    let (_dir, ctx) = start(Box::new(MemoryStore::new()));
    let essentials = ctx
        .create_tenant(&NewTenantInput {
            short_name: "basic".into(),
            full_name: "Basic Ltd".into(),
            azure_tenant_id: None,
            licence_type: LicenceType::HostedEssentials,
            licensed_users: 0,
        })
        .unwrap();
    let refused = ctx.queue_replication(essentials.id.get()).unwrap_err();
    assert_eq!(refused.code, ErrorCode::ReplicationNotConnected);
    assert!(refused.message.contains("basic"), "{}", refused.message);
    assert_eq!(
        ctx.queue_replication(987_654).unwrap_err().code,
        ErrorCode::NotFound
    );

    // A connected tenant that is not a demo customer has nothing to sign in with.
    let pro = ctx
        .create_tenant(&NewTenantInput {
            short_name: "prolocal".into(),
            full_name: "Pro Local Ltd".into(),
            azure_tenant_id: None,
            licence_type: LicenceType::HostedPro,
            licensed_users: 5,
        })
        .unwrap();
    assert_eq!(
        ctx.queue_replication(pro.id.get()).unwrap_err().code,
        ErrorCode::ReplicationNoCredentials
    );
    replication_settled(&ctx);
    assert!(ctx
        .replication_status()
        .tenants
        .iter()
        .all(|t| t.tenant_id != essentials.id && t.tenant_id != pro.id));
}

/// A keychain that is locked: nothing can be stored or read.
struct LockedKeychain;

impl SecretStore for LockedKeychain {
    fn put(&self, _: &SecretRef, _: &SecretString) -> Result<(), SecretsError> {
        Err(SecretsError::KeychainUnavailable {
            detail: "locked".into(),
        })
    }
    fn get(&self, _: &SecretRef) -> Result<Option<SecretString>, SecretsError> {
        Err(SecretsError::KeychainUnavailable {
            detail: "locked".into(),
        })
    }
    fn delete(&self, _: &SecretRef) -> Result<(), SecretsError> {
        Ok(())
    }
    fn keychain_status(&self) -> KeychainStatus {
        KeychainStatus::Unavailable {
            reason: "locked".into(),
        }
    }
}

#[test]
fn without_a_keychain_the_sandbox_credentials_are_used() {
    let (_dir, ctx) = start(Box::new(LockedKeychain));
    replication_settled(&ctx);
    let customer = &connected_customers(&ctx)[0];
    let row = row(&ctx, &customer.short_name);
    assert_eq!(cached_upns(&ctx, row.id), demo_upns(customer));
}

#[test]
fn connected_tenants_are_replicated_again_every_cycle_without_being_queued() {
    let (_dir, ctx) = start_with(Box::new(MemoryStore::new()), |ctx| {
        ctx.with_replication_cycle(Duration::from_millis(200))
    });
    let customer = &connected_customers(&ctx)[0];
    let first = wait_for("the first replication", || {
        row(&ctx, &customer.short_name).last_replication_at
    });

    let again = wait_for("a cycle run", || {
        row(&ctx, &customer.short_name)
            .last_replication_at
            .filter(|at| *at != first)
    });

    let time = |at: &str| chrono::DateTime::parse_from_rfc3339(at).expect("RFC 3339 time");
    assert!(time(&again) > time(&first), "{again} is after {first}");
    let row = row(&ctx, &customer.short_name);
    assert_eq!(row.last_replication_result.as_deref(), Some("Success"));
    assert_eq!(cached_upns(&ctx, row.id), demo_upns(customer));
    let state = ctx
        .replication_status()
        .tenants
        .into_iter()
        .find(|t| t.tenant_id == row.id)
        .expect("the tenant stays on the schedule");
    assert_eq!(state.last_error, None);
}

#[test]
fn the_default_cycle_does_not_replicate_again_straight_away() {
    let (_dir, ctx) = start(Box::new(MemoryStore::new()));
    replication_settled(&ctx);
    let customer = &connected_customers(&ctx)[0];
    let first = row(&ctx, &customer.short_name).last_replication_at;
    assert!(first.is_some());
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(row(&ctx, &customer.short_name).last_replication_at, first);
    assert_eq!(
        ctx.replication_status().running,
        0,
        "nothing is due for minutes"
    );
}

/// The sandbox's network switch: with Microsoft 365 unreachable a replication fails as
/// offline, the cached users stay readable and the time they are from is kept; back
/// online, the next run succeeds and clears the state.
#[test]
fn an_unreachable_microsoft_365_keeps_the_cached_users() {
    let (_dir, ctx) = start(Box::new(MemoryStore::new()));
    replication_settled(&ctx);
    let customer = &connected_customers(&ctx)[0];
    let tenant = row(&ctx, &customer.short_name);
    let state_of = |status: &ReplicationStatus| {
        status
            .tenants
            .iter()
            .find(|t| t.tenant_id == tenant.id)
            .cloned()
            .expect("status of the tenant")
    };
    let synced_at = state_of(&ctx.replication_status())
        .last_success_at
        .expect("the first run succeeded");
    assert!(ctx.sandbox_network().unwrap().online);

    assert!(!ctx.set_sandbox_network(false).unwrap().online);
    assert!(!ctx.sandbox_network().unwrap().online);
    ctx.queue_replication(tenant.id.get()).unwrap();
    let offline = state_of(&replication_settled(&ctx));
    assert!(offline.offline, "the run failed as offline: {offline:?}");
    assert_eq!(offline.last_success_at.as_deref(), Some(synced_at.as_str()));
    assert!(offline.last_error.is_some());
    assert_eq!(cached_upns(&ctx, tenant.id), demo_upns(customer));

    assert!(ctx.set_sandbox_network(true).unwrap().online);
    ctx.queue_replication(tenant.id.get()).unwrap();
    let back = state_of(&replication_settled(&ctx));
    assert_eq!((back.offline, back.last_error), (false, None));
    assert_eq!(cached_upns(&ctx, tenant.id), demo_upns(customer));
}

#[test]
fn the_network_switch_exists_only_in_sandbox_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = AppConfig::new(dir.path().join("data"), Mode::Live);
    let ctx = AppContext::open_with_secrets(config, Box::new(MemoryStore::new())).unwrap();
    for outcome in [ctx.sandbox_network(), ctx.set_sandbox_network(false)] {
        assert_eq!(outcome.unwrap_err().code, ErrorCode::Sandbox);
    }
}

/// A policy granted in Teams changes nothing in the directory, so Graph's user delta
/// does not report it; the Replicate button reads everything and picks it up.
#[test]
fn the_replicate_button_picks_up_a_teams_only_change() {
    use switchboard_sandbox::teams::model::PolicyType;

    let (_dir, ctx) = start(Box::new(MemoryStore::new()));
    replication_settled(&ctx);
    let customer = &connected_customers(&ctx)[0];
    let tenant = row(&ctx, &customer.short_name);
    let user = &customer.users[0];
    {
        let sandbox = ctx.sandbox().expect("sandbox mode");
        let mut state = sandbox.ctx.state.lock();
        let teams = &mut state
            .tenant_mut(&customer.tenant_id)
            .expect("the demo tenant")
            .voice;
        teams
            .users
            .entry(user.object_id.clone())
            .or_default()
            .policies
            .insert(
                PolicyType::OnlineVoiceRoutingPolicy,
                "Granted-In-Teams".into(),
            );
    }
    ctx.queue_replication(tenant.id.get()).unwrap();
    replication_settled(&ctx);
    let detail = ctx.user_detail(tenant.id.get(), &user.object_id).unwrap();
    assert_eq!(
        detail.user.record.voice_routing_policy.as_deref(),
        Some("Granted-In-Teams")
    );
}
