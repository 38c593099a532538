//! Secrets logged on purpose through the real pipeline never reach the log files.

use std::fs;
use std::path::Path;

use switchboard_logging::{build_dispatch, redact, LogOptions};

#[derive(Debug)]
#[allow(dead_code)] // only read through `Debug`, which is what this test is about
struct SbcLogin {
    host: String,
    username: String,
    password: String,
}

fn read_all_logs(dir: &Path) -> String {
    let mut text = String::new();
    for entry in fs::read_dir(dir).expect("log folder exists") {
        let path = entry.expect("dir entry").path();
        text.push_str(&fs::read_to_string(&path).expect("log file is text"));
    }
    text
}

#[test]
fn secrets_are_masked_in_every_written_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let log_dir = dir.path().join("logs");
    let (dispatch, guard) =
        build_dispatch(&LogOptions::new(&log_dir).with_default_filter("debug")).expect("pipeline");

    let registered = "Vm9yYmlkZGVuLXJlZnJlc2gtdG9rZW4-0001";
    redact::register_secret(registered);
    let jwt = "eyJ0eXAiOiJKV1QifQ.eyJ1cG4iOiJhZG1pbkBjb250b3NvIn0.U2lnbmF0dXJlQnl0ZXM";
    let bearer = "opaqueBearer9182736455";
    let password = "Sbc-Passw0rd!";
    let client_secret = "Qw8~client.secret_value";
    let refresh_token = "0.AXkA-refresh-token-body";
    let access_token = "at-opaque-5566778899";
    let basic = "YWRtaW46c2VjcmV0LXBhc3M=";
    let account_key = "c3RvcmFnZS1hY2NvdW50LWtleQ==";
    let url_password = "UrlPassw0rd77";
    let json_password = "json-pw-314159";

    tracing::dispatcher::with_default(&dispatch, || {
        tracing::info!("calling Graph with Authorization: Bearer {bearer} for tenant contoso");
        tracing::info!("proxy echoed bearer {bearer}-b to sbc0");
        tracing::info!("received token {jwt} from login.microsoftonline.com");
        tracing::info!(
            refresh = registered,
            "stored refresh token for tenant fabrikam"
        );
        tracing::warn!(password, user = "admin", "SBC login retry");
        tracing::warn!(
            body = %format!("grant_type=refresh_token&client_secret={client_secret}&refresh_token={refresh_token}"),
            "token request failed"
        );
        tracing::info!(%access_token, "exchanged");
        tracing::info!("header Authorization: Basic {basic} sent to sbc1");
        tracing::info!("storage DefaultEndpointsProtocol=https;AccountName=logs;AccountKey={account_key};EndpointSuffix=core.windows.net");
        tracing::info!("connecting to https://admin:{url_password}@sbc2.example.net/api/v1/status");
        tracing::debug!(r#"payload {{"username":"ops","password":"{json_password}"}}"#);
        let login = SbcLogin {
            host: "sbc3.example.net".into(),
            username: "ops".into(),
            password: password.into(),
        };
        tracing::info!(?login, "debug struct");
        tracing::info!("formatted {login:?} inline");
    });
    drop(dispatch);
    drop(guard); // flushes the background writer

    let logs = read_all_logs(&log_dir);
    for secret in [
        registered,
        jwt,
        bearer,
        password,
        client_secret,
        refresh_token,
        access_token,
        basic,
        account_key,
        url_password,
        json_password,
    ] {
        assert!(
            !logs.contains(secret),
            "secret {secret:?} leaked into:\n{logs}"
        );
    }
    for context in [
        "proxy echoed bearer [REDACTED] to sbc0",
        "for tenant contoso",
        "from login.microsoftonline.com",
        "stored refresh token for tenant fabrikam",
        "SBC login retry",
        "user=\"admin\"",
        "token request failed",
        "exchanged",
        "sent to sbc1",
        "AccountName=logs",
        "sbc2.example.net/api/v1/status",
        r#""username":"ops""#,
        "host: \"sbc3.example.net\"",
        "debug struct",
        "inline",
    ] {
        assert!(logs.contains(context), "expected {context:?} in:\n{logs}");
    }
    assert!(logs.matches("[REDACTED]").count() >= 14, "{logs}");
}

#[test]
fn lines_below_the_filter_are_not_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (dispatch, guard) =
        build_dispatch(&LogOptions::new(dir.path()).with_default_filter("warn")).expect("pipeline");
    tracing::dispatcher::with_default(&dispatch, || {
        tracing::info!("quiet-info-line");
        tracing::warn!("loud-warn-line");
    });
    drop(dispatch);
    drop(guard);
    let logs = read_all_logs(dir.path());
    assert!(logs.contains("loud-warn-line"), "{logs}");
    assert!(!logs.contains("quiet-info-line"), "{logs}");
}

#[test]
fn a_redirected_pipeline_writes_later_lines_to_the_new_folder_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = dir.path().join("sandbox").join("logs");
    let second = dir.path().join("live").join("logs");
    let (dispatch, guard) =
        build_dispatch(&LogOptions::new(&first).with_default_filter("info")).expect("pipeline");

    tracing::dispatcher::with_default(&dispatch, || {
        tracing::info!("line-before-the-switch");
        guard.redirect(&second).expect("redirected");
        tracing::info!("line-after-the-switch password=hunter22");
    });
    assert_eq!(guard.directory(), second);
    drop(guard);

    let before = read_all_logs(&first);
    let after = read_all_logs(&second);
    assert!(before.contains("line-before-the-switch"), "{before}");
    assert!(!before.contains("line-after-the-switch"), "{before}");
    assert!(after.contains("line-after-the-switch"), "{after}");
    assert!(!after.contains("line-before-the-switch"), "{after}");
    assert!(
        !after.contains("hunter22"),
        "redaction still applies: {after}"
    );
}
