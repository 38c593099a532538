//! The SBC screens through the real window, in sandbox mode: add an SBC through the form
//! pointing at a demo SBC emulator, trust its certificate and connect; read its prefixes;
//! run a script through the change confirmation: one with an unknown command (the task
//! fails, naming the line) and a good one that adds a customer's dial plan rule; import that customer (created once, not offered
//! again); the demo SBC lists its customers' sites; the second demo SBC counts its demo
//! alarms and shows each one. Opening the list checks every SBC in the background, and
//! after a restart on the same data folder (the emulators move to new ports, so the added
//! SBC's address is dead) the list shows its last known counts, marked unreachable. One
//! test, so only one app runs at a time.

use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};

const ADDED: &str = "edge-e2e";
const NEW_CUSTOMER: &str = "Quillfield";

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn sbc_screens_through_the_window() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    // The added SBC's password goes to the keychain.
    let launch = Launch::with_keychain(&settings)?;
    // No flag: the default start, sandbox mode with the demo estate and its SBC emulators.
    let window = launch.open(&[]).await?;
    let outcome = async {
        the_list_checks_every_sbc_in_the_background(&window).await?;
        plain_http_needs_a_confirmation_for_the_host(&window).await?;
        add_sbc_for_the_first_emulator(&window).await?;
        read_prefixes(&window).await?;
        refused_script_shows_its_line(&window).await?;
        good_script_is_applied(&window).await?;
        import_creates_the_customer_once(&window).await?;
        demo_sbc_shows_its_sites(&window).await?;
        second_demo_sbc_shows_its_alarms(&window).await?;
        added_sbc_counts(&window).await
    }
    .await;
    let counts = match outcome {
        Ok(counts) => {
            window.finish("sbcs", Ok(())).await?;
            counts
        }
        Err(error) => return window.finish("sbcs", Err(error)).await,
    };
    let window = launch.open(&[]).await?;
    let outcome = last_known_counts_after_a_restart(&window, &counts).await;
    window.finish("sbcs-restart", outcome).await
}

fn demo_sbcs() -> Vec<switchboard_sandbox::demo::DemoSbc> {
    switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates")
        .sbcs
}

/// Nothing is clicked: opening the list checks each SBC, and its status, counts and the
/// time they were read arrive while the list is shown.
async fn the_list_checks_every_sbc_in_the_background(window: &AppWindow) -> Result<(), E2eError> {
    let demos = demo_sbcs();
    window.click("nav-sbcs").await?;
    window.wait_for("sbcs-table").await?;
    for demo in &demos {
        window
            .wait_for_text(&format!("sbc-status-{}", demo.name), "Connected")
            .await?;
        window
            .wait_for_text(&format!("sbc-counts-age-{}", demo.name), "read just now")
            .await?;
    }
    window
        .wait_for_text(
            &format!("sbc-alarms-{}", demos[1].name),
            &demos[1].alarms.len().to_string(),
        )
        .await?;
    window.wait_gone("sbcs-checking").await?;
    window
        .save_screenshot(&shot("sbcs-background-status.png")?)
        .await
}

/// Plain HTTP to an address off this machine is refused on save until the user allows it
/// for that host; editing the host takes the permission back. Nothing is saved here.
async fn plain_http_needs_a_confirmation_for_the_host(window: &AppWindow) -> Result<(), E2eError> {
    window.click("sbc-add").await?;
    window.wait_for("sbc-panel").await?;
    window.type_into("sbc-field-name", "edge-plain").await?;
    window.type_into("sbc-field-host", "192.0.2.10").await?;
    window.type_into("sbc-field-adminUser", "Admin").await?;
    window.type_into("sbc-field-password", "not-sent").await?;
    window.click("sbc-field-https").await?;
    window.click("sbc-save").await?;
    let refusal = window.wait_for("sbc-error-https").await?.text().await?;
    assert!(
        refusal.contains("unencrypted") && refusal.contains("192.0.2.10"),
        "{refusal}"
    );
    window.click("sbc-field-plainHttpConfirmed").await?;
    assert!(
        window
            .wait_for("sbc-field-plainHttpConfirmed")
            .await?
            .is_selected()
            .await?
    );
    window
        .save_screenshot(&shot("sbc-plain-http-confirmation.png")?)
        .await?;
    window.append_keys("sbc-field-host", "1").await?;
    assert!(
        !window
            .wait_for("sbc-field-plainHttpConfirmed")
            .await?
            .is_selected()
            .await?,
        "another host needs its own confirmation"
    );
    window.click("sbc-cancel").await?;
    window.wait_gone("sbc-panel").await?;
    assert!(!window.is_present("sbc-row-edge-plain").await?);
    Ok(())
}

