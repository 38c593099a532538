//! The Security commands against the sandbox emulators: verifying sign-ins, reconnecting
//! by device code (approved, declined, expired), and forgetting credentials. The
//! refresh token must only ever be in the keychain.

mod common;

use common::{
    cached_upns, device_code_settled as settled, replication_settled, sandbox_with_keychain,
    sign_in_by_device_code, SharedKeychain,
};
use switchboard_sandbox::test_support::files_containing;

use std::path::Path;
use std::time::{Duration, Instant};

use switchboard_app::{
    error::ErrorCode, AppContext, AppRegistrationInput, DeviceCodeState, TenantAuthRow,
    VerifyOutcome,
};
use switchboard_domain::{AuthMethod, AuthStatus};
use switchboard_sandbox::demo::{DemoCredentials, DemoSpec};
use switchboard_sandbox::identity;
use switchboard_secrets::{ExposeSecret, SecretRef, SecretStore};
use tempfile::TempDir;

fn spec() -> DemoSpec {
    DemoSpec {
        seed: 23,
        customers: 4,
        users_per_customer: 5..=10,
        sbcs: 1,
    }
}

fn start() -> (TempDir, SharedKeychain, AppContext) {
    sandbox_with_keychain(spec())
}

/// A demo tenant that connects to Microsoft 365, with the emulator's credentials for it.
fn connected(ctx: &AppContext) -> (TenantAuthRow, DemoCredentials) {
    let rows = ctx.auth_status().expect("auth status");
    let sandbox = ctx.sandbox().expect("sandbox");
    rows.into_iter()
        .find_map(|row| {
            let creds = sandbox
                .credentials
                .iter()
                .find(|c| c.short_name.eq_ignore_ascii_case(&row.short_name))?;
            Some((row, creds.clone()))
        })
        .expect("a connected demo tenant")
}

fn row(ctx: &AppContext, tenant: i64) -> TenantAuthRow {
    ctx.auth_status()
        .expect("auth status")
        .into_iter()
        .find(|r| r.tenant_id.get() == tenant)
        .expect("tenant listed")
}

/// The refresh token stored for the tenant, read from the keychain through the cache's reference.
fn stored_refresh_token(dir: &Path, keychain: &SharedKeychain, tenant: i64) -> Option<String> {
    let db =
        rusqlite::Connection::open(dir.join("data").join("sandbox").join("switchboard.sqlite3"))
            .expect("db");
    let reference: Option<String> = db
        .query_row(
            "SELECT refresh_token_ref FROM tenants WHERE id = ?1",
            [tenant],
            |r| r.get(0),
        )
        .expect("tenant row");
    let reference: SecretRef = reference?.parse().expect("a keychain reference");
    keychain
        .get(&reference)
        .expect("keychain readable")
        .map(|token| token.expose_secret().to_owned())
}

#[test]
fn client_credentials_verify_and_a_wrong_secret_is_named() {
    let (_dir, _keychain, ctx) = start();
    let (tenant, creds) = connected(&ctx);
    assert_eq!(tenant.method, AuthMethod::AppRegistration);
    assert_eq!(tenant.status, AuthStatus::NeverConnected);
    assert!(tenant.has_client_secret);

    let verified = ctx
        .verify_tenant_auth(tenant.tenant_id.get())
        .expect("verified");
    assert_eq!(
        verified.status,
        AuthStatus::Valid,
        "{:?}",
        verified.last_message
    );
    assert!(verified.valid_until.is_some() && verified.verified_at.is_some());

    ctx.save_app_registration(&AppRegistrationInput {
        tenant_id: tenant.tenant_id,
        client_id: creds.client_id.clone(),
        client_secret: Some("not-the-right-secret-value".into()),
        redirect_uri: Some("http://localhost".into()),
    })
    .expect("saved");
    let failed = ctx
        .verify_tenant_auth(tenant.tenant_id.get())
        .expect("checked");
    assert_eq!(failed.status, AuthStatus::Failed);
    let message = failed.last_message.expect("a message");
    assert!(
        message.contains("client secret") && message.contains("AADSTS7000215"),
        "{message}"
    );
    assert!(!message.contains("not-the-right-secret-value"));

    let registration = ctx
        .list_app_registrations()
        .expect("listed")
        .into_iter()
        .find(|r| r.tenant_id == tenant.tenant_id)
        .expect("tenant listed");
    assert_eq!(
        registration.redirect_uri.as_deref(),
        Some("http://localhost")
    );
    assert!(registration.has_client_secret);
}

