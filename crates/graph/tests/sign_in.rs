//! Sign-in against the identity emulator over real HTTP.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use futures::StreamExt;
use secrecy::{ExposeSecret, SecretString};
use switchboard_graph::{
    build_http_client, AppRegistration, Authority, ClientCredentials, CloudEndpoints, GraphClient,
    GraphError, HttpSettings, ListQuery, RefreshTokens, Resource, RetryPolicy, SignIn, TenantRef,
    TokenCache, TokenProvider,
};
use switchboard_sandbox::identity::{self, IdentityConfig};
use tokio_util::sync::CancellationToken;

#[tokio::test]
async fn client_credentials_sign_in_then_graph_calls() {
    let sandbox = start(5, quick_identity()).await;
    let client = sandbox.app_client();
    let organization = client.organization().await.unwrap();
    assert_eq!(organization.id, TENANT);
    assert_eq!(organization.display_name.as_deref(), Some("Fabrikam"));
    assert!(organization
        .verified_domains
        .iter()
        .any(|d| d.name == "fabrikam.onmicrosoft.com" && d.is_initial));

    let users = GraphClient::collect_all(
        client.users(
            &ListQuery::select(&["id", "userPrincipalName", "department"])
                .with_filter("department eq 'Voice'"),
        ),
    )
    .await
    .unwrap();
    let mut upns: Vec<_> = users
        .iter()
        .filter_map(|u| u.user_principal_name.clone())
        .collect();
    upns.sort();
    assert_eq!(
        upns,
        [
            "person00000@fabrikam.onmicrosoft.com",
            "person00004@fabrikam.onmicrosoft.com"
        ]
    );
}

#[tokio::test]
async fn a_wrong_secret_is_reported_with_its_aadsts_code() {
    let sandbox = start(0, quick_identity()).await;
    let error = sandbox
        .sign_in("not-the-secret")
        .client_credentials(Resource::Graph)
        .await
        .unwrap_err();
    assert_eq!(error.aadsts(), Some(7000215), "{error:?}");
    assert!(error.request_id().is_some());
    assert_eq!(
        error.user_message(),
        "The client secret for this app registration was rejected by Microsoft (AADSTS7000215). Create a new secret in Entra ID and save it in Switchboard."
    );
    assert!(!format!("{error:?} {error}").contains("not-the-secret"));
}

/// Starts a device-code sign-in and lets `act` answer it in the emulator once the
/// prompt is out; returns the prompt's code and the outcome.
async fn device_sign_in(
    sandbox: &Sandbox,
    cancel: CancellationToken,
    act: impl FnOnce(&Sandbox, &str) + Send,
) -> (String, Result<switchboard_graph::TokenSet, GraphError>) {
    let sign_in = sandbox.sign_in(SECRET);
    let session = sign_in.start_device_code(Resource::Graph).await.unwrap();
    let prompt = session.prompt().clone();
    assert!(prompt.verification_uri.ends_with("/devicelogin"));
    assert!(prompt.message.contains(&prompt.user_code));
    assert!(prompt.expires_at > std::time::SystemTime::now());
    let poll = sign_in.finish_device_code(&session, &cancel);
    let answer = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        act(sandbox, &prompt.user_code);
    };
    let (result, ()) = tokio::join!(poll, answer);
    (prompt.user_code, result)
}

#[tokio::test]
async fn an_approved_device_code_gives_tokens_and_a_refresh_token_that_rotates() {
    let sandbox = start(3, quick_identity()).await;
    let (_, result) = device_sign_in(&sandbox, CancellationToken::new(), |s, code| {
        identity::approve_device_code(&mut s.state(), code, ADMIN).unwrap();
    })
    .await;
    let tokens = result.unwrap();
    let first_refresh = tokens
        .refresh_token
        .expect("offline_access gives a refresh token");
    assert_eq!(tokens.access.resource(), Resource::Graph);

    // The refresh token buys a Teams admin token too, and is replaced on use.
    let saved: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = saved.clone();
    let source = RefreshTokens::new(
        sandbox.sign_in(SECRET),
        first_refresh.clone(),
        Arc::new(move |t: &SecretString| sink.lock().unwrap().push(t.expose_secret().to_string())),
    );
    let cache = Arc::new(TokenCache::new(source));
    let teams = cache.token(Resource::TeamsAdmin).await.unwrap();
    assert_eq!(teams.resource(), Resource::TeamsAdmin);
    let client = GraphClient::new(sandbox.http.clone(), sandbox.cloud.graph(), cache.clone())
        .with_retry_policy(fast_retry());
    let page = client
        .users(&ListQuery::default())
        .next()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.len(), 3);
    let saved = saved.lock().unwrap().clone();
    assert_eq!(
        saved.len(),
        2,
        "each refresh hands back a new refresh token"
    );
    assert!(saved.iter().all(|t| t != first_refresh.expose_secret()));
    assert_ne!(saved[0], saved[1]);
}

