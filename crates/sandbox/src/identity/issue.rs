//! Minting access tokens (signed JWTs) and refresh tokens (opaque, kept in state).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use serde_json::{json, Value};

use super::IdentityState;
use crate::context::Ctx;
use crate::state::SandboxState;
use crate::token::Claims;

/// What a successful grant hands out.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Grant {
    pub tenant_id: String,
    pub client_id: String,
    pub resource: String,
    /// App roles (app-only) or delegated permission names.
    pub permissions: Vec<String>,
    /// The signed-in admin for delegated grants.
    pub user: Option<super::DelegatedAdmin>,
    /// Whether to include a refresh token (`offline_access` was asked for).
    pub offline_access: bool,
}

#[derive(Debug, Clone)]
pub(super) struct RefreshGrant {
    pub grant: Grant,
    pub expires_at: i64,
    pub revoked: bool,
}

/// Issues the tokens of `grant` and answers with the identity platform's token JSON.
pub(super) fn token_response(ctx: &Ctx, state: &mut SandboxState, grant: Grant) -> Value {
    let now = chrono::Utc::now().timestamp();
    let lifetime = state.identity.config.access_token_lifetime_secs;
    let claims = Claims {
        iss: format!("{}/{}/v2.0", ctx.urls.identity, grant.tenant_id),
        aud: grant.resource.clone(),
        tid: grant.tenant_id.clone(),
        appid: grant.client_id.clone(),
        oid: grant.user.as_ref().map(|u| u.object_id.clone()),
        // Delegated tokens carry scopes in `scp`; app-only ones application permissions in `roles`.
        scp: match grant.user {
            Some(_) => grant.permissions.join(" "),
            None => String::new(),
        },
        roles: match grant.user {
            Some(_) => Vec::new(),
            None => grant.permissions.clone(),
        },
        iat: now,
        exp: now + lifetime,
        jti: uuid::Uuid::new_v4().to_string(),
    };
    if let Some(tenant) = state.tenant_mut(&grant.tenant_id) {
        let issued = &mut tenant.identity.issued;
        // Forget expired ones now and then so the table stays as small as the live set.
        if issued.len() > 4096 {
            issued.retain(|_, exp| *exp > now);
        }
        issued.insert(claims.jti.clone(), claims.exp);
    }
    let mut scope: Vec<String> = grant
        .permissions
        .iter()
        .map(|p| format!("{}/{p}", grant.resource))
        .collect();
    let mut body = json!({
        "token_type": "Bearer",
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": ctx.signer.sign(&claims),
    });
    if grant.user.is_some() {
        if grant.offline_access {
            scope.push("offline_access".into());
            let refresh_token = new_refresh_token();
            let expires_at = now + state.identity.config.refresh_token_lifetime_secs;
            body["refresh_token"] = Value::String(refresh_token.clone());
            state.identity.refresh_tokens.insert(
                refresh_token,
                RefreshGrant {
                    grant,
                    expires_at,
                    revoked: false,
                },
            );
        }
        body["scope"] = Value::String(scope.join(" "));
    }
    body
}

fn new_refresh_token() -> String {
    let mut bytes = [0u8; 48];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("0.sbx.{}", URL_SAFE_NO_PAD.encode(bytes))
}

pub(super) fn refresh_grant<'a>(
    identity: &'a IdentityState,
    token: &str,
) -> Option<&'a RefreshGrant> {
    identity.refresh_tokens.get(token)
}

pub(super) fn revoke_refresh_tokens(
    identity: &mut IdentityState,
    tenant_id: &str,
    upn: Option<&str>,
) -> usize {
    let mut count = 0;
    for refresh in identity.refresh_tokens.values_mut() {
        let same_user = match (upn, &refresh.grant.user) {
            (None, _) => true,
            (Some(upn), Some(user)) => user.upn.eq_ignore_ascii_case(upn),
            (Some(_), None) => false,
        };
        if refresh.grant.tenant_id == tenant_id && same_user && !refresh.revoked {
            refresh.revoked = true;
            count += 1;
        }
    }
    count
}

/// Emulator control for tests: refresh tokens of the tenant expire now.
pub(super) fn expire_refresh_tokens(identity: &mut IdentityState, tenant_id: &str) {
    let now = chrono::Utc::now().timestamp();
    for refresh in identity
        .refresh_tokens
        .values_mut()
        .filter(|r| r.grant.tenant_id == tenant_id)
    {
        refresh.expires_at = now;
    }
}
