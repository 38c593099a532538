//! `/v1.0/groups`, `/v1.0/groups/{id}/members`, `/v1.0/users/{id}/memberOf`.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Map, Value};

use super::odata::{self, FieldValue, Filterable, Kind, Query, Schema};
use super::permissions::{GROUPS_READ, USERS_READ};
use super::users::{user_json, USER_SCHEMA};
use super::{caller, collection_page, context_url, with_directory, GraphState};
use crate::directory::Group;
use crate::graph_error::GraphError;

const GROUP_SCHEMA: Schema = Schema {
    type_name: "group",
    entity: "Group",
    props: &[
        ("id", Kind::Str),
        ("displayName", Kind::Str),
        ("description", Kind::Str),
        ("mail", Kind::Str),
        ("mailNickname", Kind::Str),
        ("mailEnabled", Kind::Bool),
        ("securityEnabled", Kind::Bool),
        ("groupTypes", Kind::Str),
        ("createdDateTime", Kind::Str),
    ],
    filterable: &[
        "id",
        "displayName",
        "mail",
        "mailNickname",
        "mailEnabled",
        "securityEnabled",
    ],
    default_select: &[
        "id",
        "displayName",
        "description",
        "mail",
        "mailNickname",
        "mailEnabled",
        "securityEnabled",
        "groupTypes",
        "createdDateTime",
    ],
};

impl Filterable for Group {
    fn field(&self, name: &str) -> FieldValue<'_> {
        match name {
            "id" => FieldValue::Str(Some(&self.id)),
            "displayName" => FieldValue::Str(Some(&self.display_name)),
            "mail" => FieldValue::Str(self.mail.as_deref()),
            "mailNickname" => FieldValue::Str(Some(&self.mail_nickname)),
            "mailEnabled" => FieldValue::Bool(self.mail_enabled),
            "securityEnabled" => FieldValue::Bool(self.security_enabled),
            _ => FieldValue::Str(None),
        }
    }
}

fn group_json(group: &Group, select: &[&str]) -> Value {
    let Value::Object(full) = json!({
        "id": group.id,
        "displayName": group.display_name,
        "description": group.description,
        "mail": group.mail,
        "mailNickname": group.mail_nickname,
        "mailEnabled": group.mail_enabled,
        "securityEnabled": group.security_enabled,
        "groupTypes": group.group_types,
        "createdDateTime": group.created.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    }) else {
        unreachable!("a json! object literal is an object")
    };
    odata::project(&full, select)
}

/// Directory objects in a mixed collection carry their type. Graph writes it with the
/// leading `#` in most answers and without it in some; `hash` picks which.
fn typed(mut value: Value, type_name: &str, hash: bool) -> Value {
    if let Value::Object(map) = &mut value {
        let mut typed = Map::new();
        let prefix = if hash { "#" } else { "" };
        typed.insert(
            "@odata.type".into(),
            json!(format!("{prefix}microsoft.graph.{type_name}")),
        );
        typed.append(map);
        return Value::Object(typed);
    }
    value
}

pub(super) async fn list(
    State(gs): State<GraphState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, GROUPS_READ)?;
    let odata::ListOptions {
        query,
        select,
        filter,
        top,
        count,
        after,
    } = odata::ListOptions::parse(&GROUP_SCHEMA, raw.as_deref(), &headers)?;
    let matches = |g: &Group| filter.as_ref().is_none_or(|f| f.matches(g));
    let body = with_directory(&gs.ctx, &claims, |dir| {
        let (page, token) =
            odata::take_page(dir.groups_after(after.as_deref()), matches, top, |g| &g.id);
        let total = count.then(|| dir.groups_after(None).filter(|g| matches(g)).count());
        let values = page.into_iter().map(|g| group_json(g, &select)).collect();
        Ok(collection_page(
            &gs.ctx,
            &query,
            "groups",
            "groups",
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
    let claims = caller(&gs.ctx, &headers, GROUPS_READ)?;
    let query = Query::parse(raw.as_deref(), &["select"])?;
    let select = odata::parse_select(&GROUP_SCHEMA, query.get("select"))?;
    let mut body = with_directory(&gs.ctx, &claims, |dir| {
        Ok(group_json(dir.group_or_404(&id)?, &select))
    })?;
    body["@odata.context"] = json!(context_url(&gs.ctx, "groups/$entity"));
    Ok(Json(body))
}

pub(super) async fn members(
    State(gs): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, GROUPS_READ)?;
    let query = Query::parse(raw.as_deref(), &["select", "top", "skiptoken"])?;
    let select = odata::parse_select(&USER_SCHEMA, query.get("select"))?;
    let top = odata::parse_top(query.get("top"))?;
    let after = odata::resume_after(&query)?;
    let body = with_directory(&gs.ctx, &claims, |dir| {
        let group = dir.group_or_404(&id)?;
        let lower = after
            .as_deref()
            .map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded);
        let ids = group
            .members
            .range::<str, _>((lower, std::ops::Bound::Unbounded));
        let (page, token) = odata::take_page(ids, |_| true, top, |m: &String| m.as_str());
        // Every other member without the `#`, so clients are held to read both.
        let values = page
            .into_iter()
            .filter_map(|m| dir.user(m))
            .enumerate()
            .map(|(n, u)| typed(user_json(u, &select), "user", n % 2 == 0))
            .collect();
        Ok(collection_page(
            &gs.ctx,
            &query,
            &format!("groups/{id}/members"),
            "directoryObjects",
            (values, token, None),
        ))
    })?;
    Ok(Json(body))
}

pub(super) async fn member_of(
    State(gs): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, USERS_READ)?;
    let query = Query::parse(raw.as_deref(), &["select", "top", "skiptoken"])?;
    let select = odata::parse_select(&GROUP_SCHEMA, query.get("select"))?;
    let top = odata::parse_top(query.get("top"))?;
    let after = odata::resume_after(&query)?;
    let body = with_directory(&gs.ctx, &claims, |dir| {
        let user_id = dir.user_or_404(&id)?.id.clone();
        let groups = dir
            .member_of(&user_id)
            .filter(|g| after.as_deref().is_none_or(|a| g.id.as_str() > a));
        let (page, token) = odata::take_page(groups, |_| true, top, |g| &g.id);
        let values = page
            .into_iter()
            .map(|g| typed(group_json(g, &select), "group", true))
            .collect();
        Ok(collection_page(
            &gs.ctx,
            &query,
            &format!("users/{id}/memberOf"),
            "directoryObjects",
            (values, token, None),
        ))
    })?;
    Ok(Json(body))
}
