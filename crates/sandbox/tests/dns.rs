//! Contract tests of the Azure DNS (ARM) emulator, and Graph domain verification
//! against the TXT records published through it.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

fn record_url(h: &Harness, rtype: &str, name: &str, version: Option<&str>) -> String {
    let base = format!(
        "{}/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/Microsoft.Network/dnsZones/{ZONE}/{rtype}/{name}",
        h.ctx.urls.arm
    );
    match version {
        Some(v) => format!("{base}?api-version={v}"),
        None => base,
    }
}

async fn arm(
    h: &Harness,
    method: Method,
    url: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = h.http.request(method, url).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn record_sets_are_created_read_listed_and_deleted() {
    let h = start(0).await;
    let token = h.arm_token().await;
    let url = record_url(&h, "TXT", "_verify", Some("2018-05-01"));
    let body = json!({"properties": {"TTL": 300, "TXTRecords": [{"value": ["MS=ms12345678"]}]}});
    let (status, created) = arm(&h, Method::PUT, &url, &token, Some(body.clone())).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["properties"]["fqdn"], format!("_verify.{ZONE}."));
    assert_eq!(created["type"], "Microsoft.Network/dnszones/TXT");
    let etag = created["etag"].as_str().unwrap().to_string();
    let (status, updated) = arm(&h, Method::PUT, &url, &token, Some(body)).await;
    assert_eq!(status, 200);
    assert_ne!(updated["etag"], etag.as_str());

    let stale = h
        .http
        .put(&url)
        .bearer_auth(&token)
        .header("If-Match", etag)
        .json(&json!({"properties": {"TTL": 1}}))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 412);

    let a_url = record_url(&h, "A", "sbc1", Some("2018-05-01"));
    let (status, _) = arm(
        &h,
        Method::PUT,
        &a_url,
        &token,
        Some(json!({"properties": {"TTL": 60, "ARecords": [{"ipv4Address": "192.0.2.10"}]}})),
    )
    .await;
    assert_eq!(status, 201);
    let (status, bad) = arm(
        &h,
        Method::PUT,
        &a_url,
        &token,
        Some(json!({"properties": {"TTL": 60, "ARecords": [{"ipv4Address": "999.1.1.1"}]}})),
    )
    .await;
    assert_eq!(
        (status, bad["error"]["code"].as_str()),
        (400, Some("BadRequest"))
    );

    let list_url = format!(
        "{}/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/Microsoft.Network/dnsZones/{ZONE}/recordsets?api-version=2018-05-01",
        h.ctx.urls.arm
    );
    let (_, all) = arm(&h, Method::GET, &list_url, &token, None).await;
    assert_eq!(all["value"].as_array().unwrap().len(), 2);
    let (_, read) = arm(&h, Method::GET, &a_url, &token, None).await;
    assert_eq!(
        read["properties"]["ARecords"][0]["ipv4Address"],
        "192.0.2.10"
    );

    assert_eq!(arm(&h, Method::DELETE, &a_url, &token, None).await.0, 200);
    let (status, missing) = arm(&h, Method::GET, &a_url, &token, None).await;
    assert_eq!(
        (status, missing["error"]["code"].as_str()),
        (404, Some("NotFound"))
    );
}

#[tokio::test]
async fn api_version_and_token_are_checked() {
    let h = start(0).await;
    let token = h.arm_token().await;
    let (status, body) = arm(
        &h,
        Method::GET,
        &record_url(&h, "TXT", "x", None),
        &token,
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("MissingApiVersionParameter"))
    );
    let (status, body) = arm(
        &h,
        Method::GET,
        &record_url(&h, "TXT", "x", Some("1999-01-01")),
        &token,
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("InvalidApiVersionParameter"))
    );
    let graph_token = h.graph_token().await;
    assert_eq!(
        arm(
            &h,
            Method::GET,
            &record_url(&h, "TXT", "x", Some("2018-05-01")),
            &graph_token,
            None
        )
        .await
        .0,
        403
    );
    let (status, body) = arm(
        &h,
        Method::GET,
        &record_url(&h, "TXT", "x", Some("2018-05-01")),
        "",
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("AuthenticationFailed"))
    );
}

#[tokio::test]
async fn a_domain_verifies_only_once_its_txt_record_is_published() {
    let h = start(0).await;
    let graph = h.graph_token().await;
    let domain = format!("customer1.{ZONE}");
    let (status, _, created) = h
        .graph(
            Method::POST,
            "/v1.0/domains",
            &graph,
            Some(json!({"id": domain})),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["isVerified"], false);

    let (_, records) = h
        .get(
            &format!("/v1.0/domains/{domain}/verificationDnsRecords"),
            &graph,
        )
        .await;
    let txt = records["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["recordType"] == "Txt")
        .unwrap();
    let text = txt["text"].as_str().unwrap().to_string();
    assert!(
        text.starts_with("MS=ms") && text[5..].chars().all(|c| c.is_ascii_digit()),
        "{text}"
    );
    assert!(records["value"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["recordType"] == "Mx"));

    let verify = format!("/v1.0/domains/{domain}/verify");
    let (status, _, body) = h.graph(Method::POST, &verify, &graph, None).await;
    assert_eq!(status, 400);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no TXT record"));

    let arm_token = h.arm_token().await;
    let put = json!({"properties": {"TTL": 3600, "TXTRecords": [{"value": [text]}]}});
    assert_eq!(
        arm(
            &h,
            Method::PUT,
            &record_url(&h, "TXT", "customer1", Some("2018-05-01")),
            &arm_token,
            Some(put)
        )
        .await
        .0,
        201
    );
    let (status, _, body) = h.graph(Method::POST, &verify, &graph, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["isVerified"], true);

    // A subdomain of the verified domain is verified at once.
    let (_, _, sub) = h
        .graph(
            Method::POST,
            "/v1.0/domains",
            &graph,
            Some(json!({"id": format!("sbc01.{domain}")})),
        )
        .await;
    assert_eq!(sub["isVerified"], true);
    let (_, org) = h.get("/v1.0/organization", &graph).await;
    assert_eq!(
        org["value"][0]["verifiedDomains"].as_array().unwrap().len(),
        3
    );
}