#[test]
fn bad_app_registration_input_changes_nothing() {
    let (_dir, _keychain, ctx) = start();
    let (tenant, _) = connected(&ctx);
    let err = ctx
        .save_app_registration(&AppRegistrationInput {
            tenant_id: tenant.tenant_id,
            client_id: "not-a-guid".into(),
            client_secret: Some("a-new-secret-value".into()),
            redirect_uri: None,
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.fields[0].code, "clientId.invalid");
    // The stored secret still works.
    let verified = ctx
        .verify_tenant_auth(tenant.tenant_id.get())
        .expect("checked");
    assert_eq!(
        verified.status,
        AuthStatus::Valid,
        "{:?}",
        verified.last_message
    );
}

#[test]
fn verify_all_reports_every_connected_tenant() {
    let (_dir, _keychain, ctx) = start();
    let started = ctx.verify_all_auth().expect("started");
    let expected = ctx.auth_status().expect("rows").len();
    assert_eq!(started.tenants.len(), expected);
    let deadline = Instant::now() + Duration::from_secs(60);
    let done = loop {
        let status = ctx.verification_status();
        if !status.running {
            break status;
        }
        assert!(Instant::now() < deadline, "verify all never finished");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(expected > 0);
    for tenant in &done.tenants {
        assert_eq!(tenant.outcome, VerifyOutcome::Ok, "{tenant:?}");
    }
    assert!(ctx
        .auth_status()
        .unwrap()
        .iter()
        .all(|r| r.status == AuthStatus::Valid));
}

#[test]
fn an_approved_device_code_keeps_the_refresh_token_in_the_keychain_only() {
    let (dir, keychain, ctx) = start();
    let (tenant, creds) = connected(&ctx);
    let id = tenant.tenant_id.get();
    let prompt = ctx.start_device_code(id).expect("a code");
    assert!(prompt.verification_uri.starts_with("http://127.0.0.1:"));
    assert!(prompt.verification_uri.ends_with("/devicelogin"));
    assert!(prompt.expires_in_secs > 0);
    assert_eq!(
        prompt.sandbox_admin.as_deref(),
        Some(creds.admin_upn.as_str())
    );
    assert_eq!(
        ctx.device_code_status(id).unwrap().state,
        DeviceCodeState::Pending
    );

    identity::approve_device_code(
        &mut ctx.sandbox().unwrap().ctx.state.lock(),
        &prompt.user_code,
        &creds.admin_upn,
    )
    .expect("approved in the emulator");
    let status = settled(&ctx, id);
    assert_eq!(
        status.state,
        DeviceCodeState::Approved,
        "{:?}",
        status.message
    );

    let after = row(&ctx, id);
    assert_eq!(after.method, AuthMethod::DeviceCode);
    assert_eq!(after.status, AuthStatus::Valid);
    assert!(after.has_refresh_token && after.valid_until.is_some());

    // The stored refresh token signs in again (and rotates on the way).
    let verified = ctx.verify_tenant_auth(id).expect("checked");
    assert_eq!(
        verified.status,
        AuthStatus::Valid,
        "{:?}",
        verified.last_message
    );

    let token = stored_refresh_token(dir.path(), &keychain, id).expect("in the keychain");
    assert!(token.len() > 16);
    assert_eq!(
        files_containing(dir.path(), &token),
        Vec::<String>::new(),
        "the refresh token must not be on disk outside the keychain"
    );
}

#[test]
fn declined_and_expired_device_codes_say_so() {
    let (_dir, _keychain, ctx) = start();
    let (tenant, _) = connected(&ctx);
    let id = tenant.tenant_id.get();

    let prompt = ctx.start_device_code(id).expect("a code");
    identity::decline_device_code(
        &mut ctx.sandbox().unwrap().ctx.state.lock(),
        &prompt.user_code,
    )
    .expect("declined in the emulator");
    let declined = settled(&ctx, id);
    assert_eq!(declined.state, DeviceCodeState::Declined);
    assert!(declined.message.unwrap().contains("declined"));

    ctx.start_device_code(id).expect("a second code");
    identity::expire_device_codes(&mut ctx.sandbox().unwrap().ctx.state.lock());
    let expired = settled(&ctx, id);
    assert_eq!(expired.state, DeviceCodeState::Expired);
    assert!(expired.message.unwrap().contains("expired"));

    ctx.start_device_code(id).expect("a third code");
    let cancelled = ctx.cancel_device_code(id).expect("cancelled");
    assert_eq!(cancelled.state, DeviceCodeState::Cancelled);

    // None of these changed how the tenant signs in.
    let after = row(&ctx, id);
    assert_eq!(after.method, AuthMethod::AppRegistration);
    assert!(!after.has_refresh_token);
}

#[test]
fn forgetting_credentials_removes_the_keychain_entries() {
    let (dir, keychain, ctx) = start();
    let (tenant, creds) = connected(&ctx);
    let id = tenant.tenant_id.get();
    let prompt = ctx.start_device_code(id).expect("a code");
    identity::approve_device_code(
        &mut ctx.sandbox().unwrap().ctx.state.lock(),
        &prompt.user_code,
        &creds.admin_upn,
    )
    .expect("approved");
    assert_eq!(settled(&ctx, id).state, DeviceCodeState::Approved);
    let db = rusqlite::Connection::open(
        dir.path()
            .join("data")
            .join("sandbox")
            .join("switchboard.sqlite3"),
    )
    .unwrap();
    let refs: (String, String) = db
        .query_row(
            "SELECT client_secret_ref, refresh_token_ref FROM tenants WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();

    let forgotten = ctx.forget_credentials(id).expect("forgotten");
    assert_eq!(forgotten.status, AuthStatus::NeverConnected);
    assert!(!forgotten.has_client_secret && !forgotten.has_refresh_token);
    for reference in [refs.0, refs.1] {
        let reference: SecretRef = reference.parse().unwrap();
        assert!(
            keychain.get(&reference).unwrap().is_none(),
            "still in the keychain"
        );
    }
    let err = ctx.verify_tenant_auth(id).unwrap_err();
    assert_eq!(err.code, ErrorCode::AuthNoCredentials);

    // Back to the app registration: without a secret it stays never connected.
    let switched = ctx
        .switch_auth_method(id, AuthMethod::AppRegistration)
        .expect("switched");
    assert_eq!(switched.method, AuthMethod::AppRegistration);
    assert_eq!(switched.status, AuthStatus::NeverConnected);
}

fn replication_of(ctx: &AppContext, tenant: i64) -> switchboard_app::TenantReplication {
    replication_settled(ctx)
        .tenants
        .into_iter()
        .find(|t| t.tenant_id.get() == tenant)
        .expect("the tenant was replicated")
}

#[test]
fn a_device_code_tenant_is_replicated_with_its_refresh_token() {
    let (dir, keychain, ctx) = start();
    let (tenant, creds) = connected(&ctx);
    let id = tenant.tenant_id.get();
    // The start-up replication (client credentials) is over before the switch.
    replication_settled(&ctx);
    sign_in_by_device_code(&ctx, id, &creds.admin_upn);
    let approved_token = stored_refresh_token(dir.path(), &keychain, id).expect("stored");

    let added = format!(
        "device.code.starter@{}",
        creds.admin_upn.split('@').nth(1).unwrap()
    );
    {
        let mut state = ctx.sandbox().unwrap().ctx.state.lock();
        let directory = &mut state.tenant_mut(&creds.tenant_id).unwrap().directory;
        directory
            .add_user(switchboard_sandbox::directory::User::new(
                &added,
                "Device Code Starter",
            ))
            .expect("user added");
    }
    ctx.queue_replication(id).expect("queued");
    let run = replication_of(&ctx, id);
    assert_eq!(run.last_error, None, "{run:?}");
    assert!(
        cached_upns(&ctx, switchboard_domain::TenantId::new(id)).contains(&added),
        "the user added after the sign-in is cached"
    );
    let rotated = stored_refresh_token(dir.path(), &keychain, id).expect("still stored");
    assert_ne!(
        rotated, approved_token,
        "the refresh token rotated by replication is written back to the keychain"
    );
    assert_eq!(files_containing(dir.path(), &rotated), Vec::<String>::new());
}

#[test]
fn a_revoked_or_expired_refresh_token_stops_replication_and_marks_the_tenant() {
    let (_dir, _keychain, ctx) = start();
    let (tenant, creds) = connected(&ctx);
    let id = tenant.tenant_id.get();
    replication_settled(&ctx);
    sign_in_by_device_code(&ctx, id, &creds.admin_upn);

    identity::revoke_refresh_tokens(
        &mut ctx.sandbox().unwrap().ctx.state.lock(),
        &creds.tenant_id,
        None,
    )
    .expect("revoked");
    ctx.queue_replication(id).expect("queued");
    let run = replication_of(&ctx, id);
    let message = run.last_error.expect("the run failed");
    assert!(
        message.contains("no longer valid") && message.contains("device code"),
        "{message}"
    );
    assert_eq!(row(&ctx, id).status, AuthStatus::Revoked);

    // A fresh sign-in works again; then its token expires.
    sign_in_by_device_code(&ctx, id, &creds.admin_upn);
    identity::expire_refresh_tokens(
        &mut ctx.sandbox().unwrap().ctx.state.lock(),
        &creds.tenant_id,
    )
    .expect("expired");
    ctx.queue_replication(id).expect("queued");
    let run = replication_of(&ctx, id);
    let message = run.last_error.expect("the run failed");
    assert!(message.contains("AADSTS700082"), "{message}");
    assert_eq!(row(&ctx, id).status, AuthStatus::Expired);
}
