//! Fault injection seen from a real client.

mod common;

use std::time::{Duration, Instant};

use common::*;
use reqwest::Method;
use serde_json::json;
use switchboard_sandbox::faults::{FaultConfig, Faults};

#[tokio::test]
async fn throttling_answers_429_with_retry_after_and_is_counted() {
    let h = start(2).await;
    let token = h.graph_token().await;
    h.faults.reseed(42);
    h.faults.set(FaultConfig {
        throttle_ratio: 0.3,
        retry_after_secs: 7,
        ..FaultConfig::default()
    });
    let mut throttled = 0;
    for _ in 0..60 {
        let (status, headers, body) = h.graph(Method::GET, "/v1.0/users", &token, None).await;
        match status {
            200 => {}
            429 => {
                throttled += 1;
                assert_eq!(headers["retry-after"], "7");
                assert_eq!(body["error"]["code"], "TooManyRequests");
            }
            other => panic!("unexpected status {other}"),
        }
    }
    let counts = h.faults.injected();
    assert_eq!(counts.throttled, throttled);
    assert_eq!(counts.requests, 60);
    assert!((5..35).contains(&throttled), "{throttled} of 60 throttled");
}

#[tokio::test]
async fn batch_sub_requests_are_throttled_one_by_one() {
    let h = start(2).await;
    let token = h.graph_token().await;
    h.faults.reseed(3);
    h.faults.set(FaultConfig {
        throttle_ratio: 0.5,
        ..FaultConfig::default()
    });
    let requests: Vec<_> = (0..20)
        .map(|n| json!({"id": n.to_string(), "method": "GET", "url": "/users?$top=1"}))
        .collect();
    let mut body = serde_json::Value::Null;
    // The batch call itself may be throttled too; try a few times.
    for _ in 0..10 {
        let (status, _, answer) = h
            .graph(
                Method::POST,
                "/v1.0/$batch",
                &token,
                Some(json!({"requests": requests.clone()})),
            )
            .await;
        if status == 200 {
            body = answer;
            break;
        }
    }
    let statuses: Vec<u64> = body["responses"]
        .as_array()
        .expect("a batch got through")
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert!(
        statuses.contains(&429) && statuses.contains(&200),
        "{statuses:?}"
    );
    let throttled = body["responses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == 429)
        .unwrap();
    assert!(throttled["headers"]["Retry-After"].is_string());
}

#[tokio::test]
async fn server_errors_latency_and_drops() {
    let h = start(1).await;
    let token = h.graph_token().await;
    h.faults.set(FaultConfig {
        server_error_ratio: 1.0,
        retry_after_secs: 2,
        ..FaultConfig::default()
    });
    let (status, headers, _) = h.graph(Method::GET, "/v1.0/users", &token, None).await;
    assert!(status == 500 || status == 503, "{status}");
    if status == 503 {
        assert_eq!(headers["retry-after"], "2");
    }

    h.faults.set(FaultConfig {
        latency_ms: 150,
        ..FaultConfig::default()
    });
    let started = Instant::now();
    assert_eq!(h.get("/v1.0/users", &token).await.0, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));

    h.faults.set(FaultConfig {
        drop_ratio: 1.0,
        ..FaultConfig::default()
    });
    let outcome = h
        .http
        .get(format!("{}/v1.0/users", h.ctx.urls.graph))
        .bearer_auth(&token)
        .send()
        .await;
    let failed = match outcome {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    };
    assert!(
        failed,
        "a dropped connection must not yield a complete answer"
    );
    assert!(h.faults.injected().dropped >= 1);

    h.faults.set(FaultConfig::default());
    assert_eq!(h.get("/v1.0/users", &token).await.0, 200);
}

#[tokio::test]
async fn any_router_can_be_wrapped() {
    let faults = Faults::new(
        FaultConfig {
            throttle_ratio: 1.0,
            retry_after_secs: 4,
            ..FaultConfig::default()
        },
        1,
    );
    let router = switchboard_sandbox::faults::wrap(
        axum::Router::new().route("/ping", axum::routing::get(|| async { "pong" })),
        faults.clone(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let response = reqwest::get(format!("http://{address}/ping"))
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "4");
    assert_eq!(faults.injected().throttled, 1);
}
