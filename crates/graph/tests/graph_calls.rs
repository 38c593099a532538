//! Graph calls against the Graph emulator over real HTTP, with injected faults.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::*;
use reqwest::Method;
use secrecy::SecretString;
use serde_json::json;
use switchboard_graph::models::{AssignedLicense, NewUser, PasswordProfile, User};
use switchboard_graph::{
    AccessToken, BatchRequest, DeltaStart, GraphClient, GraphError, ListQuery, Resource,
    RetryPolicy, TokenProvider, UserChange,
};
use switchboard_sandbox::faults::FaultConfig;
use switchboard_sandbox::test_support::client_credentials_token;
use switchboard_sandbox::token::ARM_RESOURCE;
use tokio_util::sync::CancellationToken;

fn throttle(ratio: f64) -> FaultConfig {
    FaultConfig {
        throttle_ratio: ratio,
        retry_after_secs: 1.0,
        ..FaultConfig::default()
    }
}

fn tenant_dir<R>(
    sandbox: &Sandbox,
    f: impl FnOnce(&mut switchboard_sandbox::directory::Directory) -> R,
) -> R {
    let mut state = sandbox.state();
    f(&mut state.tenant_mut(TENANT).unwrap().directory)
}

#[tokio::test]
async fn paging_through_2500_users_survives_throttling() {
    let sandbox = start(2500, quick_identity()).await;
    let client = sandbox.app_client();
    sandbox.faults.set(throttle(0.3));
    let query = ListQuery::select(&["id", "userPrincipalName"]).with_top(100);
    let users = GraphClient::collect_all(client.users(&query))
        .await
        .unwrap();
    let got: BTreeSet<String> = users
        .into_iter()
        .filter_map(|u| u.user_principal_name)
        .collect();
    let expected: BTreeSet<String> = (0..2500)
        .map(|n| format!("person{n:05}@fabrikam.onmicrosoft.com"))
        .collect();
    assert_eq!(got, expected);
    let counts = sandbox.faults.injected();
    assert!(counts.throttled >= 5, "{counts:?}");
    assert_eq!(
        counts.requests,
        25 + counts.throttled,
        "each throttled page was asked again: {counts:?}"
    );
}

/// Signs in, then throttles every call with `retry_after_secs` and times one call
/// allowed two attempts (so one wait).
async fn always_throttled(retry_after_secs: f64) -> (Sandbox, Duration, GraphError) {
    let sandbox = start(1, quick_identity()).await;
    let client = sandbox.app_client().with_retry_policy(RetryPolicy {
        max_attempts: 2,
        delay_scale: 1.0,
        ..fast_retry()
    });
    client.organization().await.unwrap(); // signed in before the clock starts
    sandbox.faults.set(FaultConfig {
        retry_after_secs,
        ..throttle(1.0)
    });
    let started = Instant::now();
    let error = client.organization().await.unwrap_err();
    (sandbox, started.elapsed(), error)
}

