//! The emulated SBC over real HTTP and HTTPS.

use reqwest::{Client, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};
use switchboard_sandbox::sbc::{AlarmSeverity, SbcDevice, SbcHandle, SbcOptions};

const ONBOARDING: &str = include_str!("sbc_scripts/onboarding.txt");
const CLEANUP: &str = include_str!("sbc_scripts/cleanup.txt");

/// A client of one device over one of its two listeners.
struct Api {
    client: Client,
    base: String,
    username: String,
    password: String,
}

impl Api {
    fn http(device: &SbcHandle) -> Self {
        Self::new(Client::new(), device.http_url(), device)
    }

    /// Trusts exactly the device's own certificate, nothing else.
    fn https(device: &SbcHandle) -> Self {
        let certificate =
            reqwest::Certificate::from_der(device.certificate_der()).expect("certificate");
        let client = Client::builder()
            .tls_built_in_root_certs(false)
            .add_root_certificate(certificate)
            .build()
            .expect("client");
        Self::new(client, device.https_url(), device)
    }

    fn new(client: Client, base: String, device: &SbcHandle) -> Self {
        Self {
            client,
            base,
            username: device.username().to_string(),
            password: device.password().to_string(),
        }
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client
            .get(format!("{}{path}", self.base))
            .basic_auth(&self.username, Some(&self.password))
    }

    async fn status(&self) -> Value {
        let response = self.get("/api/v1/status").send().await.expect("status");
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("json")
    }

    async fn running_config(&self) -> String {
        let response = self
            .get("/api/v1/files/cliScript")
            .send()
            .await
            .expect("cliScript");
        assert_eq!(response.status(), StatusCode::OK);
        response.text().await.expect("text")
    }

    async fn push(&self, script: &str) -> (StatusCode, Value) {
        let part = reqwest::multipart::Part::text(script.to_string())
            .file_name("cli.txt")
            .mime_str("application/octet-stream")
            .expect("mime");
        let response = self
            .client
            .put(format!("{}/api/v1/files/cliScript/incremental", self.base))
            .basic_auth(&self.username, Some(&self.password))
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .expect("incremental");
        let status = response.status();
        (status, response.json().await.expect("json"))
    }

    async fn save(&self) -> StatusCode {
        let response = self
            .client
            .post(format!("{}/api/v1/actions/saveConfiguration", self.base))
            .basic_auth(&self.username, Some(&self.password))
            .send()
            .await
            .expect("save");
        response.status()
    }
}

async fn device() -> SbcHandle {
    SbcDevice::start(SbcOptions::default())
        .await
        .expect("device starts")
}

#[tokio::test]
async fn status_over_both_listeners_and_auth_is_required() {
    let device = device().await;
    for api in [Api::http(&device), Api::https(&device)] {
        let status = api.status().await;
        assert_eq!(status["productType"], "Mediant VE SBC");
        assert_eq!(status["versionID"], "7.40A.500.123");
        assert_eq!(status["protocolType"], "SIP");
        assert_eq!(status["operationalState"], "UNLOCKED");
        assert_eq!(status["saveNeeded"], false);
        for field in [
            "localTimeStamp",
            "ipAddress",
            "subnetMask",
            "defaultGateway",
            "highAvailability",
            "serialNumber",
            "macAddress",
            "systemUpTime",
            "resetNeeded",
        ] {
            assert!(!status[field].is_null(), "{field} missing");
        }

        let anonymous = api
            .client
            .get(format!("{}/api/v1/status", api.base))
            .send()
            .await
            .expect("anonymous");
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        let challenge = anonymous
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(challenge.starts_with("Basic realm="), "{challenge}");
        let wrong = api
            .client
            .get(format!("{}/api/v1/files/cliScript", api.base))
            .basic_auth(&api.username, Some("wrong"))
            .send()
            .await
            .expect("wrong");
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn the_certificate_can_be_pinned_and_is_not_publicly_trusted() {
    let device = device().await;
    let digest: [u8; 32] = Sha256::digest(device.certificate_der()).into();
    assert_eq!(device.certificate_sha256(), digest);
    let fingerprint = device.certificate_fingerprint();
    assert_eq!(fingerprint.len(), 32 * 3 - 1);
    assert!(fingerprint.starts_with(&format!("{:02X}:", digest[0])));

    let untrusting = Client::builder()
        .tls_built_in_root_certs(false)
        .build()
        .expect("client");
    let refused = untrusting
        .get(format!("{}/api/v1/status", device.https_url()))
        .send()
        .await;
    assert!(
        refused.is_err(),
        "a client that does not trust the device must fail the handshake"
    );

    // The SANs cover `localhost` as well as the IP address.
    let port = device
        .https_url()
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_string();
    let api = Api::https(&device);
    let by_name = api
        .client
        .get(format!("https://localhost:{port}/api/v1/status"))
        .basic_auth(device.username(), Some(device.password()))
        .send()
        .await;
    assert_eq!(by_name.expect("localhost works").status(), StatusCode::OK);
}

#[tokio::test]
async fn onboarding_then_cleanup_restores_the_configuration_byte_for_byte() {
    let device = device().await;
    let api = Api::https(&device);
    let before = api.running_config().await;
    assert!(before.contains("proxy-name \"Teams\""), "{before}");

    let (status, body) = api.push(ONBOARDING).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "success", "{body}");
    assert_eq!(
        body["description"],
        "Incremental CLI Script file was loaded."
    );
    let onboarded = api.running_config().await;
    assert_ne!(onboarded, before);
    assert!(
        onboarded.contains("  name \"Contoso-t\"\n  proxy-set-name \"Teams\""),
        "{onboarded}"
    );
    assert!(
        onboarded.contains("  prefix \"+4930123[000-499]\"\n  tag \"contoso.sbc.example.com\""),
        "{onboarded}"
    );
    assert_eq!(onboarded, device.running_config());
    assert_eq!(
        api.status().await["saveNeeded"],
        false,
        "the script ended with do write"
    );

    let (status, body) = api.push(CLEANUP).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "success", "{body}");
    assert_eq!(api.running_config().await, before);
}

