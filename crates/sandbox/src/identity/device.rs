//! The device authorization grant: `POST /{tenant}/oauth2/v2.0/devicecode`, polling
//! through the token endpoint, and approval by an admin (page or control function).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::{Rng, RngCore};
use serde_json::json;

use super::issue::Grant;
use super::oauth_error::OAuthError;
use super::scopes::{self, RequestedScopes};
use super::token_endpoint::{check_secret, client_auth, parse_form, tenant_app, ClientAuth};
use super::{now_ms, DelegatedAdmin, IdentityError};
use crate::context::Ctx;
use crate::state::SandboxState;

/// Letters and digits that cannot be misread for one another.
const USER_CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Flows older than this past their expiry are forgotten.
const FORGET_AFTER_MS: i64 = 3600 * 1000;

#[derive(Debug, Clone, PartialEq)]
enum FlowStatus {
    Pending,
    Approved {
        tenant_id: String,
        admin: DelegatedAdmin,
    },
    Declined,
    Redeemed,
}

#[derive(Debug, Clone)]
pub(super) struct DeviceFlow {
    /// `None` when started against `organizations` or `common`: the approving admin's
    /// tenant decides.
    tenant_id: Option<String>,
    client_id: String,
    requested: RequestedScopes,
    expires_at_ms: i64,
    interval_ms: i64,
    last_poll_ms: Option<i64>,
    status: FlowStatus,
}

fn is_generic_tenant(segment: &str) -> bool {
    matches!(
        segment.to_ascii_lowercase().as_str(),
        "common" | "organizations"
    )
}

pub(super) async fn devicecode(
    State(ctx): State<Ctx>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = parse_form(&body);
    match start(&ctx, &tenant, &headers, &params) {
        Ok(body) => Json(body).into_response(),
        Err(error) => error.into_response(),
    }
}

fn start(
    ctx: &Ctx,
    tenant: &str,
    headers: &HeaderMap,
    params: &super::token_endpoint::Params,
) -> Result<serde_json::Value, OAuthError> {
    let client = client_auth(headers, params)?;
    let raw_scope = params
        .get("scope")
        .ok_or_else(|| OAuthError::missing_parameter("scope"))?;
    let requested = scopes::parse(raw_scope)?;
    let mut state = ctx.state.lock();
    let tenant_id = if is_generic_tenant(tenant) {
        let app = state
            .tenants
            .values()
            .find_map(|t| t.identity.app(&client.client_id))
            .ok_or_else(|| OAuthError::app_not_in_tenant(&client.client_id, tenant))?;
        check_secret(app, &client, false)?;
        None
    } else {
        let (tenant_id, app) = tenant_app(&state, tenant, &client.client_id)?;
        check_secret(app, &client, false)?;
        scopes::grant_delegated(app, &requested)?;
        Some(tenant_id)
    };

    let now = now_ms();
    let config = state.identity.config.clone();
    let identity = &mut state.identity;
    identity
        .flows
        .retain(|_, f| f.expires_at_ms + FORGET_AFTER_MS > now);
    identity
        .user_codes
        .retain(|_, device_code| identity.flows.contains_key(device_code));
    let user_code = loop {
        let code = new_user_code();
        if !identity.user_codes.contains_key(&code) {
            break code;
        }
    };
    let mut raw = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut raw);
    let device_code = format!("DAQABAAEAAA{}", URL_SAFE_NO_PAD.encode(raw));
    identity
        .user_codes
        .insert(user_code.clone(), device_code.clone());
    identity.flows.insert(
        device_code.clone(),
        DeviceFlow {
            tenant_id,
            client_id: client.client_id,
            requested,
            expires_at_ms: now + config.device_code_lifetime_secs * 1000,
            interval_ms: i64::from(config.poll_interval_secs) * 1000,
            last_poll_ms: None,
            status: FlowStatus::Pending,
        },
    );
    let verification_uri = format!("{}/devicelogin", ctx.urls.identity);
    Ok(json!({
        "device_code": device_code,
        "user_code": user_code,
        "verification_uri": verification_uri,
        "expires_in": config.device_code_lifetime_secs,
        "interval": config.poll_interval_secs,
        "message": format!("To sign in, open {verification_uri} in a web browser and enter the code {user_code}."),
    }))
}

fn new_user_code() -> String {
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| char::from(USER_CODE_ALPHABET[rng.gen_range(0..USER_CODE_ALPHABET.len())]))
        .collect()
}

fn bad_code() -> OAuthError {
    OAuthError::new(
        "bad_verification_code",
        70000,
        "The device code sent was not recognised for this client and tenant.",
    )
}

