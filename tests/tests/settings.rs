//! Settings through the real window: the world (sandbox or live) is chosen in the app, the
//! header always says which one is open, switching reopens the backend without restarting
//! the process, and the choice is remembered for the next start.

use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};

const ROW_PREFIX: &str = "tenant-row-";

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn the_world_is_chosen_in_settings_and_remembered() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    let launch = Launch::start(&settings)?;
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    let first_demo_row = format!("{ROW_PREFIX}{}", estate.customers[0].short_name);

    // First start, no flags: the sandbox with its demo customers.
    let window = launch.open(&[]).await?;
    let outcome = async {
        window.wait_for(&first_demo_row).await?;
        // The badge is styled in capitals, and WebDriver reads text as rendered.
        window.wait_for_text("mode-badge", "SANDBOX").await?;
        switch_to_live(&window).await?;
        // The live world is empty (it greets the engineer): no demo customer followed there.
        window.click("nav-tenants").await?;
        window.wait_for("tenants-greeting").await?;
        assert_eq!(window.count_with_prefix(ROW_PREFIX).await?, 0);
        Ok(())
    }
    .await;
    window.finish("settings", outcome).await?;

    // The next start, still without flags, opens the world chosen last.
    let window = launch.open(&[]).await?;
    let outcome = async {
        window.wait_for_text("mode-badge", "LIVE").await?;
        window.wait_for("tenants-greeting").await?;
        a_second_start_steps_aside(&settings, &launch).await?;
        window.wait_for_text("mode-badge", "LIVE").await?;
        back_to_the_sandbox(&window).await?;
        window.wait_for(&first_demo_row).await?;
        Ok(())
    }
    .await;
    window.finish("settings", outcome).await
}

/// Starting Switchboard again on the same data folder (a second click in the Start menu)
/// brings the running window forward and ends at once, instead of a second process
/// writing the same cache.
async fn a_second_start_steps_aside(
    settings: &E2eSettings,
    launch: &Launch,
) -> Result<(), E2eError> {
    let mut second = tokio::process::Command::new(&settings.app)
        .arg("--data-dir")
        .arg(launch.data_dir())
        .kill_on_drop(true)
        .spawn()?;
    // A guard against a hang, not a measurement: the second start needs well under a second.
    let status = tokio::time::timeout(std::time::Duration::from_secs(60), second.wait())
        .await
        .map_err(|_| std::io::Error::other("the second start did not end"))??;
    assert!(status.success(), "the second start ended with {status}");
    Ok(())
}

/// From the header badge to Settings, where the choice and its effect are stated before
/// saving; saving reloads the screens in the other world.
async fn switch_to_live(window: &AppWindow) -> Result<(), E2eError> {
    window.set_size(1024, 640).await?;
    window.click("mode-badge").await?;
    window.wait_for("settings-screen").await?;
    let folder = window.wait_for("settings-world-dir").await?.text().await?;
    assert!(
        folder.ends_with("sandbox"),
        "the sandbox world's folder, not {folder:?}"
    );
    assert!(
        !window.is_enabled("settings-save").await?,
        "nothing to save yet"
    );
    window.click("settings-mode-live").await?;
    window.wait_for("settings-effect").await?;
    window
        .save_screenshot(&artifacts_dir()?.join("settings-switch.png"))
        .await?;
    assert!(
        window.unreachable_buttons().await?.is_empty(),
        "every Settings button is reachable at 1024×640"
    );
    window.click("settings-save").await?;
    // The page reloads on the Tenants screen, now in the live world.
    window.wait_gone("settings-screen").await?;
    window.wait_for_text("mode-badge", "LIVE").await?;
    Ok(())
}

/// A bad cycle is refused on the spot; a good one is saved with the switch.
async fn back_to_the_sandbox(window: &AppWindow) -> Result<(), E2eError> {
    window.click("nav-settings").await?;
    window.wait_for("settings-screen").await?;
    window.click("settings-mode-sandbox").await?;
    window.type_into("settings-cycle", "0").await?;
    window.wait_for("settings-cycle-error").await?;
    assert!(
        !window.is_enabled("settings-save").await?,
        "a bad cycle cannot be saved"
    );
    window.type_into("settings-cycle", "15").await?;
    window.wait_gone("settings-cycle-error").await?;
    window.click("settings-save").await?;
    window.wait_gone("settings-screen").await?;
    window.wait_for_text("mode-badge", "SANDBOX").await?;
    window.click("nav-settings").await?;
    let cycle = window
        .wait_for("settings-cycle")
        .await?
        .prop("value")
        .await?;
    assert_eq!(cycle.as_deref(), Some("15"), "the cycle was saved");
    window.click("nav-tenants").await?;
    Ok(())
}
