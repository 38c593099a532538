//! `AppContext`: everything a command needs, opened once at start-up.

use std::sync::Arc;
use std::time::Duration;

use switchboard_cache::Cache;
use switchboard_queue::Queue;
use switchboard_sandbox::Sandbox;
use switchboard_secrets::{KeychainStore, SecretStore};
use switchboard_sync::ScheduleSettings;
use tokio::runtime::Runtime;

use crate::about::{AppInfo, AppPaths};
use crate::config::{AppConfig, DataPaths, Mode};
use crate::error::{ApiError, ErrorCode};
use crate::outbound_http::OutboundHttp;
use crate::remote_access::RemoteAccess;
use crate::replication::schedule;
use crate::replication::service::ReplicationService;
use crate::sandbox;
use crate::sandbox::endpoints::SandboxEndpoints;
use crate::sbcs::status_checks::SbcStatusChecks;
use crate::security::auth::device_sign_in::DeviceSignIns;
use crate::security::auth::verification::VerificationService;
use crate::security::connection::proxy_setting;
use crate::tasks::{self, QueueTuning};

pub struct AppContext {
    /// Dropped first: its worker stops before anything it uses goes away.
    queue: Queue,
    // The cache (locked per call, so commands may run on several threads), the secret
    // store and the sandbox's endpoints, shared with the background services.
    remote: RemoteAccess,
    paths: DataPaths,
    mode: Mode,
    /// The HTTP client of sign-ins and replication, with the proxy setting.
    http: OutboundHttp,
    // Field order is drop order: runs and sign-ins are cancelled, then the emulators
    // stop, and only then does the runtime that served both shut down.
    replication: ReplicationService,
    verification: VerificationService,
    device_sign_ins: DeviceSignIns,
    sbc_status_checks: SbcStatusChecks,
    sandbox: Option<Sandbox>,
    /// One small runtime for the app's background services in both modes: replication
    /// runs, and in sandbox mode the emulators too.
    runtime: Runtime,
}

impl AppContext {
    /// Opens the context with the operating system's keychain, under the world's own
    /// service name. A locked or missing keychain is not an error here: `app_info` reports it.
    pub fn open(config: AppConfig) -> Result<AppContext, ApiError> {
        let secrets =
            KeychainStore::new(config.mode.keychain_service(), config.paths().secrets_dir);
        Self::open_with_secrets(config, Box::new(secrets))
    }

    /// Creates the data folder if needed and opens the cache. Refuses (without touching
    /// the file) a cache written by a newer Switchboard.
    pub fn open_with_secrets(
        config: AppConfig,
        secrets: Box<dyn SecretStore>,
    ) -> Result<AppContext, ApiError> {
        let paths = config.paths();
        switchboard_logging::create_private_dir(&paths.data_dir).map_err(|e| {
            ApiError::new(
                ErrorCode::Storage,
                format!(
                    "Switchboard cannot create its data folder {}: {e}",
                    paths.data_dir.display()
                ),
            )
        })?;
        let cache = Arc::new(Cache::open(&paths.cache_file)?);
        crate::templates::seed_defaults(&cache)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("services")
            .enable_all()
            .build()
            .map_err(|e| {
                ApiError::internal(format!(
                    "Switchboard could not start its background worker threads: {e}"
                ))
            })?;
        let http = OutboundHttp::new(&proxy_setting::http_settings(
            proxy_setting::stored_proxy(&cache).as_ref(),
        ))?;
        let secrets: Arc<dyn SecretStore> = Arc::from(secrets);
        let remote = RemoteAccess {
            cache: cache.clone(),
            secrets: secrets.clone(),
            sandbox: Default::default(),
        };
        let queue = tasks::start_queue(
            runtime.handle(),
            &remote,
            &http,
            QueueTuning::for_world(&paths.data_dir),
        );
        // In sandbox mode the targets are the emulators, reachable once attached: a task
        // left queued by the last run must not start before that and fail for it.
        if config.mode == Mode::Live {
            queue.begin();
        }
        let verification = VerificationService::new(
            runtime.handle(),
            cache.clone(),
            secrets.clone(),
            http.clone(),
        );
        let device_sign_ins = DeviceSignIns::new(runtime.handle(), cache.clone(), secrets.clone());
        let replication = ReplicationService::new(
            runtime.handle(),
            cache.clone(),
            http.clone(),
            schedule::schedule_settings(config.replication_cycle_minutes),
        );
        let sbc_status_checks = SbcStatusChecks::new(runtime.handle(), cache.clone());
        tracing::info!(data_dir = %paths.data_dir.display(), mode = ?config.mode, "context opened");
        Ok(AppContext {
            queue,
            remote,
            paths,
            mode: config.mode,
            http,
            replication,
            verification,
            device_sign_ins,
            sbc_status_checks,
            sandbox: None,
            runtime,
        })
    }

