//! The SBC commands against the sandbox's emulated SBCs: add with per-field validation,
//! list, test connection (connected, refused, untrusted certificate), trust, delete,
//! and the admin password never written to the cache file.

mod common;

use common::{sandbox_context, sbc_input};
use switchboard_app::{error::ErrorCode, AppContext, SbcConnectionStatus, SbcInput, SbcRow};
use switchboard_sandbox::demo::DemoSpec;

fn spec() -> DemoSpec {
    DemoSpec {
        seed: 7,
        customers: 1,
        users_per_customer: 5..=5,
        sbcs: 1,
    }
}

/// A form for the sandbox's first emulated SBC, with `password` and a NAT address.
fn input_for(ctx: &AppContext, name: &str, password: &str) -> SbcInput {
    let handle = &ctx.sandbox().expect("sandbox").sbcs[0];
    let mut input = sbc_input(handle, name, password);
    input.fields.nat_ip = Some("192.0.2.44".to_owned());
    input
}

fn row_named<'a>(rows: &'a [SbcRow], name: &str) -> &'a SbcRow {
    rows.iter()
        .find(|row| row.fields.name == name)
        .unwrap_or_else(|| panic!("no row {name} in {rows:?}"))
}

#[test]
fn demo_sbcs_are_listed_pinned_and_connect() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let sandbox = ctx.sandbox().unwrap();
    let demo = &sandbox.estate.as_ref().unwrap().sbcs[0];
    let rows = ctx.list_sbcs().unwrap();
    assert_eq!(rows.len(), 1);
    let row = row_named(&rows, &demo.name);
    assert_eq!(row.fields.nat_ip.as_deref(), Some(demo.public_ip.as_str()));
    assert_eq!(row.fields.device_fqdn.as_deref(), Some(demo.fqdn.as_str()));
    assert_eq!(
        row.pinned_cert_sha256.as_deref(),
        Some(sandbox.sbcs[0].certificate_fingerprint().as_str())
    );
    assert_eq!(row.connection_status, SbcConnectionStatus::Unknown);
    assert!(row.has_password);

    let result = ctx.test_sbc_connection(row.id.get()).unwrap();
    assert_eq!(
        result.status,
        SbcConnectionStatus::Connected,
        "{}",
        result.message
    );
    assert_eq!(result.sbc.connection_status, SbcConnectionStatus::Connected);
    assert_eq!(
        result.sbc.last_checked_at.as_deref(),
        Some(result.checked_at.as_str())
    );
}

#[test]
fn each_invalid_field_is_reported_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let mut input = input_for(&ctx, " ", "");
    input.fields.host = String::new();
    input.fields.port = Some(0);
    input.fields.admin_user = " ".to_owned();
    let error = ctx.add_sbc(&input).unwrap_err();
    assert_eq!(error.code, ErrorCode::Validation);
    let mut codes_seen: Vec<&str> = error.fields.iter().map(|f| f.code.as_str()).collect();
    codes_seen.sort();
    assert_eq!(
        codes_seen,
        [
            "adminUser.empty",
            "host.empty",
            "name.empty",
            "password.empty",
            "port.outOfRange"
        ]
    );

    let long = input_for(&ctx, &"n".repeat(65), "pw");
    assert_eq!(
        ctx.add_sbc(&long).unwrap_err().fields[0].code,
        "name.tooLong"
    );
    assert_eq!(ctx.list_sbcs().unwrap().len(), 1, "only the demo SBC");

    let demo_name = ctx.list_sbcs().unwrap()[0].fields.name.to_uppercase();
    let duplicate = ctx.add_sbc(&input_for(&ctx, &demo_name, "pw")).unwrap_err();
    assert_eq!(duplicate.code, ErrorCode::Conflict);
    assert_eq!(duplicate.fields[0].field, "name");
}

