//! Changes through the queue against the sandbox's emulators, checked in the emulators'
//! own state: a number assignment with its policy lands once and rolls back to what
//! the user had; a refused change fails at once with Microsoft's reason; prefixes are
//! added and rolled back on the SBC; the same change is never queued twice; and many
//! tasks over several tenants, with and without injected faults, all land exactly once.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{
    confirm_and_wait, connected_demo_tenants, emulator, replication_settled, sandbox_context,
    wait_for_tasks,
};
use switchboard_app::{
    error::ErrorCode, AppContext, NumberChangeInput, OperationPolling, PrefixAddInput, TaskDetail,
};
use switchboard_cache::{SbcId, TaskId};
use switchboard_domain::{TaskFailure, TaskState, TenantId};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::faults::FaultConfig;
use switchboard_sandbox::teams::model::PhoneNumber;
use switchboard_sandbox::teams::VoiceChange;

fn spec(customers: usize, users: usize) -> DemoSpec {
    DemoSpec {
        seed: 41,
        customers,
        users_per_customer: users..=users,
        sbcs: 1,
    }
}

/// A sandbox context whose queue waits milliseconds, not seconds, between polls and
/// retries, with every demo tenant replicated.
fn fast_context(dir: &std::path::Path, spec: DemoSpec, lanes: usize) -> AppContext {
    let ctx = sandbox_context(dir, spec).with_queue_tuning(|tuning| {
        tuning.settings.parallel_lanes = lanes;
        tuning.settings.backoff_base = Duration::from_millis(5);
        tuning.settings.backoff_max = Duration::from_millis(50);
        tuning.polling = OperationPolling {
            interval: Duration::from_millis(2),
            max_polls: 500,
        };
    });
    replication_settled(&ctx);
    ctx
}

/// A connected tenant: its cache id and Azure tenant id.
fn tenants(ctx: &AppContext) -> Vec<(TenantId, String)> {
    connected_demo_tenants(ctx)
        .into_iter()
        .map(|(row, creds)| (row.tenant_id, creds.tenant_id))
        .collect()
}

/// The cached users of a tenant: object id, number (E.164) and voice routing policy.
fn users(ctx: &AppContext, tenant: TenantId) -> Vec<(String, Option<String>, Option<String>)> {
    let page = ctx
        .query_users(&switchboard_app::UsersQueryInput {
            tenant_id: Some(tenant),
            ..switchboard_app::UsersQueryInput::first_page(1000)
        })
        .unwrap();
    page.users
        .into_iter()
        .map(|u| {
            let detail = ctx.user_detail(tenant.get(), &u.object_id).unwrap();
            (
                u.object_id,
                detail
                    .user
                    .record
                    .line_uri
                    .map(|uri| uri.trim_start_matches("tel:").to_owned()),
                detail.user.record.voice_routing_policy,
            )
        })
        .collect()
}

fn with_voice<T>(
    ctx: &AppContext,
    azure: &str,
    f: impl FnOnce(&mut switchboard_sandbox::teams::VoiceState) -> T,
) -> T {
    let sandbox = ctx.sandbox().unwrap();
    let mut state = sandbox.ctx.state.lock();
    f(&mut state
        .tenant_mut(azure)
        .expect("the tenant is emulated")
        .voice)
}

fn number(n: &str) -> PhoneNumber {
    PhoneNumber::parse(n).unwrap()
}

fn assign(
    ctx: &AppContext,
    tenant: TenantId,
    object_id: &str,
    to: &str,
    policy: Option<&str>,
) -> TaskDetail {
    let prepared = ctx
        .prepare_number_assign(&NumberChangeInput {
            tenant_id: tenant,
            object_id: object_id.to_owned(),
            number: Some(to.to_owned()),
            voice_routing_policy: policy.map(str::to_owned),
        })
        .unwrap();
    confirm_and_wait(ctx, &prepared).remove(0)
}

