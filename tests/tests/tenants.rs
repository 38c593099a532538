//! The Tenants screen through the real window: add, reject bad short names, persist across
//! a restart, delete; and the About box names the data folder the app was started on.
//! One test, so only one app runs at a time.

use switchboard_app::{AppConfig, DataPaths, Mode};
use switchboard_domain::ShortName;
use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};

const SHORT: &str = "contoso";
const ROW: &str = "tenant-row-contoso";
const ROW_PREFIX: &str = "tenant-row-";

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn tenants_through_the_window() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    // Dropped also when an assertion below fails: stops tauri-driver, the native driver
    // and the app before the data folder goes.
    let launch = Launch::start(&settings)?;

    // Live mode: an empty cache and no emulators, so the list holds only what the test adds.
    let window = launch.open(LIVE).await?;
    let first_run = async {
        open_tenants(&window).await?;
        add_contoso(&window).await?;
        bad_short_names_are_refused(&window).await?;
        window
            .save_screenshot(&artifacts_dir()?.join("tenants.png"))
            .await?;
        about_shows_the_data_folder(&window, &live_world(&launch)).await
    };
    let outcome = first_run.await;
    window.finish("tenants", outcome).await?;

    let window = launch.open(LIVE).await?;
    let second_run = async {
        open_tenants(&window).await?;
        window.wait_for(ROW).await?;
        assert_eq!(
            window.count_with_prefix(ROW_PREFIX).await?,
            1,
            "only contoso was saved"
        );
        delete_contoso(&window).await
    };
    let outcome = second_run.await;
    window.finish("tenants", outcome).await?;

    assert_cache_exists(&live_world(&launch));

    // A data folder that cannot exist (below a file): the window still opens and says why.
    let blocker = launch.data_dir().join("blocker");
    std::fs::write(&blocker, b"a file, not a folder")?;
    let window = launch.open_in(&blocker.join("data"), LIVE).await?;
    let outcome = startup_error_is_shown(&window).await;
    window.finish("tenants", outcome).await?;

    // The default start: sandbox mode with the generated demo customers.
    let sandbox_dir = tempfile::tempdir()?;
    let window = launch.open_in(sandbox_dir.path(), &[]).await?;
    let outcome = async {
        demo_customers_are_listed(&window).await?;
        demo_sbcs_connect(&window).await
    }
    .await;
    window.finish("tenants", outcome).await?;
    Ok(())
}

const LIVE: &[&str] = &["--live"];

/// A new user's first start: the Sandbox badge and every demo customer the generator
/// made for the app's default estate, found through the search box.
async fn demo_customers_are_listed(window: &AppWindow) -> Result<(), E2eError> {
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    // The badge is styled in capitals, and WebDriver reads text as rendered.
    let badge = window.wait_for("mode-badge").await?.text().await?;
    assert!(
        badge.trim().eq_ignore_ascii_case("sandbox"),
        "the mode badge reads {badge:?}"
    );
    let first_row = format!("{ROW_PREFIX}{}", estate.customers[0].short_name);
    window.wait_for(&first_row).await?;
    let last = &estate.customers[estate.customers.len() - 1];
    window.type_into("tenant-search", &last.short_name).await?;
    // The search has applied once the other customers are filtered out.
    window.wait_gone(&first_row).await?;
    window
        .wait_for(&format!("{ROW_PREFIX}{}", last.short_name))
        .await?;
    assert_eq!(
        window.count_with_prefix(ROW_PREFIX).await?,
        1,
        "the search finds exactly one customer"
    );
    window
        .save_screenshot(&artifacts_dir()?.join("sandbox-tenants.png"))
        .await
}

/// The About box, in the smallest window it must fit (1024×640): it names the data folder
/// this launch made, and Escape closes it.
async fn about_shows_the_data_folder(
    window: &AppWindow,
    world: &DataPaths,
) -> Result<(), E2eError> {
    window.set_size(1024, 640).await?;
    // The "customer added" toast sits over the bottom of the navigation, where About is.
    window.wait_gone("toast").await?;
    window.click("about-open").await?;
    window.wait_for("about-dialog").await?;
    window
        .wait_for_text("about-path-dataDir", &world.data_dir.display().to_string())
        .await?;
    window
        .wait_for_text(
            "about-path-cacheFile",
            &world.cache_file.display().to_string(),
        )
        .await?;
    window.wait_for_text("about-mode", "Live").await?;
    assert!(
        window.fits_viewport("about-dialog").await?,
        "the About box should fit a 1024×640 window"
    );
    window
        .save_screenshot(&artifacts_dir()?.join("about.png"))
        .await?;
    // Escape reaches the dialog from its focused Close button.
    window.append_keys("about-close", "\u{E00C}").await?;
    window.wait_gone("about-dialog").await?;
    Ok(())
}

