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
        retry_after_secs: 7.0,
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

/// Twenty reads in one `$batch`, sent until the batch call itself is not throttled.
async fn twenty_reads_batched(h: &Harness, token: &str) -> (u16, serde_json::Value) {
    let requests: Vec<_> = (0..20)
        .map(|n| json!({"id": n.to_string(), "method": "GET", "url": "/users?$top=1"}))
        .collect();
    for _ in 0..10 {
        let (status, _, body) = h
            .graph(
                Method::POST,
                "/v1.0/$batch",
                token,
                Some(json!({"requests": requests.clone()})),
            )
            .await;
        if status != 429 {
            return (status, body);
        }
    }
    panic!("the batch call itself was throttled ten times");
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
    let (status, body) = twenty_reads_batched(&h, &token).await;
    assert_eq!(status, 200);
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
        retry_after_secs: 2.0,
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
            retry_after_secs: 4.0,
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

#[tokio::test]
async fn throttling_sends_a_fractional_retry_after_and_spells_innererror() {
    let h = start(1).await;
    let token = h.graph_token().await;
    h.faults.set(FaultConfig {
        throttle_ratio: 1.0,
        retry_after_secs: 2.128,
        ..FaultConfig::default()
    });
    let (status, headers, body) = h.graph(Method::GET, "/v1.0/users", &token, None).await;
    assert_eq!(status, 429);
    assert_eq!(headers["retry-after"], "2.128");
    assert!(
        body["error"]["innererror"]["request-id"].is_string(),
        "{body}"
    );
    assert!(body["error"].get("innerError").is_none(), "{body}");
}

#[tokio::test]
async fn a_batch_with_a_throttled_sub_request_can_answer_424() {
    let h = start(2).await;
    let token = h.graph_token().await;
    h.faults.reseed(3);
    h.faults.set(FaultConfig {
        throttle_ratio: 0.5,
        retry_after_secs: 0.5,
        throttled_batch_424: true,
        ..FaultConfig::default()
    });
    let (status, body) = twenty_reads_batched(&h, &token).await;
    assert_eq!(status, 424);
    let responses = body["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 20);
    let throttled = responses.iter().find(|r| r["status"] == 429).unwrap();
    assert_eq!(throttled["headers"]["Retry-After"], "0.5");
    assert!(responses.iter().any(|r| r["status"] == 200));
    assert_eq!(h.faults.injected().failed_dependency_batches, 1);
}

#[tokio::test]
async fn the_silent_endpoint_accepts_and_never_answers() {
    let silent = switchboard_sandbox::identity::SilentEndpoint::start()
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let request = client
        .post(format!("{}/tenant/oauth2/v2.0/token", silent.url()))
        .timeout(Duration::from_millis(300))
        .send();
    let (answer, ()) = tokio::join!(request, silent.accepted(1));
    assert!(answer.unwrap_err().is_timeout());
}