#[tokio::test]
async fn a_bad_line_is_refused_with_its_number_and_nothing_changes() {
    let device = device().await;
    let api = Api::http(&device);
    let before = api.running_config().await;
    let script = "configure voip\nsbc dial-plan where name \"CustDialPlan\"\ndial-plan-rule new\nprefix \"+4930\"\nexit\nexit\nip-group new\nname \"X-c\"\nfavourite-colour blue\nactivate\nexit\n";
    let (status, body) = api.push(script).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["status"], "failure");
    let description = body["description"].as_str().unwrap_or_default();
    assert!(
        description.contains("line 9 \"favourite-colour blue\""),
        "{description}"
    );
    assert_eq!(
        api.running_config().await,
        before,
        "the valid first half was not applied either"
    );
    assert_eq!(api.status().await["saveNeeded"], false);

    let (status, body) = api
        .push("configure voip\nsbc dial-plan 0\ndial-plan-rule new\nprefix \"+49[19-10]\"\n")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["description"]
            .as_str()
            .unwrap_or_default()
            .contains("line 4"),
        "{body}"
    );
    assert!(
        body["output"]
            .as_str()
            .unwrap_or_default()
            .contains("backwards"),
        "{body}"
    );
}

#[tokio::test]
async fn a_rejected_row_still_answers_200_but_status_and_output_tell() {
    let device = device().await;
    let api = Api::http(&device);
    let script = "configure voip\nip-group new\nname \"Fabrikam-c\"\nproxy-set-name \"NoSuchSet\"\nactivate\nexit\nsbc dial-plan where name \"CustDialPlan\"\ndial-plan-rule new\nname \"Fabrikam\"\nprefix \"+3312\"\nactivate\nexit\nexit\n";
    let (status, body) = api.push(script).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a client reading only the HTTP code is fooled"
    );
    assert_eq!(body["status"], "failure");
    let output = body["output"].as_str().unwrap_or_default();
    let error_line = output
        .lines()
        .find(|line| line.starts_with("Error:"))
        .expect("an Error: line");
    assert!(
        error_line.contains("line 5") && error_line.contains("NoSuchSet"),
        "{error_line}"
    );
    let config = device.config();
    assert!(config.ip_groups().is_empty());
    assert!(config.dial_plans()[0]
        .rules
        .iter()
        .any(|rule| rule.name == "Fabrikam"));
    assert_eq!(api.status().await["saveNeeded"], true);
}

