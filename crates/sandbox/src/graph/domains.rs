//! `/v1.0/domains`: add a custom domain, read the TXT/MX proof to publish, and verify it
//! against the records in the sandbox's Azure DNS zones.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::permissions::{DOMAINS_READ, DOMAINS_WRITE};
use super::{caller, context_url, json_object, with_directory, GraphState};
use crate::directory::{Directory, Domain};
use crate::dns;
use crate::graph_error::GraphError;
use crate::graph_tenant::unknown_tenant;

fn domain_json(dir: &Directory, domain: &Domain) -> Value {
    let is_root = !dir
        .domains()
        .any(|d| d.id != domain.id && domain.id.ends_with(&format!(".{}", d.id)));
    json!({
        "id": domain.id,
        "authenticationType": "Managed",
        "availabilityStatus": null,
        "isAdminManaged": true,
        "isDefault": domain.is_default,
        "isInitial": domain.is_initial,
        "isRoot": is_root,
        "isVerified": domain.is_verified,
        "supportedServices": if domain.is_verified { json!(["Email", "OfficeCommunicationsOnline"]) } else { json!([]) },
        "state": null,
    })
}

pub(super) async fn list(
    State(gs): State<GraphState>,
    headers: HeaderMap,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, DOMAINS_READ)?;
    let values = with_directory(&gs.ctx, &claims, |dir| {
        Ok(dir
            .domains()
            .map(|d| domain_json(dir, d))
            .collect::<Vec<_>>())
    })?;
    Ok(Json(
        json!({"@odata.context": context_url(&gs.ctx, "domains"), "value": values}),
    ))
}

pub(super) async fn get_one(
    State(gs): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, DOMAINS_READ)?;
    let mut body = with_directory(&gs.ctx, &claims, |dir| {
        Ok(domain_json(dir, dir.domain_or_404(&id)?))
    })?;
    body["@odata.context"] = json!(context_url(&gs.ctx, "domains/$entity"));
    Ok(Json(body))
}

pub(super) async fn create(
    State(gs): State<GraphState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, GraphError> {
    let claims = caller(&gs.ctx, &headers, DOMAINS_WRITE)?;
    let object = json_object(&body)?;
    let name = object.get("id").and_then(Value::as_str).ok_or_else(|| {
        GraphError::bad_request("Invalid value specified for property 'id' of resource 'Domain'.")
    })?;
    let mut body = with_directory(&gs.ctx, &claims, |dir| {
        let id = dir.add_domain(name)?.id.clone();
        Ok(domain_json(dir, dir.domain_or_404(&id)?))
    })?;
    body["@odata.context"] = json!(context_url(&gs.ctx, "domains/$entity"));
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

pub(super) async fn verification_records(
    State(gs): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, DOMAINS_READ)?;
    let values = with_directory(&gs.ctx, &claims, |dir| {
        let domain = dir.domain_or_404(&id)?;
        Ok(vec![
            json!({
                "@odata.type": "#microsoft.graph.domainDnsTxtRecord",
                "id": format!("txt-{}", domain.id),
                "isOptional": false,
                "label": domain.id,
                "recordType": "Txt",
                "supportedService": "Email",
                "ttl": 3600,
                "text": domain.verification_text,
            }),
            json!({
                "@odata.type": "#microsoft.graph.domainDnsMxRecord",
                "id": format!("mx-{}", domain.id),
                "isOptional": false,
                "label": domain.id,
                "recordType": "Mx",
                "supportedService": "Email",
                "ttl": 3600,
                "mailExchange": domain.verification_mx(),
                "preference": 32767,
            }),
        ])
    })?;
    Ok(Json(
        json!({"@odata.context": context_url(&gs.ctx, &format!("domains('{id}')/verificationDnsRecords")), "value": values}),
    ))
}

pub(super) async fn verify(
    State(gs): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, GraphError> {
    let claims = caller(&gs.ctx, &headers, DOMAINS_WRITE)?;
    let mut state = gs.ctx.state.lock();
    // DNS is global to the sandbox; read it before borrowing the tenant mutably.
    let published = |name: &str| dns::txt_values(&state.dns, name);
    let tenant = state.tenant(&claims.tid).ok_or_else(unknown_tenant)?;
    let domain = tenant.directory.domain_or_404(&id)?;
    if domain.is_verified {
        return Err(GraphError::bad_request(format!(
            "Domain '{}' is already verified.",
            domain.id
        )));
    }
    let found = published(&domain.id)
        .iter()
        .any(|v| v == &domain.verification_text);
    if !found {
        return Err(GraphError::new(
            StatusCode::BAD_REQUEST,
            "Request_BadRequest",
            format!(
                "Domain verification failed: no TXT record with the value '{}' was found at '{}'. Publish the record from \
                 verificationDnsRecords and try again once DNS has been updated.",
                domain.verification_text, domain.id
            ),
        ));
    }
    let tenant = state.tenant_mut(&claims.tid).ok_or_else(unknown_tenant)?;
    let dir = &mut tenant.directory;
    dir.mark_domain_verified(&id)?;
    let mut body = domain_json(dir, dir.domain_or_404(&id)?);
    body["@odata.context"] = json!(context_url(&gs.ctx, "domains/$entity"));
    Ok(Json(body))
}
