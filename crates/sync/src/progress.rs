//! What a running sync tells the UI.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SyncPhase {
    SigningIn,
    Users,
    Voice,
    Writing,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub phase: SyncPhase,
    /// Users read from Graph so far in this run.
    pub users: usize,
    /// Teams user configurations read so far.
    pub voice: usize,
    /// Rows written to the cache (only non-zero once writing has finished).
    pub written: usize,
}
