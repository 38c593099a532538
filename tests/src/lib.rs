//! End-to-end tests through the real window: `tauri-driver` (WebDriver) drives the built
//! Switchboard binary under an X display.
//!
//! Every test is `#[ignore]`d with what it needs, so a plain `cargo test` lists them as
//! ignored instead of counting them as passed. `cargo xtask test` builds the app, sets
//! `SWITCHBOARD_E2E` and runs them with `--ignored` inside `xvfb-run -a`. A test that is
//! asked to run where it cannot (no `SWITCHBOARD_E2E`, no app binary, no display) fails
//! with the reason. By hand:
//!
//! ```text
//! (cd ui && npm ci && npm run build)
//! cargo build -p switchboard
//! SWITCHBOARD_E2E=1 SWITCHBOARD_APP=$PWD/target/debug/switchboard \
//!     xvfb-run -a cargo test -p switchboard-e2e --tests -- --ignored --nocapture --test-threads=1
//! ```
//!
//! `tauri-driver` comes from `cargo install tauri-driver --locked` (or set `TAURI_DRIVER`);
//! on Linux it needs `WebKitWebDriver` (Debian: `webkit2gtk-driver`). Screenshots go to
//! `<workspace>/artifacts/`.

mod changes;
mod driver;
mod error;
mod keyring;
mod launch;
mod settings;
mod window;

pub use changes::ConfirmedChange;
pub use driver::TauriDriver;
pub use error::E2eError;
pub use keyring::PrivateKeyring;
pub use launch::Launch;
pub use settings::{artifacts_dir, E2eSettings, E2E_ENV};
pub use window::AppWindow;
