//! The MicrosoftTeams module's connection: remembers the Teams admin token given to
//! `Connect-MicrosoftTeams` and sends each Teams cmdlet to the sandbox's Teams admin
//! backend as `POST {backend}/teams-admin/v1/cmdlets/{name}` with body
//! `{"parameters": {...}}`. The backend answers `{"output": [...]}` or, on failure, an
//! `ErrorRecord` (`{cmdlet, message, category, fullyQualifiedErrorId}`).
//!
//! The backend's address comes from the token's `iss` claim (scheme, host and port),
//! the way the real module learns its endpoints from the token; only loopback hosts
//! are accepted so a script can never be pointed at a real service.

use serde::Deserialize;

use super::error::ErrorRecord;
use super::value::{Props, Value};
use crate::token::{self, TEAMS_ADMIN_RESOURCE};

/// The path prefix of the backend's cmdlet endpoint.
pub const CMDLET_PATH: &str = "/teams-admin/v1/cmdlets";

struct Connection {
    base_url: String,
    token: String,
}

#[derive(Default)]
pub struct TeamsSession {
    connection: Option<Connection>,
    transport: Option<(tokio::runtime::Runtime, reqwest::Client)>,
}

#[derive(Deserialize)]
struct Output {
    output: Vec<serde_json::Value>,
}

fn connect_error(message: impl Into<String>) -> ErrorRecord {
    ErrorRecord::new(
        "Connect-MicrosoftTeams",
        message,
        "AuthenticationError",
        "Connect-MicrosoftTeams,Microsoft.TeamsCmdlets.Powershell.Connect.ConnectMicrosoftTeams",
        "System.UnauthorizedAccessException",
    )
}

impl TeamsSession {
    /// Keeps the Teams admin token and returns the object `Connect-MicrosoftTeams` prints.
    pub fn connect(&mut self, tokens: &[String]) -> Result<Value, ErrorRecord> {
        let (teams_token, claims) = tokens
            .iter()
            .find_map(|t| token::peek_claims(t).ok().filter(|c| c.aud == TEAMS_ADMIN_RESOURCE).map(|c| (t.clone(), c)))
            .ok_or_else(|| connect_error(format!("None of the access tokens is for the Teams admin API (resource {TEAMS_ADMIN_RESOURCE}).")))?;
        let issuer = url::Url::parse(&claims.iss)
            .map_err(|_| connect_error("The Teams access token has no valid issuer."))?;
        let host = issuer.host_str().unwrap_or_default();
        if host != "127.0.0.1" && host != "localhost" {
            return Err(connect_error(format!(
                "The sandbox interpreter only talks to a loopback Teams admin backend; the token was issued by '{host}'."
            )));
        }
        let port = issuer.port_or_known_default().unwrap_or(80);
        let base_url = format!("{}://{host}:{port}", issuer.scheme());
        let account = claims.oid.clone().unwrap_or_else(|| claims.appid.clone());
        self.connection = Some(Connection {
            base_url,
            token: teams_token,
        });
        Ok(Value::Object(Props(vec![
            ("Account".into(), Value::Str(account)),
            ("Environment".into(), Value::str("AzureCloud")),
            ("Tenant".into(), Value::Str(claims.tid.clone())),
            ("TenantId".into(), Value::Str(claims.tid)),
        ])))
    }

    pub fn disconnect(&mut self) {
        self.connection = None;
    }

    pub fn invoke(
        &mut self,
        cmdlet: &str,
        parameters: serde_json::Value,
    ) -> Result<Vec<Value>, ErrorRecord> {
        let connection = self.connection.as_ref().ok_or_else(|| {
            ErrorRecord::new(
                cmdlet,
                "You must call the Connect-MicrosoftTeams cmdlet before calling any other cmdlets.",
                "NotSpecified",
                &format!("Microsoft.Teams.ConfigAPI.Cmdlets.{cmdlet}"),
                "System.UnauthorizedAccessException",
            )
        })?;
        let url = format!("{}{CMDLET_PATH}/{cmdlet}", connection.base_url);
        let token = connection.token.clone();
        let transport_failure = |e: &dyn std::fmt::Display| {
            ErrorRecord::new(
                cmdlet,
                format!("The Teams admin service could not be reached: {e}"),
                "ConnectionError",
                "ServiceUnavailable",
                "System.Net.Http.HttpRequestException",
            )
        };
        if self.transport.is_none() {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| transport_failure(&e))?;
            let http = reqwest::Client::builder()
                .no_proxy()
                .build()
                .map_err(|e| transport_failure(&e))?;
            self.transport = Some((runtime, http));
        }
        let Some((runtime, http)) = self.transport.as_ref() else {
            return Err(transport_failure(&"no transport"));
        };
        let body = serde_json::json!({ "parameters": parameters });
        let (status, text) = runtime
            .block_on(async {
                let response = http
                    .post(&url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await?;
                let status = response.status();
                Ok::<_, reqwest::Error>((status, response.text().await?))
            })
            .map_err(|e| transport_failure(&e))?;
        if status.is_success() {
            let output: Output = serde_json::from_str(&text).map_err(|e| transport_failure(&e))?;
            return Ok(output
                .output
                .iter()
                .map(|v| Value::from_json(v, false))
                .collect());
        }
        Err(
            serde_json::from_str::<ErrorRecord>(&text).unwrap_or_else(|_| {
                ErrorRecord::new(
                    cmdlet,
                    format!("The Teams admin service answered {status}: {text}"),
                    "NotSpecified",
                    "ServiceError",
                    "System.Exception",
                )
            }),
        )
    }
}
