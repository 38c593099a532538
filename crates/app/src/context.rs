//! `AppContext`: everything a command needs, opened once at start-up.

use switchboard_cache::Cache;
use switchboard_secrets::{KeychainStore, SecretStore, ServiceName};

use crate::config::{AppConfig, DataPaths, Mode};
use crate::sandbox_mode::{self, SandboxRuntime};
use crate::error::{codes, ApiError};
use crate::views::AppInfo;

pub struct AppContext {
    // `Cache` locks its connection per call, so commands may run on several threads.
    cache: Cache,
    secrets: Box<dyn SecretStore>,
    paths: DataPaths,
    mode: Mode,
    sandbox: Option<SandboxRuntime>,
}

impl AppContext {
    /// Opens the context with the operating system's keychain. A locked or missing
    /// keychain is not an error here: `app_info` reports it.
    pub fn open(config: AppConfig) -> Result<AppContext, ApiError> {
        let secrets = KeychainStore::new(ServiceName::for_build(), config.paths().secrets_dir);
        Self::open_with_secrets(config, Box::new(secrets))
    }

    /// Creates the data folder if needed and opens the cache. Refuses (without touching
    /// the file) a cache written by a newer Switchboard.
    pub fn open_with_secrets(
        config: AppConfig,
        secrets: Box<dyn SecretStore>,
    ) -> Result<AppContext, ApiError> {
        let paths = config.paths();
        std::fs::create_dir_all(&paths.data_dir).map_err(|e| {
            ApiError::new(
                codes::STORAGE,
                format!(
                    "Switchboard cannot create its data folder {}: {e}",
                    paths.data_dir.display()
                ),
            )
        })?;
        let cache = Cache::open(&paths.cache_file)?;
        tracing::info!(data_dir = %paths.data_dir.display(), mode = ?config.mode, "context opened");
        Ok(AppContext {
            cache,
            secrets,
            paths,
            mode: config.mode,
            sandbox: None,
        })
    }

    /// Starts the loopback emulators with a demo estate and registers its customers in
    /// the cache (once per estate).
    pub fn start_sandbox(&mut self, spec: switchboard_sandbox::demo::DemoSpec) -> Result<(), ApiError> {
        let seed = spec.seed;
        let runtime = SandboxRuntime::start(spec)?;
        sandbox_mode::register_demo_customers(&self.cache, self.secrets.as_ref(), runtime.sandbox(), seed)?;
        self.sandbox = Some(runtime);
        Ok(())
    }

    /// The running emulators, in sandbox mode.
    pub fn sandbox(&self) -> Option<&switchboard_sandbox::Sandbox> {
        self.sandbox.as_ref().map(SandboxRuntime::sandbox)
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn paths(&self) -> &DataPaths {
        &self.paths
    }

    /// Probes the keychain on every call, so unlocking it is noticed without a restart.
    pub fn app_info(&self) -> Result<AppInfo, ApiError> {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.paths.data_dir.display().to_string(),
            log_dir: self.paths.log_dir.display().to_string(),
            mode: self.mode,
            schema_version: self.cache.schema_version()?,
            keychain: self.secrets.keychain_status().into(),
        })
    }

    pub(crate) fn cache(&self) -> &Cache {
        &self.cache
    }
}