#[tokio::test]
async fn a_busy_device_answers_409_until_it_clears() {
    let device = SbcDevice::start(SbcOptions {
        busy_for_next_requests: 2,
        ..SbcOptions::default()
    })
    .await
    .expect("device");
    let api = Api::http(&device);
    let script = "configure voip\nsbc dial-plan new\nname \"Zoom\"\nexit\n";
    for _ in 0..2 {
        let (status, body) = api.push(script).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            body["description"]
                .as_str()
                .unwrap_or_default()
                .contains("current device state"),
            "{body}"
        );
    }
    assert!(device
        .config()
        .dial_plans()
        .iter()
        .all(|plan| plan.name != "Zoom"));
    let (status, _) = api.push(script).await;
    assert_eq!(status, StatusCode::OK);
    assert!(device
        .config()
        .dial_plans()
        .iter()
        .any(|plan| plan.name == "Zoom"));

    device.faults().set_always_busy(true);
    assert_eq!(api.save().await, StatusCode::CONFLICT);
    assert_eq!(api.push(script).await.0, StatusCode::CONFLICT);
    assert_eq!(
        api.status().await["saveNeeded"],
        true,
        "reads still work while busy"
    );
    device.faults().set_always_busy(false);
    assert_eq!(api.save().await, StatusCode::OK);

    device.faults().fail_next(1);
    let failed = api.get("/api/v1/status").send().await.expect("status");
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        api.get("/api/v1/status")
            .send()
            .await
            .expect("status")
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn saving_clears_save_needed() {
    let device = device().await;
    let api = Api::https(&device);
    let (status, _) = api
        .push("configure voip\nsbc dial-plan new\nname \"Zoom\"\nexit\n")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(api.status().await["saveNeeded"], true);
    assert_eq!(api.save().await, StatusCode::OK);
    assert_eq!(api.status().await["saveNeeded"], false);
    assert!(!device.save_needed());
}

#[tokio::test]
async fn alarms_are_204_when_none_and_listed_after_one_is_raised() {
    let device = device().await;
    let api = Api::http(&device);
    let empty = api
        .get("/api/v1/alarms/active")
        .send()
        .await
        .expect("alarms");
    assert_eq!(empty.status(), StatusCode::NO_CONTENT);

    let first = device.raise_alarm(
        AlarmSeverity::Major,
        "Board#1/ProxyConnection#2",
        "Proxy Set Alarm: Proxy lost",
    );
    let second = device.raise_alarm(AlarmSeverity::Minor, "Board#1", "NTP server not reachable");
    let page: Value = api
        .get("/api/v1/alarms/active?limit=1")
        .send()
        .await
        .expect("alarms")
        .json()
        .await
        .expect("json");
    assert_eq!(page["alarms"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["alarms"][0]["id"], first);
    assert_eq!(page["cursor"]["after"], first);
    assert_eq!(page["cursor"]["before"], -1);
    let rest: Value = api
        .get(&format!("/api/v1/alarms/active?after={first}"))
        .send()
        .await
        .expect("alarms")
        .json()
        .await
        .expect("json");
    assert_eq!(rest["alarms"][0]["id"], second);
    assert_eq!(rest["cursor"]["after"], -1);

    let url = page["alarms"][0]["url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let detail: Value = api
        .get(&url)
        .send()
        .await
        .expect("detail")
        .json()
        .await
        .expect("json");
    assert_eq!(detail["severity"], "major");
    assert_eq!(detail["source"], "Board#1/ProxyConnection#2");
    assert_eq!(detail["description"], "Proxy Set Alarm: Proxy lost");
    assert!(detail["date"].is_string());

    assert!(device.clear_alarm(first) && device.clear_alarm(second));
    assert_eq!(
        api.get("/api/v1/alarms/active")
            .send()
            .await
            .expect("alarms")
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.get(&url).send().await.expect("detail").status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn dropping_the_handle_stops_both_listeners() {
    let device = device().await;
    let (http, https) = (device.http_url(), device.https_url());
    drop(device);
    let client = Client::new();
    for url in [http, https] {
        // Shutting down is asynchronous; give it a moment without a fixed long sleep.
        let mut refused = false;
        for _ in 0..40 {
            if client
                .get(format!("{url}/api/v1/status"))
                .send()
                .await
                .is_err()
            {
                refused = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert!(refused, "{url} still answers after the handle was dropped");
    }
}

#[tokio::test]
async fn added_latency_delays_every_answer() {
    let device = device().await;
    let api = Api::http(&device);
    device
        .faults()
        .set_latency(std::time::Duration::from_millis(150));
    let started = std::time::Instant::now();
    api.status().await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));
    device.faults().set_latency(std::time::Duration::ZERO);
}