#[test]
fn added_sbc_needs_trust_then_connects_and_a_wrong_password_fails_with_the_clients_message() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let handle = &ctx.sandbox().unwrap().sbcs[0];
    let password = handle.password().to_owned();
    let added = ctx
        .add_sbc(&input_for(&ctx, "edge-manual", &password))
        .unwrap();
    assert_eq!(added.pinned_cert_sha256, None);

    // The emulator's certificate is self-signed: the first test offers its fingerprint.
    let untrusted = ctx.test_sbc_connection(added.id.get()).unwrap();
    assert_eq!(untrusted.status, SbcConnectionStatus::Failed);
    assert!(
        untrusted.message.contains("not trusted"),
        "{}",
        untrusted.message
    );
    let offered = untrusted
        .untrusted_certificate
        .expect("fingerprint offered");
    assert_eq!(offered, handle.certificate_fingerprint());

    assert_eq!(
        ctx.trust_sbc_certificate(added.id.get(), "12:34")
            .unwrap_err()
            .fields[0]
            .field,
        "fingerprint"
    );
    let trusted = ctx
        .trust_sbc_certificate(added.id.get(), &offered.to_lowercase())
        .unwrap();
    assert_eq!(
        trusted.pinned_cert_sha256.as_deref(),
        Some(offered.as_str())
    );
    let connected = ctx.test_sbc_connection(added.id.get()).unwrap();
    assert_eq!(
        connected.status,
        SbcConnectionStatus::Connected,
        "{}",
        connected.message
    );

    let wrong = input_for(&ctx, "edge-manual", "not-the-password");
    let updated = ctx.update_sbc(added.id.get(), &wrong).unwrap();
    assert_eq!(
        updated.pinned_cert_sha256.as_deref(),
        Some(offered.as_str()),
        "same address keeps the pin"
    );
    let refused = ctx.test_sbc_connection(added.id.get()).unwrap();
    assert_eq!(refused.status, SbcConnectionStatus::Failed);
    assert_eq!(
        refused.message,
        switchboard_sbc::SbcError::AuthFailed.user_message()
    );
    let listed = ctx.list_sbcs().unwrap();
    assert_eq!(
        row_named(&listed, "edge-manual").connection_status,
        SbcConnectionStatus::Failed
    );

    // An empty password on edit keeps the stored (wrong) one.
    let renamed = ctx
        .update_sbc(added.id.get(), &input_for(&ctx, "edge-renamed", ""))
        .unwrap();
    assert_eq!(renamed.fields.name, "edge-renamed");
    assert_eq!(
        ctx.test_sbc_connection(added.id.get()).unwrap().status,
        SbcConnectionStatus::Failed
    );
}

#[test]
fn delete_removes_the_sbc_and_passwords_never_reach_the_cache_file() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let secret = "Sbc-Admin-Secret-9f3e7a";
    let added = ctx
        .add_sbc(&input_for(&ctx, "edge-secret", secret))
        .unwrap();
    ctx.update_sbc(
        added.id.get(),
        &input_for(&ctx, "edge-secret", "Another-Sbc-Secret-41c2"),
    )
    .unwrap();
    let demo_password = ctx.sandbox().unwrap().sbcs[0].password().to_owned();

    let cache_file = ctx.paths().cache_file.clone();
    let mut bytes = std::fs::read(&cache_file).unwrap();
    let mut wal = cache_file.clone().into_os_string();
    wal.push("-wal");
    bytes.extend(std::fs::read(&wal).unwrap_or_default());
    for password in [secret, "Another-Sbc-Secret-41c2", demo_password.as_str()] {
        assert!(
            !bytes
                .windows(password.len())
                .any(|w| w == password.as_bytes()),
            "{password} found in the cache"
        );
    }
    let json = serde_json::to_string(&ctx.list_sbcs().unwrap()).unwrap();
    assert!(
        !json.contains(secret) && !json.contains("password\""),
        "{json}"
    );

    ctx.delete_sbc(added.id.get()).unwrap();
    assert!(ctx
        .list_sbcs()
        .unwrap()
        .iter()
        .all(|row| row.fields.name != "edge-secret"));
    assert_eq!(
        ctx.delete_sbc(added.id.get()).unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        ctx.test_sbc_connection(added.id.get()).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn a_restart_repoints_the_demo_sbc_at_the_new_emulator() {
    let dir = tempfile::tempdir().unwrap();
    let first_port = {
        let ctx = sandbox_context(dir.path(), spec());
        ctx.list_sbcs().unwrap()[0].fields.port
    };
    let ctx = sandbox_context(dir.path(), spec());
    let rows = ctx.list_sbcs().unwrap();
    assert_eq!(rows.len(), 1, "registered once");
    let expected = input_for(&ctx, "x", "x").fields.port;
    assert_eq!(rows[0].fields.port, expected);
    assert!(first_port.is_some());
    let result = ctx.test_sbc_connection(rows[0].id.get()).unwrap();
    assert_eq!(
        result.status,
        SbcConnectionStatus::Connected,
        "{}",
        result.message
    );
}