/// One poll of the token endpoint with a device code.
pub(super) fn redeem(
    state: &mut SandboxState,
    tenant: &str,
    client: &ClientAuth,
    device_code: &str,
) -> Result<Grant, OAuthError> {
    let now = now_ms();
    let path_tenant = if is_generic_tenant(tenant) {
        None
    } else {
        Some(
            super::resolve_tenant(state, tenant)
                .ok_or_else(|| OAuthError::tenant_not_found(tenant))?,
        )
    };
    let flow = state
        .identity
        .flows
        .get_mut(device_code)
        .ok_or_else(bad_code)?;
    let tenant_matches = match (&path_tenant, &flow.tenant_id) {
        (Some(path), Some(flow_tenant)) => path == flow_tenant,
        _ => true,
    };
    if !flow.client_id.eq_ignore_ascii_case(&client.client_id) || !tenant_matches {
        return Err(bad_code());
    }
    if now >= flow.expires_at_ms {
        return Err(OAuthError::new(
            "expired_token",
            70020,
            "The device code has expired; start the sign-in again.",
        ));
    }
    let too_soon = flow
        .last_poll_ms
        .is_some_and(|last| now - last < flow.interval_ms);
    flow.last_poll_ms = Some(now);
    let (tenant_id, admin) = match &flow.status {
        FlowStatus::Redeemed => {
            return Err(OAuthError::new(
                "invalid_grant",
                54005,
                "The device code was already redeemed.",
            ))
        }
        FlowStatus::Declined => {
            return Err(OAuthError::new(
                "authorization_declined",
                70000,
                "The user declined the sign-in request.",
            ))
        }
        _ if too_soon => {
            return Err(OAuthError::new(
                "slow_down",
                70016,
                "Polling faster than the interval allows; wait longer between requests.",
            ))
        }
        FlowStatus::Pending => {
            return Err(OAuthError::new(
                "authorization_pending",
                70016,
                "The user has not finished signing in yet. Continue polling.",
            ))
        }
        FlowStatus::Approved { tenant_id, admin } => (tenant_id.clone(), admin.clone()),
    };
    if path_tenant.as_ref().is_some_and(|p| *p != tenant_id) {
        return Err(bad_code());
    }
    let requested = flow.requested.clone();
    let (_, app) = tenant_app(state, &tenant_id, &client.client_id)?;
    check_secret(app, client, false)?;
    let permissions = scopes::grant_delegated(app, &requested)?;
    let client_id = app.client_id.clone();
    if let Some(flow) = state.identity.flows.get_mut(device_code) {
        flow.status = FlowStatus::Redeemed;
    }
    Ok(Grant {
        tenant_id,
        client_id,
        resource: requested.resource,
        permissions,
        user: Some(admin),
        offline_access: requested.offline_access,
    })
}

fn normalize_user_code(user_code: &str) -> String {
    user_code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The pending flow for `user_code`, or why it cannot be acted on.
fn pending_flow<'a>(
    state: &'a mut SandboxState,
    user_code: &str,
) -> Result<&'a mut DeviceFlow, IdentityError> {
    let code = normalize_user_code(user_code);
    let device_code = state
        .identity
        .user_codes
        .get(&code)
        .ok_or_else(|| IdentityError::UnknownUserCode(code.clone()))?;
    let flow = state
        .identity
        .flows
        .get_mut(device_code)
        .ok_or_else(|| IdentityError::UnknownUserCode(code.clone()))?;
    if now_ms() >= flow.expires_at_ms {
        return Err(IdentityError::ExpiredUserCode(code));
    }
    if flow.status != FlowStatus::Pending {
        return Err(IdentityError::AlreadyCompleted(code));
    }
    Ok(flow)
}

/// An admin approves the sign-in shown with `user_code`.
pub fn approve_device_code(
    state: &mut SandboxState,
    user_code: &str,
    admin_upn: &str,
) -> Result<(), IdentityError> {
    let flow = pending_flow(state, user_code)?.clone();
    let tenant = match &flow.tenant_id {
        Some(tenant_id) => state
            .tenant(tenant_id)
            .filter(|t| t.identity.admin(admin_upn).is_some()),
        None => state
            .tenants
            .values()
            .find(|t| t.identity.admin(admin_upn).is_some()),
    }
    .ok_or_else(|| IdentityError::NotAnAdmin(admin_upn.to_string()))?;
    if tenant.identity.app(&flow.client_id).is_none() {
        return Err(IdentityError::AppNotInTenant {
            client_id: flow.client_id,
            tenant: tenant.tenant_id.clone(),
        });
    }
    let status = FlowStatus::Approved {
        tenant_id: tenant.tenant_id.clone(),
        admin: tenant
            .identity
            .admin(admin_upn)
            .cloned()
            .ok_or_else(|| IdentityError::NotAnAdmin(admin_upn.to_string()))?,
    };
    pending_flow(state, user_code)?.status = status;
    Ok(())
}

/// The person at the device-login page refused the sign-in.
pub fn decline_device_code(state: &mut SandboxState, user_code: &str) -> Result<(), IdentityError> {
    pending_flow(state, user_code)?.status = FlowStatus::Declined;
    Ok(())
}

/// Emulator control: every device code issued so far expires now.
pub fn expire_device_codes(state: &mut SandboxState) {
    let now = now_ms();
    for flow in state.identity.flows.values_mut() {
        flow.expires_at_ms = flow.expires_at_ms.min(now);
    }
}
