//! `/v1.0/users`: list, get, create, update, delete.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use super::odata::{self, FieldValue, Filterable, Kind, Query, Schema};
use super::permissions::{USERS_READ, USERS_WRITE};
use super::{caller, collection_page, context_url, json_object, with_directory, GraphState};
use crate::directory::User;
use crate::graph_error::GraphError;

pub(super) const USER_SCHEMA: Schema = Schema {
    type_name: "user",
    entity: "User",
    props: &[
        ("id", Kind::Str),
        ("userPrincipalName", Kind::Str),
        ("displayName", Kind::Str),
        ("givenName", Kind::Str),
        ("surname", Kind::Str),
        ("mail", Kind::Str),
        ("mailNickname", Kind::Str),
        ("jobTitle", Kind::Str),
        ("department", Kind::Str),
        ("usageLocation", Kind::Str),
        ("accountEnabled", Kind::Bool),
        ("mobilePhone", Kind::Str),
        ("officeLocation", Kind::Str),
        ("businessPhones", Kind::Str),
        ("preferredLanguage", Kind::Str),
        ("createdDateTime", Kind::Str),
        ("assignedLicenses", Kind::Str),
    ],
    filterable: &[
        "id",
        "userPrincipalName",
        "displayName",
        "mail",
        "department",
        "usageLocation",
        "accountEnabled",
    ],
    default_select: &[
        "businessPhones",
        "displayName",
        "givenName",
        "jobTitle",
        "mail",
        "mobilePhone",
        "officeLocation",
        "preferredLanguage",
        "surname",
        "userPrincipalName",
        "id",
    ],
};

impl Filterable for User {
    fn field(&self, name: &str) -> FieldValue<'_> {
        match name {
            "id" => FieldValue::Str(Some(&self.id)),
            "userPrincipalName" => FieldValue::Str(Some(&self.user_principal_name)),
            "displayName" => FieldValue::Str(Some(&self.display_name)),
            "mail" => FieldValue::Str(self.mail.as_deref()),
            "department" => FieldValue::Str(self.department.as_deref()),
            "usageLocation" => FieldValue::Str(self.usage_location.as_deref()),
            "accountEnabled" => FieldValue::Bool(self.account_enabled),
            _ => FieldValue::Str(None),
        }
    }
}

/// Every property the emulator knows, in Graph's names.
fn full_json(user: &User) -> Map<String, Value> {
    let licenses: Vec<Value> = user
        .assigned_licenses
        .iter()
        .map(|l| json!({"skuId": l.sku_id, "disabledPlans": l.disabled_plans}))
        .collect();
    let Value::Object(map) = json!({
        "id": user.id,
        "userPrincipalName": user.user_principal_name,
        "displayName": user.display_name,
        "givenName": user.given_name,
        "surname": user.surname,
        "mail": user.mail,
        "mailNickname": user.mail_nickname,
        "jobTitle": user.job_title,
        "department": user.department,
        "usageLocation": user.usage_location,
        "accountEnabled": user.account_enabled,
        "mobilePhone": user.mobile_phone,
        "officeLocation": user.office_location,
        "businessPhones": user.business_phones,
        "preferredLanguage": Value::Null,
        "createdDateTime": user.created.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "assignedLicenses": licenses,
    }) else {
        unreachable!("a json! object literal is an object")
    };
    map
}

pub(super) fn user_json(user: &User, select: &[&str]) -> Value {
    odata::project(&full_json(user), select)
}

/// Context fragment for a selection, e.g. `users(displayName,id)`.
pub(super) fn select_fragment(set: &str, query: &Query, select: &[&str]) -> String {
    if query.get("select").is_some() {
        format!("{set}({})", select.join(","))
    } else {
        set.to_string()
    }
}

pub(super) async fn list(
    State(gs): State<GraphState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, USERS_READ)?;
    let odata::ListOptions {
        query,
        select,
        filter,
        top,
        count,
        after,
    } = odata::ListOptions::parse(&USER_SCHEMA, raw.as_deref(), &headers)?;
    let matches = |u: &User| filter.as_ref().is_none_or(|f| f.matches(u));
    let body = with_directory(&gs.ctx, &claims, |dir| {
        let (page, token) =
            odata::take_page(dir.users_after(after.as_deref()), matches, top, |u| &u.id);
        let total = count.then(|| dir.users_after(None).filter(|u| matches(u)).count());
        let values = page.into_iter().map(|u| user_json(u, &select)).collect();
        Ok(collection_page(
            &gs.ctx,
            &query,
            "users",
            &select_fragment("users", &query, &select),
            (values, token, total),
        ))
    })?;
    Ok(Json(body))
}

pub(super) async fn get_one(
    State(gs): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, USERS_READ)?;
    let query = Query::parse(raw.as_deref(), &["select"])?;
    let select = odata::parse_select(&USER_SCHEMA, query.get("select"))?;
    let mut body = with_directory(&gs.ctx, &claims, |dir| {
        Ok(user_json(dir.user_or_404(&id)?, &select))
    })?;
    body["@odata.context"] = json!(context_url(
        &gs.ctx,
        &format!("{}/$entity", select_fragment("users", &query, &select))
    ));
    Ok(Json(body))
}

