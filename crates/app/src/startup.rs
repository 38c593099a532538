//! The outcome of starting up, kept for the whole run so that a failure (bad flag, newer
//! database, unwritable folder) is shown in the window instead of crashing it — and the
//! world (sandbox or live) that is open now, which Settings can switch without restarting
//! the process.

use std::sync::Arc;

use switchboard_logging::LogGuard;
use switchboard_queue::QueueEvent;
use tokio::sync::{broadcast, watch, RwLock};

use crate::config::{AppConfig, Mode};
use crate::context::AppContext;
use crate::error::ApiError;
use crate::preferences::Preferences;
use crate::sandbox;

/// Opens the context of one world; tests pass one with an in-memory keychain.
pub type WorldOpener = Box<dyn Fn(&AppConfig) -> Result<AppContext, ApiError> + Send + Sync>;

/// The shell's handle: cheap to clone into the tasks that serve the window.
#[derive(Clone)]
pub struct Startup(Arc<Session>);

/// The configuration and the open world.
pub struct Session {
    /// A bad flag or variable: nothing opens and every command reports it.
    config: Result<AppConfig, ApiError>,
    opener: WorldOpener,
    logs: Option<LogGuard>,
    /// Commands read it for their whole call; a switch waits for them and they wait for it.
    world: RwLock<World>,
    /// Counts the worlds opened, so listeners of the old one know to listen to the new.
    generation: watch::Sender<u64>,
}

struct World {
    config: Option<AppConfig>,
    context: Result<Arc<AppContext>, ApiError>,
}

impl Startup {
    /// Opens the configured world with the operating system's keychain; in sandbox mode
    /// the emulators start with the default demo estate. `logs` (the shell's log files)
    /// move into the open world's log folder on every switch.
    pub fn open(config: Result<AppConfig, ApiError>, logs: Option<LogGuard>) -> Startup {
        Self::open_with(config, Box::new(open_world), logs)
    }

    /// As [`Startup::open`], with any way of opening a world.
    pub fn open_with(
        config: Result<AppConfig, ApiError>,
        opener: WorldOpener,
        logs: Option<LogGuard>,
    ) -> Startup {
        let world = match &config {
            Ok(config) => World {
                config: Some(config.clone()),
                context: opener(config).map(Arc::new),
            },
            Err(error) => World {
                config: None,
                context: Err(error.clone()),
            },
        };
        Startup(Arc::new(Session {
            config,
            opener,
            logs,
            world: RwLock::new(world),
            generation: watch::channel(0).0,
        }))
    }

    /// The open world's context, or why there is none.
    pub fn context(&self) -> Result<Arc<AppContext>, ApiError> {
        self.0.context()
    }

    /// Runs the command `name`: a session command (settings, switching worlds) works even
    /// when no world could open; any other goes to the open world's context.
    pub async fn dispatch(
        &self,
        name: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        if crate::commands::session::COMMAND_NAMES.contains(&name) {
            return crate::commands::session::dispatch(Arc::clone(&self.0), name, args).await;
        }
        // Held for the whole command, so a world switch never closes a context under it.
        let world = self.0.world.read().await;
        let context = world.context.clone()?;
        crate::commands::dispatch(context, name, args).await
    }
}

impl Startup {
    /// Forwards the open world's queue announcements to `deliver`, for as long as the
    /// process runs: when a world closes, it waits for the next one and goes on there.
    pub async fn forward_queue_events(&self, deliver: impl Fn(QueueEvent)) {
        let mut generations = self.0.generation.subscribe();
        loop {
            let events = self
                .0
                .world
                .read()
                .await
                .context
                .as_ref()
                .ok()
                .map(|context| context.subscribe_queue());
            if let Some(mut events) = events {
                loop {
                    match events.recv().await {
                        Ok(event) => deliver(event),
                        // Missed some: the listener re-reads everything anyway.
                        Err(broadcast::error::RecvError::Lagged(_)) => deliver(QueueEvent::queue()),
                        Err(broadcast::error::RecvError::Closed) => break,
                    }
                }
            }
            if generations.changed().await.is_err() {
                return;
            }
        }
    }
}

impl Session {
    pub(crate) fn context(&self) -> Result<Arc<AppContext>, ApiError> {
        self.world.blocking_read().context.clone()
    }

    /// The configuration of the open world, or the start-up error.
    pub(crate) fn config(&self) -> Result<AppConfig, ApiError> {
        let world = self.world.blocking_read();
        match (&world.config, &self.config) {
            (Some(config), _) => Ok(config.clone()),
            (None, Err(error)) => Err(error.clone()),
            (None, Ok(config)) => Ok(config.clone()),
        }
    }

    /// Why the open world could not open, if it could not.
    pub(crate) fn problem(&self) -> Option<ApiError> {
        self.world.blocking_read().context.as_ref().err().cloned()
    }

    /// Saves `preferences` and reopens the world they name. Waits for running commands;
    /// the old world's background work (replication runs, sign-ins, emulators) stops before
    /// the new one opens, so two worlds never run side by side.
    pub(crate) fn reopen(&self, mode: Mode, cycle_minutes: u32) -> Result<(), ApiError> {
        let current = self.config()?;
        let next = AppConfig {
            mode,
            replication_cycle_minutes: Some(cycle_minutes),
            ..current.clone()
        };
        Preferences {
            mode: Some(mode),
            replication_cycle_minutes: Some(cycle_minutes),
        }
        .save(&next.data_dir)?;
        if next == current {
            return Ok(());
        }
        let mut world = self.world.blocking_write();
        world.context = Err(ApiError::config("Switchboard is opening the other world."));
        if let Some(logs) = &self.logs {
            if let Err(error) = logs.redirect(&next.paths().log_dir) {
                tracing::error!(%error, "the log files stay in the previous world's folder");
            }
        }
        tracing::info!(from = ?current.mode, to = ?next.mode, "reopening the world");
        world.context = (self.opener)(&next).map(Arc::new);
        world.config = Some(next);
        self.generation.send_modify(|generation| *generation += 1);
        Ok(())
    }
}

/// The app's own way of opening a world: the keychain, and in sandbox mode the emulators.
fn open_world(config: &AppConfig) -> Result<AppContext, ApiError> {
    let mut context = AppContext::open(config.clone())?;
    if context.mode() == Mode::Sandbox {
        // The cache stays usable without the emulators; the log says why they are missing.
        if let Err(error) = context.start_sandbox(sandbox::default_demo()) {
            tracing::error!(code = %error.code, message = %error.message, "sandbox mode could not start");
        }
    }
    Ok(context)
}
