//! Graph's Teams telephony endpoints under `/v1.0/admin/teams` (token audience
//! `https://graph.microsoft.com`), over the same `VoiceState` the cmdlets change.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::time::Instant;

use super::model::{AssignmentCategory, NumberType, PhoneNumber, PolicyType};
use super::operations::{advance, settle, NumberChange, NumberOperation};
use super::users::user_configuration;
use crate::context::Ctx;
use crate::graph_error::GraphError;
use crate::graph_tenant::with_tenant;
use crate::state::TenantState;
use crate::token::{Claims, GRAPH_RESOURCE};

const ROOT: &str = "/v1.0/admin/teams";
const DEFAULT_PAGE: usize = 100;
const MAX_PAGE: usize = 999;
const CONFIGURATION_PROPERTIES: &[&str] = &[
    "id",
    "tenantId",
    "userPrincipalName",
    "accountType",
    "isEnterpriseVoiceEnabled",
    "telephoneNumbers",
    "effectivePolicyAssignments",
    "featureTypes",
    "createdDateTime",
    "modifiedDateTime",
];

pub fn graph_router(ctx: Ctx) -> Router {
    Router::new()
        .route(
            &format!("{ROOT}/userConfigurations"),
            get(list_configurations),
        )
        .route(
            &format!("{ROOT}/userConfigurations/{{id}}"),
            get(get_configuration),
        )
        .route(
            &format!("{ROOT}/telephoneNumberManagement/numberAssignments"),
            get(list_assignments),
        )
        .route(
            &format!("{ROOT}/telephoneNumberManagement/numberAssignments/assignNumber"),
            post(assign_number),
        )
        .route(
            &format!("{ROOT}/telephoneNumberManagement/numberAssignments/unassignNumber"),
            post(unassign_number),
        )
        .route(
            &format!("{ROOT}/telephoneNumberManagement/{{operation}}"),
            get(get_operation),
        )
        .route(
            &format!("{ROOT}/policy/userAssignments/assign"),
            post(assign_policies),
        )
        .route(
            &format!("{ROOT}/policy/userAssignments/unassign"),
            post(unassign_policies),
        )
        .route(&format!("{ROOT}/policy/{{function}}"), get(get_policy_id))
        .with_state(ctx)
}

fn authorize(ctx: &Ctx, headers: &HeaderMap) -> Result<Claims, GraphError> {
    crate::identity::authorize(ctx, headers, GRAPH_RESOURCE, None)
}

/// The base URL clients reached us on, for `@odata.nextLink` and `Location`.
/// Runs `f` on the caller's tenant after its pending number operations have landed,
/// as they would have at Microsoft by the time another request arrives.
fn with_voice<T>(
    ctx: &Ctx,
    claims: &Claims,
    f: impl FnOnce(&mut TenantState) -> Result<T, GraphError>,
) -> Result<T, GraphError> {
    with_tenant(ctx, claims, |tenant| {
        settle(&mut tenant.voice);
        f(tenant)
    })
}

/// [`with_voice`] for a telephony write, which the tenant's write throttle may refuse
/// with `429` and the time until it would admit one.
fn with_voice_write<T>(
    ctx: &Ctx,
    claims: &Claims,
    f: impl FnOnce(&mut TenantState) -> Result<T, GraphError>,
) -> Result<T, GraphError> {
    with_voice(ctx, claims, |tenant| {
        tenant
            .voice
            .write_throttle
            .admit(Instant::now())
            .map_err(|wait| {
                // Whole milliseconds, rounded up, so a client that waits exactly this long is admitted.
                GraphError::throttled((wait.as_secs_f64() * 1000.0).ceil() / 1000.0)
            })?;
        f(tenant)
    })
}

