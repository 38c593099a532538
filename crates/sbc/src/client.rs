//! The REST client for one device: transport, authentication, busy retries, and the
//! calls the app makes.

use std::sync::Arc;

use reqwest::{RequestBuilder, Response, StatusCode};
use secrecy::ExposeSecret;
use url::Url;

use crate::alarms::{Alarm, AlarmDetail, AlarmPage};
use crate::script_answer::{accepted_answer, refused_answer, PushOutcome};
use crate::tls::{client_config, tls_failure, DeviceVerifier};
use crate::{
    running_config, CertTrust, ClientOptions, DeviceStatus, SbcEndpoint, SbcError, TlsFailure,
};

/// Alarms asked for per page; the device's default is 20.
const ALARM_PAGE_SIZE: u32 = 50;
/// Guards against a device whose cursor never ends.
const MAX_ALARM_PAGES: usize = 100;

/// What `apply_script` did.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplyOutcome {
    /// The device's console output for the script.
    pub output: String,
    /// The configuration is on flash: the script ended with `write`, or the save after
    /// it succeeded.
    pub saved: bool,
    /// Why the save after a successful script failed (the changes are live but unsaved).
    pub save_error: Option<SbcError>,
}

#[derive(Debug, Clone)]
pub struct SbcClient {
    http: reqwest::Client,
    base: Url,
    endpoint: Arc<SbcEndpoint>,
    options: ClientOptions,
}

impl SbcClient {
    pub fn new(endpoint: SbcEndpoint, options: ClientOptions) -> Result<Self, SbcError> {
        endpoint.ensure_transport_allowed()?;
        let base = endpoint.base_url()?;
        let builder = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            // Every request carries the admin password: a redirect is answered as the
            // status it is, never followed, so the password goes nowhere but the device.
            .redirect(reqwest::redirect::Policy::none());
        let builder = match &endpoint.trust {
            CertTrust::System => builder.use_rustls_tls(),
            CertTrust::Pinned(pin) => {
                let config =
                    client_config(Arc::new(DeviceVerifier::pinned(*pin))).map_err(|error| {
                        SbcError::Tls {
                            kind: TlsFailure::Other,
                            detail: error.to_string(),
                        }
                    })?;
                builder.use_preconfigured_tls(config)
            }
        };
        let http = builder.build().map_err(|error| SbcError::Tls {
            kind: TlsFailure::Other,
            detail: error.to_string(),
        })?;
        Ok(Self {
            http,
            base,
            endpoint: Arc::new(endpoint),
            options,
        })
    }

    pub fn endpoint(&self) -> &SbcEndpoint {
        &self.endpoint
    }

    /// `GET /api/v1/status`.
    pub async fn status(&self) -> Result<DeviceStatus, SbcError> {
        let response = self
            .send(|| self.http.get(self.url("api/v1/status")))
            .await?;
        let body = expect_success(response).await?;
        serde_json::from_str(&body).map_err(|error| SbcError::InvalidAnswer(error.to_string()))
    }

    /// `PUT /api/v1/files/cliScript/incremental`: applies the script without a reset.
    /// Fails with `ScriptRejected` when the device refused it or skipped any row.
    pub async fn push_incremental(&self, script: &str) -> Result<PushOutcome, SbcError> {
        let url = self.url("api/v1/files/cliScript/incremental");
        let response = self
            .send(|| {
                let form = reqwest::multipart::Form::new().part("file", script_part(script));
                self.http.put(url.clone()).multipart(form)
            })
            .await?;
        let status = response.status();
        let body = read_body(response).await?;
        match status {
            StatusCode::OK => accepted_answer(&body),
            StatusCode::BAD_REQUEST => Err(refused_answer(&body)),
            other => Err(unexpected(other, &body)),
        }
    }