/// The added SBC's SIP users and alarms once the list's background check has read them.
async fn added_sbc_counts(window: &AppWindow) -> Result<(String, String), E2eError> {
    window.click("nav-sbcs").await?;
    window.wait_for("sbcs-table").await?;
    window
        .wait_for_text(&format!("sbc-status-{ADDED}"), "Connected")
        .await?;
    window.wait_gone("sbcs-checking").await?;
    let text = |testid: String| async move {
        Ok::<_, E2eError>(
            window
                .wait_for(&testid)
                .await?
                .text()
                .await?
                .trim()
                .to_owned(),
        )
    };
    Ok((
        text(format!("sbc-sip-users-{ADDED}")).await?,
        text(format!("sbc-alarms-{ADDED}")).await?,
    ))
}

/// After a restart the added SBC cannot be reached: its last counts stay, with the time
/// they were read, marked unreachable.
async fn last_known_counts_after_a_restart(
    window: &AppWindow,
    (sip_users, alarms): &(String, String),
) -> Result<(), E2eError> {
    window.click("nav-sbcs").await?;
    window.wait_for("sbcs-table").await?;
    window
        .wait_for_text(&format!("sbc-status-{ADDED}"), "Failed")
        .await?;
    window
        .wait_for_text(&format!("sbc-counts-stale-{ADDED}"), "unreachable")
        .await?;
    window
        .wait_for_text(&format!("sbc-sip-users-{ADDED}"), sip_users)
        .await?;
    window
        .wait_for_text(&format!("sbc-alarms-{ADDED}"), alarms)
        .await?;
    let age = window
        .wait_for(&format!("sbc-counts-age-{ADDED}"))
        .await?
        .text()
        .await?;
    assert!(age.trim().starts_with("read "), "the counts' age: {age:?}");
    // The demo SBCs moved with their emulators and answer again.
    for demo in demo_sbcs() {
        window
            .wait_for_text(&format!("sbc-status-{}", demo.name), "Connected")
            .await?;
    }
    window
        .save_screenshot(&shot("sbcs-restart-last-known.png")?)
        .await
}

fn shot(name: &str) -> std::io::Result<std::path::PathBuf> {
    Ok(artifacts_dir()?.join(name))
}

/// The demo SBC's management address as the list shows it: `127.0.0.1:<port>`.
async fn emulator_address(window: &AppWindow, demo: &str) -> Result<(String, String), E2eError> {
    let text = window
        .wait_for(&format!("sbc-address-{demo}"))
        .await?
        .text()
        .await?;
    let (host, port) = text
        .trim()
        .rsplit_once(':')
        .unwrap_or_else(|| panic!("the demo SBC's address has no port: {text:?}"));
    Ok((host.to_owned(), port.to_owned()))
}

async fn add_sbc_for_the_first_emulator(window: &AppWindow) -> Result<(), E2eError> {
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    let demo = &estate.sbcs[0];
    window.click("nav-sbcs").await?;
    window.wait_for("screen-sbcs").await?;
    let (host, port) = emulator_address(window, &demo.name).await?;

    window.click("sbc-add").await?;
    window.wait_for("sbc-panel").await?;
    window.type_into("sbc-field-name", ADDED).await?;
    window.type_into("sbc-field-host", &host).await?;
    window.type_into("sbc-field-port", &port).await?;
    window
        .type_into("sbc-field-adminUser", &demo.admin_user)
        .await?;
    window
        .type_into("sbc-field-password", &demo.admin_password)
        .await?;
    window.click("sbc-save").await?;
    window.wait_gone("sbc-panel").await?;
    window
        .wait_for_text(&format!("sbc-status-{ADDED}"), "Not checked")
        .await?;

    // The emulator's certificate is self-signed: the first test offers its fingerprint.
    window.click(&format!("sbc-test-{ADDED}")).await?;
    window.wait_for("sbc-trust-dialog").await?;
    window.click("sbc-trust-confirm").await?;
    window
        .wait_for_text(&format!("sbc-status-{ADDED}"), "Connected")
        .await?;
    window
        .wait_for_text(&format!("sbc-sip-users-{ADDED}"), "0")
        .await?;
    window
        .wait_for_text(&format!("sbc-alarms-{ADDED}"), "0")
        .await?;
    window.save_screenshot(&shot("sbcs-added.png")?).await
}

