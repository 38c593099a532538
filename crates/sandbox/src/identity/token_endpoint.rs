//! `POST /{tenant}/oauth2/v2.0/token`: client credentials, device code, refresh token.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::issue::{self, Grant};
use super::oauth_error::OAuthError;
use super::{device, resolve_tenant, scopes, AppRegistration};
use crate::context::Ctx;
use crate::state::SandboxState;

pub(super) const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// The client's identity, from the form or from HTTP Basic (which the oauth2 crate
/// uses by default).
pub(super) struct ClientAuth {
    pub client_id: String,
    pub secret: Option<String>,
}

pub(super) type Params = HashMap<String, String>;

pub(super) fn parse_form(body: &[u8]) -> Params {
    url::form_urlencoded::parse(body).into_owned().collect()
}

pub(super) fn client_auth(headers: &HeaderMap, params: &Params) -> Result<ClientAuth, OAuthError> {
    let basic = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b64| STANDARD.decode(b64.trim()).ok())
        .and_then(|raw| String::from_utf8(raw).ok());
    if let Some(pair) = basic {
        let (id, secret) = pair.split_once(':').unwrap_or((pair.as_str(), ""));
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(&s.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        };
        return Ok(ClientAuth {
            client_id: decode(id),
            secret: Some(decode(secret)).filter(|s| !s.is_empty()),
        });
    }
    let client_id = params
        .get("client_id")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| OAuthError::missing_parameter("client_id"))?;
    Ok(ClientAuth {
        client_id: client_id.clone(),
        secret: params.get("client_secret").cloned(),
    })
}

/// Checks the secret when one is sent or the app is not a public client.
pub(super) fn check_secret(
    app: &AppRegistration,
    client: &ClientAuth,
    required: bool,
) -> Result<(), OAuthError> {
    match &client.secret {
        Some(secret) if app.secrets.iter().any(|s| s == secret) => Ok(()),
        Some(_) => Err(OAuthError::new(
            "invalid_client",
            7000215,
            format!(
                "Invalid client secret provided. Send the secret's value, not its id, of a secret added to app '{}'.",
                app.client_id
            ),
        )),
        None if required || !app.allow_public_client => Err(OAuthError::new(
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        )),
        None => Ok(()),
    }
}

pub(super) async fn token(
    State(ctx): State<Ctx>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = parse_form(&body);
    match grant(&ctx, &tenant, &headers, &params) {
        Ok(body) => {
            let mut response = Json(body).into_response();
            response.headers_mut().insert(
                "Cache-Control",
                axum::http::HeaderValue::from_static("no-store, no-cache"),
            );
            response
        }
        Err(error) => error.into_response(),
    }
}

fn grant(
    ctx: &Ctx,
    tenant: &str,
    headers: &HeaderMap,
    params: &Params,
) -> Result<serde_json::Value, OAuthError> {
    let grant_type = params
        .get("grant_type")
        .ok_or_else(|| OAuthError::missing_parameter("grant_type"))?;
    let client = client_auth(headers, params)?;
    let mut state = ctx.state.lock();
    for credential in [client.secret.as_ref(), params.get("refresh_token")]
        .into_iter()
        .flatten()
    {
        state.identity.record_presented(credential);
    }
    match grant_type.as_str() {
        "client_credentials" => {
            let grant = client_credentials(&state, tenant, &client, params)?;
            Ok(issue::token_response(ctx, &mut state, grant))
        }
        DEVICE_CODE_GRANT => {
            let device_code = params
                .get("device_code")
                .ok_or_else(|| OAuthError::missing_parameter("device_code"))?;
            let grant = device::redeem(&mut state, tenant, &client, device_code)?;
            Ok(issue::token_response(ctx, &mut state, grant))
        }
        "refresh_token" => {
            let grant = refresh(&state, tenant, &client, params)?;
            Ok(issue::token_response(ctx, &mut state, grant))
        }
        other => Err(OAuthError::new(
            "unsupported_grant_type",
            70003,
            format!("The app requested an unsupported grant type '{other}'."),
        )),
    }
}

