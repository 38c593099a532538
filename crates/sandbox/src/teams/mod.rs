//! Teams telephony emulation: each tenant's voice objects ([`VoiceState`]), the Teams
//! admin backend the `switchboard-pwsh` interpreter sends cmdlets to
//! ([`backend_router`]), and Graph's `/v1.0/admin/teams` endpoints ([`graph_router`]).
//! [`dialing`] evaluates dial plans and route selection for the `Test-Cs…` cmdlets;
//! `Test-CsOnlineVoiceRoutingPolicy` is the sandbox's own (Microsoft has no such
//! cmdlet; the catalogue marks it `sandbox_only`).
//!
//! Users themselves live in the directory (`crate::directory`); voice data is keyed
//! by their object id, so a Graph write, a cmdlet and a Graph read see one user.

mod backend;
pub mod cmdlets;
pub mod dialing;
pub mod filter;
mod graph;
pub mod ledger;
pub mod model;
pub mod operations;
pub mod throttle;
pub mod users;
pub mod voice;

pub use backend::backend_router;
pub use graph::graph_router;
pub use ledger::{LedgerEntry, VoiceChange, VoiceLedger};
pub use throttle::{RateLimit, WriteThrottle};
pub use voice::{VoiceError, VoiceState};