async fn read_prefixes(window: &AppWindow) -> Result<(), E2eError> {
    window.click(&format!("sbc-open-{ADDED}")).await?;
    window.wait_for_text("sbc-detail-name", ADDED).await?;
    // A new SBC carries no site yet.
    window.wait_for("sbc-sites-empty").await?;
    window.click("sbc-tab-prefixes").await?;
    window.wait_for("sbc-prefixes-table").await?;
    let rules = window.count_with_prefix("sbc-prefix-row").await?;
    assert!(rules > 0, "the demo SBC's dial plan rules are listed");
    window.save_screenshot(&shot("sbcs-prefixes.png")?).await
}

/// Runs the script through the change confirmation (saving afterwards, the default) and
/// returns how it ended; the dialog stays open for the caller to read.
async fn run_script(window: &AppWindow, script: &str) -> Result<String, E2eError> {
    window.click("sbc-tab-script").await?;
    // WebDriver types a line break as the Enter key.
    let keys = script.replace('\n', "\u{E007}");
    window.type_into("sbc-script-input", &keys).await?;
    window.click("sbc-script-run").await?;
    window.wait_for("change-confirmation").await?;
    Ok(window.confirm_change().await?.outcome)
}

async fn refused_script_shows_its_line(window: &AppWindow) -> Result<(), E2eError> {
    let outcome = run_script(window, "configure voip\n frobnicate now\nexit").await?;
    assert_eq!(outcome, "failed");
    let error = window.wait_for("change-error-0").await?.text().await?;
    assert!(
        error.contains("line 2") && error.contains("frobnicate now"),
        "the refusal names the line: {error:?}"
    );
    window
        .save_screenshot(&shot("sbcs-script-rejected.png")?)
        .await?;
    window.close_change().await
}

async fn good_script_is_applied(window: &AppWindow) -> Result<(), E2eError> {
    let script = format!(
        "configure voip\n sbc dial-plan where name \"CustDialPlan\"\n  dial-plan-rule new\n   name \"{NEW_CUSTOMER}\"\n   prefix \"+44207946[100-199]\"\n   tag \"Trunk=gw.quillfield.example\"\n  exit\n exit\nexit"
    );
    let outcome = run_script(window, &script).await?;
    assert_eq!(outcome, "succeeded");
    window
        .save_screenshot(&shot("sbcs-script-applied.png")?)
        .await?;
    window.close_change().await?;

    // Read back: the new rule is on the device.
    window.click("sbc-tab-prefixes").await?;
    window.click("sbc-prefixes-refresh").await?;
    window.wait_enabled("sbc-prefixes-refresh").await?;
    window
        .type_into("sbc-prefixes-search", NEW_CUSTOMER)
        .await?;
    window
        .wait_for_text(
            "sbc-prefixes-count",
            &format!("1 of {} rules", total_rules(window).await?),
        )
        .await?;
    Ok(())
}

/// M in the prefixes count "N of M rules".
async fn total_rules(window: &AppWindow) -> Result<String, E2eError> {
    let text = window.wait_for("sbc-prefixes-count").await?.text().await?;
    Ok(text
        .split_whitespace()
        .nth(2)
        .unwrap_or_default()
        .to_owned())
}