pub(super) async fn create(
    State(gs): State<GraphState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, GraphError> {
    let claims = caller(&gs.ctx, &headers, USERS_WRITE)?;
    let object = json_object(&body)?;
    for required in [
        "accountEnabled",
        "displayName",
        "mailNickname",
        "userPrincipalName",
        "passwordProfile",
    ] {
        if object.get(required).is_none_or(Value::is_null) {
            return Err(invalid_value(required));
        }
    }
    let upn = object
        .get("userPrincipalName")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid_value("userPrincipalName"))?;
    let display = object
        .get("displayName")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid_value("displayName"))?;
    let mut user = User::new(upn, display);
    apply_fields(&mut user, &object)?;
    let created = with_directory(&gs.ctx, &claims, |dir| {
        Ok(user_json(dir.add_user(user)?, USER_SCHEMA.default_select))
    })?;
    let mut body = created;
    body["@odata.context"] = json!(context_url(&gs.ctx, "users/$entity"));
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

pub(super) async fn update(
    State(gs): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, GraphError> {
    let claims = caller(&gs.ctx, &headers, USERS_WRITE)?;
    let object = json_object(&body)?;
    with_directory(&gs.ctx, &claims, |dir| {
        dir.update_user(&id, |user| apply_fields(user, &object))
            .map(|_| ())
    })?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn delete(
    State(gs): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, GraphError> {
    let claims = caller(&gs.ctx, &headers, USERS_WRITE)?;
    with_directory(&gs.ctx, &claims, |dir| dir.delete_user(&id))?;
    Ok(StatusCode::NO_CONTENT)
}

fn invalid_value(property: &str) -> GraphError {
    GraphError::new(
        StatusCode::BAD_REQUEST,
        "Request_BadRequest",
        format!("Invalid value specified for property '{property}' of resource 'User'."),
    )
}

fn string(value: &Value, property: &str) -> Result<String, GraphError> {
    value
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
        .ok_or_else(|| invalid_value(property))
}

fn optional_string(value: &Value, property: &str) -> Result<Option<String>, GraphError> {
    if value.is_null() {
        return Ok(None);
    }
    string(value, property).map(Some)
}

/// Applies writable properties from a POST or PATCH body; unknown or read-only
/// properties are refused.
fn apply_fields(user: &mut User, object: &Map<String, Value>) -> Result<(), GraphError> {
    for (key, value) in object {
        match key.as_str() {
            "accountEnabled" => {
                user.account_enabled = value.as_bool().ok_or_else(|| invalid_value(key))?
            }
            "displayName" => user.display_name = string(value, key)?,
            "userPrincipalName" => user.user_principal_name = string(value, key)?,
            "mailNickname" => {
                let nickname = string(value, key)?;
                if nickname
                    .chars()
                    .any(|c| c.is_whitespace() || "@()\\[]\";:<>,".contains(c))
                {
                    return Err(invalid_value(key));
                }
                user.mail_nickname = nickname;
            }
            "passwordProfile" => check_password(value)?,
            "givenName" => user.given_name = optional_string(value, key)?,
            "surname" => user.surname = optional_string(value, key)?,
            "mail" => user.mail = optional_string(value, key)?,
            "jobTitle" => user.job_title = optional_string(value, key)?,
            "department" => user.department = optional_string(value, key)?,
            "mobilePhone" => user.mobile_phone = optional_string(value, key)?,
            "officeLocation" => user.office_location = optional_string(value, key)?,
            "usageLocation" => {
                let location = optional_string(value, key)?;
                if location
                    .as_ref()
                    .is_some_and(|l| l.len() != 2 || !l.chars().all(|c| c.is_ascii_uppercase()))
                {
                    return Err(invalid_value(key));
                }
                user.usage_location = location;
            }
            "businessPhones" => {
                let phones = value.as_array().ok_or_else(|| invalid_value(key))?;
                user.business_phones = phones
                    .iter()
                    .map(|p| string(p, key))
                    .collect::<Result<_, _>>()?;
            }
            "id" | "createdDateTime" | "assignedLicenses" => {
                return Err(GraphError::bad_request(format!(
                    "Property '{key}' is read-only and cannot be set."
                )));
            }
            other => {
                return Err(GraphError::bad_request(format!(
                    "Property '{other}' does not exist on type 'microsoft.graph.user'."
                )));
            }
        }
    }
    Ok(())
}

/// Microsoft's rule: 8 to 256 characters from at least three of lower, upper, digit, symbol.
fn check_password(profile: &Value) -> Result<(), GraphError> {
    let password = profile
        .get("password")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid_value("passwordProfile"))?;
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if !(8..=256).contains(&password.chars().count()) || classes.iter().filter(|c| **c).count() < 3
    {
        return Err(GraphError::new(
            StatusCode::BAD_REQUEST,
            "Request_BadRequest",
            "The password does not meet the complexity requirements; choose a different password.",
        ));
    }
    Ok(())
}
