//! The task queue's storage: lanes, claims with leases, outcomes with their audit, the
//! engineer's controls, and the audit outliving its tenant.

use chrono::{Duration, Utc};
use switchboard_cache::{
    AuditEntry, AuditFilter, Cache, CacheError, ClaimRequest, FieldChange, NewTask, NewTenant,
    TaskFilter, TaskId, TaskTarget, Written,
};
use switchboard_domain::{
    FullName, Licence, LicenceType, ShortName, TaskFailure, TaskKind, TaskState,
};

fn tenant(cache: &Cache, short: &str) -> TaskTarget {
    let t = cache
        .create_tenant(&NewTenant {
            short_name: ShortName::parse(short).unwrap(),
            full_name: FullName::parse(short).unwrap(),
            azure_tenant_id: None,
            licence: Licence::new(LicenceType::HostedPro, 5).unwrap(),
        })
        .unwrap();
    TaskTarget::Tenant {
        id: t.id,
        name: short.to_owned(),
    }
}

fn task(target: &TaskTarget, key: &str) -> NewTask {
    NewTask {
        target: target.clone(),
        kind: TaskKind::NumberAssign,
        summary: format!("change {key}"),
        payload: "{}".to_owned(),
        dry_run: format!("POST {key}"),
        idempotency_key: key.to_owned(),
        created_by: "eng".to_owned(),
        max_attempts: 3,
        rollback_of: None,
        state: TaskState::Queued,
    }
}

fn claim(cache: &Cache, owner: &str, limit: u32) -> Vec<TaskId> {
    let now = Utc::now();
    cache
        .claim_tasks(&ClaimRequest {
            owner,
            now,
            lease_until: now + Duration::seconds(30),
            limit,
            only: None,
        })
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect()
}

fn audit(target: &TaskTarget) -> AuditEntry {
    AuditEntry {
        tenant_id: target.tenant_id(),
        sbc_id: None,
        target_name: target.name().to_owned(),
        occurred_at: Utc::now(),
        initiated_by: "eng".to_owned(),
        action: "numberAssign".to_owned(),
        target: Some("ada@contoso.example".to_owned()),
        summary: "Assign +44 20 7946 0018".to_owned(),
        task_id: None,
        rollback: Some("{\"undo\":true}".to_owned()),
        changes: vec![FieldChange {
            field: "phoneNumber".to_owned(),
            old_value: None,
            new_value: Some("+442079460018".to_owned()),
        }],
    }
}

#[test]
fn one_task_per_lane_at_a_time_in_queue_order_and_lanes_in_parallel() {
    let cache = Cache::open_in_memory().unwrap();
    let (a, b) = (tenant(&cache, "alpha"), tenant(&cache, "beta"));
    let a1 = cache.enqueue_task(&task(&a, "a1")).unwrap();
    let a2 = cache.enqueue_task(&task(&a, "a2")).unwrap();
    let b1 = cache.enqueue_task(&task(&b, "b1")).unwrap();

    assert_eq!(claim(&cache, "w", 10), vec![a1, b1]);
    assert!(
        claim(&cache, "w", 10).is_empty(),
        "a2 waits for a1, its lane is busy"
    );
    cache.finish_succeeded(a1, "w", "ok", None).unwrap();
    assert_eq!(claim(&cache, "w", 10), vec![a2]);
    let a1 = cache.task(a1).unwrap();
    assert_eq!((a1.state, a1.attempts), (TaskState::Succeeded, 1));
    assert!(a1.claim.is_none() && a1.finished_at.is_some());
}

#[test]
fn a_change_already_pending_is_refused_and_may_be_asked_again_once_finished() {
    let cache = Cache::open_in_memory().unwrap();
    let a = tenant(&cache, "alpha");
    let first = cache.enqueue_task(&task(&a, "same")).unwrap();
    let again = cache.enqueue_task(&task(&a, "same")).unwrap_err();
    assert!(
        again.to_string().contains(&format!("task {first}")),
        "{again}"
    );
    assert_eq!(cache.list_tasks(&TaskFilter::default()).unwrap().len(), 1);

    claim(&cache, "w", 1);
    cache.finish_succeeded(first, "w", "ok", None).unwrap();
    cache.enqueue_task(&task(&a, "same")).unwrap();
}

