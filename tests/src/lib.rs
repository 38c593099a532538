//! End-to-end tests through the real window: `tauri-driver` (WebDriver) drives the built
//! Switchboard binary under an X display.
//!
//! The tests run only when `SWITCHBOARD_E2E` is set (the xtask sets it after building the
//! app, and runs them inside `xvfb-run -a`); otherwise they print why they skipped. By hand:
//!
//! ```text
//! (cd ui && npm ci && npm run build)
//! cargo build -p switchboard
//! SWITCHBOARD_E2E=1 SWITCHBOARD_APP=$PWD/target/debug/switchboard \
//!     xvfb-run -a cargo test -p switchboard-e2e -- --nocapture
//! ```
//!
//! `tauri-driver` comes from `cargo install tauri-driver --locked` (or set `TAURI_DRIVER`);
//! on Linux it needs `WebKitWebDriver` (Debian: `webkit2gtk-driver`). Screenshots go to
//! `<workspace>/artifacts/`.

mod driver;
mod error;
mod keyring;
mod launch;
mod settings;
mod window;

pub use driver::TauriDriver;
pub use error::E2eError;
pub use keyring::PrivateKeyring;
pub use launch::Launch;
pub use settings::{artifacts_dir, E2eSettings, E2E_ENV};
pub use window::AppWindow;
