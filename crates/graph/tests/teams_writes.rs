//! Teams telephony writes (number assignment with its long-running operation, voice
//! policy grants) against the Graph emulator over real HTTP, checked in the emulator's
//! ledger of applied changes.

mod common;

use std::time::Duration;

use common::*;
use futures::future::join_all;
use switchboard_domain::PhoneNumber;
use switchboard_graph::models::{NumberType, PolicyType};
use switchboard_graph::{GraphClient, GraphError, OperationPolling, RetryPolicy};
use switchboard_sandbox::teams::model::{PolicyType as SandboxPolicy, VoiceRoutingPolicy};
use switchboard_sandbox::teams::voice::new_id;
use switchboard_sandbox::teams::{RateLimit, VoiceChange, VoiceState};

/// Polls without pausing: the emulator's operations advance per request, not with time.
fn writer(sandbox: &Sandbox) -> GraphClient {
    sandbox
        .app_client()
        .with_operation_polling(OperationPolling {
            interval: Duration::ZERO,
            max_polls: 10,
        })
}

fn number(n: u32) -> PhoneNumber {
    PhoneNumber::parse(&format!("+4420794600{n:02}")).unwrap()
}

fn sandbox_number(number: &PhoneNumber) -> switchboard_sandbox::teams::model::PhoneNumber {
    switchboard_sandbox::teams::model::PhoneNumber::parse(&number.to_string()).unwrap()
}

fn user_id(sandbox: &Sandbox, n: usize) -> String {
    let state = sandbox.state();
    let upn = format!("person{n:05}@fabrikam.onmicrosoft.com");
    state
        .tenant(TENANT)
        .unwrap()
        .directory
        .user(&upn)
        .unwrap()
        .id
        .clone()
}

fn voice<R>(sandbox: &Sandbox, f: impl FnOnce(&mut VoiceState) -> R) -> R {
    let mut state = sandbox.state();
    f(&mut state.tenant_mut(TENANT).unwrap().voice)
}

fn assigned(sandbox: &Sandbox, user: &str, number: &PhoneNumber) -> usize {
    let change = VoiceChange::NumberAssigned(sandbox_number(number));
    voice(sandbox, |v| v.ledger().count(user, &change))
}

#[tokio::test]
async fn a_number_is_assigned_then_unassigned_and_each_lands_once() {
    let sandbox = start(1, quick_identity()).await;
    let client = writer(&sandbox);
    let user = user_id(&sandbox, 0);
    let n = number(18);

    let before = client.user_configuration(&user).await.unwrap();
    assert!(before.telephone_numbers.is_empty());
    client
        .assign_number(&user, &n, NumberType::DirectRouting, None)
        .await
        .unwrap();
    let after = client.user_configuration(&user).await.unwrap();
    assert!(after.holds(&n), "{after:?}");
    assert!(after.is_enterprise_voice_enabled);
    assert_eq!(assigned(&sandbox, &user, &n), 1);

    client
        .unassign_number(&n, NumberType::DirectRouting)
        .await
        .unwrap();
    assert!(!client.user_configuration(&user).await.unwrap().holds(&n));
    let unassigned = VoiceChange::NumberUnassigned(sandbox_number(&n));
    assert_eq!(voice(&sandbox, |v| v.ledger().count(&user, &unassigned)), 1);
}

#[tokio::test]
async fn a_policy_is_granted_and_ungranted_by_name() {
    let sandbox = start(1, quick_identity()).await;
    let client = writer(&sandbox);
    let user = user_id(&sandbox, 0);
    voice(&sandbox, |v| {
        v.routing_policies.push(VoiceRoutingPolicy {
            name: "UK-National".into(),
            id: new_id(),
            usages: vec![],
            description: String::new(),
        })
    });

    client
        .assign_policy(&user, PolicyType::OnlineVoiceRoutingPolicy, "UK-National")
        .await
        .unwrap();
    let config = client.user_configuration(&user).await.unwrap();
    let granted = config.policy(PolicyType::OnlineVoiceRoutingPolicy).unwrap();
    assert_eq!(granted.display_name.as_deref(), Some("UK-National"));
    let grant = VoiceChange::PolicyGranted(
        SandboxPolicy::OnlineVoiceRoutingPolicy,
        Some("UK-National".into()),
    );
    assert_eq!(voice(&sandbox, |v| v.ledger().count(&user, &grant)), 1);

    client
        .unassign_policy(&user, PolicyType::OnlineVoiceRoutingPolicy)
        .await
        .unwrap();
    let config = client.user_configuration(&user).await.unwrap();
    assert_eq!(config.policy(PolicyType::OnlineVoiceRoutingPolicy), None);

    let missing = client
        .assign_policy(&user, PolicyType::TenantDialPlan, "No-Such-Plan")
        .await
        .unwrap_err();
    assert!(
        matches!(&missing, GraphError::Api(api) if api.status == 404 && api.message.contains("No-Such-Plan")),
        "{missing:?}"
    );
    assert!(!missing.is_transient());
}

