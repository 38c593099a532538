//! The outcome of starting up, kept for the whole run so that a failure (bad flag, newer
//! database, unwritable folder) is shown in the window instead of crashing it.

use crate::config::AppConfig;
use crate::context::AppContext;
use crate::error::ApiError;

pub struct Startup(Result<AppContext, ApiError>);

impl Startup {
    pub fn open(config: Result<AppConfig, ApiError>) -> Startup {
        Startup(config.and_then(AppContext::open))
    }

    /// The context, or the start-up error that every command then reports.
    pub fn context(&self) -> Result<&AppContext, ApiError> {
        self.0.as_ref().map_err(Clone::clone)
    }
}
