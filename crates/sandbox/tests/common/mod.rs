//! Starts the identity, Graph and ARM emulators on 127.0.0.1:0 and seeds one tenant.
#![allow(dead_code)] // each test file uses a different part of the harness

use axum::Router;
use serde_json::Value;
use switchboard_sandbox::context::{Ctx, Urls};
use switchboard_sandbox::directory::{self, ServicePlan, SubscribedSku, User};
use switchboard_sandbox::faults::Faults;
use switchboard_sandbox::identity::{self, AppRegistration};
use switchboard_sandbox::state::SharedState;
use switchboard_sandbox::test_support::client_credentials_token;
use switchboard_sandbox::token::{TokenSigner, ARM_RESOURCE, GRAPH_RESOURCE, TEAMS_ADMIN_RESOURCE};
use switchboard_sandbox::{dns, graph};

pub const TENANT: &str = "0b0c6f9e-5a52-4b43-9d7e-0f2c6a1d2e01";
pub const CLIENT_ID: &str = "6a1c5f1e-2b7d-4c55-a0de-4f3b2a9c0001";
pub const SECRET: &str = "s3cret~value";
/// Registered with no application permissions at all.
pub const BARE_CLIENT_ID: &str = "6a1c5f1e-2b7d-4c55-a0de-4f3b2a9c0002";
pub const ADMIN: &str = "admin@contoso.onmicrosoft.com";
pub const SUBSCRIPTION: &str = "9f1d2c3b-0000-4000-8000-00000000abcd";
pub const RESOURCE_GROUP: &str = "dns-rg";
pub const ZONE: &str = "sbc.example-provider.net";
pub const E5_SKU: &str = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
pub const PHONE_SKU: &str = "e43b5b99-8dfb-405f-9987-dc307f34bcbd";

pub struct Harness {
    pub ctx: Ctx,
    pub faults: Faults,
    pub http: reqwest::Client,
}

/// Seeds a tenant with `users` users named `user00000@contoso.onmicrosoft.com`…
pub async fn start(users: usize) -> Harness {
    let identity_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let graph_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let arm_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = |l: &tokio::net::TcpListener| format!("http://{}", l.local_addr().unwrap());
    let urls = Urls {
        identity: url(&identity_listener),
        graph: url(&graph_listener),
        arm: url(&arm_listener),
        teams: String::new(),
    };
    let ctx = Ctx {
        state: SharedState::default(),
        signer: TokenSigner::new(b"test-signing-key".to_vec()),
        urls,
    };
    seed(&ctx, users);
    let faults = Faults::default();
    let routers = [
        (identity_listener, identity::router(ctx.clone())),
        (
            graph_listener,
            graph::router_with(ctx.clone(), faults.clone(), Router::new()),
        ),
        (arm_listener, dns::router(ctx.clone())),
    ];
    for (listener, router) in routers {
        tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    }
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Harness { ctx, faults, http }
}

fn seed(ctx: &Ctx, users: usize) {
    let mut state = ctx.state.lock();
    let tenant =
        directory::add_tenant(&mut state, TENANT, "Contoso", "contoso.onmicrosoft.com").unwrap();
    let dir = &mut tenant.directory;
    dir.add_sku(SubscribedSku {
        sku_id: E5_SKU.into(),
        sku_part_number: "SPE_E5".into(),
        enabled_units: 25,
        consumed_units: 0,
        service_plans: vec![ServicePlan {
            service_plan_id: "4828c8ec-dc2e-4779-b502-87ac9ce28ab7".into(),
            service_plan_name: "MCOEV".into(),
        }],
    })
    .unwrap();
    dir.add_sku(SubscribedSku {
        sku_id: PHONE_SKU.into(),
        sku_part_number: "MCOEV".into(),
        enabled_units: 1,
        consumed_units: 0,
        service_plans: vec![],
    })
    .unwrap();
    for n in 0..users {
        let mut user = User::new(
            &format!("user{n:05}@contoso.onmicrosoft.com"),
            &format!("User {n:05}"),
        );
        user.department = Some(if n % 2 == 0 { "Sales" } else { "Support" }.into());
        user.usage_location = (n % 3 != 0).then(|| "US".to_string());
        dir.add_user(user).unwrap();
    }
    let app = AppRegistration::new(CLIENT_ID, SECRET)
        .with_app_roles(
            GRAPH_RESOURCE,
            &[
                "User.ReadWrite.All",
                "Group.Read.All",
                "Organization.Read.All",
                "Domain.ReadWrite.All",
                "LicenseAssignment.ReadWrite.All",
            ],
        )
        .with_delegated_scopes(GRAPH_RESOURCE, &["User.Read.All", "Directory.Read.All"])
        .with_delegated_scopes(TEAMS_ADMIN_RESOURCE, &["user_impersonation"]);
    identity::register_app(&mut state, TENANT, app).unwrap();
    identity::register_app(
        &mut state,
        TENANT,
        AppRegistration::new(BARE_CLIENT_ID, SECRET),
    )
    .unwrap();
    identity::register_admin(&mut state, TENANT, ADMIN).unwrap();
    dns::create_zone(&mut state, SUBSCRIPTION, RESOURCE_GROUP, ZONE).unwrap();
}

impl Harness {
    pub fn token_url(&self) -> String {
        format!("{}/{TENANT}/oauth2/v2.0/token", self.ctx.urls.identity)
    }

    pub async fn post_form(&self, url: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let response = self
            .http
            .post(url)
            .form(form)
            .send()
            .await
            .expect("token endpoint answers");
        (
            response.status().as_u16(),
            response.json().await.unwrap_or(Value::Null),
        )
    }

    /// A client-credentials token of `client_id` for `resource`.
    pub async fn app_token_for(&self, client_id: &str, resource: &str) -> String {
        client_credentials_token(&self.ctx.urls.identity, TENANT, client_id, SECRET, resource).await
    }

    pub async fn graph_token(&self) -> String {
        self.app_token_for(CLIENT_ID, GRAPH_RESOURCE).await
    }

    pub async fn arm_token(&self) -> String {
        self.app_token_for(CLIENT_ID, ARM_RESOURCE).await
    }

    /// `path` is either a full URL (a next link) or a path under the Graph base.
    pub async fn graph(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.ctx.urls.graph)
        };
        let mut request = self.http.request(method, url).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("graph answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (
            status,
            headers,
            response.json().await.unwrap_or(Value::Null),
        )
    }

    pub async fn get(&self, path: &str, token: &str) -> (u16, Value) {
        let (status, _, body) = self.graph(reqwest::Method::GET, path, token, None).await;
        (status, body)
    }
}
