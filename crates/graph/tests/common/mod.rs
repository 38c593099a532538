//! Starts the sandbox's identity, Graph and Azure DNS emulators on 127.0.0.1:0 with one
//! seeded tenant, and builds this crate's clients pointed at them by base URL only.
#![allow(dead_code)] // each test file uses a different part of the harness

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use switchboard_graph::{
    build_http_client, AppRegistration, Authority, ClientCredentials, CloudEndpoints, GraphClient,
    HttpSettings, PollPacing, RetryPolicy, SignIn, TenantRef, TokenCache,
};
use switchboard_sandbox::context::{Ctx, Urls};
use switchboard_sandbox::directory::{self, SubscribedSku, User};
use switchboard_sandbox::faults::Faults;
use switchboard_sandbox::identity::{self, AppRegistration as SandboxApp, IdentityConfig};
use switchboard_sandbox::state::SharedState;
use switchboard_sandbox::token::{TokenSigner, ARM_RESOURCE, GRAPH_RESOURCE, TEAMS_ADMIN_RESOURCE};
use switchboard_sandbox::{dns, graph, teams};

pub const TENANT: &str = "7d1f0c2a-4b1e-4c9a-8f00-1a2b3c4d5e6f";
pub const CLIENT_ID: &str = "3f9a1b2c-0d4e-4f56-a789-0b1c2d3e4f50";
pub const SECRET: &str = "correct~horse";
pub const ADMIN: &str = "admin@fabrikam.onmicrosoft.com";
pub const SUBSCRIPTION: &str = "11111111-2222-4333-8444-555555555555";
pub const RESOURCE_GROUP: &str = "dns";
pub const ZONE: &str = "voice.example-sp.net";
pub const SKU: &str = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";

pub struct Sandbox {
    pub ctx: Ctx,
    pub faults: Faults,
    pub cloud: CloudEndpoints,
    pub http: reqwest::Client,
}

/// Quick waits for tests; `delay_scale` shrinks every `Retry-After` and backoff.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 8,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        delay_scale: 0.01,
        request_timeout: Duration::from_secs(10),
    }
}

pub async fn start(users: usize, config: IdentityConfig) -> Sandbox {
    let bind = || async { tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap() };
    let (identity_l, graph_l, arm_l) = (bind().await, bind().await, bind().await);
    let url = |l: &tokio::net::TcpListener| format!("http://{}", l.local_addr().unwrap());
    let ctx = Ctx {
        state: SharedState::default(),
        signer: TokenSigner::new(b"graph-crate-tests".to_vec()),
        urls: Urls {
            identity: url(&identity_l),
            graph: url(&graph_l),
            arm: url(&arm_l),
            teams: String::new(),
        },
    };
    seed(&ctx, users, config);
    let faults = Faults::default();
    let routers = [
        (identity_l, identity::router(ctx.clone())),
        (
            graph_l,
            graph::router_with(
                ctx.clone(),
                faults.clone(),
                teams::graph_router(ctx.clone()),
            ),
        ),
        (arm_l, dns::router(ctx.clone())),
    ];
    for (listener, router) in routers {
        tokio::spawn(async move { axum::serve(listener, router).await });
    }
    let cloud = CloudEndpoints::custom(&ctx.urls.identity, &ctx.urls.graph).unwrap();
    let http = build_http_client(&HttpSettings::default()).unwrap();
    Sandbox {
        ctx,
        faults,
        cloud,
        http,
    }
}

fn seed(ctx: &Ctx, users: usize, config: IdentityConfig) {
    let mut state = ctx.state.lock();
    state.identity.config = config;
    let tenant =
        directory::add_tenant(&mut state, TENANT, "Fabrikam", "fabrikam.onmicrosoft.com").unwrap();
    let dir = &mut tenant.directory;
    dir.add_sku(SubscribedSku {
        sku_id: SKU.into(),
        sku_part_number: "SPE_E5".into(),
        enabled_units: 10,
        consumed_units: 0,
        service_plans: vec![],
    })
    .unwrap();
    for n in 0..users {
        let mut user = User::new(
            &format!("person{n:05}@fabrikam.onmicrosoft.com"),
            &format!("Person {n:05}"),
        );
        user.department = Some(if n % 4 == 0 { "Voice" } else { "Other" }.into());
        dir.add_user(user).unwrap();
    }
    let app = SandboxApp::new(CLIENT_ID, SECRET)
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
        .with_app_roles(ARM_RESOURCE, &["DNS Zone Contributor"])
        .with_delegated_scopes(GRAPH_RESOURCE, &["User.Read.All", "Directory.Read.All"])
        .with_delegated_scopes(TEAMS_ADMIN_RESOURCE, &["user_impersonation"]);
    identity::register_app(&mut state, TENANT, app).unwrap();
    identity::register_admin(&mut state, TENANT, ADMIN).unwrap();
    dns::create_zone(&mut state, SUBSCRIPTION, RESOURCE_GROUP, ZONE).unwrap();
}

/// Identity settings for tests: no polling pause demanded by the emulator.
pub fn quick_identity() -> IdentityConfig {
    IdentityConfig {
        poll_interval_secs: 0,
        ..IdentityConfig::default()
    }
}

impl Sandbox {
    pub fn sign_in(&self, secret: &str) -> SignIn {
        let authority = Authority::new(self.cloud.clone(), TenantRef::new(TENANT).unwrap());
        SignIn::new(
            self.http.clone(),
            authority,
            AppRegistration::confidential(CLIENT_ID, SecretString::from(secret.to_string())),
        )
        .unwrap()
        .with_poll_pacing(PollPacing {
            interval_scale: 0.01,
            min_interval: Duration::from_millis(20),
        })
    }

    /// A Graph client signed in with client credentials.
    pub fn app_client(&self) -> GraphClient {
        let tokens = Arc::new(TokenCache::new(ClientCredentials(self.sign_in(SECRET))));
        GraphClient::new(self.http.clone(), self.cloud.graph(), tokens)
            .with_retry_policy(fast_retry())
    }

    pub fn state(&self) -> std::sync::MutexGuard<'_, switchboard_sandbox::state::SandboxState> {
        self.ctx.state.lock()
    }

    pub fn arm_url(&self, name: &str) -> String {
        format!(
            "{}/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/Microsoft.Network/dnsZones/{ZONE}/TXT/{name}?api-version=2018-05-01",
            self.ctx.urls.arm
        )
    }
}