#[tokio::test]
async fn a_number_held_by_another_user_fails_permanently_with_microsofts_reason() {
    let sandbox = start(2, quick_identity()).await;
    let client = writer(&sandbox);
    let (first, second) = (user_id(&sandbox, 0), user_id(&sandbox, 1));
    let n = number(21);
    client
        .assign_number(&first, &n, NumberType::DirectRouting, None)
        .await
        .unwrap();

    let taken = client
        .assign_number(&second, &n, NumberType::DirectRouting, None)
        .await
        .unwrap_err();
    let GraphError::OperationFailed { message, .. } = &taken else {
        panic!("not a failed operation: {taken:?}");
    };
    assert!(
        message.contains("already assigned to another user"),
        "{message}"
    );
    assert!(!taken.is_transient());
    assert!(taken.user_message().contains("already assigned"));
    assert!(!client.user_configuration(&second).await.unwrap().holds(&n));
    assert_eq!(assigned(&sandbox, &second, &n), 0);

    let nobody_holds = client
        .unassign_number(&number(22), NumberType::DirectRouting)
        .await
        .unwrap_err();
    assert!(
        matches!(&nobody_holds, GraphError::Api(api) if api.status == 404 && api.message.contains("is not assigned")),
        "{nobody_holds:?}"
    );
    assert!(!nobody_holds.is_transient());
}

#[tokio::test]
async fn under_the_rate_limit_every_assignment_lands_exactly_once() {
    const USERS: usize = 12;
    let sandbox = start(USERS, quick_identity()).await;
    let limit = RateLimit {
        per_second: 100.0,
        burst: 3,
    };
    voice(&sandbox, |v| v.write_throttle.set_limit(Some(limit)));
    // Retry-After is waited in full, so each retry finds the bucket refilled.
    let client = writer(&sandbox).with_retry_policy(RetryPolicy {
        max_attempts: 40,
        delay_scale: 1.0,
        ..fast_retry()
    });
    let users: Vec<String> = (0..USERS).map(|n| user_id(&sandbox, n)).collect();

    let results = join_all(users.iter().enumerate().map(|(i, user)| {
        let client = client.clone();
        async move {
            client
                .assign_number(
                    user,
                    &number(30 + i as u32),
                    NumberType::DirectRouting,
                    None,
                )
                .await
        }
    }))
    .await;

    for (i, (user, result)) in users.iter().zip(results).enumerate() {
        result.unwrap_or_else(|e| panic!("user {i}: {e:?}"));
        assert_eq!(
            assigned(&sandbox, user, &number(30 + i as u32)),
            1,
            "user {i}"
        );
    }
    let (admitted, throttled, entries) = voice(&sandbox, |v| {
        (
            v.write_throttle.admitted(),
            v.write_throttle.throttled(),
            v.ledger().entries().len(),
        )
    });
    assert_eq!((admitted, entries), (USERS as u64, USERS));
    assert!(throttled > 0, "the limit never engaged");
    assert_eq!(
        voice(&sandbox, |v| v.write_throttle.limit()),
        Some(limit),
        "the limit a benchmark reads back"
    );
}

#[tokio::test]
async fn throttling_past_the_clients_retries_is_transient_and_changes_nothing() {
    let sandbox = start(1, quick_identity()).await;
    voice(&sandbox, |v| {
        v.write_throttle.set_limit(Some(RateLimit {
            per_second: 0.001,
            burst: 0,
        }))
    });
    let client = writer(&sandbox).with_retry_policy(RetryPolicy {
        max_attempts: 3,
        delay_scale: 0.0,
        ..fast_retry()
    });
    let user = user_id(&sandbox, 0);
    let error = client
        .assign_number(&user, &number(40), NumberType::DirectRouting, None)
        .await
        .unwrap_err();
    assert!(
        matches!(error, GraphError::Throttled { attempts: 3, .. }),
        "{error:?}"
    );
    assert!(error.is_transient());
    assert_eq!(voice(&sandbox, |v| v.write_throttle.throttled()), 3);
    assert!(voice(&sandbox, |v| v.ledger().entries().is_empty()));
}

#[tokio::test]
async fn an_operation_nobody_polls_to_the_end_still_lands() {
    let sandbox = start(1, quick_identity()).await;
    // One poll sees the operation queued; the client then gives up, as one killed would.
    let client = sandbox
        .app_client()
        .with_operation_polling(OperationPolling {
            interval: Duration::ZERO,
            max_polls: 1,
        });
    let user = user_id(&sandbox, 0);
    let n = number(50);
    let error = client
        .assign_number(&user, &n, NumberType::DirectRouting, None)
        .await
        .unwrap_err();
    assert!(
        matches!(error, GraphError::OperationPending { polls: 1, .. }),
        "{error:?}"
    );
    assert!(error.is_transient());
    assert_eq!(assigned(&sandbox, &user, &n), 0, "nothing has read it yet");

    let config = client.user_configuration(&user).await.unwrap();
    assert!(config.holds(&n), "{config:?}");
    assert_eq!(assigned(&sandbox, &user, &n), 1);
}
