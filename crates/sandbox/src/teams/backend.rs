//! The Teams admin backend the `switchboard-pwsh` interpreter calls:
//! `POST /teams-admin/v1/cmdlets/{name}` with `{"parameters": {...}}` and a bearer token
//! for the Teams admin API (`token::TEAMS_ADMIN_RESOURCE`).
//!
//! Answers `200 {"output": [...]}`, or an error record
//! `{cmdlet, message, category, fullyQualifiedErrorId, exception}` with 401 (token),
//! 400 (bad parameters), 404 (missing object or unknown cmdlet) or 409 (conflict).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::{cmdlets, operations};
use crate::context::Ctx;
use crate::pwsh::client::CMDLET_PATH;
use crate::pwsh::ErrorRecord;
use crate::token::TEAMS_ADMIN_RESOURCE;

pub fn backend_router(ctx: Ctx) -> Router {
    Router::new()
        .route(&format!("{CMDLET_PATH}/{{name}}"), post(run_cmdlet))
        .with_state(ctx)
}

fn answer(status: StatusCode, record: &ErrorRecord) -> Response {
    (status, Json(json!(record))).into_response()
}

fn status_of(record: &ErrorRecord) -> StatusCode {
    match record.category.as_str() {
        "ObjectNotFound" => StatusCode::NOT_FOUND,
        "ResourceExists" | "ResourceBusy" => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    }
}

async fn run_cmdlet(
    State(ctx): State<Ctx>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let claims = match crate::identity::authorize(&ctx, &headers, TEAMS_ADMIN_RESOURCE, None) {
        Ok(claims) => claims,
        Err(error) => {
            let record = ErrorRecord::new(
                &name,
                error.message,
                "AuthenticationError",
                "Unauthorized",
                "System.UnauthorizedAccessException",
            );
            return answer(error.status, &record);
        }
    };
    let parameters: Map<String, Value> = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(mut envelope)) => match envelope.remove("parameters") {
            Some(Value::Object(parameters)) => parameters,
            None | Some(Value::Null) => Map::new(),
            Some(_) => return answer(StatusCode::BAD_REQUEST, &invalid_body(&name)),
        },
        _ => return answer(StatusCode::BAD_REQUEST, &invalid_body(&name)),
    };
    let mut state = ctx.state.lock();
    let Some(tenant) = state.tenant_mut(&claims.tid) else {
        let record = ErrorRecord::new(
            &name,
            "The tenant does not exist.",
            "AuthenticationError",
            "Unauthorized",
            "System.UnauthorizedAccessException",
        );
        return answer(StatusCode::UNAUTHORIZED, &record);
    };
    // Graph number operations still pending have landed by now, as at Microsoft.
    operations::settle(&mut tenant.voice);
    match cmdlets::execute(tenant, &name, &parameters) {
        Ok(output) => Json(json!({ "output": output })).into_response(),
        Err(record) => answer(status_of(&record), &record),
    }
}

fn invalid_body(name: &str) -> ErrorRecord {
    ErrorRecord::new(
        name,
        "The request body must be {\"parameters\": {...}}.",
        "InvalidArgument",
        "BadRequest",
        "System.ArgumentException",
    )
}