#[tokio::test]
async fn a_declined_device_code_stops_with_its_own_error() {
    let sandbox = start(0, quick_identity()).await;
    let (_, result) = device_sign_in(&sandbox, CancellationToken::new(), |s, code| {
        identity::decline_device_code(&mut s.state(), code).unwrap();
    })
    .await;
    let error = result.unwrap_err();
    assert_eq!(error, GraphError::SignInDeclined);
    assert_eq!(
        error.user_message(),
        "The administrator declined the sign-in request."
    );
}

#[tokio::test]
async fn an_expired_device_code_stops_with_its_own_error() {
    let sandbox = start(0, quick_identity()).await;
    let (_, result) = device_sign_in(&sandbox, CancellationToken::new(), |s, _| {
        identity::expire_device_codes(&mut s.state());
    })
    .await;
    let error = result.unwrap_err();
    assert_eq!(error, GraphError::SignInExpired);
    assert_eq!(
        error.user_message(),
        "The sign-in code expired before it was used. Start the sign-in again."
    );
}

#[tokio::test]
async fn a_device_code_sign_in_can_be_cancelled() {
    let sandbox = start(0, quick_identity()).await;
    let cancel = CancellationToken::new();
    let started = std::time::Instant::now();
    let (_, result) = device_sign_in(&sandbox, cancel.clone(), move |_, _| cancel.cancel()).await;
    assert_eq!(result.unwrap_err(), GraphError::Cancelled);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn slow_down_lengthens_the_polling_interval() {
    // The emulator demands 1 s between polls; polling every 100 ms only succeeds
    // because each slow_down adds 5 s (scaled to 500 ms) to the interval.
    let sandbox = start(
        0,
        IdentityConfig {
            poll_interval_secs: 1,
            ..IdentityConfig::default()
        },
    )
    .await;
    let sign_in = sandbox
        .sign_in(SECRET)
        .with_poll_pacing(switchboard_graph::PollPacing {
            interval_scale: 0.1,
            min_interval: Duration::from_millis(10),
        });
    let session = sign_in.start_device_code(Resource::Graph).await.unwrap();
    let user_code = session.prompt().user_code.clone();
    let started = std::time::Instant::now();
    let cancel = CancellationToken::new();
    let poll = tokio::time::timeout(
        Duration::from_secs(5),
        sign_in.finish_device_code(&session, &cancel),
    );
    // Approve after the first polls, so that slow_down has been answered at least once.
    let approve = async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        identity::approve_device_code(&mut sandbox.state(), &user_code, ADMIN).unwrap();
    };
    let (result, ()) = tokio::join!(poll, approve);
    let tokens = result.expect("polling never slowed down").unwrap();
    assert!(tokens.refresh_token.is_some());
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn short_lived_and_revoked_tokens_are_replaced() {
    // Tokens living less than the 5-minute margin are fetched again on each use.
    let short = start(
        2,
        IdentityConfig {
            access_token_lifetime_secs: 240,
            ..quick_identity()
        },
    )
    .await;
    let cache = TokenCache::new(switchboard_graph::ClientCredentials(short.sign_in(SECRET)));
    let a = cache.token(Resource::Graph).await.unwrap();
    let b = cache.token(Resource::Graph).await.unwrap();
    assert_ne!(a.secret().expose_secret(), b.secret().expose_secret());

    let long = start(2, quick_identity()).await;
    let cache = Arc::new(TokenCache::new(switchboard_graph::ClientCredentials(
        long.sign_in(SECRET),
    )));
    let a = cache.token(Resource::Graph).await.unwrap();
    assert_eq!(
        a.secret().expose_secret(),
        cache
            .token(Resource::Graph)
            .await
            .unwrap()
            .secret()
            .expose_secret()
    );

    // Graph refuses a token the emulator expired early; the client signs in again once.
    let client = GraphClient::new(long.http.clone(), long.cloud.graph(), cache.clone())
        .with_retry_policy(fast_retry());
    identity::expire_tokens(&mut long.state(), TENANT).unwrap();
    assert_eq!(client.organization().await.unwrap().id, TENANT);
    let c = cache.token(Resource::Graph).await.unwrap();
    assert_ne!(a.secret().expose_secret(), c.secret().expose_secret());
}

#[tokio::test]
async fn a_revoked_refresh_token_asks_for_a_new_sign_in() {
    let sandbox = start(0, quick_identity()).await;
    let (_, result) = device_sign_in(&sandbox, CancellationToken::new(), |s, code| {
        identity::approve_device_code(&mut s.state(), code, ADMIN).unwrap();
    })
    .await;
    let refresh = result.unwrap().refresh_token.unwrap();
    identity::revoke_refresh_tokens(&mut sandbox.state(), TENANT, None).unwrap();
    let error = sandbox
        .sign_in(SECRET)
        .refresh(&refresh, Resource::Graph)
        .await
        .unwrap_err();
    assert_eq!(error.aadsts(), Some(50173));
    assert!(error.user_message().contains("Sign in again"));
}

/// A sign-in whose identity platform accepts connections and never answers.
fn stalled_sign_in(silent: &identity::SilentEndpoint, graph: &str) -> SignIn {
    let cloud = CloudEndpoints::custom(silent.url(), graph).unwrap();
    let authority = Authority::new(cloud, TenantRef::new(TENANT).unwrap());
    SignIn::new(
        build_http_client(&HttpSettings::default()).unwrap(),
        authority,
        AppRegistration::confidential(CLIENT_ID, SecretString::from(SECRET)),
    )
    .unwrap()
}

/// Every test here must end in seconds whatever the code under test does.
async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), f)
        .await
        .expect("still waiting on the silent endpoint after 10 s")
}

