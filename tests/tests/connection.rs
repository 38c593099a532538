//! The Security screen's Connection tab through the real window in sandbox mode: the
//! PowerShell check reports the sandbox's interpreter (`switchboard-pwsh` beside the
//! app) with its PowerShell and MicrosoftTeams versions, a missing PowerShell path and a
//! non-HTTP proxy are refused with their messages, and a proxy URL is saved.

use std::path::{Path, PathBuf};

use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};
use switchboard_sandbox::pwsh::{POWERSHELL_VERSION, TEAMS_MODULE_VERSION};

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn connection_tab_through_the_window() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    let interpreter = sandbox_interpreter(&settings.app);
    let launch = Launch::with_keychain(&settings)?;
    let window = launch.open(&[]).await?;
    let outcome = async {
        window.click("nav-security").await?;
        window.click("security-tab-connection").await?;
        powershell_check_reports_the_sandbox_interpreter(&window, &interpreter).await?;
        a_missing_powershell_path_is_refused(&window, launch.data_dir()).await?;
        proxy_is_validated_and_saved(&window).await
    }
    .await;
    window.finish("connection", outcome).await
}

/// The app looks for `switchboard-pwsh` next to its own executable, where the workspace
/// build (`cargo build --workspace --bins`, as `cargo xtask test` runs it) puts it.
fn sandbox_interpreter(app: &Path) -> PathBuf {
    let interpreter =
        app.with_file_name(format!("switchboard-pwsh{}", std::env::consts::EXE_SUFFIX));
    assert!(
        interpreter.is_file(),
        "{} is missing: build the workspace's binaries first",
        interpreter.display()
    );
    interpreter
}

async fn powershell_check_reports_the_sandbox_interpreter(
    window: &AppWindow,
    interpreter: &std::path::Path,
) -> Result<(), E2eError> {
    window.wait_for("powershell-report").await?;
    // The sandbox interpreter answers as PowerShell 7 with the MicrosoftTeams module.
    let host_line = format!("Other PowerShell host, version {POWERSHELL_VERSION}");
    window.wait_for_text("powershell-host", &host_line).await?;
    let path = window
        .wait_for("powershell-host-path")
        .await?
        .text()
        .await?;
    assert_eq!(path.trim(), interpreter.display().to_string());
    window
        .wait_for_text(
            "powershell-module",
            &format!("Installed, version {TEAMS_MODULE_VERSION}"),
        )
        .await?;
    // With the module present, the window counts PowerShell as ready for scripts.
    let ready = window
        .wait_for("powershell-report")
        .await?
        .attr("data-ready")
        .await?;
    assert_eq!(ready.as_deref(), Some("true"));
    for absent in [
        "powershell-module-problem",
        "powershell-install-command",
        "powershell-problem",
    ] {
        assert!(!window.is_present(absent).await?, "{absent} is shown");
    }
    window
        .save_screenshot(&artifacts_dir()?.join("connection-powershell.png"))
        .await?;
    // Checking again gives the same report.
    window.click("powershell-check-again").await?;
    window.wait_enabled("powershell-check-again").await?;
    window.wait_for_text("powershell-host", &host_line).await
}

async fn a_missing_powershell_path_is_refused(
    window: &AppWindow,
    data_dir: &std::path::Path,
) -> Result<(), E2eError> {
    let missing = data_dir.join("no-such-pwsh");
    window
        .type_into("powershell-path-input", &missing.display().to_string())
        .await?;
    window.click("powershell-path-save").await?;
    let error = window
        .wait_for("powershell-path-error")
        .await?
        .text()
        .await?;
    assert!(error.contains("There is no file at"), "{error}");
    // Still the sandbox's interpreter.
    let path = window
        .wait_for("powershell-host-path")
        .await?
        .text()
        .await?;
    assert!(path.contains("switchboard-pwsh"), "{path}");
    Ok(())
}

async fn proxy_is_validated_and_saved(window: &AppWindow) -> Result<(), E2eError> {
    window.click("proxy-mode-url").await?;
    window
        .type_into("proxy-url-input", "socks5://127.0.0.1:1080")
        .await?;
    let error = window.wait_for("proxy-url-error").await?.text().await?;
    assert!(error.contains("http:// or https://"), "{error}");
    assert!(!window.is_enabled("proxy-save").await?);
    window
        .type_into("proxy-url-input", "http://127.0.0.1:3128")
        .await?;
    window.wait_gone("proxy-url-error").await?;
    window.wait_enabled("proxy-save").await?;
    window
        .save_screenshot(&artifacts_dir()?.join("connection-proxy.png"))
        .await?;
    window.click("proxy-save").await?;
    window
        .wait_for_text(
            "toast",
            "Microsoft is now reached through http://127.0.0.1:3128.",
        )
        .await?;
    // Back to the system proxy, so that nothing else in the session is affected.
    window.wait_gone("toast").await?;
    window.click("proxy-mode-system").await?;
    window.click("proxy-save").await?;
    window
        .wait_for_text("toast", "The system proxy settings are used again.")
        .await
}
