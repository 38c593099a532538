//! The Security screen through the real window in sandbox mode: "Verify all" signs in to
//! every demo customer; one customer is reconnected by device code, approved on the
//! identity emulator's sign-in page; afterwards the refresh token is in the keychain and
//! nowhere in the data folder (database, logs).

mod common;

use common::approve_device_code;

use std::path::Path;
use std::time::{Duration, Instant};

use switchboard_app::{AppConfig, Mode};
use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};
use switchboard_sandbox::demo::{DemoCustomer, Estate};
use switchboard_sandbox::test_support::files_containing;
use switchboard_secrets::{ExposeSecret, KeychainStore, SecretRef, SecretStore};

/// Twelve demo customers are checked four at a time; this bound only stops a hang.
const VERIFY_TIMEOUT: Duration = Duration::from_secs(90);
/// The app polls Microsoft at the emulator's 5 s interval.
const APPROVAL_TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn security_through_the_window() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    let customer = first_connected(&estate).clone();

    let launch = Launch::with_keychain(&settings)?;
    let window = launch.open(&[]).await?;
    let outcome = async {
        window.click("nav-security").await?;
        window.wait_for("screen-security").await?;
        verify_all(&window, &estate).await?;
        reconnect_by_device_code(&window, &customer).await?;
        client_id_is_checked_while_typing(&window, &customer).await
    }
    .await;
    // Closing the app first flushes its log files.
    window.finish("security", outcome).await?;

    refresh_token_only_in_the_keychain(launch.data_dir(), &customer.short_name);
    Ok(())
}

fn connected(estate: &Estate) -> impl Iterator<Item = &DemoCustomer> {
    estate
        .customers
        .iter()
        .filter(|c| c.licence_type.has_user_licences())
}

fn first_connected(estate: &Estate) -> &DemoCustomer {
    connected(estate)
        .next()
        .expect("the default estate has a customer on Microsoft 365")
}

