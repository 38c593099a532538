//! `GET /v1.0/users/delta`: a first round pages through every user and ends with a
//! delta link; each later round returns exactly the changes since that link.
//!
//! Tokens carry the change-sequence window, the `$select`, the tenant's delta epoch and
//! when they were minted, so an old or invalidated link can be refused.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::odata::{self, Query};
use super::permissions::USERS_READ;
use super::users::{select_fragment, user_json, USER_SCHEMA};
use super::{caller, context_url, with_directory, GraphState};
use crate::directory::DeltaEntry;
use crate::graph_error::GraphError;

#[derive(Serialize, Deserialize)]
struct DeltaToken {
    /// Changes after this sequence number are still to come.
    since: u64,
    /// The round ends at this sequence number (fixed when the round starts).
    upto: u64,
    /// First round: deletions are not reported.
    initial: bool,
    epoch: u64,
    minted: i64,
    select: Option<String>,
}

fn sync_state_not_found() -> GraphError {
    GraphError::new(
        StatusCode::BAD_REQUEST,
        "syncStateNotFound",
        "The sync state generation is not found for this delta token; it has expired or is invalid. Start a full synchronization again.",
    )
}

/// Page size from `Prefer: odata.maxpagesize=N`, else `$top`, else the default.
fn page_size(headers: &HeaderMap, query: &Query) -> Result<(usize, bool), GraphError> {
    let preferred = headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|p| {
            p.trim()
                .strip_prefix("odata.maxpagesize=")
                .map(str::to_string)
        });
    match preferred {
        Some(n) => odata::parse_top(Some(&n)).map(|n| (n, true)),
        None => odata::parse_top(query.get("top")).map(|n| (n, false)),
    }
}

pub(super) async fn users_delta(
    State(gs): State<GraphState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, GraphError> {
    let claims = caller(&gs.ctx, &headers, USERS_READ)?;
    let query = Query::parse(
        raw.as_deref(),
        &["select", "top", "skiptoken", "deltatoken"],
    )?;
    let (page_size, preferred) = page_size(&headers, &query)?;
    let now = chrono::Utc::now().timestamp();
    let url = format!("{}/v1.0/users/delta", gs.ctx.urls.graph);
    let body = with_directory(&gs.ctx, &claims, |dir| {
        let resumed = match (query.get("skiptoken"), query.get("deltatoken")) {
            (Some(raw), _) | (None, Some(raw)) => {
                let token: DeltaToken =
                    odata::decode_token(raw).map_err(|_| sync_state_not_found())?;
                if token.epoch != dir.delta_epoch()
                    || now - token.minted > dir.delta_link_max_age_secs
                {
                    return Err(sync_state_not_found());
                }
                // A delta link opens a new round up to the latest change.
                let upto = if query.get("skiptoken").is_some() {
                    token.upto
                } else {
                    dir.change_seq()
                };
                Some(DeltaToken { upto, ..token })
            }
            (None, None) => None,
        };
        let token = resumed.unwrap_or(DeltaToken {
            since: 0,
            upto: dir.change_seq(),
            initial: true,
            epoch: dir.delta_epoch(),
            minted: now,
            select: query.get("select").map(str::to_string),
        });
        let select = odata::parse_select(&USER_SCHEMA, token.select.as_deref())?;
        let mut values = Vec::new();
        let mut last_seq = None;
        let mut more = false;
        for (seq, entry) in dir.changes_between(token.since, token.upto, !token.initial) {
            if values.len() == page_size {
                more = true;
                break;
            }
            values.push(match entry {
                DeltaEntry::Changed(user) => user_json(user, &select),
                DeltaEntry::Removed(id) => json!({"@odata.type": "#microsoft.graph.user", "id": id, "@removed": {"reason": "deleted"}}),
            });
            last_seq = Some(seq);
        }
        let context = context_url(&gs.ctx, &select_fragment("users", &query, &select));
        let mut body = json!({ "@odata.context": context });
        match last_seq.filter(|_| more) {
            Some(seq) => {
                let next = DeltaToken {
                    since: seq,
                    minted: now,
                    ..token
                };
                body["@odata.nextLink"] =
                    json!(format!("{url}?$skiptoken={}", odata::encode_token(&next)));
            }
            None => {
                let delta = DeltaToken {
                    since: token.upto,
                    upto: token.upto,
                    initial: false,
                    minted: now,
                    ..token
                };
                body["@odata.deltaLink"] =
                    json!(format!("{url}?$deltatoken={}", odata::encode_token(&delta)));
            }
        }
        body["value"] = Value::Array(values);
        Ok(body)
    })?;
    let mut response = Json(body).into_response();
    if preferred {
        response.headers_mut().insert(
            "Preference-Applied",
            HeaderValue::from_str(&format!("odata.maxpagesize={page_size}"))
                .unwrap_or(HeaderValue::from_static("")),
        );
    }
    Ok(response)
}
