//! Every screen at 1024×640, the window of a 1366×768 laptop at 125 % scaling (common on
//! engineers' Windows machines): each shown action button can be reached without resizing
//! (inside the window, not cut off sideways by a table or panel), and dialogs (the change
//! confirmation among them) fit.
//! A screenshot of each screen lands in `artifacts/layout-<screen>.png`.

use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};

const WIDTH: u32 = 1024;
const HEIGHT: u32 = 640;

/// A screen or tab: how to reach it, and what shows once it has loaded.
struct View {
    name: &'static str,
    clicks: &'static [&'static str],
    loaded: &'static [&'static str],
}

const VIEWS: &[View] = &[
    View {
        name: "tenants",
        clicks: &["nav-tenants"],
        loaded: &["tenants-table"],
    },
    View {
        name: "users",
        clicks: &["nav-users"],
        loaded: &["users-table", "users-empty"],
    },
    View {
        name: "voice-gateways",
        clicks: &["nav-voice", "voice-tab-gateways"],
        loaded: &["voice-gateways-table"],
    },
    View {
        name: "voice-routes",
        clicks: &["nav-voice", "voice-tab-routes"],
        loaded: &["voice-routes-table"],
    },
    View {
        name: "voice-lbr",
        clicks: &["nav-voice", "voice-tab-lbr"],
        loaded: &["voice-sites-table"],
    },
    View {
        name: "voice-simulator",
        clicks: &["nav-voice", "voice-tab-simulator"],
        loaded: &["voice-sim-run"],
    },
    View {
        name: "templates",
        clicks: &["nav-templates"],
        loaded: &["templates-table"],
    },
    View {
        name: "tasks",
        clicks: &["nav-tasks"],
        loaded: &["tasks-table", "tasks-empty"],
    },
    View {
        name: "tasks-audit",
        clicks: &["nav-tasks", "tasks-tab-audit"],
        loaded: &["audit-table", "audit-empty"],
    },
    View {
        name: "sbcs",
        clicks: &["nav-sbcs"],
        loaded: &["sbcs-table"],
    },
    View {
        name: "security-status",
        clicks: &["nav-security", "security-tab-status"],
        loaded: &["auth-table"],
    },
    View {
        name: "security-registrations",
        clicks: &["nav-security", "security-tab-registrations"],
        loaded: &["appreg-table"],
    },
    View {
        name: "security-invitations",
        clicks: &["nav-security", "security-tab-invitations"],
        loaded: &["invitations-table", "invitations-empty"],
    },
    View {
        name: "security-connection",
        clicks: &["nav-security", "security-tab-connection"],
        loaded: &["powershell-report"],
    },
    View {
        name: "settings",
        clicks: &["nav-settings"],
        loaded: &["settings-screen"],
    },
];

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn every_screen_fits_a_laptop_window() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    let launch = Launch::with_keychain(&settings)?;
    let window = launch.open(&[]).await?;
    let outcome = async {
        window.set_size(WIDTH, HEIGHT).await?;
        let mut problems = Vec::new();
        for view in VIEWS {
            for click in view.clicks {
                window.click(click).await?;
            }
            window.wait_for_any(view.loaded).await?;
            shoot(&window, view.name).await?;
            problems.extend(
                window
                    .unreachable_buttons()
                    .await?
                    .into_iter()
                    .map(|button| format!("{}: {button}", view.name)),
            );
        }
        window.click("nav-tenants").await?;
        window.click("tenant-add").await?;
        dialog_fits(&window, "tenant-panel", &mut problems).await?;
        window.click("tenant-cancel").await?;
        window.wait_gone("tenant-panel").await?;
        dial_plan_dialog_fits(&window, &mut problems).await?;
        window.click("about-open").await?;
        dialog_fits(&window, "about-dialog", &mut problems).await?;
        change_confirmation_fits(&window, &mut problems).await?;
        Ok(problems)
    }
    .await;
    let problems = match outcome {
        Ok(problems) => problems,
        Err(error) => return window.finish("layout", Err(error)).await,
    };
    window.finish("layout", Ok(())).await?;
    assert!(
        problems.is_empty(),
        "{} buttons cannot be reached in a {WIDTH}×{HEIGHT} window:\n{}",
        problems.len(),
        problems.join("\n")
    );
    Ok(())
}

async fn dialog_fits(
    window: &AppWindow,
    testid: &str,
    problems: &mut Vec<String>,
) -> Result<(), E2eError> {
    window.wait_for(testid).await?;
    shoot(window, testid).await?;
    if !window.fits_viewport(testid).await? {
        problems.push(format!("{testid} does not fit the window"));
    }
    problems.extend(
        window
            .unreachable_buttons()
            .await?
            .into_iter()
            .map(|button| format!("{testid}: {button}")),
    );
    Ok(())
}

/// The Voice routing screen's largest dialog: a dial plan with a few rules and the tester.
async fn dial_plan_dialog_fits(
    window: &AppWindow,
    problems: &mut Vec<String>,
) -> Result<(), E2eError> {
    window.click("nav-voice").await?;
    window.click("voice-tab-dialPlans").await?;
    window.click("voice-dialplan-add").await?;
    for _ in 0..3 {
        window.click("voice-rule-add").await?;
    }
    dialog_fits(window, "voice-dialplan-dialog", problems).await?;
    window.click("voice-dialog-cancel").await?;
    window.wait_gone("voice-dialplan-dialog").await
}

/// The confirmation every change goes through, on a demo SBC's script; cancelling it
/// throws the draft away.
async fn change_confirmation_fits(
    window: &AppWindow,
    problems: &mut Vec<String>,
) -> Result<(), E2eError> {
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    window.click("about-dialog-close").await?;
    window.wait_gone("about-dialog").await?;
    window.click("nav-sbcs").await?;
    window
        .click(&format!("sbc-open-{}", estate.sbcs[0].name))
        .await?;
    window.click("sbc-tab-script").await?;
    // WebDriver types a line break as the Enter key.
    window
        .type_into("sbc-script-input", "configure voip\u{E007}exit")
        .await?;
    window.click("sbc-script-run").await?;
    dialog_fits(window, "change-confirmation", problems).await?;
    window.click("change-cancel").await?;
    window.wait_gone("change-confirmation").await
}

async fn shoot(window: &AppWindow, name: &str) -> Result<(), E2eError> {
    window
        .save_screenshot(&artifacts_dir()?.join(format!("layout-{name}.png")))
        .await
}