/// Finds the tenant named in the path and the app registered there.
pub(super) fn tenant_app<'a>(
    state: &'a SandboxState,
    tenant: &str,
    client_id: &str,
) -> Result<(String, &'a AppRegistration), OAuthError> {
    let tenant_id =
        resolve_tenant(state, tenant).ok_or_else(|| OAuthError::tenant_not_found(tenant))?;
    let app = state
        .tenant(&tenant_id)
        .and_then(|t| t.identity.app(client_id))
        .ok_or_else(|| OAuthError::app_not_in_tenant(client_id, &tenant_id))?;
    Ok((tenant_id, app))
}

fn client_credentials(
    state: &SandboxState,
    tenant: &str,
    client: &ClientAuth,
    params: &Params,
) -> Result<Grant, OAuthError> {
    let (tenant_id, app) = tenant_app(state, tenant, &client.client_id)?;
    check_secret(app, client, true)?;
    let raw_scope = params
        .get("scope")
        .ok_or_else(|| OAuthError::missing_parameter("scope"))?;
    let requested = scopes::parse(raw_scope)?;
    if requested.names != [".default"] || requested.offline_access {
        return Err(OAuthError::new(
            "invalid_scope",
            1002012,
            format!(
                "The provided value for scope {raw_scope} is not valid. Client credential flows must ask for one resource with \
                 the /.default suffix, e.g. https://graph.microsoft.com/.default."
            ),
        ));
    }
    Ok(Grant {
        tenant_id,
        client_id: app.client_id.clone(),
        permissions: app
            .app_roles
            .get(&requested.resource)
            .cloned()
            .unwrap_or_default(),
        resource: requested.resource,
        user: None,
        offline_access: false,
    })
}

fn refresh(
    state: &SandboxState,
    tenant: &str,
    client: &ClientAuth,
    params: &Params,
) -> Result<Grant, OAuthError> {
    let token = params
        .get("refresh_token")
        .ok_or_else(|| OAuthError::missing_parameter("refresh_token"))?;
    let stored = issue::refresh_grant(&state.identity, token).ok_or_else(|| {
        OAuthError::new(
            "invalid_grant",
            9002313,
            "Invalid request. The refresh token is malformed or unknown.",
        )
    })?;
    if stored.revoked {
        return Err(OAuthError::new(
            "invalid_grant",
            50173,
            "The provided grant has been revoked: the user changed their password or an administrator revoked their sessions. \
             A new sign-in is needed.",
        ));
    }
    if stored.expires_at <= chrono::Utc::now().timestamp() {
        return Err(OAuthError::new(
            "invalid_grant",
            700082,
            "The refresh token has expired due to inactivity. A new sign-in is needed.",
        ));
    }
    let previous = &stored.grant;
    if !previous.client_id.eq_ignore_ascii_case(&client.client_id) {
        return Err(OAuthError::new(
            "invalid_grant",
            70000,
            "The refresh token was issued to a different client.",
        ));
    }
    let generic = matches!(
        tenant.to_ascii_lowercase().as_str(),
        "common" | "organizations"
    );
    let tenant_id = if generic {
        previous.tenant_id.clone()
    } else {
        resolve_tenant(state, tenant).ok_or_else(|| OAuthError::tenant_not_found(tenant))?
    };
    if tenant_id != previous.tenant_id {
        return Err(OAuthError::new(
            "invalid_grant",
            50020,
            "The refresh token was issued for another tenant.",
        ));
    }
    let (_, app) = tenant_app(state, &tenant_id, &client.client_id)?;
    check_secret(app, client, false)?;
    let mut grant = previous.clone();
    // A refresh token is good for any resource the app was consented to, so one sign-in
    // yields both the Graph and the Teams admin token.
    if let Some(raw_scope) = params.get("scope") {
        let requested = scopes::parse(raw_scope)?;
        grant.permissions = scopes::grant_delegated(app, &requested)?;
        grant.resource = requested.resource;
    }
    grant.offline_access = true;
    Ok(grant)
}