#[tokio::test]
async fn a_silent_identity_platform_times_out_every_kind_of_token_request() {
    let silent = identity::SilentEndpoint::start().await.unwrap();
    let timeout = Duration::from_millis(300);
    let sign_in = stalled_sign_in(&silent, "http://127.0.0.1:9").with_request_timeout(timeout);
    bounded(async {
        assert_eq!(
            sign_in
                .client_credentials(Resource::Graph)
                .await
                .unwrap_err(),
            GraphError::Timeout(timeout)
        );
        assert_eq!(
            sign_in
                .start_device_code(Resource::Graph)
                .await
                .unwrap_err(),
            GraphError::Timeout(timeout)
        );
        assert_eq!(
            sign_in
                .refresh(&SecretString::from("rt"), Resource::Graph)
                .await
                .unwrap_err(),
            GraphError::Timeout(timeout)
        );
    })
    .await;
    silent.accepted(1).await;
}

#[tokio::test]
async fn cancel_reaches_a_sign_in_stuck_on_a_silent_endpoint() {
    let silent = identity::SilentEndpoint::start().await.unwrap();
    let cancel = CancellationToken::new();
    // The default timeout (tens of seconds) would outlast the test: only Cancel ends it.
    let sign_in = stalled_sign_in(&silent, "http://127.0.0.1:9").with_cancellation(cancel.clone());
    let stuck = tokio::spawn(async move { sign_in.client_credentials(Resource::Graph).await });
    bounded(silent.accepted(1)).await;
    cancel.cancel();
    let result = bounded(stuck).await.unwrap();
    assert_eq!(result.unwrap_err(), GraphError::Cancelled);
}

#[tokio::test]
async fn a_replication_waiting_on_a_stalled_token_is_cancelled_and_the_cache_freed() {
    let sandbox = start(1, quick_identity()).await;
    let silent = identity::SilentEndpoint::start().await.unwrap();
    let timeout = Duration::from_millis(300);
    let tokens = Arc::new(TokenCache::new(ClientCredentials(
        stalled_sign_in(&silent, &sandbox.ctx.urls.graph).with_request_timeout(timeout),
    )));
    let cancel = CancellationToken::new();
    let graph = GraphClient::new(sandbox.http.clone(), sandbox.cloud.graph(), tokens.clone())
        .with_retry_policy(fast_retry());
    let replication = graph.clone().with_cancellation(cancel.clone());
    // Replication, as crates/sync runs it, holds the token cache's lock while it fetches.
    let stuck = tokio::spawn(async move { replication.organization().await });
    bounded(silent.accepted(1)).await;
    cancel.cancel();
    assert_eq!(
        bounded(stuck).await.unwrap().unwrap_err(),
        GraphError::Cancelled
    );
    // The lock went with the cancelled call; the next caller gets its own timeout.
    let error = bounded(
        graph
            .with_retry_policy(RetryPolicy {
                max_attempts: 2,
                ..fast_retry()
            })
            .organization(),
    )
    .await
    .unwrap_err();
    assert_eq!(error, GraphError::Timeout(timeout));
}
