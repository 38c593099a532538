//! Reaching the caller's tenant for a Graph request: shared by the directory routes and
//! the Teams `/admin/teams` routes, so both refuse an unknown tenant the same way.

use crate::context::Ctx;
use crate::graph_error::GraphError;
use crate::state::TenantState;
use crate::token::Claims;

/// Graph's answer when a valid token names a tenant the sandbox does not hold.
pub(crate) fn unknown_tenant() -> GraphError {
    GraphError::unauthorized("Access token validation failure. Unknown tenant.")
}

/// Runs `f` on the token's tenant under the state lock.
pub(crate) fn with_tenant<T>(
    ctx: &Ctx,
    claims: &Claims,
    f: impl FnOnce(&mut TenantState) -> Result<T, GraphError>,
) -> Result<T, GraphError> {
    let mut state = ctx.state.lock();
    let tenant = state.tenant_mut(&claims.tid).ok_or_else(unknown_tenant)?;
    f(tenant)
}
