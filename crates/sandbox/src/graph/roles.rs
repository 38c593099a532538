//! `/v1.0/servicePrincipals`, `/v1.0/roleManagement/directory/roleAssignments` and
//! `/v1.0/me`: enough of Graph to learn which Entra roles an app or a signed-in admin
//! holds, in Graph's shapes (`unifiedRoleAssignment`, `servicePrincipal`, `user`).

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use super::odata::Query;
use super::permissions::{ME_READ, ROLES_READ, SERVICE_PRINCIPALS_READ};
use super::users::{user_json, USER_SCHEMA};
use super::{caller, context_url, with_tenant, GraphState};
use crate::graph_error::GraphError;

/// The value of `$filter={property} eq '{value}'`, the one filter these collections take.
fn eq_filter(raw: Option<&str>, property: &str) -> Result<String, GraphError> {
    let query = Query::parse(raw, &["filter", "select", "top"])?;
    let unsupported = || {
        GraphError::new(
            StatusCode::BAD_REQUEST,
            "Request_UnsupportedQuery",
            format!("This collection must be filtered with {property} eq '<id>'."),
        )
    };
    let filter = query.get("filter").ok_or_else(unsupported)?.trim();
    let rest = filter
        .strip_prefix(property)
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix("eq"))
        .map(str::trim)
        .ok_or_else(unsupported)?;
    rest.strip_prefix('\'')
        .and_then(|r| r.strip_suffix('\''))
        .filter(|value| !value.contains('\''))
        .map(str::to_owned)
        .ok_or_else(unsupported)
}

pub(super) async fn service_principals(
    State(gs): State<GraphState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, SERVICE_PRINCIPALS_READ)?;
    let app_id = eq_filter(raw.as_deref(), "appId")?;
    let found: Vec<Value> = with_tenant(&gs.ctx, &claims, |tenant| {
        Ok(tenant
            .roles
            .service_principal_of(&app_id)
            .map(|sp| {
                json!({
                    "id": sp.id,
                    "appId": sp.app_id,
                    "displayName": sp.display_name,
                    "servicePrincipalType": "Application",
                    "accountEnabled": true,
                })
            })
            .into_iter()
            .collect())
    })?;
    Ok(Json(json!({
        "@odata.context": context_url(&gs.ctx, "servicePrincipals"),
        "value": found,
    })))
}

pub(super) async fn role_assignments(
    State(gs): State<GraphState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, ROLES_READ)?;
    let principal = eq_filter(raw.as_deref(), "principalId")?;
    let found: Vec<Value> = with_tenant(&gs.ctx, &claims, |tenant| {
        Ok(tenant
            .roles
            .assignments_of(&principal)
            .map(|a| {
                json!({
                    "id": a.id,
                    "principalId": a.principal_id,
                    "roleDefinitionId": a.role_definition_id,
                    "directoryScopeId": "/",
                })
            })
            .collect())
    })?;
    Ok(Json(json!({
        "@odata.context": context_url(&gs.ctx, "roleManagement/directory/roleAssignments"),
        "value": found,
    })))
}

/// The signed-in user; an app-only token has none.
pub(super) async fn me(
    State(gs): State<GraphState>,
    headers: HeaderMap,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, ME_READ)?;
    let oid = claims.oid.clone().ok_or_else(|| {
        GraphError::bad_request("/me request is only valid with delegated authentication flow.")
    })?;
    let user = with_tenant(&gs.ctx, &claims, |tenant| {
        let json = match tenant.directory.user(&oid) {
            Some(user) => user_json(user, USER_SCHEMA.default_select),
            None => {
                let admin = tenant
                    .identity
                    .admin_by_object_id(&oid)
                    .ok_or_else(|| GraphError::not_found("The signed-in user no longer exists."))?;
                json!({ "id": oid, "userPrincipalName": admin.upn })
            }
        };
        Ok(json)
    })?;
    Ok(Json(user))
}
