//! switchboard-logging: the process-wide `tracing` pipeline (daily rolling files, optional
//! stderr, `RUST_LOG` filtering) with secret redaction applied to every line before it is
//! written anywhere.
//!
//! The app calls [`init`] once at start-up and keeps the returned [`LogGuard`] alive until
//! exit; [`redact::redact_line`] is also public so error texts shown in the UI can be masked
//! with the same rules.

mod error;
mod filter;
mod init;
mod options;
mod pipeline;
mod private_dir;
pub mod redact;
mod writer;

pub use error::LoggingError;
pub use init::init;
pub use options::LogOptions;
pub use pipeline::{build_dispatch, LogGuard};
pub use private_dir::create_private_dir;
pub use writer::RedactingMakeWriter;
