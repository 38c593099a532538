//! Runs Teams PowerShell scripts for one tenant: finds a PowerShell host, checks that
//! the MicrosoftTeams module is there, and runs a rendered script signed in with a
//! Graph token and a Teams admin token (`Connect-MicrosoftTeams -AccessTokens`).
//!
//! Tokens only ever travel inside the script text on the child's stdin; output comes
//! back as framed JSON records (see [`framing`](crate::framing)), and the whole process
//! tree is stopped on timeout or cancellation.

mod environment;
mod error;
mod framing;
mod host;
mod outcome;
mod process;
mod run;
mod script;
mod stderr;
mod tokens;
mod tree;
mod wrapper;

pub use environment::{check_environment, EnvironmentReport};
pub use error::{TeamsError, POWERSHELL_INSTALL_HINT, TEAMS_MODULE_INSTALL_COMMAND};
pub use host::{detect, locate, HostKind, PowerShellHost};
pub use outcome::{ErrorRecord, ScriptOutcome};
pub use process::{RunOptions, HOST_ARGS};
pub use run::run_script;
pub use script::RenderedScript;
pub use tokens::TeamsTokens;
pub use tokio_util::sync::CancellationToken;
