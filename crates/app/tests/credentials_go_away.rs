//! Issue #12, "Credentials that really go away": after forget, switch, a new secret, a
//! new device-code sign-in, a new Azure tenant id or cloud, and delete, the replication cycle no longer signs in with
//! the old credential, and nothing of a deleted tenant is left in the keychain, the
//! sealed-secret folder or the settings.

mod common;

use common::{
    connected_demo_tenants, replication_settled, sign_in_by_device_code, token_requests_with,
    wait_for,
};

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use switchboard_app::{
    AppConfig, AppContext, AppRegistrationInput, Mode, TenantAuthRow, TenantEditInput,
};
use switchboard_domain::{AuthMethod, AuthStatus, Cloud, TenantId};
use switchboard_sandbox::demo::{DemoCredentials, DemoSpec};
use switchboard_secrets::{
    CredentialSlots, ExposeSecret, KeychainStore, SecretRef, SecretString, SecretsError,
};
use tempfile::TempDir;

/// A stand-in keychain whose entries the test can list.
#[derive(Default)]
struct ListedSlots(Mutex<BTreeMap<String, SecretString>>);

impl ListedSlots {
    fn accounts(&self) -> BTreeSet<String> {
        self.lock().keys().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, SecretString>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl CredentialSlots for ListedSlots {
    fn set_slot(&self, account: &str, value: &SecretString) -> Result<(), SecretsError> {
        let copy = SecretString::from(value.expose_secret().to_owned());
        self.lock().insert(account.to_owned(), copy);
        Ok(())
    }

    fn get_slot(&self, account: &str) -> Result<Option<SecretString>, SecretsError> {
        Ok(self
            .lock()
            .get(account)
            .map(|value| SecretString::from(value.expose_secret().to_owned())))
    }

    fn delete_slot(&self, account: &str) -> Result<(), SecretsError> {
        self.lock().remove(account);
        Ok(())
    }
}

struct Setup {
    dir: TempDir,
    keychain: Arc<ListedSlots>,
    ctx: AppContext,
}

/// A sandbox whose tenants are replicated every `cycle`, over the production store
/// (large secrets sealed into the data folder) on a keychain the test can list. Access
/// tokens live 60 s, under the 5-minute refresh margin, so every run asks the identity
/// emulator for tokens with the stored credential.
fn start(cycle: Duration) -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let keychain = Arc::new(ListedSlots::default());
    let config = AppConfig::new(dir.path().join("data"), Mode::Sandbox);
    let sealed = config.paths().secrets_dir;
    let store = KeychainStore::with_slots(keychain.clone(), sealed);
    let mut ctx = AppContext::open_with_secrets(config, Box::new(store))
        .expect("context opens")
        .with_replication_cycle(cycle);
    ctx.start_sandbox(DemoSpec {
        seed: 31,
        customers: 5,
        users_per_customer: 5..=10,
        sbcs: 1,
    })
    .expect("sandbox starts");
    {
        let mut state = ctx.sandbox().unwrap().ctx.state.lock();
        state.identity.config.poll_interval_secs = 0;
        state.identity.config.access_token_lifetime_secs = 60;
    }
    Setup { dir, keychain, ctx }
}

/// Two demo tenants that connect to Microsoft 365, with the emulator's credentials: the
/// one under test and one that stays on the cycle to count its rounds.
fn two_tenants(ctx: &AppContext) -> [(TenantAuthRow, DemoCredentials); 2] {
    let mut connected = connected_demo_tenants(ctx).into_iter();
    let first = connected.next().expect("a connected demo tenant");
    let second = connected.next().expect("a second connected demo tenant");
    [first, second]
}

fn last_replication(ctx: &AppContext, short_name: &str) -> Option<String> {
    ctx.list_tenants(Some(short_name))
        .expect("tenants")
        .tenants
        .into_iter()
        .find(|t| t.short_name == short_name)
        .expect("tenant listed")
        .last_replication_at
}

/// Waits until `control` has been replicated twice more by the cycle, so every tenant
/// still on it had its turn, then until no run is going.
fn full_cycle(ctx: &AppContext, control: &str) {
    for _ in 0..2 {
        let before = last_replication(ctx, control);
        wait_for("a cycle run of the control tenant", || {
            (last_replication(ctx, control) != before).then_some(())
        });
    }
    replication_settled(ctx);
}

/// Returns right after a cycle run of the tenant: its source holds the refresh token
/// the keychain holds, and with a cycle of seconds no run comes for a while.
fn just_after_a_run(ctx: &AppContext, short_name: &str) {
    let before = last_replication(ctx, short_name);
    wait_for("a cycle run of the tenant", || {
        (last_replication(ctx, short_name) != before).then_some(())
    });
    replication_settled(ctx);
}

fn db(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("data").join("sandbox").join("switchboard.sqlite3"))
        .expect("db")
}

