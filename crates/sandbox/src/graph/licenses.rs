//! `GET /v1.0/subscribedSkus` and `POST /v1.0/users/{id}/assignLicense`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

use super::permissions::{LICENSES_WRITE, SKUS_READ};
use super::users::{user_json, USER_SCHEMA};
use super::{caller, context_url, json_object, with_directory, with_tenant, GraphState};
use crate::directory::AssignedLicense;
use crate::graph_error::GraphError;

pub(super) async fn subscribed_skus(
    State(gs): State<GraphState>,
    headers: HeaderMap,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, SKUS_READ)?;
    let values = with_tenant(&gs.ctx, &claims, |tenant| {
        Ok(tenant
            .directory
            .skus()
            .map(|sku| {
                let plans: Vec<Value> = sku
                    .service_plans
                    .iter()
                    .map(|p| json!({"servicePlanId": p.service_plan_id, "servicePlanName": p.service_plan_name, "provisioningStatus": "Success", "appliesTo": "User"}))
                    .collect();
                json!({
                    "id": format!("{}_{}", tenant.tenant_id, sku.sku_id),
                    "skuId": sku.sku_id,
                    "skuPartNumber": sku.sku_part_number,
                    "accountId": tenant.tenant_id,
                    "capabilityStatus": "Enabled",
                    "appliesTo": "User",
                    "consumedUnits": sku.consumed_units,
                    "prepaidUnits": {"enabled": sku.enabled_units, "suspended": 0, "warning": 0, "lockedOut": 0},
                    "servicePlans": plans,
                })
            })
            .collect::<Vec<_>>())
    })?;
    Ok(Json(
        json!({"@odata.context": context_url(&gs.ctx, "subscribedSkus"), "value": values}),
    ))
}

fn invalid_body() -> GraphError {
    GraphError::bad_request("assignLicense needs 'addLicenses' (a list of {skuId, disabledPlans}) and 'removeLicenses' (a list of skuIds).")
}

fn string_list(value: Option<&Value>) -> Result<Vec<String>, GraphError> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string).ok_or_else(invalid_body))
            .collect(),
        Some(_) => Err(invalid_body()),
    }
}

pub(super) async fn assign(
    State(gs): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, LICENSES_WRITE)?;
    let object = json_object(&body)?;
    let (Some(Value::Array(add)), Some(remove)) =
        (object.get("addLicenses"), object.get("removeLicenses"))
    else {
        return Err(invalid_body());
    };
    let add = add
        .iter()
        .map(|l| {
            let sku_id = l
                .get("skuId")
                .and_then(Value::as_str)
                .ok_or_else(invalid_body)?
                .to_string();
            Ok(AssignedLicense {
                sku_id,
                disabled_plans: string_list(l.get("disabledPlans"))?,
            })
        })
        .collect::<Result<Vec<_>, GraphError>>()?;
    let remove = string_list(Some(remove))?;
    let mut body = with_directory(&gs.ctx, &claims, |dir| {
        Ok(user_json(
            dir.assign_license(&id, add, remove)?,
            USER_SCHEMA.default_select,
        ))
    })?;
    body["@odata.context"] = json!(context_url(&gs.ctx, "users/$entity"));
    Ok(Json(body))
}