#[tokio::test]
async fn retry_after_is_honoured_and_persistent_throttling_gives_a_clear_error() {
    let (sandbox, waited, error) = always_throttled(1.0).await;
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(
        matches!(error, GraphError::Throttled { attempts: 2, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.user_message(),
        "Microsoft Graph is throttling requests for this tenant; try again in a few minutes."
    );
    assert_eq!(sandbox.faults.injected().throttled, 2);
}

#[tokio::test]
async fn a_waiting_call_is_cancelled_at_once() {
    let sandbox = start(1, quick_identity()).await;
    let cancel = CancellationToken::new();
    let client = sandbox
        .app_client()
        .with_cancellation(cancel.clone())
        .with_retry_policy(RetryPolicy {
            delay_scale: 1.0,
            ..fast_retry()
        });
    sandbox.faults.set(throttle(1.0));
    let started = Instant::now();
    let stopper = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        cancel.cancel();
    };
    let (result, ()) = tokio::join!(client.organization(), stopper);
    assert_eq!(result.unwrap_err(), GraphError::Cancelled);
    assert!(started.elapsed() < Duration::from_millis(900));
}

#[tokio::test]
async fn delta_rounds_return_each_change_once_and_an_expired_link_says_so() {
    let sandbox = start(3, quick_identity()).await;
    let client = sandbox.app_client();
    let select = ListQuery::select(&["id", "userPrincipalName", "department"]);
    let first = client.users_delta(DeltaStart::Full(&select)).await.unwrap();
    assert_eq!(first.changes.len(), 3);

    let added = client
        .create_user(&NewUser {
            account_enabled: true,
            display_name: "New Person".into(),
            mail_nickname: "newperson".into(),
            user_principal_name: "newperson@fabrikam.onmicrosoft.com".into(),
            password_profile: PasswordProfile {
                force_change_password_next_sign_in: true,
                password: SecretString::from("Xy7!long-enough"),
            },
            usage_location: Some("US".into()),
        })
        .await
        .unwrap();
    let (updated, deleted) = tenant_dir(&sandbox, |dir| {
        let updated = dir
            .update_user("person00001@fabrikam.onmicrosoft.com", |u| {
                u.department = Some("Voice".into());
                Ok(())
            })
            .unwrap()
            .id
            .clone();
        let deleted = dir
            .user("person00002@fabrikam.onmicrosoft.com")
            .unwrap()
            .id
            .clone();
        dir.delete_user(&deleted).unwrap();
        (updated, deleted)
    });

    let second = client
        .users_delta(DeltaStart::Since(&first.delta_link))
        .await
        .unwrap();
    assert_eq!(second.changes.len(), 3, "{:?}", second.changes);
    let upserted = |id: &str| {
        second
            .changes
            .iter()
            .filter(|c| matches!(c, UserChange::Upserted(User { id: i, .. }) if i == id))
            .count()
    };
    assert_eq!(upserted(&added.id), 1);
    assert_eq!(upserted(&updated), 1);
    assert!(second.changes.iter().any(|c| matches!(c, UserChange::Upserted(u) if u.id == updated && u.department.as_deref() == Some("Voice"))));
    assert_eq!(
        second
            .changes
            .iter()
            .filter(|c| matches!(c, UserChange::Removed { id, .. } if *id == deleted))
            .count(),
        1
    );

    let third = client
        .users_delta(DeltaStart::Since(&second.delta_link))
        .await
        .unwrap();
    assert!(third.changes.is_empty());

    tenant_dir(&sandbox, |dir| dir.expire_delta_links());
    let error = client
        .users_delta(DeltaStart::Since(&third.delta_link))
        .await
        .unwrap_err();
    assert!(
        matches!(error, GraphError::DeltaExpired { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_batch_of_45_is_split_and_every_answer_returned_in_order() {
    let sandbox = start(45, quick_identity()).await;
    let client = sandbox.app_client();
    sandbox.faults.set(throttle(0.2));
    let requests: Vec<BatchRequest> = (0..45)
        .map(|n| {
            BatchRequest::get(
                &format!("r{n}"),
                &format!(
                    "/users/person{n:05}@fabrikam.onmicrosoft.com?$select=id,userPrincipalName"
                ),
            )
        })
        .collect();
    let answers = client.batch(&requests).await.unwrap();
    assert_eq!(answers.len(), 45);
    for (n, answer) in answers.iter().enumerate() {
        assert_eq!(answer.id, format!("r{n}"));
        let user: User = answer.json().unwrap();
        assert_eq!(
            user.user_principal_name.unwrap(),
            format!("person{n:05}@fabrikam.onmicrosoft.com")
        );
    }
    assert!(sandbox.faults.injected().throttled > 0);

    let duplicate = [
        BatchRequest::get("a", "/users"),
        BatchRequest::get("a", "/groups"),
    ];
    assert!(matches!(
        client.batch(&duplicate).await,
        Err(GraphError::InvalidInput(_))
    ));
}

#[tokio::test]
async fn a_domain_verifies_once_its_txt_record_is_published() {
    let sandbox = start(0, quick_identity()).await;
    let client = sandbox.app_client();
    let name = format!("tenant7.{ZONE}");
    let created = client.create_domain(&name).await.unwrap();
    assert!(!created.is_verified);
    let records = client.domain_verification_records(&name).await.unwrap();
    let txt = records
        .iter()
        .find(|r| r.is_txt())
        .unwrap()
        .text
        .clone()
        .unwrap();

    let refused = client.verify_domain(&name).await.unwrap_err();
    assert!(
        matches!(&refused, GraphError::Api(api) if api.status == 400),
        "{refused:?}"
    );

    let arm_token = client_credentials_token(
        &sandbox.ctx.urls.identity,
        TENANT,
        CLIENT_ID,
        SECRET,
        ARM_RESOURCE,
    )
    .await;
    let put = sandbox
        .http
        .request(Method::PUT, sandbox.arm_url("tenant7"))
        .bearer_auth(arm_token)
        .json(&json!({"properties": {"TTL": 3600, "TXTRecords": [{"value": [txt]}]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status().as_u16(), 201);

    let verified = client.verify_domain(&name).await.unwrap();
    assert!(verified.is_verified);
    assert!(matches!(
        client.create_domain("not a domain").await,
        Err(GraphError::InvalidInput(_))
    ));
}

#[tokio::test]
async fn licences_are_listed_and_assigned() {
    let sandbox = start(0, quick_identity()).await;
    let client = sandbox.app_client();
    let skus = client.subscribed_skus().await.unwrap();
    assert_eq!(skus.len(), 1);
    assert_eq!(skus[0].available_units(), 10);
    let user = client
        .create_user(&NewUser {
            account_enabled: true,
            display_name: "Licensed".into(),
            mail_nickname: "licensed".into(),
            user_principal_name: "licensed@fabrikam.onmicrosoft.com".into(),
            password_profile: PasswordProfile {
                force_change_password_next_sign_in: false,
                password: SecretString::from("Xy7!long-enough"),
            },
            usage_location: Some("US".into()),
        })
        .await
        .unwrap();
    let add = [AssignedLicense {
        sku_id: SKU.into(),
        disabled_plans: vec![],
    }];
    client.assign_license(&user.id, &add, &[]).await.unwrap();
    assert_eq!(client.subscribed_skus().await.unwrap()[0].consumed_units, 1);
    assert!(matches!(
        client.assign_license("a/b", &add, &[]).await,
        Err(GraphError::InvalidInput(_))
    ));
}

#[tokio::test]
async fn any_graph_path_is_read_through_the_retry_loop_and_never_leaves_graph() {
    let sandbox = start(30, quick_identity()).await;
    let client = sandbox.app_client();
    sandbox.faults.set(throttle(0.3));
    let mut upns = BTreeSet::new();
    let mut pages = client.get_pages::<User>("users?$select=id,userPrincipalName&$top=7");
    let mut page_count = 0;
    while let Some(page) = futures::StreamExt::next(&mut pages).await {
        page_count += 1;
        upns.extend(
            page.unwrap()
                .into_iter()
                .filter_map(|u| u.user_principal_name),
        );
    }
    drop(pages);
    let expected: BTreeSet<String> = (0..30)
        .map(|n| format!("person{n:05}@fabrikam.onmicrosoft.com"))
        .collect();
    assert_eq!((upns, page_count), (expected, 5));
    let one: User = client
        .get_json("/users/person00003@fabrikam.onmicrosoft.com")
        .await
        .unwrap();
    assert_eq!(
        one.user_principal_name.as_deref(),
        Some("person00003@fabrikam.onmicrosoft.com")
    );
    let counts = sandbox.faults.injected();
    assert_eq!(
        counts.requests,
        6 + counts.throttled,
        "each throttled call was asked again: {counts:?}"
    );

    sandbox.faults.set(FaultConfig::default());
    let before = sandbox.faults.injected().requests;
    for outside in ["https://evil.example/v1.0/users", "../beta/users"] {
        let error = client
            .get_json::<serde_json::Value>(outside)
            .await
            .unwrap_err();
        assert!(
            matches!(error, GraphError::InvalidInput(_)),
            "{outside}: {error:?}"
        );
    }
    assert_eq!(
        sandbox.faults.injected().requests,
        before,
        "nothing was sent"
    );
}

#[tokio::test]
async fn a_fractional_retry_after_is_waited_out_to_the_millisecond() {
    let (_sandbox, waited, error) = always_throttled(0.25).await;
    // Dropped, it would be the 10 ms backoff; rounded up, a whole second.
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_millis(950),
        "{waited:?}"
    );
    assert!(
        matches!(error, GraphError::Throttled { attempts: 2, .. }),
        "{error:?}"
    );
    // The throttling body spells `innererror`; its request id is still found.
    assert!(error.request_id().is_some(), "{error:?}");
}

#[tokio::test]
async fn a_throttled_batch_answered_424_is_read_and_waits_the_fractional_retry_after() {
    let sandbox = start(10, quick_identity()).await;
    let client = sandbox.app_client().with_retry_policy(RetryPolicy {
        delay_scale: 1.0,
        ..fast_retry()
    });
    client.organization().await.unwrap();
    sandbox.faults.reseed(3);
    sandbox.faults.set(FaultConfig {
        throttle_ratio: 0.3,
        retry_after_secs: 0.2,
        throttled_batch_424: true,
        ..FaultConfig::default()
    });
    let requests: Vec<BatchRequest> = (0..10)
        .map(|n| {
            BatchRequest::get(
                &format!("r{n}"),
                &format!("/users/person{n:05}@fabrikam.onmicrosoft.com?$select=id"),
            )
        })
        .collect();
    let started = Instant::now();
    let answers = client.batch(&requests).await.unwrap();
    assert!(answers.iter().all(|a| a.is_success()), "{answers:?}");
    let counts = sandbox.faults.injected();
    assert!(counts.failed_dependency_batches > 0, "{counts:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
}

fn new_user(nickname: &str) -> NewUser {
    NewUser {
        account_enabled: true,
        display_name: nickname.into(),
        mail_nickname: nickname.into(),
        user_principal_name: format!("{nickname}@fabrikam.onmicrosoft.com"),
        password_profile: PasswordProfile {
            force_change_password_next_sign_in: false,
            password: SecretString::from("Xy7!long-enough"),
        },
        usage_location: None,
    }
}

#[tokio::test]
async fn a_create_is_never_sent_twice_after_an_unclear_answer() {
    let sandbox = start(1, quick_identity()).await;
    let client = sandbox.app_client();
    client.organization().await.unwrap();

    sandbox.faults.set(FaultConfig {
        server_error_ratio: 1.0,
        ..FaultConfig::default()
    });
    sandbox.faults.reset_counts();
    let error = client.create_user(&new_user("twice")).await.unwrap_err();
    assert!(
        matches!(&error, GraphError::Unconfirmed { action, .. } if action == "POST /v1.0/users"),
        "{error:?}"
    );
    assert!(error.user_message().contains("may or may not"), "{error}");
    assert_eq!(sandbox.faults.injected().requests, 1, "sent once only");

    // A batch holding a create is treated the same; a read is retried as before.
    sandbox.faults.reset_counts();
    let create = BatchRequest::with_json(
        "1",
        Method::POST,
        "/users",
        serde_json::to_value(new_user("batched")).unwrap(),
    );
    let error = client.batch(&[create]).await.unwrap_err();
    assert!(matches!(error, GraphError::Unconfirmed { .. }), "{error:?}");
    assert_eq!(sandbox.faults.injected().requests, 1);
    sandbox.faults.reset_counts();
    client.organization().await.unwrap_err();
    assert_eq!(
        sandbox.faults.injected().requests,
        u64::from(fast_retry().max_attempts)
    );

    // A dropped connection leaves a create just as unclear.
    sandbox.faults.set(FaultConfig {
        drop_ratio: 1.0,
        ..FaultConfig::default()
    });
    let error = client.create_user(&new_user("dropped")).await.unwrap_err();
    assert!(matches!(error, GraphError::Unconfirmed { .. }), "{error:?}");

    // Throttling means Graph did nothing: the create is sent again and lands once.
    sandbox.faults.reseed(5);
    sandbox.faults.set(throttle(0.5));
    sandbox.faults.reset_counts();
    client.create_user(&new_user("throttled")).await.unwrap();
    let landed = tenant_dir(&sandbox, |dir| {
        dir.user("throttled@fabrikam.onmicrosoft.com").is_some()
    });
    assert!(landed);
}

#[tokio::test]
async fn group_members_are_users_with_or_without_the_hash_in_their_type() {
    let sandbox = start(4, quick_identity()).await;
    let group_id = tenant_dir(&sandbox, |dir| {
        let id = dir
            .add_group(switchboard_sandbox::directory::Group::new("Voice users"))
            .unwrap()
            .id
            .clone();
        for n in 0..4 {
            dir.add_member(&id, &format!("person{n:05}@fabrikam.onmicrosoft.com"))
                .unwrap();
        }
        id
    });
    let client = sandbox.app_client();
    let members =
        GraphClient::collect_all(client.group_members(&group_id, &ListQuery::select(&["id"])))
            .await
            .unwrap();
    assert_eq!(members.len(), 4);
    let types: BTreeSet<_> = members
        .iter()
        .filter_map(|m| m.odata_type.clone())
        .collect();
    assert_eq!(
        types,
        BTreeSet::from([
            "#microsoft.graph.user".into(),
            "microsoft.graph.user".into()
        ])
    );
    assert!(members.iter().all(|m| m.is_user()));
}

/// Hands out the same made-up token, for tests whose Graph is not the emulator.
struct FixedToken;

impl TokenProvider for FixedToken {
    fn token(
        &self,
        resource: Resource,
    ) -> futures::future::BoxFuture<'_, Result<AccessToken, GraphError>> {
        Box::pin(async move {
            Ok(AccessToken::new(
                SecretString::from("fixed"),
                resource,
                Instant::now() + Duration::from_secs(3600),
            ))
        })
    }

    fn invalidate<'a>(&'a self, _stale: &'a AccessToken) -> futures::future::BoxFuture<'a, ()> {
        Box::pin(async {})
    }
}

#[tokio::test]
async fn a_next_link_handed_out_twice_stops_the_listing() {
    // Every page, the first included, links to the same next page.
    let client = stand_in(axum::Router::new().route(
        "/v1.0/users",
        axum::routing::get(
            |uri: axum::http::Uri, headers: axum::http::HeaderMap| async move {
                let host = headers["host"].to_str().unwrap().to_string();
                let again = format!("http://{host}{}?$skiptoken=again", uri.path());
                axum::Json(json!({"value": [{"id": "u"}], "@odata.nextLink": again}))
            },
        ),
    ))
    .await;
    let error = GraphClient::collect_all(client.users(&ListQuery::default()))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, GraphError::InvalidResponse(detail) if detail.contains("same next link twice")),
        "{error:?}"
    );
}

/// A Graph stand-in at `routes`, reached with a made-up token.
async fn stand_in(routes: axum::Router<()>) -> GraphClient {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, routes).await });
    GraphClient::new(
        reqwest::Client::new(),
        &url::Url::parse(&base).unwrap(),
        std::sync::Arc::new(FixedToken),
    )
    .with_retry_policy(fast_retry())
}

#[tokio::test]
async fn a_create_inside_a_batch_answered_5xx_is_not_sent_again() {
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = calls.clone();
    let client = stand_in(axum::Router::new().route(
        "/v1.0/$batch",
        axum::routing::post(move || {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async {
                axum::Json(json!({"responses": [{"id": "1", "status": 500, "body":
                    {"error": {"code": "generalException", "message": "Something broke."}}}]}))
            }
        }),
    ))
    .await;
    let create = BatchRequest::with_json(
        "1",
        Method::POST,
        "/users",
        serde_json::to_value(new_user("inner")).unwrap(),
    );
    let answers = client.batch(&[create]).await.unwrap();
    let error = answers[0].error().unwrap();
    assert!(
        matches!(&error, GraphError::Unconfirmed { action, .. } if action == "POST /users"),
        "{error:?}"
    );
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1);
}
