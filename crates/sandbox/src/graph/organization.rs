//! `GET /v1.0/organization`: the tenant itself and its verified domains.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

use super::permissions::ORGANIZATION_READ;
use super::{caller, context_url, with_tenant, GraphState};
use crate::graph_error::GraphError;

pub(super) async fn list(
    State(gs): State<GraphState>,
    headers: HeaderMap,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, ORGANIZATION_READ)?;
    let organization = with_tenant(&gs.ctx, &claims, |tenant| {
        let verified: Vec<Value> = tenant
            .directory
            .domains()
            .filter(|d| d.is_verified)
            .map(|d| {
                json!({
                    "name": d.id,
                    "isDefault": d.is_default,
                    "isInitial": d.is_initial,
                    "type": "Managed",
                    "capabilities": if d.is_initial { "Email, OfficeCommunicationsOnline" } else { "None" },
                })
            })
            .collect();
        Ok(json!({
            "id": tenant.tenant_id,
            "displayName": tenant.display_name,
            "tenantType": "AAD",
            "countryLetterCode": "US",
            "verifiedDomains": verified,
            "assignedPlans": [],
        }))
    })?;
    Ok(Json(
        json!({"@odata.context": context_url(&gs.ctx, "organization"), "value": [organization]}),
    ))
}
