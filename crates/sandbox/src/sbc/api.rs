//! The device's REST API (`/api/v1/...`), behind HTTP Basic auth.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Multipart, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};

use super::device::Device;

type Shared = Arc<Device>;

pub(crate) fn router(device: Shared) -> Router {
    Router::new()
        .route("/api", get(probe))
        .route("/api/", get(probe))
        .route("/api/v1/status", get(status))
        .route("/api/v1/files/cliScript", get(running_config))
        .route(
            "/api/v1/files/cliScript/incremental",
            put(incremental_script),
        )
        .route(
            "/api/v1/actions/saveConfiguration",
            post(save_configuration),
        )
        .route("/api/v1/alarms/active", get(active_alarms))
        .route("/api/v1/alarms/active/{id}", get(active_alarm))
        .layer(middleware::from_fn_with_state(device.clone(), authenticate))
        .layer(middleware::from_fn_with_state(
            device.clone(),
            inject_faults,
        ))
        .with_state(device)
}

async fn inject_faults(State(device): State<Shared>, request: Request, next: Next) -> Response {
    let _in_flight = device.requests.enter();
    let latency = device.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if let Some(origin) = device.faults.redirect_origin() {
        let target = format!("{origin}{}", request.uri());
        return (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, target)]).into_response();
    }
    if device.faults.take_server_error() {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"description": "Internal error"})),
        )
            .into_response();
    }
    next.run(request).await
}

async fn authenticate(State(device): State<Shared>, request: Request, next: Next) -> Response {
    let expected = format!("{}:{}", device.options.username, device.options.password);
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .ok()
        });
    if given.as_deref() == Some(expected.as_bytes()) {
        return next.run(request).await;
    }
    let challenge = [(header::WWW_AUTHENTICATE, "Basic realm=\"Mediant\"")];
    (
        StatusCode::UNAUTHORIZED,
        challenge,
        Json(json!({"description": "Authentication failed"})),
    )
        .into_response()
}

async fn probe() -> Json<Value> {
    Json(json!({"apiVersion": "v1"}))
}

async fn status(State(device): State<Shared>) -> Json<Value> {
    let state = device.lock();
    let options = &device.options;
    Json(json!({
        "localTimeStamp": chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
        "ipAddress": "127.0.0.1",
        "subnetMask": "255.0.0.0",
        "defaultGateway": "0.0.0.0",
        "productType": options.product_type,
        "versionID": options.version_id,
        "protocolType": "SIP",
        "operationalState": "UNLOCKED",
        "highAvailability": "Not Operational",
        "serialNumber": options.serial_number,
        "macAddress": options.mac_address,
        "systemUpTime": device.started.elapsed().as_secs(),
        "saveNeeded": state.save_needed,
        "resetNeeded": false,
        "upgradeStatus": "None",
    }))
}

async fn running_config(State(device): State<Shared>) -> Response {
    let text = device.lock().config.render();
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

fn busy(what: &str) -> Response {
    (
        StatusCode::CONFLICT,
        Json(json!({"description": format!("{what} can't be loaded in the current device state")})),
    )
        .into_response()
}

fn script_failure(description: String, output: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"status": "failure", "description": description, "output": output})),
    )
        .into_response()
}

async fn incremental_script(State(device): State<Shared>, mut multipart: Multipart) -> Response {
    if device.faults.take_busy() {
        return busy("Incremental CLI Script file");
    }
    let mut script = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(bytes) => script = Some(bytes),
                Err(error) => {
                    return script_failure(
                        format!("The 'file' part could not be read: {error}"),
                        String::new(),
                    )
                }
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(error) => {
                return script_failure(
                    format!("The multipart body is malformed: {error}"),
                    String::new(),
                )
            }
        }
    }
    let Some(bytes) = script else {
        return script_failure(
            "The request has no 'file' part with the script".into(),
            String::new(),
        );
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return script_failure("The script is not valid UTF-8 text".into(), String::new());
    };
    match device.lock().apply(text) {
        Ok(report) => {
            // As on the device, rows rejected during the run still leave a 200: only
            // `status` and the `Error:` lines in `output` tell.
            let status = if report.errors.is_empty() {
                "success"
            } else {
                "failure"
            };
            Json(json!({"status": status, "description": "Incremental CLI Script file was loaded.", "output": report.output})).into_response()
        }
        Err(error) => script_failure(
            format!("Incremental CLI Script file was not loaded: error at {error}"),
            error.to_string(),
        ),
    }
}

async fn save_configuration(State(device): State<Shared>) -> Response {
    if device.faults.take_busy() {
        return (
            StatusCode::CONFLICT,
            Json(
                json!({"description": "Configuration can't be saved due to current device state"}),
            ),
        )
            .into_response();
    }
    device.lock().save_needed = false;
    Json(json!({"description": "Configuration was saved."})).into_response()
}

async fn active_alarms(
    State(device): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let limit = query
        .get("limit")
        .and_then(|limit| limit.parse().ok())
        .filter(|limit| *limit > 0)
        .unwrap_or(20);
    let after = query.get("after").and_then(|after| after.parse().ok());
    let link_origin = device.faults.alarm_link_origin().unwrap_or_default();
    let state = device.lock();
    let (page, next, previous) = state.alarms.page(after, limit);
    if page.is_empty() {
        return StatusCode::NO_CONTENT.into_response();
    }
    let alarms: Vec<Value> = page
        .iter()
        .map(|alarm| json!({"id": alarm.id, "description": alarm.description, "url": format!("{link_origin}/api/v1/alarms/active/{}", alarm.id)}))
        .collect();
    Json(json!({"alarms": alarms, "cursor": {"after": next, "before": previous}})).into_response()
}

async fn active_alarm(State(device): State<Shared>, Path(id): Path<u32>) -> Response {
    match device.lock().alarms.get(id) {
        Some(alarm) => Json(alarm.clone()).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({"description": format!("Alarm {id} is not active")})),
        )
            .into_response(),
    }
}
