//! switchboard-queue: the background worker that runs every change towards Microsoft 365
//! and SBCs. Tasks are stored by the cache; this crate claims them, runs them through an
//! [`Executor`] (the app's, which knows the clients), retries transient failures with
//! backoff, recovers tasks a crash left executing, and announces every change of state.
//! It knows nothing of Tauri or of any particular kind of task.

mod events;
mod executor;
mod recovery;
mod settings;
mod worker;

pub use events::QueueEvent;
pub use executor::{Applied, Executor, Failure, Landing};
pub use settings::{backoff_after, QueueSettings};
pub use worker::{Queue, QueueStatus};