#[test]
fn a_number_change_lands_once_and_its_rollback_restores_the_number_and_policy() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = fast_context(dir.path(), spec(2, 6), 4);
    let (tenant, azure) = tenants(&ctx)[0].clone();
    let everyone = users(&ctx, tenant);
    let (user, old_number, old_policy) = everyone
        .iter()
        .find(|(_, number, policy)| number.is_some() && policy.is_some())
        .cloned()
        .expect("a demo user with a number and a voice routing policy");
    let new_policy = everyone
        .iter()
        .filter_map(|(_, _, policy)| policy.clone())
        .find(|policy| Some(policy) != old_policy.as_ref())
        .expect("a second voice routing policy in the tenant");
    let new_number = "+442079460999";

    let prepared = ctx
        .prepare_number_assign(&NumberChangeInput {
            tenant_id: tenant,
            object_id: user.clone(),
            // As an engineer types it; the task works with Microsoft's E.164 spelling.
            number: Some("+44 20 7946 0999".to_owned()),
            voice_routing_policy: Some(new_policy.clone()),
        })
        .unwrap();
    let dry_run = &prepared.tasks[0].dry_run;
    assert!(
        dry_run.contains("assignNumber") && dry_run.contains(new_number),
        "{dry_run}"
    );
    assert!(dry_run.contains("userAssignments/assign"), "{dry_run}");
    let task = confirm_and_wait(&ctx, &prepared).remove(0);
    assert_eq!(task.row.state, TaskState::Succeeded, "{task:#?}");

    with_voice(&ctx, &azure, |voice| {
        assert_eq!(voice.holder_of(&number(new_number)), Some(user.as_str()));
        assert_eq!(
            voice
                .ledger()
                .count(&user, &VoiceChange::NumberAssigned(number(new_number))),
            1
        );
    });
    let detail = ctx.user_detail(tenant.get(), &user).unwrap();
    assert_eq!(
        detail.user.record.line_uri.as_deref(),
        Some("tel:+442079460999"),
        "the cache shows it at once"
    );

    let audit = ctx.list_audit(Some(tenant), None).unwrap();
    let entry = audit
        .iter()
        .find(|e| e.task_id == Some(task.row.id))
        .expect("audited");
    let change = |field: &str| {
        entry
            .changes
            .iter()
            .find(|c| c.field == field)
            .map(|c| (c.old_value.clone(), c.new_value.clone()))
    };
    assert_eq!(
        change("phoneNumber"),
        Some((old_number.clone(), Some(new_number.to_owned())))
    );
    assert_eq!(
        change("voiceRoutingPolicy"),
        Some((old_policy.clone(), Some(new_policy.clone())))
    );
    assert!(entry.can_roll_back);

    let undo = ctx.rollback_change(entry.id).unwrap();
    assert!(undo.tasks.iter().all(|t| t.row.state == TaskState::Draft));
    assert!(
        undo.tasks[0]
            .dry_run
            .contains(old_number.as_deref().unwrap()),
        "{:?}",
        undo.tasks[0].dry_run
    );
    for task in confirm_and_wait(&ctx, &undo) {
        assert_eq!(task.row.state, TaskState::Succeeded, "{task:#?}");
    }
    with_voice(&ctx, &azure, |voice| {
        assert_eq!(
            voice.holder_of(&number(old_number.as_deref().unwrap())),
            Some(user.as_str())
        );
        assert_eq!(voice.holder_of(&number(new_number)), None);
    });
    let restored = ctx.user_detail(tenant.get(), &user).unwrap();
    assert_eq!(restored.user.record.voice_routing_policy, old_policy);
    let entry = ctx
        .list_audit(Some(tenant), None)
        .unwrap()
        .into_iter()
        .find(|e| e.id == entry.id)
        .unwrap();
    assert!(entry.rolled_back_by.is_some() && !entry.can_roll_back);
    assert_eq!(
        ctx.rollback_change(entry.id).unwrap_err().code,
        ErrorCode::Conflict,
        "a change is rolled back once"
    );
}

