//! Tenants through the real window: a first live start greets the user with "Connect your
//! first customer"; in sandbox mode a customer added without an Azure tenant id gets one
//! later through Edit, then connects by device code through the Connect walkthrough (the
//! code approved on the emulator's sign-in page) and its first replication is done; and
//! verifying the demo customer whose app lacks a role names that role on the Security screen.

mod common;

use common::approve_device_code;

use std::time::{Duration, Instant};

use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};
use switchboard_sandbox::demo::{DemoCustomer, Estate};

const SHORT: &str = "latecomer";
/// Connecting, replicating and the approval all run against local emulators.
const STEP_TIMEOUT: Duration = Duration::from_secs(60);

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn a_first_live_start_greets_the_user() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    let launch = Launch::start(&settings)?;
    let window = launch.open(&["--live"]).await?;
    let outcome = async {
        window.click("nav-tenants").await?;
        wait_containing(&window, "tenants-greeting", "Connect your first customer").await?;
        assert!(!window.is_present("tenants-table").await?, "no empty table");
        window
            .save_screenshot(&artifacts_dir()?.join("tenants-greeting.png"))
            .await?;
        window.click("tenants-greeting-add").await?;
        window.wait_for("tenant-form").await?;
        Ok(())
    }
    .await;
    window.finish("tenants-greeting", outcome).await
}

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn a_tenant_id_set_later_then_connected_by_device_code() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    // The device-code sign-in stores its refresh token in the keychain.
    let launch = Launch::with_keychain(&settings)?;
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    let customer = estate
        .customers
        .iter()
        .find(|c| c.licence_type.has_user_licences())
        .expect("the default estate has a customer on Microsoft 365");
    let window = launch.open(&[]).await?;
    let outcome = async {
        window.click("nav-tenants").await?;
        window.wait_for("tenants-table").await?;
        startup_replication_settled(&window).await?;
        add_without_tenant_id(&window).await?;
        find_the_new_customer(&window, &estate).await?;
        connect_needs_a_tenant_id(&window).await?;
        set_tenant_id(&window, customer).await?;
        connect_by_device_code(&window, &estate, customer).await?;
        missing_role_is_named(&window, &estate).await
    }
    .await;
    window.finish("tenant-editing", outcome).await
}

async fn add_without_tenant_id(window: &AppWindow) -> Result<(), E2eError> {
    window.click("tenant-add").await?;
    window.type_into("field-shortName", SHORT).await?;
    window.type_into("field-fullName", "Latecomer Ltd").await?;
    window
        .select_value("field-licenceType", "hostedPro")
        .await?;
    window.type_into("field-licensedUsers", "40").await?;
    window.wait_enabled("tenant-save").await?;
    window.click("tenant-save").await?;
    window.wait_gone("tenant-panel").await?;
    window.wait_for(&format!("tenant-row-{SHORT}")).await?;
    Ok(())
}

/// Among a dozen customers the engineer searches for the new one, so its row (and its
/// buttons) is in view whatever else the screen shows above the table.
async fn find_the_new_customer(window: &AppWindow, estate: &Estate) -> Result<(), E2eError> {
    window.type_into("tenant-search", SHORT).await?;
    let other = format!("tenant-row-{}", estate.customers[0].short_name);
    window.wait_gone(&other).await?;
    window.wait_for(&format!("tenant-row-{SHORT}")).await?;
    Ok(())
}

/// Without a tenant id the walkthrough stops at its first step and says what to do.
async fn connect_needs_a_tenant_id(window: &AppWindow) -> Result<(), E2eError> {
    window.click(&format!("tenant-connect-{SHORT}")).await?;
    wait_state(window, "connect-step-method", "failed").await?;
    wait_containing(window, "connect-step-method-detail", "no Azure tenant ID").await?;
    assert!(!window.is_enabled("connect-start").await?);
    window.click("connect-close").await?;
    window.wait_gone("connect-dialog").await
}

