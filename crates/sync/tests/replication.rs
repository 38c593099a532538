//! Full and delta replication against the sandbox over real loopback HTTP.

mod common;

use std::collections::HashMap;
use std::sync::Arc;

use common::{recorder, start, Harness};
use switchboard_cache::{Cache, NewTenant, UserRecord};
use switchboard_domain::{FullName, Licence, LicenceType, ShortName};
use switchboard_sandbox::directory::User;
use switchboard_sandbox::faults::FaultConfig;
use switchboard_sync::{
    sync_tenant, SyncContext, SyncError, SyncMode, SyncPhase, SyncProgress, SyncReport,
};
use tokio_util::sync::CancellationToken;

const USERS: usize = 40;

async fn sync(h: &Harness, mode: SyncMode) -> Result<switchboard_sync::SyncReport, SyncError> {
    sync_tenant(&h.ctx, &h.source, mode, &|_| {}, &CancellationToken::new()).await
}

/// A full sync, with every progress report it made.
async fn recorded_full_sync(h: &Harness) -> (SyncReport, Vec<SyncProgress>) {
    let (seen, progress) = recorder();
    let report = sync_tenant(
        &h.ctx,
        &h.source,
        SyncMode::Full,
        &progress,
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    let seen = seen.lock().unwrap().clone();
    (report, seen)
}

fn records(h: &Harness) -> Vec<UserRecord> {
    h.cached().into_iter().map(|u| u.record).collect()
}

#[tokio::test]
async fn a_full_sync_equals_the_emulator_field_by_field() {
    let h = start(USERS).await;
    let (report, seen) = recorded_full_sync(&h).await;

    let directory_users = h.with_directory(|d| d.user_count());
    assert_eq!(report.users_read, directory_users);
    assert_eq!(report.written, directory_users);
    let cached: HashMap<String, UserRecord> = records(&h)
        .into_iter()
        .map(|r| (r.object_id.clone(), r))
        .collect();
    assert_eq!(cached.len(), directory_users);

    let customer = h.customer();
    assert_eq!(customer.users.len(), USERS);
    for expected in &customer.users {
        let got = cached
            .get(&expected.object_id)
            .unwrap_or_else(|| panic!("{} was not cached", expected.user_principal_name));
        assert_eq!(got.upn, expected.user_principal_name);
        assert_eq!(got.display_name, expected.display_name);
        assert_eq!(got.given_name, expected.given_name);
        assert_eq!(got.surname, expected.surname);
        assert_eq!(got.department, expected.department);
        assert_eq!(
            got.usage_location.as_deref(),
            Some(expected.usage_location.as_str())
        );
        assert_eq!(got.account_enabled, expected.account_enabled);
        assert_eq!(
            got.line_uri, expected.line_uri,
            "{}",
            expected.user_principal_name
        );
        assert_eq!(got.enterprise_voice, expected.enterprise_voice);
        assert_eq!(got.voice_routing_policy, expected.voice_routing_policy);
        assert_eq!(got.tenant_dial_plan, expected.tenant_dial_plan);
        assert_eq!(got.calling_policy, expected.calling_policy);
        let mut licences = got.licences.clone();
        licences.sort();
        let mut want: Vec<String> = expected.licences.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(licences, want);
    }
    assert!(
        customer.users.iter().any(|u| u.line_uri.is_some()),
        "the estate has voice users to compare"
    );

    let phases: Vec<SyncPhase> = seen.iter().map(|p| p.phase).collect();
    let mut order = phases.clone();
    order.dedup();
    assert_eq!(
        order,
        [
            SyncPhase::SigningIn,
            SyncPhase::Users,
            SyncPhase::Voice,
            SyncPhase::Writing,
            SyncPhase::Done
        ]
    );
    // Groups and their direct members, as the emulator holds them.
    let mut expected_groups: Vec<(String, String, Vec<String>)> = customer
        .groups
        .iter()
        .map(|g| {
            let mut members = g.member_ids.clone();
            members.sort();
            (g.id.clone(), g.display_name.clone(), members)
        })
        .collect();
    expected_groups.sort();
    let cached_groups: Vec<(String, String, Vec<String>)> = h
        .ctx
        .cache
        .groups(h.tenant())
        .unwrap()
        .into_iter()
        .map(|g| (g.object_id, g.display_name, g.members))
        .collect();
    assert!(!expected_groups.is_empty(), "the estate has groups");
    assert_eq!(cached_groups, expected_groups);
    let tenant = h.ctx.cache.tenant(h.tenant()).unwrap();
    assert_eq!(tenant.last_replication_result.as_deref(), Some("Success"));
    assert!(h.ctx.cache.users_delta_link(h.tenant()).unwrap().is_some());
}

#[tokio::test]
async fn a_delta_round_applies_an_add_an_update_and_a_delete_exactly_once() {
    let h = start(USERS).await;
    sync(&h, SyncMode::Full).await.unwrap();
    let before = records(&h);
    let customer = h.customer();
    let (updated, deleted) = (&customer.users[0], &customer.users[1]);
    let added_upn = format!("new.starter@{}", customer.initial_domain);
    let added_id = h.with_directory(|d| {
        let mut user = User::new(&added_upn, "New Starter");
        user.department = Some("Onboarding".into());
        user.usage_location = Some("GB".into());
        let id = d.add_user(user).unwrap().id.clone();
        d.update_user(&updated.object_id, |u| {
            u.department = Some("Renamed Dept".into());
            Ok(())
        })
        .unwrap();
        d.delete_user(&deleted.object_id).unwrap();
        id
    });

    let report = sync(&h, SyncMode::Incremental).await.unwrap();
    assert_eq!(report.mode, SyncMode::Incremental);
    assert!(!report.fell_back_to_full);
    assert_eq!(
        (report.users_read, report.written, report.removed),
        (3, 2, 1)
    );
    let after: HashMap<String, UserRecord> = records(&h)
        .into_iter()
        .map(|r| (r.object_id.clone(), r))
        .collect();
    assert_eq!(after.len(), before.len());
    assert!(!after.contains_key(&deleted.object_id));
    assert_eq!(
        after[&updated.object_id].department.as_deref(),
        Some("Renamed Dept")
    );
    // The update kept the voice fields merged from Teams.
    assert_eq!(after[&updated.object_id].line_uri, updated.line_uri);
    assert_eq!(after[&added_id].upn, added_upn);
    assert_eq!(after[&added_id].department.as_deref(), Some("Onboarding"));

    // The next round has nothing left to apply.
    let again = sync(&h, SyncMode::Incremental).await.unwrap();
    assert_eq!((again.users_read, again.written, again.removed), (0, 0, 0));
    assert_eq!(records(&h).len(), after.len());
}

#[tokio::test]
async fn an_expired_delta_link_falls_back_to_a_full_sync() {
    let h = start(USERS).await;
    sync(&h, SyncMode::Full).await.unwrap();
    let customer = h.customer();
    let gone = customer.users[2].object_id.clone();
    h.with_directory(|d| {
        d.delete_user(&gone).unwrap();
        d.expire_delta_links();
    });
    let report = sync(&h, SyncMode::Incremental).await.unwrap();
    assert!(report.fell_back_to_full);
    assert_eq!(report.mode, SyncMode::Full);
    assert_eq!(
        report.removed, 1,
        "the full snapshot drops the deleted user"
    );
    assert!(records(&h).iter().all(|r| r.object_id != gone));
    // The fresh link works for the next incremental round.
    let next = sync(&h, SyncMode::Incremental).await.unwrap();
    assert!(!next.fell_back_to_full);
}

#[tokio::test]
async fn a_sync_failing_half_way_keeps_the_previous_snapshot_and_marks_the_tenant_failed() {
    let h = start(USERS).await;
    sync(&h, SyncMode::Full).await.unwrap();
    let before = records(&h);
    let cache = &h.ctx.cache;
    let (groups_before, link_before) = (
        cache.groups(h.tenant()).unwrap(),
        cache.users_delta_link(h.tenant()).unwrap(),
    );
    assert!(link_before.is_some() && !groups_before.is_empty());
    let gone = h.customer().users[3].object_id.clone();
    h.with_directory(|d| d.delete_user(&gone).unwrap());

    // Every Graph answer after the first users page is a 500.
    let faults = h.sandbox.faults.graph.clone();
    let progress = move |p: switchboard_sync::SyncProgress| {
        if p.phase == SyncPhase::Users {
            faults.set(FaultConfig {
                server_error_ratio: 1.0,
                ..FaultConfig::default()
            });
        }
    };
    let error = sync_tenant(
        &h.ctx,
        &h.source,
        SyncMode::Full,
        &progress,
        &CancellationToken::new(),
    )
    .await
    .expect_err("the run must fail");
    assert!(matches!(error, SyncError::Graph(_)), "{error:?}");
    assert!(h.sandbox.faults.graph.injected().server_errors > 0);
    assert_eq!(records(&h), before, "the previous snapshot is intact");
    assert_eq!(cache.groups(h.tenant()).unwrap(), groups_before);
    assert_eq!(cache.users_delta_link(h.tenant()).unwrap(), link_before);
    let tenant = h.ctx.cache.tenant(h.tenant()).unwrap();
    assert_eq!(tenant.last_replication_result.as_deref(), Some("Failed"));
}

#[tokio::test]
async fn a_sync_cancelled_from_its_progress_keeps_the_previous_snapshot() {
    let h = start(USERS).await;
    sync(&h, SyncMode::Full).await.unwrap();
    let before = records(&h);
    h.with_directory(|d| {
        d.update_user(&h.customer().users[0].object_id, |u| {
            u.display_name = "Changed Name".into();
            Ok(())
        })
        .unwrap()
        .id
        .clone()
    });
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    let progress = move |p: switchboard_sync::SyncProgress| {
        if p.phase == SyncPhase::Voice {
            trigger.cancel();
        }
    };
    let error = sync_tenant(&h.ctx, &h.source, SyncMode::Full, &progress, &cancel)
        .await
        .expect_err("cancelled");
    assert!(matches!(error, SyncError::Cancelled), "{error:?}");
    assert_eq!(records(&h), before);
    let tenant = h.ctx.cache.tenant(h.tenant()).unwrap();
    assert_eq!(tenant.last_replication_result.as_deref(), Some("Failed"));
}

#[tokio::test]
async fn twenty_percent_throttling_ends_identical_to_a_clean_sync() {
    let h = start(USERS).await;
    sync(&h, SyncMode::Full).await.unwrap();
    let clean = records(&h);

    let cache = Arc::new(Cache::open_in_memory().unwrap());
    let tenant = cache
        .create_tenant(&NewTenant {
            short_name: ShortName::parse("faulty").unwrap(),
            full_name: FullName::parse("Faulty Ltd").unwrap(),
            azure_tenant_id: None,
            licence: Licence::new(LicenceType::HostedPro, 10).unwrap(),
        })
        .unwrap();
    assert_eq!(
        tenant.id,
        h.tenant(),
        "both caches use the same tenant row id"
    );
    h.sandbox.faults.graph.set(FaultConfig {
        throttle_ratio: 0.1,
        server_error_ratio: 0.1,
        retry_after_secs: 1.0,
        ..FaultConfig::default()
    });
    let faulty = Harness {
        ctx: SyncContext { cache },
        ..h
    };
    // A small tenant needs only a handful of requests per run; repeated runs make it
    // all but certain that faults hit, and every run must still end identical.
    for run in 0..10 {
        sync_tenant(
            &faulty.ctx,
            &faulty.source,
            SyncMode::Full,
            &|_| {},
            &CancellationToken::new(),
        )
        .await
        .unwrap_or_else(|e| panic!("run {run}: {e}"));
        assert_eq!(records(&faulty), clean, "run {run}");
    }
    let injected = faulty.sandbox.faults.graph.injected();
    assert!(
        injected.throttled + injected.server_errors > 0,
        "{injected:?}"
    );
}

#[tokio::test]
async fn an_unreachable_service_is_reported_offline_with_the_data_time() {
    let h = start(5).await;
    sync(&h, SyncMode::Full).await.unwrap();
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let cloud = switchboard_graph::CloudEndpoints::custom(&dead, &dead).unwrap();
    let offline = switchboard_sync::TenantSource::client_credentials(
        h.tenant(),
        reqwest::Client::new(),
        &cloud,
        &h.azure_tenant,
        "client",
        secrecy::SecretString::from("secret".to_string()),
        common::fast_retry(),
    )
    .unwrap();
    let before = records(&h);
    let error = sync_tenant(
        &h.ctx,
        &offline,
        SyncMode::Incremental,
        &|_| {},
        &CancellationToken::new(),
    )
    .await
    .expect_err("offline");
    match &error {
        SyncError::Offline { since: Some(_), .. } => {}
        other => panic!("expected offline with a data time, got {other:?}"),
    }
    assert!(error
        .user_message()
        .starts_with("Offline — showing data from "));
    assert_eq!(records(&h), before);
}

#[tokio::test]
async fn a_second_full_sync_keeps_unchanged_users_as_they_were_and_writes_a_change() {
    let h = start(USERS).await;
    sync(&h, SyncMode::Full).await.unwrap();
    let before: HashMap<String, switchboard_cache::CachedUser> = h
        .cached()
        .into_iter()
        .map(|u| (u.record.object_id.clone(), u))
        .collect();
    let customer = h.customer();
    let (changed, untouched) = (&customer.users[0], &customer.users[1]);
    // The cache stamps rows to the millisecond: a rewrite now carries a later time.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    h.with_directory(|d| {
        d.update_user(&changed.object_id, |u| {
            u.department = Some("Moved Dept".into());
            Ok(())
        })
        .unwrap();
    });

    let report = sync(&h, SyncMode::Full).await.unwrap();

    assert_eq!((report.written, report.removed), (before.len(), 0));
    assert!(report.timings.download > std::time::Duration::ZERO);
    assert!(report.timings.write_users > std::time::Duration::ZERO);
    let after: HashMap<String, switchboard_cache::CachedUser> = h
        .cached()
        .into_iter()
        .map(|u| (u.record.object_id.clone(), u))
        .collect();
    assert_eq!(after.len(), before.len());
    assert_eq!(
        after[&untouched.object_id], before[&untouched.object_id],
        "an unchanged user is not rewritten"
    );
    let rewritten = &after[&changed.object_id];
    assert_eq!(rewritten.record.department.as_deref(), Some("Moved Dept"));
    assert!(rewritten.synced_at > before[&changed.object_id].synced_at);
}

#[tokio::test]
async fn full_sync_progress_counts_never_go_back() {
    let h = start(USERS).await;
    let (report, seen) = recorded_full_sync(&h).await;
    for pair in seen.windows(2) {
        assert!(pair[1].users >= pair[0].users, "{pair:?}");
        assert!(pair[1].voice >= pair[0].voice, "{pair:?}");
    }
    let voice_phase: Vec<_> = seen
        .iter()
        .filter(|p| p.phase == SyncPhase::Voice)
        .collect();
    assert!(!voice_phase.is_empty());
    assert!(
        voice_phase.iter().all(|p| p.users == report.users_read),
        "the voice phase starts once every user is read: {voice_phase:?}"
    );
    let done = seen.last().unwrap();
    assert_eq!(done.phase, SyncPhase::Done);
    assert_eq!(
        (done.users, done.voice, done.written),
        (report.users_read, report.voice_read, report.written)
    );
    assert!(report.voice_read > 0);
}
