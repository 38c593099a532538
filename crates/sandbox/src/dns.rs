//! Azure DNS through Azure Resource Manager: TXT and A record sets in the provider's
//! zones, with ARM's JSON shapes, etags, api-version checks and error envelope.
//!
//! Zones are global to the sandbox (they are the provider's, not a customer's), and
//! Graph's domain verification reads TXT records from here.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::context::Ctx;
use crate::identity;
use crate::state::SandboxState;
use crate::token::ARM_RESOURCE;

pub const SUPPORTED_API_VERSIONS: &[&str] = &[
    "2016-04-01",
    "2017-09-01",
    "2017-10-01",
    "2018-03-01-preview",
    "2018-05-01",
    "2023-07-01-preview",
];
const MAX_TXT_LENGTH: usize = 1024;

/// ARM's error envelope, `{"error":{"code","message"}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ArmError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
}

impl ArmError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_string(),
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }
}

impl IntoResponse for ArmError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(json!({"error": {"code": self.code, "message": self.message}})),
        )
            .into_response();
        if let Ok(id) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
            response.headers_mut().insert("x-ms-request-id", id);
        }
        response
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordType {
    A,
    Txt,
}

impl RecordType {
    fn parse(raw: &str) -> Result<Self, ArmError> {
        match raw.to_ascii_uppercase().as_str() {
            "A" => Ok(Self::A),
            "TXT" => Ok(Self::Txt),
            other => Err(ArmError::bad_request(format!(
                "Record type '{other}' is not supported by this emulator; use A or TXT."
            ))),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::Txt => "TXT",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Records {
    A(Vec<Ipv4Addr>),
    /// Each record is a list of strings that DNS clients concatenate.
    Txt(Vec<Vec<String>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordSet {
    pub name: String,
    pub ttl: u32,
    pub records: Records,
    pub etag: String,
    pub metadata: serde_json::Map<String, Value>,
}

#[derive(Debug, Clone)]
struct Zone {
    name: String,
    etag: String,
    /// Keyed by type and lower-case relative name (`@` for the apex).
    record_sets: BTreeMap<(RecordType, String), RecordSet>,
}

/// ARM identifies a zone by subscription, resource group and name (all case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ZoneKey(String, String, String);

impl ZoneKey {
    fn new(subscription: &str, resource_group: &str, zone: &str) -> Self {
        Self(
            subscription.to_ascii_lowercase(),
            resource_group.to_ascii_lowercase(),
            zone.trim_end_matches('.').to_ascii_lowercase(),
        )
    }
}

#[derive(Debug, Default)]
pub struct DnsState {
    zones: BTreeMap<ZoneKey, Zone>,
}

/// Emulator control: creates an empty public zone, e.g. the provider's
/// `sbc.example-provider.net`.
pub fn create_zone(
    state: &mut SandboxState,
    subscription: &str,
    resource_group: &str,
    zone: &str,
) -> Result<(), ArmError> {
    let key = ZoneKey::new(subscription, resource_group, zone);
    if state.dns.zones.contains_key(&key) {
        return Err(ArmError::new(
            StatusCode::CONFLICT,
            "Conflict",
            format!("The zone '{zone}' already exists."),
        ));
    }
    state.dns.zones.insert(
        key.clone(),
        Zone {
            name: key.2.clone(),
            etag: new_etag(),
            record_sets: BTreeMap::new(),
        },
    );
    Ok(())
}

/// The TXT strings published at `fqdn` in any zone that holds it (each record's
/// strings joined, as a resolver hands them out).
pub fn txt_values(dns: &DnsState, fqdn: &str) -> Vec<String> {
    let fqdn = fqdn.trim_end_matches('.').to_ascii_lowercase();
    dns.zones
        .values()
        .filter_map(|zone| {
            let relative = if fqdn == zone.name {
                "@".to_string()
            } else {
                fqdn.strip_suffix(&format!(".{}", zone.name))?.to_string()
            };
            zone.record_sets.get(&(RecordType::Txt, relative))
        })
        .flat_map(|set| match &set.records {
            Records::Txt(records) => records.iter().map(|r| r.concat()).collect(),
            Records::A(_) => Vec::new(),
        })
        .collect()
}

fn new_etag() -> String {
    uuid::Uuid::new_v4().to_string()
}

const ZONE_PATH: &str =
    "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/dnsZones/{zone}";

pub fn router(ctx: Ctx) -> Router {
    Router::new()
        .route(ZONE_PATH, get(get_zone))
        .route(&format!("{ZONE_PATH}/recordsets"), get(list_all))
        .route(&format!("{ZONE_PATH}/{{rtype}}"), get(list_type))
        .route(
            &format!("{ZONE_PATH}/{{rtype}}/{{name}}"),
            get(get_set).put(put_set).delete(delete_set),
        )
        .with_state(ctx)
}

#[derive(Deserialize)]
struct ApiVersion {
    #[serde(rename = "api-version")]
    api_version: Option<String>,
}

/// Token and api-version checks every ARM call makes.
fn admit(ctx: &Ctx, headers: &HeaderMap, version: &ApiVersion) -> Result<(), ArmError> {
    identity::authorize(ctx, headers, ARM_RESOURCE, None).map_err(|e| {
        let code = match e.status {
            StatusCode::UNAUTHORIZED if e.message.contains("expired") => {
                "ExpiredAuthenticationToken"
            }
            StatusCode::UNAUTHORIZED => "AuthenticationFailed",
            _ => "InvalidAuthenticationTokenAudience",
        };
        ArmError::new(e.status, code, e.message)
    })?;
    match version.api_version.as_deref() {
        None | Some("") => Err(ArmError::new(
            StatusCode::BAD_REQUEST,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        )),
        Some(v) if SUPPORTED_API_VERSIONS.contains(&v) => Ok(()),
        Some(v) => Err(ArmError::new(
            StatusCode::BAD_REQUEST,
            "InvalidApiVersionParameter",
            format!(
                "The api-version '{v}' is invalid. The supported versions are '{}'.",
                SUPPORTED_API_VERSIONS.join(",")
            ),
        )),
    }
}

fn zone_not_found(zone: &str) -> ArmError {
    ArmError::new(
        StatusCode::NOT_FOUND,
        "ParentResourceNotFound",
        format!("Can not perform the requested operation on a record set: the parent DNS zone '{zone}' was not found."),
    )
}

fn zone_id(sub: &str, rg: &str, zone: &str) -> String {
    format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/dnszones/{zone}")
}

fn set_json(sub: &str, rg: &str, zone: &Zone, rtype: RecordType, set: &RecordSet) -> Value {
    let fqdn = if set.name == "@" {
        format!("{}.", zone.name)
    } else {
        format!("{}.{}.", set.name, zone.name)
    };
    let mut properties = json!({
        "metadata": set.metadata,
        "TTL": set.ttl,
        "fqdn": fqdn,
        "provisioningState": "Succeeded",
        "targetResource": {},
    });
    match &set.records {
        Records::A(addresses) => {
            properties["ARecords"] = json!(addresses
                .iter()
                .map(|a| json!({"ipv4Address": a.to_string()}))
                .collect::<Vec<_>>())
        }
        Records::Txt(records) => {
            properties["TXTRecords"] = json!(records
                .iter()
                .map(|r| json!({"value": r}))
                .collect::<Vec<_>>())
        }
    }
    json!({
        "id": format!("{}/{}/{}", zone_id(sub, rg, &zone.name), rtype.as_str(), set.name),
        "name": set.name,
        "type": format!("Microsoft.Network/dnszones/{}", rtype.as_str()),
        "etag": set.etag,
        "properties": properties,
    })
}

async fn get_zone(
    State(ctx): State<Ctx>,
    Path((sub, rg, zone)): Path<(String, String, String)>,
    Query(version): Query<ApiVersion>,
    headers: HeaderMap,
) -> Result<Json<Value>, ArmError> {
    admit(&ctx, &headers, &version)?;
    let state = ctx.state.lock();
    let found = state
        .dns
        .zones
        .get(&ZoneKey::new(&sub, &rg, &zone))
        .ok_or_else(|| {
            ArmError::new(
                StatusCode::NOT_FOUND,
                "ResourceNotFound",
                format!("The DNS zone '{zone}' under resource group '{rg}' was not found."),
            )
        })?;
    Ok(Json(json!({
        "id": zone_id(&sub, &rg, &found.name),
        "name": found.name,
        "type": "Microsoft.Network/dnszones",
        "location": "global",
        "etag": found.etag,
        "tags": {},
        "properties": {
            "maxNumberOfRecordSets": 10000,
            "numberOfRecordSets": found.record_sets.len(),
            "nameServers": ["ns1-01.azure-dns.com.", "ns2-01.azure-dns.net.", "ns3-01.azure-dns.org.", "ns4-01.azure-dns.info."],
            "zoneType": "Public",
        }
    })))
}

fn list(
    ctx: &Ctx,
    sub: &str,
    rg: &str,
    zone: &str,
    only: Option<RecordType>,
) -> Result<Json<Value>, ArmError> {
    let state = ctx.state.lock();
    let found = state
        .dns
        .zones
        .get(&ZoneKey::new(sub, rg, zone))
        .ok_or_else(|| zone_not_found(zone))?;
    let values: Vec<Value> = found
        .record_sets
        .iter()
        .filter(|((rtype, _), _)| only.is_none_or(|o| o == *rtype))
        .map(|((rtype, _), set)| set_json(sub, rg, found, *rtype, set))
        .collect();
    Ok(Json(json!({ "value": values })))
}

async fn list_all(
    State(ctx): State<Ctx>,
    Path((sub, rg, zone)): Path<(String, String, String)>,
    Query(version): Query<ApiVersion>,
    headers: HeaderMap,
) -> Result<Json<Value>, ArmError> {
    admit(&ctx, &headers, &version)?;
    list(&ctx, &sub, &rg, &zone, None)
}

async fn list_type(
    State(ctx): State<Ctx>,
    Path((sub, rg, zone, rtype)): Path<(String, String, String, String)>,
    Query(version): Query<ApiVersion>,
    headers: HeaderMap,
) -> Result<Json<Value>, ArmError> {
    admit(&ctx, &headers, &version)?;
    list(&ctx, &sub, &rg, &zone, Some(RecordType::parse(&rtype)?))
}

async fn get_set(
    State(ctx): State<Ctx>,
    Path((sub, rg, zone, rtype, name)): Path<(String, String, String, String, String)>,
    Query(version): Query<ApiVersion>,
    headers: HeaderMap,
) -> Result<Json<Value>, ArmError> {
    admit(&ctx, &headers, &version)?;
    let rtype = RecordType::parse(&rtype)?;
    let state = ctx.state.lock();
    let found = state
        .dns
        .zones
        .get(&ZoneKey::new(&sub, &rg, &zone))
        .ok_or_else(|| zone_not_found(&zone))?;
    let set = found.record_sets.get(&(rtype, name.to_ascii_lowercase())).ok_or_else(|| {
        ArmError::new(
            StatusCode::NOT_FOUND,
            "NotFound",
            format!("The resource record '{name}' of type {} does not exist in zone '{zone}' of resource group '{rg}'.", rtype.as_str()),
        )
    })?;
    Ok(Json(set_json(&sub, &rg, found, rtype, set)))
}

/// Checks `If-Match` / `If-None-Match: *` against the current etag.
fn preconditions(headers: &HeaderMap, current: Option<&str>) -> Result<(), ArmError> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().trim_matches('"').to_string())
    };
    let failed = |detail: &str| {
        ArmError::new(
            StatusCode::PRECONDITION_FAILED,
            "PreconditionFailed",
            detail.to_string(),
        )
    };
    if let Some(expected) = header("if-match") {
        if current.is_none_or(|etag| expected != "*" && etag != expected) {
            return Err(failed("The record set has been changed since it was read (If-Match does not match its etag)."));
        }
    }
    if header("if-none-match").as_deref() == Some("*") && current.is_some() {
        return Err(failed("The record set already exists (If-None-Match: *)."));
    }
    Ok(())
}

fn parse_records(
    rtype: RecordType,
    properties: &serde_json::Map<String, Value>,
) -> Result<Records, ArmError> {
    let (wanted, other) = match rtype {
        RecordType::A => ("ARecords", "TXTRecords"),
        RecordType::Txt => ("TXTRecords", "ARecords"),
    };
    if properties.contains_key(other) {
        return Err(ArmError::bad_request(format!(
            "A {} record set cannot carry {other}.",
            rtype.as_str()
        )));
    }
    let items = match properties.get(wanted) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(_) => return Err(ArmError::bad_request(format!("'{wanted}' must be a list."))),
    };
    match rtype {
        RecordType::A => items
            .iter()
            .map(|item| {
                item.get("ipv4Address")
                    .and_then(Value::as_str)
                    .and_then(|a| a.parse::<Ipv4Addr>().ok())
                    .ok_or_else(|| {
                        ArmError::bad_request("Every A record needs a valid 'ipv4Address'.")
                    })
            })
            .collect::<Result<_, _>>()
            .map(Records::A),
        RecordType::Txt => items
            .iter()
            .map(|item| {
                let values = item.get("value").and_then(Value::as_array).ok_or_else(|| {
                    ArmError::bad_request("Every TXT record needs a 'value' list.")
                })?;
                let strings: Vec<String> = values
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
                if strings.len() != values.len() || strings.is_empty() {
                    return Err(ArmError::bad_request(
                        "A TXT record's 'value' must be a non-empty list of strings.",
                    ));
                }
                if strings.iter().map(String::len).sum::<usize>() > MAX_TXT_LENGTH {
                    return Err(ArmError::bad_request(format!(
                        "A TXT record may hold at most {MAX_TXT_LENGTH} characters."
                    )));
                }
                Ok(strings)
            })
            .collect::<Result<_, _>>()
            .map(Records::Txt),
    }
}

fn valid_relative_name(name: &str) -> bool {
    name == "@"
        || name.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '*')
        })
}