/// Edit refuses a bad id with a field error, then takes the customer's real one.
async fn set_tenant_id(window: &AppWindow, customer: &DemoCustomer) -> Result<(), E2eError> {
    window.click(&format!("tenant-edit-{SHORT}")).await?;
    window.type_into("edit-azureTenantId", "not-a-guid").await?;
    window.click("tenant-edit-save").await?;
    wait_containing(window, "edit-error-azureTenantId", "GUID").await?;
    window
        .type_into("edit-azureTenantId", &customer.tenant_id)
        .await?;
    window
        .type_into("edit-adminDomain", &customer.initial_domain)
        .await?;
    window
        .save_screenshot(&artifacts_dir()?.join("tenant-edit.png"))
        .await?;
    window.click("tenant-edit-save").await?;
    window.wait_gone("tenant-edit-dialog").await
}

async fn connect_by_device_code(
    window: &AppWindow,
    estate: &Estate,
    customer: &DemoCustomer,
) -> Result<(), E2eError> {
    window.click(&format!("tenant-connect-{SHORT}")).await?;
    window.click("connect-method-deviceCode").await?;
    window
        .type_into("connect-client-id", &estate.app.client_id)
        .await?;
    window.click("connect-start").await?;
    wait_state(window, "connect-step-method", "done").await?;
    let code = window
        .wait_for("connect-device-code-user-code")
        .await?
        .text()
        .await?;
    let url = window
        .wait_for("connect-device-code-url")
        .await?
        .text()
        .await?;
    wait_containing(
        window,
        "connect-device-code-sandbox-admin",
        &customer.admin_upn,
    )
    .await?;
    assert_eq!(
        window
            .wait_for("connect-step-credentials")
            .await?
            .attr("data-state")
            .await?
            .as_deref(),
        Some("running")
    );
    window
        .save_screenshot(&artifacts_dir()?.join("tenant-connect-code.png"))
        .await?;

    approve_device_code(&url, code.trim(), &customer.admin_upn).await;

    wait_state(window, "connect-step-credentials", "done").await?;
    wait_state(window, "connect-step-verify", "done").await?;
    wait_state(window, "connect-step-replicate", "done").await?;
    wait_containing(window, "connect-step-replicate-detail", "users replicated").await?;
    window
        .save_screenshot(&artifacts_dir()?.join("tenant-connect-done.png"))
        .await?;
    window.click("connect-close").await?;
    window.wait_gone("connect-dialog").await
}

/// Security → Authentication: verifying the customer whose app lacks Skype for Business
/// Administrator names it and what it blocks.
async fn missing_role_is_named(window: &AppWindow, estate: &Estate) -> Result<(), E2eError> {
    let partial = switchboard_sandbox::demo::missing_role_customer(estate)
        .expect("a demo customer lacks a role");
    let name = &partial.short_name;
    window.click("nav-security").await?;
    window.click("security-tab-status").await?;
    window.click(&format!("auth-verify-{name}")).await?;
    wait_containing(
        window,
        &format!("auth-missing-{name}"),
        "Skype for Business Administrator: blocks daily replication",
    )
    .await?;
    window
        .save_screenshot(&artifacts_dir()?.join("security-missing-role.png"))
        .await
}

/// The sandbox replicates every demo customer at start; the table reloads after each run,
/// so the test acts once no row shows a run in progress.
async fn startup_replication_settled(window: &AppWindow) -> Result<(), E2eError> {
    let deadline = Instant::now() + STEP_TIMEOUT;
    while window.count_with_prefix("tenant-progress-").await? > 0 {
        assert!(
            Instant::now() < deadline,
            "the start-up replication never ended"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

/// Waits until the element's text contains `expected`.
async fn wait_containing(window: &AppWindow, testid: &str, expected: &str) -> Result<(), E2eError> {
    let element = window.wait_for(testid).await?;
    let deadline = Instant::now() + STEP_TIMEOUT;
    loop {
        let text = element.text().await?;
        if text.contains(expected) {
            return Ok(());
        }
        assert!(
            Instant::now() < deadline,
            "[{testid}] reads {text:?}, not {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until the checklist step `testid` reaches `expected`; any other end fails at once.
async fn wait_state(window: &AppWindow, testid: &str, expected: &str) -> Result<(), E2eError> {
    let step = window.wait_for(testid).await?;
    let deadline = Instant::now() + STEP_TIMEOUT;
    loop {
        let state = step.attr("data-state").await?;
        match state.as_deref() {
            Some(s) if s == expected => return Ok(()),
            Some("failed") => panic!("{testid} failed: {}", step.text().await?),
            _ => {}
        }
        assert!(
            Instant::now() < deadline,
            "{testid} stayed {state:?}, expected {expected}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