async fn import_creates_the_customer_once(window: &AppWindow) -> Result<(), E2eError> {
    let row = format!("sbc-import-row-{NEW_CUSTOMER}");
    window.click("sbc-tab-import").await?;
    window.wait_for(&row).await?;
    // The demo customers on the same device are known already: only the new one is offered.
    assert_eq!(window.count_with_prefix("sbc-import-row-").await?, 1);
    window
        .click(&format!("sbc-import-check-{NEW_CUSTOMER}"))
        .await?;
    window.save_screenshot(&shot("sbcs-import.png")?).await?;
    window.click("sbc-import-submit").await?;
    window
        .wait_for_text("sbc-import-result", &format!("Created {NEW_CUSTOMER}."))
        .await?;
    window.wait_for("sbc-import-empty").await?;
    // A second look at the device does not offer it again.
    window.click("sbc-import-reload").await?;
    window.wait_for("sbc-import-empty").await?;
    assert!(
        !window.is_present(&row).await?,
        "offered again after import"
    );
    window.save_screenshot(&shot("sbcs-imported.png")?).await?;

    // Exactly one customer of that name exists.
    window.click("nav-tenants").await?;
    window.type_into("tenant-search", NEW_CUSTOMER).await?;
    window
        .wait_for(&format!("tenant-row-{NEW_CUSTOMER}"))
        .await?;
    // The search is debounced: wait for the list to narrow down.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut rows = window.count_with_prefix("tenant-row-").await?;
    while rows != 1 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        rows = window.count_with_prefix("tenant-row-").await?;
    }
    assert_eq!(rows, 1, "one customer named {NEW_CUSTOMER}");
    window
        .save_screenshot(&shot("sbcs-imported-tenant.png")?)
        .await
}

async fn demo_sbc_shows_its_sites(window: &AppWindow) -> Result<(), E2eError> {
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    let demo = &estate.sbcs[0];
    let homed: Vec<_> = estate
        .customers
        .iter()
        .filter(|customer| customer.site.sbc == 0)
        .collect();
    window.click("nav-sbcs").await?;
    window.click(&format!("sbc-open-{}", demo.name)).await?;
    window.wait_for_text("sbc-detail-name", &demo.name).await?;
    window.wait_for("sbc-sites-table").await?;
    for customer in &homed {
        window
            .wait_for(&format!("sbc-site-row-{}", customer.site.name))
            .await?;
    }
    window.save_screenshot(&shot("sbcs-sites.png")?).await
}

async fn second_demo_sbc_shows_its_alarms(window: &AppWindow) -> Result<(), E2eError> {
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    let demo = &estate.sbcs[1];
    assert!(!demo.alarms.is_empty(), "the second demo SBC has alarms");
    // From the first demo SBC's detail view, the SBCs nav item leads back to the list,
    // which still shows what the added SBC's check counted.
    window.click("nav-sbcs").await?;
    window.wait_for("sbcs-table").await?;
    window
        .wait_for_text(&format!("sbc-alarms-{ADDED}"), "0")
        .await?;

    // "Test connection" asks the device again now.
    window.click(&format!("sbc-test-{}", demo.name)).await?;
    window
        .wait_for_text(&format!("sbc-status-{}", demo.name), "Connected")
        .await?;
    window
        .wait_for_text(
            &format!("sbc-alarms-{}", demo.name),
            &demo.alarms.len().to_string(),
        )
        .await?;
    window
        .save_screenshot(&shot("sbcs-alarm-count.png")?)
        .await?;

    window.click(&format!("sbc-open-{}", demo.name)).await?;
    window.wait_for_text("sbc-detail-name", &demo.name).await?;
    window
        .wait_for_text(
            "sbc-detail-alarm-count",
            &format!("{} active alarms", demo.alarms.len()),
        )
        .await?;
    window.click("sbc-tab-alarms").await?;
    window.wait_for("sbc-alarms-table").await?;
    assert_eq!(
        window.count_with_prefix("sbc-alarm-row-").await?,
        demo.alarms.len()
    );
    // A freshly started device numbers its alarms from 1 in the order it raised them,
    // which is the estate's order.
    for (id, alarm) in (1..).zip(&demo.alarms) {
        window
            .wait_for_text(&format!("sbc-alarm-description-{id}"), &alarm.description)
            .await?;
        let severity = window
            .wait_for(&format!("sbc-alarm-severity-{id}"))
            .await?
            .text()
            .await?;
        let expected = serde_json::to_value(alarm.severity).expect("a severity word");
        assert!(
            expected
                .as_str()
                .is_some_and(|word| severity.trim().eq_ignore_ascii_case(word)),
            "alarm {id} reads {severity:?}, expected {expected}"
        );
    }
    window.save_screenshot(&shot("sbc-alarms.png")?).await
}
