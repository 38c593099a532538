//! The outcome of starting up, kept for the whole run so that a failure (bad flag, newer
//! database, unwritable folder) is shown in the window instead of crashing it.

use std::sync::Arc;

use crate::config::{AppConfig, Mode};
use crate::context::AppContext;
use crate::error::ApiError;
use crate::sandbox;

pub struct Startup(Result<Arc<AppContext>, ApiError>);

impl Startup {
    pub fn open(config: Result<AppConfig, ApiError>) -> Startup {
        Startup(config.and_then(AppContext::open).map(|mut context| {
            if context.mode() == Mode::Sandbox {
                // The cache stays usable without the emulators; the log says why they are missing.
                if let Err(error) = context.start_sandbox(sandbox::default_demo()) {
                    tracing::error!(code = %error.code, message = %error.message, "sandbox mode could not start");
                }
            }
            Arc::new(context)
        }))
    }

    /// The context, or the start-up error that every command then reports.
    pub fn context(&self) -> Result<&AppContext, ApiError> {
        self.0.as_deref().map_err(Clone::clone)
    }

    /// Runs the command `name` (see `commands::dispatch`), or reports the start-up error.
    pub async fn dispatch(
        &self,
        name: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        let context = self.0.as_ref().map_err(Clone::clone)?;
        crate::commands::dispatch(Arc::clone(context), name, args).await
    }
}