    /// Replicates every queued tenant again every `cycle` instead of the configured
    /// cycle, for tests and tools that cannot wait minutes. Call before anything is
    /// queued: the schedule is restarted and earlier runs are stopped.
    pub fn with_replication_cycle(mut self, cycle: Duration) -> AppContext {
        let settings = ScheduleSettings {
            cycle,
            ..ScheduleSettings::default()
        };
        self.replication = ReplicationService::new(
            self.runtime.handle(),
            self.remote.cache.clone(),
            self.http.clone(),
            settings,
        );
        self
    }

    /// Restarts the queue's worker with `tuning` (shorter waits, more parallel targets),
    /// for tests, drills and benchmarks. Call before confirming any change.
    pub fn with_queue_tuning(mut self, tuning: impl FnOnce(&mut QueueTuning)) -> AppContext {
        let mut chosen = QueueTuning::for_world(&self.paths.data_dir);
        tuning(&mut chosen);
        // The old worker stops first, so two never claim side by side.
        self.queue.stop();
        self.queue = tasks::start_queue(self.runtime.handle(), &self.remote, &self.http, chosen);
        if self.mode == Mode::Live || self.remote.sandbox().is_some() {
            self.queue.begin();
        }
        self
    }

    /// Starts the loopback emulators with a demo estate, registers its customers in
    /// the cache (once per estate) and queues their replication.
    pub fn start_sandbox(
        &mut self,
        spec: switchboard_sandbox::demo::DemoSpec,
    ) -> Result<(), ApiError> {
        let seed = spec.seed;
        let sandbox = sandbox::start_emulators(self.runtime.handle(), spec)?;
        sandbox::register_demo_customers(self.cache(), self.secrets(), &sandbox, seed)?;
        crate::sandbox::sbcs::register_demo_sbcs(self.cache(), self.secrets(), &sandbox, seed)?;
        self.attach_sandbox(SandboxEndpoints::of(&sandbox));
        self.sandbox = Some(sandbox);
        self.queue_demo_replications()
    }

    /// Reaches Microsoft 365 and SBCs through emulators at `endpoints` from now on; for
    /// the sandbox's own emulators, and for drills whose emulators run in another process.
    pub fn attach_sandbox(&self, endpoints: SandboxEndpoints) {
        *self
            .remote
            .sandbox
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(endpoints);
        self.queue.begin();
    }

    /// The running emulators, in sandbox mode.
    pub fn sandbox(&self) -> Option<&Sandbox> {
        self.sandbox.as_ref()
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
            schema_version: self.cache().schema_version()?,
            keychain: self.secrets().keychain_status().into(),
        })
    }

    pub fn app_paths(&self) -> AppPaths {
        AppPaths {
            data_dir: self.paths.data_dir.display().to_string(),
            cache_file: self.paths.cache_file.display().to_string(),
            log_dir: self.paths.log_dir.display().to_string(),
            sealed_secrets_dir: self.paths.secrets_dir.display().to_string(),
            keychain_service: self.mode.keychain_service().to_string(),
        }
    }

    pub(crate) fn cache(&self) -> &Cache {
        &self.remote.cache
    }

    /// For sign-ins that check, from background tasks, which credential is current.
    pub(crate) fn shared_cache(&self) -> &Arc<Cache> {
        &self.remote.cache
    }

    pub(crate) fn secrets(&self) -> &dyn SecretStore {
        self.remote.secrets.as_ref()
    }

    /// For sign-ins that write rotated refresh tokens back from background tasks.
    pub(crate) fn shared_secrets(&self) -> &Arc<dyn SecretStore> {
        &self.remote.secrets
    }

    pub(crate) fn remote(&self) -> &RemoteAccess {
        &self.remote
    }

    pub(crate) fn queue(&self) -> &Queue {
        &self.queue
    }

    /// The services runtime, for the few commands that wait on network I/O.
    pub(crate) fn runtime_handle(&self) -> &tokio::runtime::Handle {
        self.runtime.handle()
    }

    pub(crate) fn outbound_http(&self) -> &OutboundHttp {
        &self.http
    }

    pub(crate) fn replication(&self) -> &ReplicationService {
        &self.replication
    }

    pub(crate) fn verification(&self) -> &VerificationService {
        &self.verification
    }

    pub(crate) fn device_sign_ins(&self) -> &DeviceSignIns {
        &self.device_sign_ins
    }

    pub(crate) fn sbc_status_checks(&self) -> &SbcStatusChecks {
        &self.sbc_status_checks
    }
}
