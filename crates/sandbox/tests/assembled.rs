//! The whole sandbox started by one call, as the app and other crates' tests use it.

use std::process::Stdio;

use serde_json::Value;
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::faults::FaultConfig;
use switchboard_sandbox::test_support::demo_token;
use switchboard_sandbox::token::{GRAPH_RESOURCE, TEAMS_ADMIN_RESOURCE};
use switchboard_sandbox::{Sandbox, SandboxOptions};
use tokio::io::AsyncWriteExt;

fn small_estate() -> SandboxOptions {
    SandboxOptions {
        demo: Some(DemoSpec {
            seed: 7,
            customers: 3,
            users_per_customer: 5..=30,
            sbcs: 1,
        }),
        ..Default::default()
    }
}

#[tokio::test]
async fn every_emulator_answers_on_loopback_with_the_demo_estate() {
    let sandbox = Sandbox::start(small_estate()).await.unwrap();
    let http = reqwest::Client::new();
    let urls = sandbox.urls().clone();
    for url in [&urls.identity, &urls.graph, &urls.arm, &urls.teams] {
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "{url} is not loopback"
        );
    }
    let estate = sandbox.estate.as_ref().unwrap();
    assert_eq!(sandbox.credentials.len(), 3);

    // Graph lists exactly the users the estate generated for that customer.
    let token = demo_token(&sandbox, 0, GRAPH_RESOURCE).await;
    let users: Value = http
        .get(format!(
            "{}/v1.0/users?$top=999&$select=id,userPrincipalName",
            urls.graph
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut listed: Vec<&str> = users["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["userPrincipalName"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = estate.customers[0]
        .users
        .iter()
        .map(|u| u.user_principal_name.as_str())
        .collect();
    listed.sort_unstable();
    expected.sort_unstable();
    assert!(!expected.is_empty());
    // The directory also holds the customer's admin account, who is not a voice user.
    assert!(
        expected.iter().all(|upn| listed.contains(upn)),
        "Graph is missing demo users"
    );

    // The SBC answers over HTTPS with its own certificate.
    let sbc = &sandbox.sbcs[0];
    let certificate = reqwest::Certificate::from_der(sbc.certificate_der()).unwrap();
    let pinned = reqwest::Client::builder()
        .add_root_certificate(certificate)
        .build()
        .unwrap();
    let status = pinned
        .get(format!("{}/api/v1/status", sbc.https_url()))
        .basic_auth(sbc.username(), Some(sbc.password()))
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200);
    assert!(
        sbc.running_config()
            .contains(&estate.customers[0].short_name),
        "the SBC carries the customer's dial plan rules"
    );
}

#[tokio::test]
async fn faults_are_set_per_emulator() {
    let sandbox = Sandbox::start(small_estate()).await.unwrap();
    let http = reqwest::Client::new();
    let token = demo_token(&sandbox, 0, GRAPH_RESOURCE).await;
    sandbox.faults.graph.set(FaultConfig {
        throttle_ratio: 1.0,
        retry_after_secs: 3.0,
        ..Default::default()
    });

    let throttled = http
        .get(format!("{}/v1.0/organization", sandbox.urls().graph))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(throttled.status(), 429);
    assert_eq!(throttled.headers()["retry-after"], "3");
    // Identity has its own controls and still answers.
    demo_token(&sandbox, 1, GRAPH_RESOURCE).await;
    assert_eq!(sandbox.faults.graph.injected().throttled, 1);
    assert_eq!(sandbox.faults.identity.injected().throttled, 0);
}

#[tokio::test]
async fn the_powershell_interpreter_reaches_the_same_tenant_state() {
    let sandbox = Sandbox::start(small_estate()).await.unwrap();
    let pwsh = sandbox
        .pwsh_path()
        .expect("switchboard-pwsh is built with this crate's tests");
    let graph = demo_token(&sandbox, 0, GRAPH_RESOURCE).await;
    let teams = demo_token(&sandbox, 0, TEAMS_ADMIN_RESOURCE).await;
    let customer = &sandbox.estate.as_ref().unwrap().customers[0];
    let voice_users = customer
        .users
        .iter()
        .filter(|u| u.line_uri.is_some())
        .count();

    // Tokens travel on stdin, never on the command line.
    let script = format!(
        "$tokens = @('{graph}', '{teams}')\nConnect-MicrosoftTeams -AccessTokens $tokens | Out-Null\n\
         (Get-CsOnlineUser -Filter \"EnterpriseVoiceEnabled -eq $true\" | Where-Object {{ $_.LineURI -like 'tel:*' }}).Count\n"
    );
    let mut child = tokio::process::Command::new(pwsh)
        .args(["-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .await
        .unwrap();
    let output = child.wait_with_output().await.unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "pwsh failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.trim(), voice_users.to_string());
}