/// "Verify all" lists every demo customer on Microsoft 365 and each ends OK.
async fn verify_all(window: &AppWindow, estate: &Estate) -> Result<(), E2eError> {
    window.wait_for("auth-table").await?;
    window.click("auth-verify-all").await?;
    let progress = window.wait_for("verify-progress").await?;
    let deadline = Instant::now() + VERIFY_TIMEOUT;
    while progress.attr("data-running").await?.as_deref() != Some("false") {
        assert!(Instant::now() < deadline, "verify all did not finish");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut expected = 0;
    for customer in connected(estate) {
        expected += 1;
        let item = window
            .wait_for(&format!("verify-item-{}", customer.short_name))
            .await?;
        let outcome = item.attr("data-outcome").await?;
        assert_eq!(
            outcome.as_deref(),
            Some("ok"),
            "{} was not verified: {}",
            customer.short_name,
            item.text().await?
        );
    }
    assert_eq!(window.count_with_prefix("verify-item-").await?, expected);
    window
        .save_screenshot(&artifacts_dir()?.join("security-verify-all.png"))
        .await
}

/// The dialog shows the code, the emulator's loopback sign-in page and a running countdown;
/// the admin approves there; the tenant then signs in by device code and is valid.
async fn reconnect_by_device_code(
    window: &AppWindow,
    customer: &DemoCustomer,
) -> Result<(), E2eError> {
    let name = &customer.short_name;
    window.click(&format!("auth-reconnect-{name}")).await?;
    let code = window
        .wait_for("device-code-user-code")
        .await?
        .text()
        .await?;
    let code = code.trim().to_owned();
    assert!(code.len() >= 8, "a user code is shown: {code:?}");
    let url = window.wait_for("device-code-url").await?.text().await?;
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/devicelogin"),
        "the emulator's sign-in page: {url}"
    );
    let admin = window
        .wait_for("device-code-sandbox-admin")
        .await?
        .text()
        .await?;
    assert!(admin.contains(&customer.admin_upn), "{admin}");
    let first = window
        .wait_for("device-code-countdown")
        .await?
        .text()
        .await?;
    assert!(first.starts_with("14:") || first == "15:00", "{first}");
    // The countdown runs: its text changes by itself.
    let later = window
        .wait_for_text_change("device-code-countdown", &first)
        .await?;
    assert!(later.starts_with("14:"), "{later}");
    window
        .save_screenshot(&artifacts_dir()?.join("security-device-code.png"))
        .await?;

    approve_device_code(&url, &code, &customer.admin_upn).await;

    let result = window.wait_for("device-code-result").await?;
    let deadline = Instant::now() + APPROVAL_TIMEOUT;
    loop {
        match result.attr("data-state").await?.as_deref() {
            Some("approved") => break,
            Some("pending") | None => {}
            Some(other) => panic!("the sign-in ended {other}: {}", result.text().await?),
        }
        assert!(Instant::now() < deadline, "the approval was never noticed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    window
        .save_screenshot(&artifacts_dir()?.join("security-device-code-approved.png"))
        .await?;
    window.click("device-code-close").await?;
    window.wait_gone("device-code-dialog").await?;
    let status = window.wait_for(&format!("auth-status-{name}")).await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while status.attr("data-status").await?.as_deref() != Some("valid") {
        assert!(Instant::now() < deadline, "the tenant did not become valid");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    window
        .wait_for_text(
            &format!("auth-method-{name}"),
            "Device code (delegated admin)",
        )
        .await?;
    // WebKit paints a moment after the DOM changed; let the screenshot show the new row.
    tokio::time::sleep(Duration::from_millis(300)).await;
    window
        .save_screenshot(&artifacts_dir()?.join("security-reconnected.png"))
        .await
}

/// The App registrations tab never shows the secret and refuses a client id that is no GUID.
async fn client_id_is_checked_while_typing(
    window: &AppWindow,
    customer: &DemoCustomer,
) -> Result<(), E2eError> {
    let name = &customer.short_name;
    window.click("security-tab-registrations").await?;
    window
        .wait_for_text(&format!("appreg-secret-state-{name}"), "Stored in keychain")
        .await?;
    window.click(&format!("appreg-edit-{name}")).await?;
    let secret = window.wait_for("appreg-secret").await?;
    assert_eq!(
        secret.prop("value").await?.as_deref(),
        Some(""),
        "the secret is write-only"
    );
    window.type_into("appreg-client-id", "not-a-guid").await?;
    let error = window
        .wait_for("appreg-client-id-error")
        .await?
        .text()
        .await?;
    assert!(error.contains("GUID"), "{error}");
    assert!(!window.is_enabled("appreg-save").await?, "save is disabled");
    window
        .save_screenshot(&artifacts_dir()?.join("security-app-registration.png"))
        .await
}

/// The tenant's refresh token, read from the keychain the app wrote it to, is in no file
/// of the data folder (the cache, its journal, the logs; encrypted blobs cannot match).
fn refresh_token_only_in_the_keychain(data_dir: &Path, short_name: &str) {
    let world = AppConfig::new(data_dir, Mode::Sandbox).paths();
    let db = rusqlite::Connection::open(&world.cache_file).expect("the cache");
    let reference: String = db
        .query_row(
            "SELECT refresh_token_ref FROM tenants WHERE short_name = ?1",
            [short_name],
            |row| row.get(0),
        )
        .expect("the tenant has a refresh token reference");
    drop(db);
    let reference: SecretRef = reference.parse().expect("a keychain reference");
    let keychain = KeychainStore::new(Mode::Sandbox.keychain_service(), &world.secrets_dir);
    let token = keychain
        .get(&reference)
        .expect("the keychain is readable")
        .expect("the refresh token is in the keychain");
    let token = token.expose_secret();
    assert!(token.len() > 16);
    let hits = files_containing(data_dir, token);
    assert!(hits.is_empty(), "the refresh token leaked into {hits:?}");
    let logs = world.log_dir;
    assert!(
        logs.is_dir() && std::fs::read_dir(&logs).map(|d| d.count()).unwrap_or(0) > 0,
        "the scan covered the app's log files"
    );
    // The entry belongs to this test run only.
    keychain.delete(&reference).expect("removed");
}
