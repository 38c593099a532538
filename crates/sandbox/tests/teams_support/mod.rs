//! A seeded tenant behind the Teams admin backend and Graph's Teams routes on
//! 127.0.0.1:0, plus a runner for the real `switchboard-pwsh` binary.

#![allow(dead_code)] // Each test file uses a different part of this support module.

use std::process::Stdio;

use switchboard_sandbox::context::{Ctx, Urls};
use switchboard_sandbox::directory::{add_tenant, User};
use switchboard_sandbox::state::SharedState;
use switchboard_sandbox::teams::{backend_router, graph_router};
use switchboard_sandbox::test_support::signed_token;
use switchboard_sandbox::token::{TokenSigner, GRAPH_RESOURCE, TEAMS_ADMIN_RESOURCE};
use tokio::io::AsyncWriteExt;

pub const TENANT: &str = "11111111-2222-3333-4444-555555555555";
pub const ALICE: &str = "alice@contoso.onmicrosoft.com";
pub const BOB: &str = "bob@contoso.onmicrosoft.com";
pub const GATEWAY: &str = "sbc1.customer.contoso.com";

pub struct Sandbox {
    pub ctx: Ctx,
    pub base: String,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Sandbox {
    /// Starts both routers on one loopback listener, with Alice (Sales, US) and Bob
    /// (Support, GB), plus `extra_users` more, and `contoso.com` verified.
    pub async fn start(extra_users: usize) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let ctx = Ctx {
            state: SharedState::default(),
            signer: TokenSigner::new(b"teams-test-key".to_vec()),
            urls: Urls {
                graph: base.clone(),
                teams: base.clone(),
                ..Urls::default()
            },
        };
        {
            let mut state = ctx.state.lock();
            let tenant =
                add_tenant(&mut state, TENANT, "Contoso", "contoso.onmicrosoft.com").unwrap();
            tenant.directory.add_domain("contoso.com").unwrap();
            tenant
                .directory
                .mark_domain_verified("contoso.com")
                .unwrap();
            let mut alice = User::new(ALICE, "Alice Archer");
            alice.department = Some("Sales".into());
            alice.usage_location = Some("US".into());
            let mut bob = User::new(BOB, "Bob O'Brien");
            bob.department = Some("Support".into());
            bob.usage_location = Some("GB".into());
            tenant.directory.add_user(alice).unwrap();
            tenant.directory.add_user(bob).unwrap();
            for i in 0..extra_users {
                tenant
                    .directory
                    .add_user(User::new(
                        &format!("user{i}@contoso.onmicrosoft.com"),
                        &format!("User {i}"),
                    ))
                    .unwrap();
            }
        }
        let app = backend_router(ctx.clone()).merge(graph_router(ctx.clone()));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { ctx, base }
    }

    pub fn token(&self, audience: &str) -> String {
        self.token_from(audience, &format!("{}/{TENANT}/v2.0", self.base))
    }

    pub fn token_from(&self, audience: &str, issuer: &str) -> String {
        signed_token(&self.ctx.signer, issuer, audience, TENANT)
    }

    pub fn user_id(&self, upn: &str) -> String {
        self.ctx
            .state
            .lock()
            .tenant(TENANT)
            .unwrap()
            .directory
            .user(upn)
            .unwrap()
            .id
            .clone()
    }

    /// Runs `body` after the stdin token preamble the app uses (see `pwsh` module docs).
    pub async fn pwsh(&self, body: &str) -> Run {
        let preamble = format!(
            "$graphToken = '{}'\n$teamsToken = '{}'\nConnect-MicrosoftTeams -AccessTokens @($graphToken, $teamsToken) | Out-Null\n",
            self.token(GRAPH_RESOURCE),
            self.token(TEAMS_ADMIN_RESOURCE)
        );
        run_pwsh(&format!("{preamble}{body}")).await
    }

    pub fn graph(&self, path: &str) -> reqwest::RequestBuilder {
        reqwest::Client::new()
            .get(format!("{}{path}", self.base))
            .bearer_auth(self.token(GRAPH_RESOURCE))
    }

    pub fn graph_post(&self, path: &str, body: serde_json::Value) -> reqwest::RequestBuilder {
        reqwest::Client::new()
            .post(format!("{}{path}", self.base))
            .bearer_auth(self.token(GRAPH_RESOURCE))
            .json(&body)
    }
}

/// Runs the interpreter exactly as the app runs `pwsh`, with the script on stdin.
pub async fn run_pwsh(script: &str) -> Run {
    run_pwsh_with(
        &["-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "-"],
        script,
    )
    .await
}

/// Runs the interpreter with the given arguments, writing `stdin` to it.
pub async fn run_pwsh_with(args: &[&str], stdin_text: &str) -> Run {
    let script = stdin_text;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_switchboard-pwsh"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(script.as_bytes()).await.unwrap();
    drop(stdin);
    let output = child.wait_with_output().await.unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}