#[test]
fn a_chain_runs_in_order_and_a_failure_fails_the_rest_until_retried_from_there() {
    let cache = Cache::open_in_memory().unwrap();
    let (a, b) = (tenant(&cache, "alpha"), tenant(&cache, "beta"));
    // The chain crosses lanes: b's step waits for a's, though b's lane is free.
    let chain = cache
        .enqueue_with(
            &[task(&a, "s1"), task(&b, "s2"), task(&a, "s3")],
            |_| Ok(()),
        )
        .unwrap();
    assert_eq!(claim(&cache, "w", 10), vec![chain[0]]);
    let written = cache
        .finish_failed(
            chain[0],
            "w",
            TaskFailure::Permanent,
            "the number is not in the tenant",
            None,
        )
        .unwrap();
    assert_eq!(written, Written::Done);
    for id in &chain[1..] {
        let t = cache.task(*id).unwrap();
        assert_eq!(
            (t.state, t.failure),
            (TaskState::Failed, Some(TaskFailure::Dependency))
        );
        assert!(t.error.unwrap().contains(&format!("task {}", chain[0])));
    }

    let alone = cache.retry_task(chain[1], false).unwrap_err();
    assert!(
        alone
            .to_string()
            .contains(&format!("retry from task {}", chain[0])),
        "a task behind a failed one is not queued alone: {alone}"
    );
    let retried = cache.retry_task(chain[0], true).unwrap();
    assert_eq!((retried.state, retried.attempts), (TaskState::Queued, 0));
    assert!(chain
        .iter()
        .all(|id| cache.task(*id).unwrap().state == TaskState::Queued));
    assert_eq!(claim(&cache, "w", 10), vec![chain[0]]);
    cache.finish_succeeded(chain[0], "w", "ok", None).unwrap();
    assert_eq!(claim(&cache, "w", 10), vec![chain[1]]);
}

#[test]
fn an_outcome_is_written_only_by_the_claim_holder() {
    let cache = Cache::open_in_memory().unwrap();
    let a = tenant(&cache, "alpha");
    let id = cache.enqueue_task(&task(&a, "k")).unwrap();
    claim(&cache, "first", 1);
    assert_eq!(
        cache.finish_succeeded(id, "intruder", "ok", None).unwrap(),
        (Written::ClaimLost, None)
    );
    assert!(!cache
        .renew_lease(id, "intruder", Utc::now() + Duration::seconds(60))
        .unwrap());
    assert_eq!(cache.task(id).unwrap().state, TaskState::Executing);

    // The first owner's lease runs out: the task is an orphan another owner may adopt.
    let later = Utc::now() + Duration::seconds(31);
    let orphans = cache.orphaned_tasks(later, |_| false).unwrap();
    assert_eq!(orphans.len(), 1);
    assert!(cache
        .orphaned_tasks(Utc::now(), |_| false)
        .unwrap()
        .is_empty());
    assert!(cache
        .adopt_orphan(&orphans[0], "second", later + Duration::seconds(30))
        .unwrap());
    assert_eq!(
        cache.finish_succeeded(id, "first", "late", None).unwrap().0,
        Written::ClaimLost
    );
    assert_eq!(
        cache.retry_later(id, "second", later, "busy").unwrap(),
        Written::Done
    );
    let t = cache.task(id).unwrap();
    assert_eq!(
        (t.state, t.failure, t.error.as_deref()),
        (
            TaskState::Queued,
            Some(TaskFailure::Transient),
            Some("busy")
        )
    );
    assert!(
        claim(&cache, "second", 1).is_empty(),
        "not due before its retry time"
    );
}

#[test]
fn a_dead_owner_on_this_workstation_makes_its_task_an_orphan_before_the_lease_ends() {
    let cache = Cache::open_in_memory().unwrap();
    let a = tenant(&cache, "alpha");
    cache.enqueue_task(&task(&a, "k")).unwrap();
    claim(&cache, "host-1/old", 1);
    let orphans = cache
        .orphaned_tasks(Utc::now(), |owner| owner == "host-1/old")
        .unwrap();
    assert_eq!(orphans.len(), 1);
}