#[test]
fn a_refused_change_fails_at_once_with_microsofts_reason_and_the_same_change_is_queued_once() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = fast_context(dir.path(), spec(1, 6), 4);
    let (tenant, azure) = tenants(&ctx)[0].clone();
    let everyone = users(&ctx, tenant);
    let (holder, held, _) = everyone
        .iter()
        .find(|(_, n, _)| n.is_some())
        .cloned()
        .unwrap();
    let other = everyone
        .iter()
        .find(|(id, _, _)| *id != holder)
        .unwrap()
        .0
        .clone();
    let held = held.unwrap();

    let task = assign(&ctx, tenant, &other, &held, None);
    assert_eq!(
        (task.row.state, task.row.failure, task.row.attempts),
        (TaskState::Failed, Some(TaskFailure::Permanent), 1),
        "{task:#?}"
    );
    let error = task.row.error.unwrap_or_default();
    assert!(error.contains("already assigned"), "{error}");
    with_voice(&ctx, &azure, |voice| {
        assert_eq!(voice.holder_of(&number(&held)), Some(holder.as_str()))
    });

    let bad = ctx
        .prepare_number_assign(&NumberChangeInput {
            tenant_id: tenant,
            object_id: other.clone(),
            number: Some("not a number".to_owned()),
            voice_routing_policy: None,
        })
        .unwrap_err();
    assert_eq!(bad.code, ErrorCode::Validation);

    let input = NumberChangeInput {
        tenant_id: tenant,
        object_id: other.clone(),
        number: Some("+442079460777".to_owned()),
        voice_routing_policy: None,
    };
    let first = ctx.prepare_number_assign(&input).unwrap();
    let twice = ctx.prepare_number_assign(&input).unwrap_err();
    assert_eq!(twice.code, ErrorCode::Conflict);
    assert!(
        twice.message.contains(&first.tasks[0].row.id.to_string()),
        "{}",
        twice.message
    );
    ctx.discard_change(first.tasks[0].row.id).unwrap();
    assert!(
        ctx.task_detail(first.tasks[0].row.id).is_err(),
        "a discarded draft is gone"
    );
}

#[test]
fn prefixes_are_added_through_the_template_and_rolled_back_off_the_sbc() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = fast_context(dir.path(), spec(1, 3), 4);
    let sbc = SbcId::new(ctx.list_sbcs().unwrap()[0].id.get());
    let prefix = "+4420794[5-6]";
    let prepared = ctx
        .prepare_prefix_add(&PrefixAddInput {
            sbc_id: sbc,
            dial_plan: "CustDialPlan".to_owned(),
            rule_name: "Queueco".to_owned(),
            prefixes: vec![prefix.to_owned()],
            tag: "Trunk=gw.queueco.example".to_owned(),
        })
        .unwrap();
    let dry_run = &prepared.tasks[0].dry_run;
    assert!(
        dry_run.contains("dial-plan-rule new") && dry_run.contains(prefix),
        "{dry_run}"
    );
    let task = confirm_and_wait(&ctx, &prepared).remove(0);
    assert_eq!(task.row.state, TaskState::Succeeded, "{task:#?}");
    assert!(emulator(&ctx).running_config().contains(prefix));
    assert!(
        ctx.list_sbc_prefixes(sbc.get())
            .unwrap()
            .iter()
            .any(|p| p.prefix == prefix),
        "the cached prefixes follow the device"
    );

    let entry = ctx.list_audit(None, Some(sbc)).unwrap().remove(0);
    assert!(entry.can_roll_back, "{entry:?}");
    for task in confirm_and_wait(&ctx, &ctx.rollback_change(entry.id).unwrap()) {
        assert_eq!(task.row.state, TaskState::Succeeded, "{task:#?}");
    }
    assert!(!emulator(&ctx).running_config().contains(prefix));

    let refused = ctx
        .prepare_prefix_add(&PrefixAddInput {
            sbc_id: sbc,
            dial_plan: "CustDialPlan".to_owned(),
            rule_name: "Queueco".to_owned(),
            prefixes: vec!["+44 20 x".to_owned()],
            tag: String::new(),
        })
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Validation);
}