fn base_url(ctx: &Ctx, headers: &HeaderMap) -> String {
    if !ctx.urls.graph.is_empty() {
        return ctx.urls.graph.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

fn context(ctx: &Ctx, headers: &HeaderMap, entity: &str) -> String {
    format!("{}/v1.0/$metadata#{entity}", base_url(ctx, headers))
}

/// One `$filter` clause: `prop eq value` or `startswith(prop,'value')`.
#[derive(Debug, PartialEq)]
enum Clause {
    Eq(String, Value),
    StartsWith(String, String),
}

fn parse_filter(raw: &str, allowed: &[&str]) -> Result<Vec<Clause>, GraphError> {
    let invalid = || GraphError::bad_request(format!("Invalid filter clause: {raw}"));
    let check = |name: &str| {
        allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(name))
            .map(|a| (*a).to_string())
            .ok_or_else(invalid)
    };
    let literal = |text: &str| -> Result<Value, GraphError> {
        let text = text.trim();
        if let Some(inner) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
            return Ok(Value::String(inner.replace("''", "'")));
        }
        match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(invalid()),
        }
    };
    let lower = raw.to_ascii_lowercase();
    let mut clauses = Vec::new();
    let mut start = 0;
    // Split on ` and ` outside quotes.
    let mut parts = Vec::new();
    let mut quoted = false;
    for (i, c) in raw.char_indices() {
        if c == '\'' {
            quoted = !quoted;
        } else if !quoted && lower[i..].starts_with(" and ") {
            parts.push(&raw[start..i]);
            start = i + 5;
        }
    }
    parts.push(&raw[start..]);
    for part in parts {
        let part = part.trim();
        if let Some(args) = part
            .strip_prefix("startswith(")
            .and_then(|p| p.strip_suffix(')'))
        {
            let (name, value) = args.split_once(',').ok_or_else(invalid)?;
            let Value::String(prefix) = literal(value)? else {
                return Err(invalid());
            };
            clauses.push(Clause::StartsWith(check(name.trim())?, prefix));
        } else {
            let (name, value) = part.split_once(" eq ").ok_or_else(invalid)?;
            clauses.push(Clause::Eq(check(name.trim())?, literal(value)?));
        }
    }
    Ok(clauses)
}

fn clause_matches(clause: &Clause, object: &Value) -> bool {
    match clause {
        Clause::Eq(name, Value::String(s)) => object[name]
            .as_str()
            .is_some_and(|v| v.eq_ignore_ascii_case(s)),
        Clause::Eq(name, value) => &object[name] == value,
        Clause::StartsWith(name, prefix) => object[name]
            .as_str()
            .is_some_and(|v| v.to_lowercase().starts_with(&prefix.to_lowercase())),
    }
}

fn parse_select(raw: Option<&String>) -> Result<Option<Vec<String>>, GraphError> {
    let Some(raw) = raw else { return Ok(None) };
    let mut names = Vec::new();
    for name in raw.split(',').map(str::trim) {
        let known = CONFIGURATION_PROPERTIES
            .iter()
            .find(|p| p.eq_ignore_ascii_case(name))
            .ok_or_else(|| GraphError::bad_request(format!("Could not find a property named '{name}' on type 'microsoft.graph.teamsAdministration.teamsUserConfiguration'.")))?;
        names.push((*known).to_string());
    }
    Ok(Some(names))
}

fn project(object: Value, select: &Option<Vec<String>>) -> Value {
    match (object, select) {
        (Value::Object(map), Some(names)) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| k == "id" || names.contains(k))
                .collect::<Map<_, _>>(),
        ),
        (object, _) => object,
    }
}

async fn list_configurations(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, GraphError> {
    let claims = authorize(&ctx, &headers)?;
    let top = match query.get("$top") {
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
            _ => {
                return Err(GraphError::bad_request(format!(
                "Invalid page size specified: '{raw}'. Must be between 1 and {MAX_PAGE} inclusive."
            )))
            }
        },
        None => DEFAULT_PAGE,
    };
    let select = parse_select(query.get("$select"))?;
    let filter = match query.get("$filter") {
        Some(raw) => parse_filter(
            raw,
            &[
                "userPrincipalName",
                "isEnterpriseVoiceEnabled",
                "accountType",
                "id",
            ],
        )?,
        None => Vec::new(),
    };
    let after = query.get("$skiptoken").cloned();
    let (values, last) = with_voice(&ctx, &claims, |tenant| {
        let mut page = Vec::new();
        let mut more = false;
        for user in tenant.directory.users_after(after.as_deref()) {
            let object = user_configuration(&tenant.tenant_id, user, &tenant.voice);
            if !filter.iter().all(|c| clause_matches(c, &object)) {
                continue;
            }
            if page.len() == top {
                more = true;
                break;
            }
            page.push((user.id.clone(), object));
        }
        let last = if more {
            page.last().map(|(id, _)| id.clone())
        } else {
            None
        };
        Ok((
            page.into_iter()
                .map(|(_, o)| project(o, &select))
                .collect::<Vec<_>>(),
            last,
        ))
    })?;
    let mut body = json!({
        "@odata.context": context(&ctx, &headers, "admin/teams/userConfigurations"),
        "value": values,
    });
    if let Some(last) = last {
        let mut link = url::form_urlencoded::Serializer::new(String::new());
        for key in ["$select", "$filter"] {
            if let Some(value) = query.get(key) {
                link.append_pair(key, value);
            }
        }
        link.append_pair("$top", &top.to_string());
        link.append_pair("$skiptoken", &last);
        body["@odata.nextLink"] = json!(format!(
            "{}{ROOT}/userConfigurations?{}",
            base_url(&ctx, &headers),
            link.finish()
        ));
    }
    Ok(Json(body))
}