    /// `GET /api/v1/files/cliScript`: the whole configuration as CLI text.
    pub async fn running_config(&self) -> Result<String, SbcError> {
        let response = self
            .send(|| self.http.get(self.url("api/v1/files/cliScript")))
            .await?;
        let body = expect_success(response).await?;
        Ok(running_config::strip_leading_junk(&body).to_string())
    }

    /// `POST /api/v1/actions/saveConfiguration`: writes the live configuration to flash.
    pub async fn save_configuration(&self) -> Result<(), SbcError> {
        let response = self
            .send(|| self.http.post(self.url("api/v1/actions/saveConfiguration")))
            .await?;
        expect_success(response).await.map(drop)
    }

    /// Every active alarm with its detail, following the list's cursor.
    pub async fn active_alarms(&self) -> Result<Vec<Alarm>, SbcError> {
        let mut alarms = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..MAX_ALARM_PAGES {
            let mut url = self.url("api/v1/alarms/active");
            url.query_pairs_mut()
                .append_pair("limit", &ALARM_PAGE_SIZE.to_string());
            if let Some(after) = &after {
                url.query_pairs_mut().append_pair("after", after);
            }
            let response = self.send(|| self.http.get(url.clone())).await?;
            if response.status() == StatusCode::NO_CONTENT {
                break;
            }
            let body = expect_success(response).await?;
            let page: AlarmPage = serde_json::from_str(&body)
                .map_err(|error| SbcError::InvalidAnswer(error.to_string()))?;
            for link in &page.alarms {
                if let Some(alarm) = self.alarm_detail(&link.detail_link()).await? {
                    alarms.push(alarm);
                }
            }
            match page.next_cursor() {
                Some(next) if !page.alarms.is_empty() && after.as_ref() != Some(&next) => {
                    after = Some(next);
                }
                _ => break,
            }
        }
        Ok(alarms)
    }

    /// `None` when the alarm was cleared between the list and the detail request.
    async fn alarm_detail(&self, link: &str) -> Result<Option<Alarm>, SbcError> {
        let url = self.device_link(link)?;
        let response = self.send(|| self.http.get(url.clone())).await?;
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let body = expect_success(response).await?;
        let detail: AlarmDetail = serde_json::from_str(&body)
            .map_err(|error| SbcError::InvalidAnswer(error.to_string()))?;
        Ok(Some(detail.into()))
    }

    /// Pushes the script and, when `save` is asked and the script does not end by
    /// writing the configuration itself, saves it to flash.
    pub async fn apply_script(&self, script: &str, save: bool) -> Result<ApplyOutcome, SbcError> {
        let pushed = self.push_incremental(script).await?;
        if !save || writes_configuration(script) {
            return Ok(ApplyOutcome {
                output: pushed.output,
                saved: writes_configuration(script),
                save_error: None,
            });
        }
        let save = self.save_configuration().await;
        if let Err(error) = &save {
            tracing::warn!(host = %self.endpoint.host, %error, "script applied but not saved");
        }
        Ok(ApplyOutcome {
            output: pushed.output,
            saved: save.is_ok(),
            save_error: save.err(),
        })
    }

    /// A link from the device's answer, resolved against its address. Followed only on
    /// the device's own origin (scheme, host, port): every request carries the admin
    /// password, which must never reach another server.
    fn device_link(&self, link: &str) -> Result<Url, SbcError> {
        let url = self
            .base
            .join(link)
            .map_err(|error| SbcError::InvalidAnswer(format!("link '{link}': {error}")))?;
        if url.origin() != self.base.origin() {
            return Err(SbcError::ForeignLink {
                origin: url.origin().ascii_serialization(),
            });
        }
        Ok(url)
    }

    fn url(&self, path: &str) -> Url {
        // The base always ends in `/` and the paths are relative constants (device
        // links go through `device_link`), so joining cannot fail; fall back to the
        // base rather than panic.
        self.base.join(path).unwrap_or_else(|_| self.base.clone())
    }

