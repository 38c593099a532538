//! What the environment tells the tests: whether they can run, and which binary to drive.

use std::path::PathBuf;

/// Set (to anything) where the end-to-end tests may run (beside `--ignored`).
pub const E2E_ENV: &str = "SWITCHBOARD_E2E";
/// Absolute path of the built app; defaults to `<workspace>/target/debug/switchboard`.
pub const APP_ENV: &str = "SWITCHBOARD_APP";
/// The `tauri-driver` executable; defaults to the one on `PATH`.
pub const DRIVER_ENV: &str = "TAURI_DRIVER";

pub struct E2eSettings {
    pub app: PathBuf,
    pub tauri_driver: PathBuf,
}

impl E2eSettings {
    /// `Err(reason)` when the end-to-end tests cannot run in this environment.
    pub fn from_env() -> Result<E2eSettings, String> {
        if std::env::var_os(E2E_ENV).is_none() {
            return Err(format!(
                "{E2E_ENV} is not set; build the app and run `cargo xtask test` (or set \
                 {E2E_ENV}=1 and {APP_ENV}=<path> and run under `xvfb-run -a`)."
            ));
        }
        if cfg!(target_os = "linux")
            && std::env::var_os("DISPLAY").is_none()
            && std::env::var_os("WAYLAND_DISPLAY").is_none()
        {
            return Err(
                "there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set); \
                 run under `xvfb-run -a`, as `cargo xtask test` does."
                    .to_string(),
            );
        }
        let app = std::env::var_os(APP_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_dir().join("target/debug").join(app_file_name()));
        if !app.is_file() {
            return Err(format!(
                "the app binary {} does not exist; run `cargo build -p switchboard` first",
                app.display()
            ));
        }
        let tauri_driver = std::env::var_os(DRIVER_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("tauri-driver"));
        Ok(E2eSettings { app, tauri_driver })
    }

    /// The settings for a test that was asked to run. The end-to-end tests are
    /// `#[ignore]`d, so a plain `cargo test` lists them as ignored and only `--ignored` (as
    /// `cargo xtask test` passes) runs them; run here without what they need, they fail
    /// with the reason instead of passing without having run.
    pub fn required() -> E2eSettings {
        Self::from_env().unwrap_or_else(|reason| {
            panic!("the end-to-end tests were asked to run but cannot run here: {reason}")
        })
    }
}

fn app_file_name() -> String {
    format!("switchboard{}", std::env::consts::EXE_SUFFIX)
}

fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// `<workspace>/artifacts`, created if missing: screenshots land here for review.
pub fn artifacts_dir() -> std::io::Result<PathBuf> {
    let dir = workspace_dir().join("artifacts");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
