//! The bearer-token check every resource emulator runs before it answers.

use axum::http::{HeaderMap, StatusCode};

use crate::context::Ctx;
use crate::graph_error::GraphError;
use crate::graph_tenant::unknown_tenant;
use crate::token::{Claims, TokenError};

/// Checks the `Authorization: Bearer` token: signature, expiry (including early expiry by
/// the emulator control), audience, and that the tenant exists and matches the path's.
pub fn authorize(
    ctx: &Ctx,
    headers: &HeaderMap,
    audience: &str,
    tenant_from_path: Option<&str>,
) -> Result<Claims, GraphError> {
    let header = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| GraphError::unauthorized("Access token is empty."))?;
    let claims = ctx.signer.verify(token, chrono::Utc::now().timestamp()).map_err(|e| match e {
        TokenError::Malformed => GraphError::unauthorized("IDX14100: JWT is not well formed, there are no dots (.) or its parts are not valid base64url."),
        TokenError::BadSignature => GraphError::unauthorized("Access token validation failure. Invalid signature."),
        TokenError::Expired => GraphError::unauthorized("Lifetime validation failed, the token is expired."),
    })?;
    let state = ctx.state.lock();
    let tenant = state.tenant(&claims.tid).ok_or_else(unknown_tenant)?;
    if tenant.identity.revoked.contains(&claims.jti) {
        return Err(GraphError::unauthorized(
            "Lifetime validation failed, the token is expired.",
        ));
    }
    if !claims
        .aud
        .trim_end_matches('/')
        .eq_ignore_ascii_case(audience.trim_end_matches('/'))
    {
        return Err(GraphError::new(
            StatusCode::FORBIDDEN,
            "InvalidAudience",
            format!(
                "The token was issued for '{}' but this service is '{audience}'.",
                claims.aud
            ),
        ));
    }
    if tenant_from_path.is_some_and(|t| !t.eq_ignore_ascii_case(&claims.tid)) {
        return Err(GraphError::forbidden(
            "The token's tenant does not match the tenant of the requested resource.",
        ));
    }
    Ok(claims)
}