/// Queues `per_tenant` number assignments on every connected tenant (distinct numbers,
/// spread over the tenant's users), confirms them all, waits for the queue to finish,
/// and checks each change landed exactly once in the emulator.
fn many_changes_land_exactly_once(
    ctx: &AppContext,
    targets: &[(TenantId, String)],
    per_tenant: usize,
) {
    let mut expected: BTreeMap<TaskId, (String, String, String)> = BTreeMap::new();
    let mut events = ctx.subscribe_queue();
    for (t, (tenant, azure)) in targets.iter().cloned().enumerate() {
        let people = users(ctx, tenant);
        for i in 0..per_tenant {
            let user = &people[i % people.len()].0;
            let to = format!("+4420794{t}{i:04}");
            let prepared = ctx
                .prepare_number_assign(&NumberChangeInput {
                    tenant_id: tenant,
                    object_id: user.clone(),
                    number: Some(to.clone()),
                    voice_routing_policy: None,
                })
                .unwrap();
            let id = prepared.tasks[0].row.id;
            ctx.confirm_change(id).unwrap();
            expected.insert(id, (azure.clone(), user.clone(), to));
        }
    }
    let ids: Vec<TaskId> = expected.keys().copied().collect();
    let finished = wait_for_tasks(ctx, &mut events, &ids);
    for task in &finished {
        assert_eq!(task.row.state, TaskState::Succeeded, "{task:#?}");
    }
    for (azure, user, to) in expected.values() {
        let landed = with_voice(ctx, azure, |voice| {
            voice
                .ledger()
                .count(user, &VoiceChange::NumberAssigned(number(to)))
        });
        assert_eq!(landed, 1, "{to} for {user} landed {landed} times");
    }
}

#[test]
fn five_hundred_tasks_over_five_tenants_each_land_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = fast_context(dir.path(), spec(10, 8), 5);
    assert!(
        tenants(&ctx).len() >= 5,
        "the demo estate has five connected tenants"
    );
    let five: Vec<_> = tenants(&ctx).into_iter().take(5).collect();
    let per_tenant = 100;
    assert_eq!(five.len() * per_tenant, 500);
    many_changes_land_exactly_once(&ctx, &five, per_tenant);
}

#[test]
fn ten_percent_injected_faults_end_in_the_same_state_as_none() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = fast_context(dir.path(), spec(2, 6), 4);
    ctx.sandbox().unwrap().faults.graph.set(FaultConfig {
        throttle_ratio: 0.05,
        retry_after_secs: 0.01,
        server_error_ratio: 0.05,
        ..FaultConfig::default()
    });
    many_changes_land_exactly_once(&ctx, &tenants(&ctx), 40);
    assert!(
        ctx.sandbox().unwrap().faults.graph.injected().server_errors > 0,
        "faults were injected"
    );
}

#[test]
fn an_sbc_is_not_deleted_while_a_task_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = fast_context(dir.path(), spec(1, 3), 4);
    let sbc = ctx.list_sbcs().unwrap()[0].id;
    let faults = emulator(&ctx).faults();
    faults.set_always_busy(true);
    let prepared = ctx
        .prepare_sbc_script(
            sbc,
            "configure voip\n sbc dial-plan new\n  name \"Busyplan\"\n exit\nexit\n",
            true,
        )
        .unwrap();
    let mut events = ctx.subscribe_queue();
    ctx.confirm_change(prepared.tasks[0].row.id).unwrap();
    common::wait_for("the task waiting on the busy device", || {
        (faults.busy_answers() >= 1).then_some(())
    });

    let refused = ctx.delete_sbc(sbc.get()).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(
        refused.message.contains("is changing it"),
        "{}",
        refused.message
    );
    assert!(ctx.list_sbcs().unwrap().iter().any(|row| row.id == sbc));

    faults.set_always_busy(false);
    let ended = wait_for_tasks(&ctx, &mut events, &[prepared.tasks[0].row.id]);
    assert_eq!(ended[0].row.state, TaskState::Succeeded, "{ended:#?}");
    ctx.delete_sbc(sbc.get()).unwrap();
    assert_eq!(
        ctx.list_audit(None, Some(sbc)).unwrap().len(),
        1,
        "the SBC's audit outlives it"
    );
}