async fn put_set(
    State(ctx): State<Ctx>,
    Path((sub, rg, zone, rtype, name)): Path<(String, String, String, String, String)>,
    Query(version): Query<ApiVersion>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ArmError> {
    admit(&ctx, &headers, &version)?;
    let rtype = RecordType::parse(&rtype)?;
    if !valid_relative_name(&name) {
        return Err(ArmError::bad_request(format!(
            "'{name}' is not a valid record set name."
        )));
    }
    let parsed: Value = serde_json::from_slice(&body).map_err(|e| {
        ArmError::new(
            StatusCode::BAD_REQUEST,
            "InvalidRequestFormat",
            format!("The request body is not valid JSON: {e}."),
        )
    })?;
    let properties = parsed
        .get("properties")
        .and_then(Value::as_object)
        .ok_or_else(|| ArmError::bad_request("The record set needs a 'properties' object."))?;
    let ttl = properties
        .get("TTL")
        .and_then(Value::as_u64)
        .and_then(|t| u32::try_from(t).ok())
        .filter(|t| *t <= 2_147_483_647)
        .ok_or_else(|| ArmError::bad_request("The record set needs a 'TTL' in seconds."))?;
    let records = parse_records(rtype, properties)?;
    let metadata = properties
        .get("metadata")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();

    let mut state = ctx.state.lock();
    let found = state
        .dns
        .zones
        .get_mut(&ZoneKey::new(&sub, &rg, &zone))
        .ok_or_else(|| zone_not_found(&zone))?;
    let key = (rtype, name.to_ascii_lowercase());
    let existing = found.record_sets.get(&key).map(|s| s.etag.clone());
    preconditions(&headers, existing.as_deref())?;
    let set = RecordSet {
        name: name.to_ascii_lowercase(),
        ttl,
        records,
        etag: new_etag(),
        metadata,
    };
    found.record_sets.insert(key, set.clone());
    let status = if existing.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(set_json(&sub, &rg, found, rtype, &set))).into_response())
}

async fn delete_set(
    State(ctx): State<Ctx>,
    Path((sub, rg, zone, rtype, name)): Path<(String, String, String, String, String)>,
    Query(version): Query<ApiVersion>,
    headers: HeaderMap,
) -> Result<StatusCode, ArmError> {
    admit(&ctx, &headers, &version)?;
    let rtype = RecordType::parse(&rtype)?;
    let mut state = ctx.state.lock();
    let found = state
        .dns
        .zones
        .get_mut(&ZoneKey::new(&sub, &rg, &zone))
        .ok_or_else(|| zone_not_found(&zone))?;
    let key = (rtype, name.to_ascii_lowercase());
    preconditions(
        &headers,
        found.record_sets.get(&key).map(|s| s.etag.as_str()),
    )?;
    Ok(if found.record_sets.remove(&key).is_some() {
        StatusCode::OK
    } else {
        StatusCode::NO_CONTENT
    })
}
