//! What every emulator's router is built with.

use crate::state::SharedState;
use crate::token::TokenSigner;

/// Base URLs of the emulators (no trailing slash), known once their listeners are bound.
#[derive(Debug, Clone, Default)]
pub struct Urls {
    /// Identity platform: `{identity}/{tenant}/oauth2/v2.0/token`.
    pub identity: String,
    /// Graph: `{graph}/v1.0/...`.
    pub graph: String,
    /// Azure Resource Manager (DNS record sets): `{arm}/subscriptions/...`.
    pub arm: String,
    /// The Teams admin backend the PowerShell interpreter calls.
    pub teams: String,
}

#[derive(Clone)]
pub struct Ctx {
    pub state: SharedState,
    pub signer: TokenSigner,
    pub urls: Urls,
}
