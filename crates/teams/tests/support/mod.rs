//! Shared test helpers: the sandbox's `switchboard-pwsh` interpreter and tokens from
//! the sandbox's identity emulator.

#![allow(dead_code)] // Each test file uses a different part of this module.

use std::path::PathBuf;

use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::test_support::demo_token;
use switchboard_sandbox::token::{GRAPH_RESOURCE, TEAMS_ADMIN_RESOURCE};
use switchboard_sandbox::{Sandbox, SandboxOptions};
use switchboard_teams::{PowerShellHost, TeamsTokens};

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
        graph: demo_token(sandbox, 0, GRAPH_RESOURCE).await.into(),
        teams: demo_token(sandbox, 0, TEAMS_ADMIN_RESOURCE).await.into(),
    }
}