    /// Sends with Basic auth; maps 401 and transport failures; retries 409 with
    /// exponential backoff.
    async fn send(&self, build: impl Fn() -> RequestBuilder) -> Result<Response, SbcError> {
        let attempts = self.options.busy_attempts.max(1);
        let mut delay = self.options.busy_initial_delay;
        for attempt in 1..=attempts {
            let response = build()
                .basic_auth(
                    &self.endpoint.admin_user,
                    Some(self.endpoint.password.expose_secret()),
                )
                .send()
                .await
                .map_err(transport_error)?;
            match response.status() {
                StatusCode::UNAUTHORIZED => return Err(SbcError::AuthFailed),
                StatusCode::CONFLICT if attempt < attempts => {
                    tracing::debug!(host = %self.endpoint.host, attempt, ?delay, "SBC busy, retrying");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(self.options.busy_max_delay);
                }
                StatusCode::CONFLICT => {
                    let body = read_body(response).await.unwrap_or_default();
                    return Err(SbcError::Busy {
                        attempts,
                        description: description_of(&body),
                    });
                }
                _ => return Ok(response),
            }
        }
        // The loop returns on its last attempt; this keeps the compiler satisfied.
        Err(SbcError::Busy {
            attempts,
            description: String::new(),
        })
    }
}

/// True when the last configuration command is `write` / `do write`, so the script
/// saves on its own (`exit` and `show` lines change nothing).
/// Whether the script ends by writing the configuration to flash itself (`do write`).
pub fn writes_configuration(script: &str) -> bool {
    script
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.strip_prefix("do ").map_or(line, str::trim_start))
        .rfind(|line| *line != "exit" && !line.starts_with("show"))
        .is_some_and(|line| line == "write")
}

/// The one multipart part the device reads: `file`, named `cli.txt`, as octets.
fn script_part(script: &str) -> reqwest::multipart::Part {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::CONTENT_TYPE,
        reqwest::header::HeaderValue::from_static("application/octet-stream"),
    );
    reqwest::multipart::Part::bytes(script.as_bytes().to_vec())
        .file_name("cli.txt")
        .headers(headers)
}

async fn read_body(response: Response) -> Result<String, SbcError> {
    response.text().await.map_err(transport_error)
}

async fn expect_success(response: Response) -> Result<String, SbcError> {
    let status = response.status();
    let body = read_body(response).await?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(unexpected(status, &body))
    }
}

fn unexpected(status: StatusCode, body: &str) -> SbcError {
    SbcError::UnexpectedStatus {
        status: status.as_u16(),
        description: description_of(body),
    }
}

/// The `description` of a JSON answer, or the start of a non-JSON one.
fn description_of(body: &str) -> String {
    let described = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|json| json.get("description")?.as_str().map(str::to_string));
    described.unwrap_or_else(|| body.trim().chars().take(300).collect())
}

fn transport_error(error: reqwest::Error) -> SbcError {
    if let Some((kind, detail)) = tls_failure(&error) {
        return SbcError::Tls { kind, detail };
    }
    if error.is_timeout() {
        return SbcError::Timeout;
    }
    if error.is_decode() || error.is_body() {
        return SbcError::InvalidAnswer(error.to_string());
    }
    SbcError::Unreachable {
        detail: error_chain(&error),
    }
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_saves_itself_only_when_write_is_its_last_change() {
        assert!(writes_configuration(
            "configure voip\n ip-group new\n exit\n do write\nexit\n"
        ));
        assert!(writes_configuration(
            "configure voip\nexit\nwrite\nshow running-config\n"
        ));
        assert!(!writes_configuration(
            "configure voip\n do write\n ip-group new\n exit\nexit\n"
        ));
        assert!(!writes_configuration(
            "configure voip\n ip-group new\nexit\n"
        ));
        assert!(!writes_configuration(""));
    }

    #[test]
    fn descriptions_come_from_json_or_the_raw_body() {
        assert_eq!(description_of(r#"{"description":"busy now"}"#), "busy now");
        assert_eq!(description_of("  plain text  "), "plain text");
    }
}