async fn get_configuration(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, GraphError> {
    let claims = authorize(&ctx, &headers)?;
    let select = parse_select(query.get("$select"))?;
    let object = with_voice(&ctx, &claims, |tenant| {
        let user = tenant.directory.user_or_404(&id)?;
        Ok(user_configuration(&tenant.tenant_id, user, &tenant.voice))
    })?;
    let mut object = project(object, &select);
    object["@odata.context"] = json!(context(
        &ctx,
        &headers,
        "admin/teams/userConfigurations/$entity"
    ));
    Ok(Json(object))
}

async fn list_assignments(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, GraphError> {
    let claims = authorize(&ctx, &headers)?;
    let filter = match query.get("$filter") {
        Some(raw) => parse_filter(
            raw,
            &[
                "telephoneNumber",
                "assignmentStatus",
                "numberType",
                "assignmentTargetId",
            ],
        )?,
        None => Vec::new(),
    };
    let values = with_voice(&ctx, &claims, |tenant| {
        let mut values = Vec::new();
        for (user_id, voice) in &tenant.voice.users {
            for assigned in &voice.numbers {
                let object = json!({
                    "id": assigned.number.as_str(),
                    "telephoneNumber": assigned.number.as_str(),
                    "numberType": assigned.number_type.graph_name(),
                    "assignmentStatus": "userAssigned",
                    "activationState": "activated",
                    "assignmentTargetId": user_id,
                    "assignmentCategory": assigned.category.graph_name(),
                    "capabilities": ["userAssignment"],
                    "city": null,
                    "civicAddressId": null,
                    "isoCountryCode": null,
                    "locationId": assigned.location_id,
                    "numberSource": if assigned.number_type == NumberType::DirectRouting { "onPremises" } else { "online" },
                    "operatorId": null,
                    "portInStatus": null,
                    "reverseNumberLookupOptions": [],
                    "supportedCustomerActions": [],
                });
                if filter.iter().all(|c| clause_matches(c, &object)) {
                    values.push(object);
                }
            }
        }
        Ok(values)
    })?;
    Ok(Json(json!({
        "@odata.context": context(&ctx, &headers, "admin/teams/telephoneNumberManagement/numberAssignments"),
        "value": values,
    })))
}

fn body_json(body: &Bytes) -> Result<Map<String, Value>, GraphError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(GraphError::bad_request(
            "The request body must be a JSON object.",
        )),
    }
}

fn text_field(body: &Map<String, Value>, name: &str) -> Result<String, GraphError> {
    body.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .ok_or_else(|| GraphError::bad_request(format!("The property '{name}' is required.")))
}

fn parse_number(body: &Map<String, Value>) -> Result<PhoneNumber, GraphError> {
    PhoneNumber::parse(&text_field(body, "telephoneNumber")?).map_err(GraphError::bad_request)
}

fn parse_number_type(body: &Map<String, Value>) -> Result<NumberType, GraphError> {
    let type_text = text_field(body, "numberType")?;
    NumberType::parse(&type_text)
        .ok_or_else(|| GraphError::bad_request(format!("'{type_text}' is not a valid numberType.")))
}