#[test]
fn success_stores_the_audit_in_the_same_step_and_a_rollback_marks_it() {
    let cache = Cache::open_in_memory().unwrap();
    let a = tenant(&cache, "alpha");
    let id = cache.enqueue_task(&task(&a, "k")).unwrap();
    claim(&cache, "w", 1);
    let (_, entry) = cache
        .finish_succeeded(id, "w", "assigned", Some(audit(&a)))
        .unwrap();
    let entry = entry.unwrap();
    let stored = cache.audit_entry(entry).unwrap();
    assert_eq!(stored.entry.task_id, Some(id));
    assert_eq!(stored.entry.changes, audit(&a).changes);
    assert_eq!(stored.rolled_back_by, None);

    let undo = cache
        .enqueue_task(&NewTask {
            rollback_of: Some(entry),
            ..task(&a, "undo")
        })
        .unwrap();
    claim(&cache, "w", 1);
    cache.finish_succeeded(undo, "w", "undone", None).unwrap();
    assert_eq!(cache.audit_entry(entry).unwrap().rolled_back_by, Some(undo));
}

#[test]
fn the_audit_outlives_its_tenant_and_the_tasks_go_with_it() {
    let cache = Cache::open_in_memory().unwrap();
    let a = tenant(&cache, "alpha");
    let id = cache.enqueue_task(&task(&a, "k")).unwrap();
    claim(&cache, "w", 1);
    cache
        .finish_succeeded(id, "w", "ok", Some(audit(&a)))
        .unwrap();
    cache.delete_tenant(a.tenant_id().unwrap()).unwrap();

    assert!(matches!(cache.task(id), Err(CacheError::NotFound { .. })));
    let kept = cache
        .list_audit(&AuditFilter {
            tenant: a.tenant_id(),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].entry.target_name, "alpha");
}

#[test]
fn controls_refuse_a_task_in_the_wrong_state_and_change_nothing() {
    let cache = Cache::open_in_memory().unwrap();
    let a = tenant(&cache, "alpha");
    let draft = cache
        .enqueue_task(&NewTask {
            state: TaskState::Draft,
            ..task(&a, "d")
        })
        .unwrap();
    assert!(claim(&cache, "w", 5).is_empty(), "a draft never runs");
    let refused = cache.retry_task(draft, false).unwrap_err();
    assert!(refused.to_string().contains("is draft"), "{refused}");
    assert_eq!(cache.confirm_draft(draft).unwrap().state, TaskState::Queued);

    let held = cache.enqueue_task(&task(&a, "held")).unwrap();
    cache.postpone_task(draft).unwrap();
    assert_eq!(
        claim(&cache, "w", 5),
        vec![held],
        "a postponed task does not hold its lane"
    );
    cache.finish_succeeded(held, "w", "ok", None).unwrap();
    cache.release_task(draft).unwrap();
    let cancelled = cache.cancel_task(draft).unwrap();
    assert_eq!(
        (cancelled.state, cancelled.failure),
        (TaskState::Cancelled, Some(TaskFailure::Cancelled))
    );

    let gone = cache
        .enqueue_task(&NewTask {
            state: TaskState::Draft,
            ..task(&a, "gone")
        })
        .unwrap();
    cache.discard_draft(gone).unwrap();
    assert!(matches!(cache.task(gone), Err(CacheError::NotFound { .. })));
}

#[test]
fn counters_per_tenant_follow_the_states() {
    let cache = Cache::open_in_memory().unwrap();
    let a = tenant(&cache, "alpha");
    let first = cache.enqueue_task(&task(&a, "1")).unwrap();
    cache.enqueue_task(&task(&a, "2")).unwrap();
    let counters = || cache.list_tenants(None).unwrap()[0].tasks;
    assert_eq!((counters().queued, counters().executing), (2, 0));
    claim(&cache, "w", 5);
    assert_eq!((counters().queued, counters().executing), (1, 1));
    cache
        .finish_failed(first, "w", TaskFailure::Permanent, "refused", None)
        .unwrap();
    assert_eq!(
        (counters().queued, counters().executing, counters().failed),
        (1, 0, 1)
    );
}

#[test]
fn a_task_and_the_change_stored_with_it_land_together_or_not_at_all() {
    let cache = Cache::open_in_memory().unwrap();
    let a = tenant(&cache, "alpha");
    let refused = cache.enqueue_with(&[task(&a, "k")], |_| {
        Err(CacheError::Conflict {
            field: "pending".to_owned(),
            message: "the pending change could not be stored".to_owned(),
        })
    });
    assert!(refused.is_err());
    assert!(cache.list_tasks(&TaskFilter::default()).unwrap().is_empty());

    cache
        .enqueue_with(&[task(&a, "k")], |tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('pending', 'k')",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(cache.list_tasks(&TaskFilter::default()).unwrap().len(), 1);
    assert_eq!(cache.setting("pending").unwrap().as_deref(), Some("k"));
}
