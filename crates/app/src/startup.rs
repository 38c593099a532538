//! The outcome of starting up, kept for the whole run so that a failure (bad flag, newer
//! database, unwritable folder) is shown in the window instead of crashing it.

use crate::config::{AppConfig, Mode};
use crate::context::AppContext;
use crate::error::ApiError;
use crate::sandbox;

pub struct Startup(Result<AppContext, ApiError>);

impl Startup {
    pub fn open(config: Result<AppConfig, ApiError>) -> Startup {
        Startup(config.and_then(AppContext::open).map(|mut context| {
            if context.mode() == Mode::Sandbox {
                // The cache stays usable without the emulators; the log says why they are missing.
                if let Err(error) = context.start_sandbox(sandbox::default_demo()) {
                    tracing::error!(code = %error.code, message = %error.message, "sandbox mode could not start");
                }
            }
            context
        }))
    }

    /// The context, or the start-up error that every command then reports.
    pub fn context(&self) -> Result<&AppContext, ApiError> {
        self.0.as_ref().map_err(Clone::clone)
    }
}