/// Records a long-running number change; it completes as clients poll its operation,
/// or when the next other request on the tenant's voice state arrives.
fn queue_operation(
    tenant: &mut TenantState,
    user_id: String,
    number: PhoneNumber,
    change: NumberChange,
) -> String {
    let operation = NumberOperation::new(user_id, number, change);
    let id = operation.id.clone();
    tenant.voice.operations.insert(id.clone(), operation);
    id
}

fn accepted(ctx: &Ctx, headers: &HeaderMap, operation_id: &str) -> Response {
    let location = format!(
        "{}{ROOT}/telephoneNumberManagement/operations('{operation_id}')",
        base_url(ctx, headers)
    );
    (StatusCode::ACCEPTED, [(header::LOCATION, location)]).into_response()
}

async fn assign_number(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, GraphError> {
    let claims = authorize(&ctx, &headers)?;
    let body = body_json(&body)?;
    let number = parse_number(&body)?;
    let target = text_field(&body, "assignmentTargetId")?;
    let number_type = parse_number_type(&body)?;
    let category = match body.get("assignmentCategory").and_then(Value::as_str) {
        Some(text) => AssignmentCategory::parse(text).ok_or_else(|| {
            GraphError::bad_request(format!("'{text}' is not a valid assignmentCategory."))
        })?,
        None => AssignmentCategory::Primary,
    };
    let location_id = body
        .get("locationId")
        .and_then(Value::as_str)
        .map(str::to_string);
    let id = with_voice_write(&ctx, &claims, |tenant| {
        let user_id = tenant.directory.user_or_404(&target)?.id.clone();
        let change = NumberChange::Assign {
            number_type,
            category,
            location_id,
        };
        Ok(queue_operation(tenant, user_id, number, change))
    })?;
    Ok(accepted(&ctx, &headers, &id))
}

async fn unassign_number(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, GraphError> {
    let claims = authorize(&ctx, &headers)?;
    let body = body_json(&body)?;
    let number = parse_number(&body)?;
    // Checked though unused: the service refuses an unassign with a bad numberType.
    parse_number_type(&body)?;
    let id = with_voice_write(&ctx, &claims, |tenant| {
        let holder = tenant.voice.holder_of(&number).map(str::to_string);
        let user_id = holder.ok_or_else(|| {
            GraphError::not_found(format!("The telephone number {number} is not assigned."))
        })?;
        Ok(queue_operation(
            tenant,
            user_id,
            number,
            NumberChange::Unassign,
        ))
    })?;
    Ok(accepted(&ctx, &headers, &id))
}

async fn get_operation(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Path(segment): Path<String>,
) -> Result<Json<Value>, GraphError> {
    let claims = authorize(&ctx, &headers)?;
    let id = segment
        .strip_prefix("operations('")
        .and_then(|s| s.strip_suffix("')"))
        .or_else(|| {
            segment
                .strip_prefix("operations(")
                .and_then(|s| s.strip_suffix(')'))
        })
        .ok_or_else(|| {
            GraphError::not_found(format!("Resource not found for the segment '{segment}'."))
        })?
        .to_string();
    let operation = with_tenant(&ctx, &claims, |tenant| {
        advance(&mut tenant.voice, &id)
            .ok_or_else(|| GraphError::not_found(format!("The operation '{id}' does not exist.")))
    })?;
    let mut body = operation.to_graph();
    body["@odata.context"] = json!(context(
        &ctx,
        &headers,
        "admin/teams/telephoneNumberManagement/operations/$entity"
    ));
    Ok(Json(body))
}

/// Reads `{"value": [...]}` of policy assignments as (user id, type, policy id).
fn assignments(
    body: &Bytes,
    need_policy: bool,
) -> Result<Vec<(String, PolicyType, Option<String>)>, GraphError> {
    let body = body_json(body)?;
    let items = body
        .get("value")
        .and_then(Value::as_array)
        .ok_or_else(|| GraphError::bad_request("The property 'value' is required."))?;
    items
        .iter()
        .map(|item| {
            let item = item
                .as_object()
                .ok_or_else(|| GraphError::bad_request("Each assignment must be an object."))?;
            let user = text_field(item, "userId")?;
            let type_text = text_field(item, "policyType")?;
            let policy_type = PolicyType::parse(&type_text).ok_or_else(|| {
                GraphError::bad_request(format!("The policy type '{type_text}' is not supported."))
            })?;
            let policy = if need_policy {
                Some(text_field(item, "policyId")?)
            } else {
                None
            };
            Ok((user, policy_type, policy))
        })
        .collect()
}

/// Validates every assignment first, then applies them all: one bad entry changes nothing.
fn apply_assignments(
    ctx: &Ctx,
    claims: &Claims,
    items: Vec<(String, PolicyType, Option<String>)>,
) -> Result<StatusCode, GraphError> {
    with_voice_write(ctx, claims, |tenant| {
        let mut resolved = Vec::new();
        for (user, policy_type, policy_id) in items {
            let user_id = tenant.directory.user_or_404(&user)?.id.clone();
            let name = match policy_id {
                Some(id) => Some(
                    tenant
                        .voice
                        .policy_name_by_id(policy_type, &id)
                        .ok_or_else(|| {
                            GraphError::not_found(format!(
                                "The policy '{id}' of type '{}' does not exist.",
                                policy_type.graph_name()
                            ))
                        })?,
                ),
                None => None,
            };
            resolved.push((user_id, policy_type, name));
        }
        for (user_id, policy_type, name) in resolved {
            tenant
                .voice
                .grant(&user_id, policy_type, name.as_deref())
                .map_err(|e| GraphError::bad_request(e.to_string()))?;
        }
        Ok(StatusCode::NO_CONTENT)
    })
}

async fn assign_policies(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, GraphError> {
    let claims = authorize(&ctx, &headers)?;
    apply_assignments(&ctx, &claims, assignments(&body, true)?)
}

async fn unassign_policies(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, GraphError> {
    let claims = authorize(&ctx, &headers)?;
    apply_assignments(&ctx, &claims, assignments(&body, false)?)
}

/// `getPolicyId(type='tenantDialPlan',name='Paris')`.
async fn get_policy_id(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    Path(function): Path<String>,
) -> Result<Json<Value>, GraphError> {
    let claims = authorize(&ctx, &headers)?;
    let args = function
        .strip_prefix("getPolicyId(")
        .and_then(|s| s.strip_suffix(')'))
        .ok_or_else(|| {
            GraphError::not_found(format!("Resource not found for the segment '{function}'."))
        })?;
    let mut policy_type = None;
    let mut name = None;
    for pair in args.split(',') {
        let (key, value) = pair.split_once('=').ok_or_else(|| {
            GraphError::bad_request("getPolicyId needs type='...' and name='...'.")
        })?;
        let value = value.trim().trim_matches('\'').to_string();
        match key.trim() {
            "type" => policy_type = Some(value),
            "name" => name = Some(value),
            other => {
                return Err(GraphError::bad_request(format!(
                    "Unknown parameter '{other}' of getPolicyId."
                )))
            }
        }
    }
    let (Some(type_text), Some(name)) = (policy_type, name) else {
        return Err(GraphError::bad_request(
            "getPolicyId needs type='...' and name='...'.",
        ));
    };
    let policy_type = PolicyType::parse(&type_text).ok_or_else(|| {
        GraphError::bad_request(format!("The policy type '{type_text}' is not supported."))
    })?;
    let id = with_voice(&ctx, &claims, |tenant| {
        tenant.voice.policy_id(policy_type, &name).ok_or_else(|| {
            GraphError::not_found(format!(
                "The policy '{name}' of type '{type_text}' does not exist."
            ))
        })
    })?;
    Ok(Json(json!({
        "@odata.context": context(&ctx, &headers, "Collection(microsoft.graph.teamsAdministration.policyIdentifierDetail)"),
        "value": [{ "name": name, "policyId": id }],
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_split_on_and_outside_quotes() {
        let clauses = parse_filter(
            "startswith(userPrincipalName,'a and b') and isEnterpriseVoiceEnabled eq true",
            &["userPrincipalName", "isEnterpriseVoiceEnabled"],
        )
        .unwrap();
        assert_eq!(
            clauses,
            vec![
                Clause::StartsWith("userPrincipalName".into(), "a and b".into()),
                Clause::Eq("isEnterpriseVoiceEnabled".into(), Value::Bool(true))
            ]
        );
        assert!(parse_filter("displayName eq 'x'", &["userPrincipalName"]).is_err());
    }
}
