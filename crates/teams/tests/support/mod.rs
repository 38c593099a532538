//! Shared test helpers: the sandbox's `switchboard-pwsh` interpreter and tokens from
//! the sandbox's identity emulator.

#![allow(dead_code)] // Each test file uses a different part of this module.

use std::path::PathBuf;

use serde_json::Value;
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::{Sandbox, SandboxOptions};
use switchboard_teams::{PowerShellHost, TeamsTokens};

pub const TEAMS_ADMIN_SCOPE: &str = "48ac35b8-9aa8-4d74-927d-1f4a14a0b239/.default";
pub const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";

pub fn interpreter_path() -> PathBuf {
    switchboard_sandbox::test_support::interpreter_path()
}

pub fn interpreter() -> PowerShellHost {
    PowerShellHost::at(interpreter_path())
}

/// One demo customer with enough users for `-ResultSize 5`.
pub async fn sandbox() -> Sandbox {
    let options = SandboxOptions {
        demo: Some(DemoSpec {
            seed: 11,
            customers: 1,
            users_per_customer: 8..=8,
            sbcs: 1,
        }),
        ..Default::default()
    };
    Sandbox::start(options)
        .await
        .expect("the sandbox starts on loopback")
}

pub async fn tokens(sandbox: &Sandbox) -> TeamsTokens {
    TeamsTokens {
        graph: token(sandbox, GRAPH_SCOPE).await.into(),
        teams: token(sandbox, TEAMS_ADMIN_SCOPE).await.into(),
    }
}

async fn token(sandbox: &Sandbox, scope: &str) -> String {
    let tenant = &sandbox.credentials[0];
    let answer: Value = reqwest::Client::new()
        .post(format!(
            "{}/{}/oauth2/v2.0/token",
            sandbox.urls().identity,
            tenant.tenant_id
        ))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", tenant.client_id.as_str()),
            ("client_secret", tenant.client_secret.as_str()),
            ("scope", scope),
        ])
        .send()
        .await
        .expect("the identity emulator answers")
        .json()
        .await
        .expect("the token answer is JSON");
    answer["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token in {answer}"))
        .to_string()
}
