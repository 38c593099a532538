//! A second loopback server that stands for "somewhere else": it answers every request
//! with a plausible alarm detail and records what it received, so a test can prove that
//! no request (and no credential) reached it.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::header;
use axum::Json;
use serde_json::json;

/// One request as the recorder saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The `Authorization` header, as sent.
    pub authorization: Option<String>,
}

type Log = Arc<Mutex<Vec<RecordedRequest>>>;

/// A running recorder; stops when dropped.
pub struct RequestRecorder {
    address: SocketAddr,
    log: Log,
    server: axum_server::Handle,
}

impl RequestRecorder {
    /// Starts on a free loopback port. Must be called inside a Tokio runtime.
    pub async fn start() -> std::io::Result<RequestRecorder> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let log = Log::default();
        let router = axum::Router::new().fallback(record).with_state(log.clone());
        let server = axum_server::Handle::new();
        let serve = axum_server::from_tcp(listener).handle(server.clone());
        tokio::spawn(serve.serve(router.into_make_service()));
        Ok(RequestRecorder {
            address,
            log,
            server,
        })
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

impl Drop for RequestRecorder {
    fn drop(&mut self) {
        self.server.shutdown();
    }
}

async fn record(State(log): State<Log>, request: Request) -> Json<serde_json::Value> {
    let seen = RecordedRequest {
        method: request.method().to_string(),
        path: request.uri().to_string(),
        authorization: request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string),
    };
    log.lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(seen);
    Json(json!({
        "id": 1,
        "description": "Recorded elsewhere",
        "severity": "major",
        "source": "Board#1",
        "date": "2026-01-01T00:00:00Z",
    }))
}