/// The tenant's keychain references as the cache holds them.
fn stored_refs(dir: &Path, tenant: i64) -> Vec<SecretRef> {
    let (secret, refresh): (Option<String>, Option<String>) = db(dir)
        .query_row(
            "SELECT client_secret_ref, refresh_token_ref FROM tenants WHERE id = ?1",
            [tenant],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("tenant row");
    [secret, refresh]
        .into_iter()
        .flatten()
        .map(|r| r.parse().expect("a keychain reference"))
        .collect()
}

fn secret_of(keychain: &ListedSlots, reference: &SecretRef) -> Option<String> {
    keychain
        .get_slot(&reference.to_string())
        .unwrap()
        .map(|s| s.expose_secret().to_owned())
}

/// The id a sealed file is named by: the reference without its prefix.
fn uuid_of(reference: &SecretRef) -> String {
    let text = reference.to_string();
    text.rsplit(':').next().expect("a prefixed id").to_owned()
}

/// The files of the sealed-secret folder.
fn sealed_files(ctx: &AppContext) -> BTreeSet<String> {
    std::fs::read_dir(&ctx.paths().secrets_dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Neither the keychain nor the sealed-secret folder holds anything under `references`.
fn assert_gone(setup: &Setup, references: &[SecretRef]) {
    let accounts = setup.keychain.accounts();
    let sealed = sealed_files(&setup.ctx);
    for reference in references {
        assert!(
            !accounts.contains(&reference.to_string()),
            "{reference} is still in the keychain"
        );
        let id = uuid_of(reference);
        assert!(
            !sealed.iter().any(|file| file.contains(&id)),
            "{reference} is still sealed in {sealed:?}"
        );
    }
}

/// The requests with `credential` so far, counted once the run it stopped has ended: a
/// request already on the wire when the run was cancelled may still land.
fn used_once_stopped(ctx: &AppContext, credential: &str) -> usize {
    replication_settled(ctx);
    token_requests_with(ctx, credential)
}

/// Gives the tenant a client secret of its own (the demo tenants share their app's, and
/// the emulator refuses this one, which it still counts) and waits for the cycle to use it.
fn own_secret(ctx: &AppContext, tenant: &TenantAuthRow, client_id: &str, secret: &str) {
    ctx.save_app_registration(&AppRegistrationInput {
        tenant_id: tenant.tenant_id,
        client_id: client_id.to_owned(),
        client_secret: Some(secret.into()),
        redirect_uri: None,
    })
    .expect("saved");
    wait_for("the tenant's own secret in use", || {
        (token_requests_with(ctx, secret) > 0).then_some(())
    });
}

#[test]
fn forgotten_credentials_are_not_used_by_the_cycle_and_leave_no_entry() {
    let setup = start(Duration::from_millis(150));
    let ctx = &setup.ctx;
    let [(tenant, creds), (control, _)] = two_tenants(ctx);
    let id = tenant.tenant_id.get();
    own_secret(ctx, &tenant, &creds.client_id, "forgotten-secret-1");
    let refs = stored_refs(setup.dir.path(), id);
    assert_eq!(refs.len(), 1, "the tenant has its client secret stored");

    ctx.forget_credentials(id).expect("forgotten");
    let used = used_once_stopped(ctx, "forgotten-secret-1");
    full_cycle(ctx, &control.short_name);

    assert_eq!(token_requests_with(ctx, "forgotten-secret-1"), used);
    assert_gone(&setup, &refs);
}

#[test]
fn switching_method_stops_the_old_credential_and_switching_back_resumes() {
    let setup = start(Duration::from_millis(150));
    let ctx = &setup.ctx;
    let [(tenant, creds), (control, _)] = two_tenants(ctx);
    let id = tenant.tenant_id.get();
    own_secret(ctx, &tenant, &creds.client_id, "switched-secret-1");

    // No device-code sign-in is stored: nothing to replicate with.
    ctx.switch_auth_method(id, AuthMethod::DeviceCode)
        .expect("switched");
    let used = used_once_stopped(ctx, "switched-secret-1");
    full_cycle(ctx, &control.short_name);
    assert_eq!(token_requests_with(ctx, "switched-secret-1"), used);

    ctx.switch_auth_method(id, AuthMethod::AppRegistration)
        .expect("switched back");
    wait_for("the stored secret in use again", || {
        (token_requests_with(ctx, "switched-secret-1") > used).then_some(())
    });
}

#[test]
fn a_new_client_secret_replaces_the_old_one_in_the_running_cycle() {
    let setup = start(Duration::from_millis(150));
    let ctx = &setup.ctx;
    let [(tenant, creds), (control, _)] = two_tenants(ctx);
    let id = tenant.tenant_id.get();
    own_secret(ctx, &tenant, &creds.client_id, "old-secret-1");
    let refs = stored_refs(setup.dir.path(), id);

    own_secret(ctx, &tenant, &creds.client_id, "new-secret-2");
    let used = used_once_stopped(ctx, "old-secret-1");
    full_cycle(ctx, &control.short_name);

    assert_eq!(token_requests_with(ctx, "old-secret-1"), used);
    assert_eq!(stored_refs(setup.dir.path(), id), refs, "replaced in place");
    assert_eq!(
        secret_of(&setup.keychain, &refs[0]).as_deref(),
        Some("new-secret-2")
    );
}

#[test]
fn a_new_device_code_sign_in_retires_the_old_refresh_token() {
    // Long enough that no run of the tenant falls between reading its token and the new
    // sign-in.
    let setup = start(Duration::from_secs(2));
    let ctx = &setup.ctx;
    let [(tenant, creds), (control, _)] = two_tenants(ctx);
    let id = tenant.tenant_id.get();
    replication_settled(ctx);
    sign_in_by_device_code(ctx, id, &creds.admin_upn);
    ctx.queue_replication(id).expect("queued");
    replication_settled(ctx);
    let first = stored_refs(setup.dir.path(), id);

    just_after_a_run(ctx, &tenant.short_name);
    let old_refresh = first[1];
    let old_token = secret_of(&setup.keychain, &old_refresh).expect("the refresh token");
    let used = token_requests_with(ctx, &old_token);
    sign_in_by_device_code(ctx, id, &creds.admin_upn);
    full_cycle(ctx, &control.short_name);

    assert_eq!(
        token_requests_with(ctx, &old_token),
        used,
        "the old token is not sent"
    );
    assert_gone(&setup, &[old_refresh]);
    let current = stored_refs(setup.dir.path(), id);
    assert!(current.contains(&first[0]), "the client secret stays");
    assert!(secret_of(&setup.keychain, &current[1]).is_some());
}

/// The edit dialog's values for `short_name` as listed, with `change` applied.
fn edited(
    ctx: &AppContext,
    short_name: &str,
    change: impl FnOnce(&mut TenantEditInput),
) -> TenantEditInput {
    let row = ctx
        .list_tenants(Some(short_name))
        .expect("tenants")
        .tenants
        .into_iter()
        .find(|t| t.short_name == short_name)
        .expect("tenant listed");
    let mut input = TenantEditInput {
        full_name: row.full_name,
        azure_tenant_id: row.azure_tenant_id,
        admin_domain: row.admin_domain,
        licence_type: row.licence_type,
        licensed_users: row.licensed_users,
        cloud: row.cloud,
    };
    change(&mut input);
    input
}

#[test]
fn a_new_tenant_id_or_cloud_forgets_the_sign_in_and_stops_the_cycle() {
    let setup = start(Duration::from_millis(150));
    let ctx = &setup.ctx;
    let [(tenant, creds), (control, _)] = two_tenants(ctx);
    let id = tenant.tenant_id.get();

    // A new name or licence count keeps the sign-in.
    own_secret(ctx, &tenant, &creds.client_id, "kept-secret-1");
    let refs = stored_refs(setup.dir.path(), id);
    let renamed = edited(ctx, &tenant.short_name, |e| {
        e.full_name = "Renamed Ltd".into()
    });
    ctx.update_tenant(id, &renamed).expect("renamed");
    assert_eq!(stored_refs(setup.dir.path(), id), refs);
    // The emulator refuses this secret, so the cycle waits out a sign-in backoff before
    // trying it again; asking for a run now shows the tenant still signs in with it.
    let before = token_requests_with(ctx, "kept-secret-1");
    ctx.queue_replication(id).expect("still connected");
    wait_for("a run with the kept secret", || {
        (token_requests_with(ctx, "kept-secret-1") > before).then_some(())
    });

    // Another Azure tenant: the secret was for the old one.
    let moved = edited(ctx, &tenant.short_name, |e| {
        e.azure_tenant_id = Some("0b5d6e0c-1111-4222-8333-444455556666".into())
    });
    ctx.update_tenant(id, &moved).expect("moved");
    let used = used_once_stopped(ctx, "kept-secret-1");
    assert!(
        ctx.queue_replication(id).is_err(),
        "nothing is left to sign in with"
    );
    full_cycle(ctx, &control.short_name);
    assert_eq!(token_requests_with(ctx, "kept-secret-1"), used);
    assert_gone(&setup, &refs);
    let row = ctx
        .auth_status()
        .unwrap()
        .into_iter()
        .find(|r| r.tenant_id == tenant.tenant_id)
        .unwrap();
    assert_eq!(row.status, AuthStatus::NeverConnected);
    assert!(!row.has_client_secret && !row.has_refresh_token);

    // Another cloud, back on the right tenant id with a new secret: forgotten as well.
    let back = edited(ctx, &tenant.short_name, |e| {
        e.azure_tenant_id = Some(creds.tenant_id.clone())
    });
    ctx.update_tenant(id, &back).expect("back");
    own_secret(ctx, &tenant, &creds.client_id, "cloud-secret-2");
    let refs = stored_refs(setup.dir.path(), id);
    let dod = edited(ctx, &tenant.short_name, |e| e.cloud = Cloud::Dod);
    assert_eq!(ctx.update_tenant(id, &dod).expect("dod").cloud, Cloud::Dod);
    let used = used_once_stopped(ctx, "cloud-secret-2");
    full_cycle(ctx, &control.short_name);
    assert_eq!(token_requests_with(ctx, "cloud-secret-2"), used);
    assert_gone(&setup, &refs);
}

#[test]
fn a_deleted_tenant_leaves_no_secret_setting_or_sign_in_behind() {
    let setup = start(Duration::from_secs(2));
    let ctx = &setup.ctx;
    let [(tenant, creds), (control, _)] = two_tenants(ctx);
    let id = tenant.tenant_id.get();
    replication_settled(ctx);
    // A secret too large for a keychain entry is sealed in the data folder.
    let sealed_secret = "s".repeat(1500);
    ctx.save_app_registration(&AppRegistrationInput {
        tenant_id: tenant.tenant_id,
        client_id: creds.client_id.clone(),
        client_secret: Some(sealed_secret.as_str().into()),
        redirect_uri: Some("https://switchboard.example.com/auth".into()),
    })
    .expect("saved");
    sign_in_by_device_code(ctx, id, &creds.admin_upn);
    ctx.queue_replication(id).expect("queued");
    replication_settled(ctx);
    let refs = stored_refs(setup.dir.path(), id);
    assert_eq!(refs.len(), 2);
    let sealed_before = sealed_files(ctx);
    assert!(
        sealed_before.iter().any(|f| f.contains(&uuid_of(&refs[0]))),
        "the large secret is sealed: {sealed_before:?}"
    );
    let keychain_before = setup.keychain.accounts();

    just_after_a_run(ctx, &tenant.short_name);
    let token = secret_of(&setup.keychain, &refs[1]).expect("the refresh token");
    let used = token_requests_with(ctx, &token);
    ctx.delete_tenant(id).expect("deleted");
    full_cycle(ctx, &control.short_name);

    assert_eq!(
        token_requests_with(ctx, &token),
        used,
        "the refresh token is not sent"
    );
    assert_gone(&setup, &refs);
    let expected: BTreeSet<String> = keychain_before
        .into_iter()
        .filter(|account| !refs.iter().any(|r| r.to_string() == *account))
        .collect();
    assert_eq!(
        setup.keychain.accounts(),
        expected,
        "other entries are untouched"
    );
    let settings: i64 = db(setup.dir.path())
        .query_row(
            "SELECT COUNT(*) FROM settings WHERE key LIKE ?1",
            [format!("tenant.{id}.%")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(settings, 0, "the tenant's settings are deleted");
    assert!(ctx
        .replication_status()
        .tenants
        .iter()
        .all(|t| t.tenant_id != TenantId::new(id)));
}