async fn startup_error_is_shown(window: &AppWindow) -> Result<(), E2eError> {
    let message = window
        .wait_for("error-banner-message")
        .await?
        .text()
        .await?;
    assert!(
        message.contains("cannot create its data folder"),
        "the banner should explain the start-up failure, it says {message:?}"
    );
    Ok(())
}

async fn open_tenants(window: &AppWindow) -> Result<(), E2eError> {
    window.click("nav-tenants").await?;
    window.wait_for("screen-tenants").await?;
    Ok(())
}

async fn add_contoso(window: &AppWindow) -> Result<(), E2eError> {
    window.click("tenant-add").await?;
    window.type_into("field-shortName", SHORT).await?;
    window.type_into("field-fullName", "Contoso Ltd").await?;
    window
        .select_value("field-licenceType", "hostedPro")
        .await?;
    window.type_into("field-licensedUsers", "120").await?;
    window.wait_enabled("tenant-save").await?;
    window.click("tenant-save").await?;
    window.wait_for(ROW).await?;
    window.wait_gone("tenant-panel").await?;
    Ok(())
}

/// Each bad short name shows the domain's own message under the field, and the form
/// cannot be saved; cancelling leaves the list as it was.
async fn bad_short_names_are_refused(window: &AppWindow) -> Result<(), E2eError> {
    window.click("tenant-add").await?;
    window.type_into("field-fullName", "Fabrikam Inc").await?;
    for bad in ["fab.rikam", "fabrikamfabrika1"] {
        let expected = match ShortName::parse(bad) {
            Err(e) => e.message,
            Ok(_) => panic!("{bad:?} should be an invalid short name"),
        };
        window.type_into("field-shortName", bad).await?;
        window.wait_for_text("error-shortName", &expected).await?;
        assert!(
            !window.is_enabled("tenant-save").await?,
            "save must be disabled for {bad:?}"
        );
    }
    // The × rather than Cancel: the "customer added" toast can still cover the footer.
    window.click("tenant-panel-close").await?;
    window.wait_gone("tenant-panel").await?;
    assert_eq!(
        window.count_with_prefix(ROW_PREFIX).await?,
        1,
        "nothing new was saved"
    );
    Ok(())
}

async fn delete_contoso(window: &AppWindow) -> Result<(), E2eError> {
    window.click("tenant-delete-contoso").await?;
    window.wait_for("delete-dialog").await?;
    window.click("confirm-delete").await?;
    window.wait_gone(ROW).await?;
    // Live mode with no customer left: the first-start greeting again.
    window.wait_for("tenants-greeting").await?;
    Ok(())
}

/// The live world's files inside the data folder this launch made.
fn live_world(launch: &Launch) -> DataPaths {
    AppConfig::new(launch.data_dir(), Mode::Live).paths()
}

/// The app really used the data folder it was given.
fn assert_cache_exists(world: &DataPaths) {
    assert!(
        world.cache_file.is_file(),
        "{} should exist",
        world.cache_file.display()
    );
}

/// The SBCs screen lists the demo SBCs, and "Test connection" reaches the first emulated
/// SBC through the real client (pinned certificate, stored or emulator credentials).
async fn demo_sbcs_connect(window: &AppWindow) -> Result<(), E2eError> {
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    window.click("nav-sbcs").await?;
    window.wait_for("screen-sbcs").await?;
    for sbc in &estate.sbcs {
        window.wait_for(&format!("sbc-row-{}", sbc.name)).await?;
    }
    assert_eq!(
        window.count_with_prefix("sbc-row-").await?,
        estate.sbcs.len(),
        "exactly the demo SBCs"
    );
    let first = &estate
        .sbcs
        .first()
        .expect("the default estate has SBCs")
        .name;
    // Opening the list checks every SBC in the background; "Test connection" asks again.
    window
        .wait_for_text(&format!("sbc-status-{first}"), "Connected")
        .await?;
    window.click(&format!("sbc-test-{first}")).await?;
    window
        .wait_for_text(&format!("sbc-status-{first}"), "Connected")
        .await?;
    window
        .wait_for_text(&format!("sbc-checked-{first}"), "just now")
        .await?;
    window
        .save_screenshot(&artifacts_dir()?.join("sbcs.png"))
        .await
}
