//! What one scenario runs on: tauri-driver, a fresh data folder and, for scenarios that
//! store secrets, a private unlocked keyring.

use std::path::Path;

use tempfile::TempDir;

use crate::{AppWindow, E2eError, E2eSettings, PrivateKeyring, TauriDriver};

pub struct Launch {
    // Fields drop in this order: the driver (and the app it runs) before the keyring's
    // bus goes away.
    pub driver: TauriDriver,
    data_dir: TempDir,
    _keyring: Option<PrivateKeyring>,
    app: std::path::PathBuf,
}

impl Launch {
    /// For scenarios that never touch the keychain.
    pub fn start(settings: &E2eSettings) -> Result<Launch, E2eError> {
        Self::with(settings, None)
    }

    /// The keyring starts first, so that tauri-driver and the app inherit its session bus.
    pub fn with_keychain(settings: &E2eSettings) -> Result<Launch, E2eError> {
        Self::with(settings, PrivateKeyring::start_if_needed()?)
    }

    fn with(settings: &E2eSettings, keyring: Option<PrivateKeyring>) -> Result<Launch, E2eError> {
        let data_dir = tempfile::tempdir()?;
        Ok(Launch {
            driver: TauriDriver::start(&settings.tauri_driver)?,
            data_dir,
            _keyring: keyring,
            app: settings.app.clone(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// Starts the app on this launch's data folder with `extra_args` (none: the default
    /// start, sandbox mode with the demo estate).
    pub async fn open(&self, extra_args: &[&str]) -> Result<AppWindow, E2eError> {
        self.open_in(self.data_dir(), extra_args).await
    }

    /// Starts the app on another data folder, under the same driver.
    pub async fn open_in(
        &self,
        data_dir: &Path,
        extra_args: &[&str],
    ) -> Result<AppWindow, E2eError> {
        AppWindow::open(&self.driver, &self.app, data_dir, extra_args).await
    }
}
