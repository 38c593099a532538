//! Direct Routing objects changed through the queue against the sandbox: each kind is
//! added, changed and removed by a task that runs Teams PowerShell (the pwsh stand-in),
//! checked in the emulator's own state; the refusals the screen relies on change
//! nothing and queue nothing; an audited change rolls back; the cached objects stay
//! readable offline.

mod common;

use std::time::Duration;

use common::{confirm_and_wait, connected_demo_tenants, replication_settled, sandbox_context};
use switchboard_app::{error::ErrorCode, AppContext, RouteSimulationInput, VoiceChangeInput};
use switchboard_domain::{TaskState, TenantId};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::faults::FaultConfig;
use switchboard_sandbox::teams::VoiceState;
use switchboard_sandbox::test_support::interpreter_path;
use switchboard_voice::{
    CallingPolicy, DialPlan, NetworkRegion, NetworkSite, NetworkSubnet, NormalizationRule,
    PstnGateway, TrustedIp, VoiceChange, VoiceRoute, VoiceRoutingPolicy,
};

fn context(dir: &std::path::Path) -> AppContext {
    context_with_backoff(dir, Duration::from_millis(5))
}

fn context_with_backoff(dir: &std::path::Path, backoff: Duration) -> AppContext {
    // The app finds the interpreter beside the test binary once it is built.
    interpreter_path();
    let spec = DemoSpec {
        seed: 23,
        customers: 1,
        users_per_customer: 6..=6,
        sbcs: 1,
    };
    let ctx = sandbox_context(dir, spec).with_queue_tuning(|tuning| {
        tuning.settings.backoff_base = backoff;
        tuning.settings.backoff_max = backoff * 10;
    });
    replication_settled(&ctx);
    ctx
}

fn tenant(ctx: &AppContext) -> (TenantId, String) {
    let (row, creds) = connected_demo_tenants(ctx).remove(0);
    (row.tenant_id, creds.tenant_id)
}

fn emulated<T>(ctx: &AppContext, azure: &str, read: impl FnOnce(&VoiceState) -> T) -> T {
    let sandbox = ctx.sandbox().unwrap();
    let state = sandbox.ctx.state.lock();
    read(&state.tenant(azure).expect("emulated").voice)
}

/// Prepares, confirms and waits; the task must succeed.
fn apply(ctx: &AppContext, tenant: TenantId, change: VoiceChange) {
    let summary = change.summary();
    let prepared = ctx
        .prepare_voice_change(&VoiceChangeInput {
            tenant_id: tenant,
            change,
        })
        .unwrap_or_else(|e| panic!("{summary} was refused: {e:?}"));
    assert_eq!(prepared.tasks.len(), 1);
    let done = confirm_and_wait(ctx, &prepared).remove(0);
    assert_eq!(
        done.row.state,
        TaskState::Succeeded,
        "{summary}: {:?}",
        done.row.error
    );
}

/// The change is refused with `code` before anything is queued.
fn refused(ctx: &AppContext, tenant: TenantId, change: VoiceChange, code: ErrorCode) -> String {
    let before = ctx.cache_tasks(tenant);
    let error = ctx
        .prepare_voice_change(&VoiceChangeInput {
            tenant_id: tenant,
            change,
        })
        .expect_err("refused");
    assert_eq!(error.code, code, "{}", error.message);
    assert_eq!(
        ctx.cache_tasks(tenant),
        before,
        "a refused change queues nothing"
    );
    error.message
}

trait TaskCount {
    fn cache_tasks(&self, tenant: TenantId) -> usize;
}

impl TaskCount for AppContext {
    fn cache_tasks(&self, tenant: TenantId) -> usize {
        self.list_tasks(&switchboard_app::TaskFilterInput {
            tenant_id: Some(tenant),
            sbc_id: None,
            states: Vec::new(),
            kind: None,
        })
        .unwrap()
        .rows
        .len()
    }
}

fn gateway(fqdn: &str) -> PstnGateway {
    PstnGateway {
        fqdn: fqdn.into(),
        sip_signaling_port: 5067,
        enabled: true,
        max_concurrent_sessions: Some(20),
        media_bypass: true,
        forward_pai: true,
        forward_call_history: false,
        lbr_enabled: false,
        site_id: None,
        description: "Second SBC".into(),
    }
}

#[test]
fn every_kind_of_object_is_added_changed_and_removed_through_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(dir.path());
    let (tenant, azure) = tenant(&ctx);
    let view = ctx.voice_config(tenant).unwrap();
    assert!(
        view.read_at.is_some(),
        "replication read the objects: {:?}",
        view.read_error
    );
    let existing = view.config.gateways[0].fqdn.clone();
    let fqdn = format!("sbc9.{}", existing.split_once('.').unwrap().1);

    // The location-based routing topology, built in the order the rules allow.
    apply(
        &ctx,
        tenant,
        VoiceChange::AddRegion {
            region: NetworkRegion {
                id: "EMEA".into(),
                description: "Europe".into(),
            },
        },
    );
    apply(
        &ctx,
        tenant,
        VoiceChange::EditRegion {
            region: NetworkRegion {
                id: "EMEA".into(),
                description: "Europe, Middle East and Africa".into(),
            },
        },
    );
    let mut site = NetworkSite {
        id: "London".into(),
        region_id: Some("EMEA".into()),
        lbr_enabled: false,
        description: "Head office".into(),
    };
    apply(&ctx, tenant, VoiceChange::AddSite { site: site.clone() });
    let subnet = NetworkSubnet {
        id: "10.20.0.0".into(),
        mask_bits: 16,
        site_id: "London".into(),
        description: "LAN".into(),
    };
    apply(
        &ctx,
        tenant,
        VoiceChange::AddSubnet {
            subnet: subnet.clone(),
        },
    );
    site.lbr_enabled = true;
    apply(&ctx, tenant, VoiceChange::EditSite { site: site.clone() });
    apply(
        &ctx,
        tenant,
        VoiceChange::EditSubnet {
            subnet: NetworkSubnet {
                mask_bits: 20,
                ..subnet.clone()
            },
        },
    );
    let trusted = TrustedIp {
        address: "198.51.100.10".into(),
        mask_bits: 32,
        description: "NAT".into(),
    };
    apply(
        &ctx,
        tenant,
        VoiceChange::AddTrustedIp {
            trusted_ip: trusted.clone(),
        },
    );
    apply(
        &ctx,
        tenant,
        VoiceChange::EditTrustedIp {
            trusted_ip: TrustedIp {
                mask_bits: 31,
                ..trusted.clone()
            },
        },
    );
    emulated(&ctx, &azure, |v| {
        let emea: Vec<_> = v.regions.iter().filter(|r| r.id == "EMEA").collect();
        assert_eq!(emea.len(), 1);
        assert_eq!(emea[0].description, "Europe, Middle East and Africa");
        let london = v.sites.iter().find(|s| s.id == "London").expect("site");
        assert!(london.enable_location_based_routing);
        assert_eq!(london.region_id.as_deref(), Some("EMEA"));
        assert_eq!(
            v.subnets
                .iter()
                .find(|s| s.id == "10.20.0.0")
                .map(|s| s.mask_bits),
            Some(20)
        );
        assert_eq!(
            v.trusted_ips
                .iter()
                .find(|t| t.ip_address == "198.51.100.10")
                .map(|t| t.mask_bits),
            Some(31)
        );
    });

    // A gateway in the site, a usage, a route, a policy, a dial plan, a calling policy.
    apply(
        &ctx,
        tenant,
        VoiceChange::AddGateway {
            gateway: gateway(&fqdn),
        },
    );
    let mut edited = gateway(&fqdn);
    edited.max_concurrent_sessions = Some(50);
    edited.site_id = Some("London".into());
    edited.lbr_enabled = true;
    apply(&ctx, tenant, VoiceChange::EditGateway { gateway: edited });
    apply(
        &ctx,
        tenant,
        VoiceChange::AddUsage {
            usage: "Intl".into(),
        },
    );
    let route = VoiceRoute {
        name: "IntlRoute".into(),
        priority: 0,
        number_pattern: r"^\+44\d{10}$".into(),
        gateways: vec![fqdn.clone(), existing.clone()],
        usages: vec!["Intl".into()],
        description: "UK via the second SBC".into(),
    };
    apply(
        &ctx,
        tenant,
        VoiceChange::AddRoute {
            route: route.clone(),
        },
    );
    emulated(&ctx, &azure, |v| {
        assert_eq!(v.routes[0].identity, "IntlRoute")
    });
    apply(
        &ctx,
        tenant,
        VoiceChange::EditRoute {
            route: VoiceRoute {
                priority: 1,
                ..route.clone()
            },
        },
    );
    emulated(&ctx, &azure, |v| {
        assert_eq!(v.routes[1].identity, "IntlRoute", "moved down one place");
        assert_eq!(v.routes[1].gateways, vec![fqdn.clone(), existing.clone()]);
    });
    let policy = VoiceRoutingPolicy {
        name: "IntlPolicy".into(),
        description: "Abroad".into(),
        usages: vec!["Intl".into()],
    };
    apply(
        &ctx,
        tenant,
        VoiceChange::AddPolicy {
            policy: policy.clone(),
        },
    );
    apply(
        &ctx,
        tenant,
        VoiceChange::EditPolicy {
            policy: VoiceRoutingPolicy {
                description: "Abroad only".into(),
                ..policy
            },
        },
    );
    let rule = |name: &str, pattern: &str, translation: &str| NormalizationRule {
        name: name.into(),
        pattern: pattern.into(),
        translation: translation.into(),
        description: String::new(),
        is_internal_extension: false,
    };
    let mut plan = DialPlan {
        name: "UK".into(),
        simple_name: "UK".into(),
        description: "London habits".into(),
        rules: vec![rule("National", r"^0(\d{10})$", "+44$1")],
    };
    apply(
        &ctx,
        tenant,
        VoiceChange::AddDialPlan { plan: plan.clone() },
    );
    plan.rules.insert(
        0,
        NormalizationRule {
            is_internal_extension: true,
            ..rule("Ext", r"^(\d{4})$", "+44207946$1")
        },
    );
    apply(
        &ctx,
        tenant,
        VoiceChange::EditDialPlan { plan: plan.clone() },
    );
    let toll = CallingPolicy {
        name: "NoTollBypass".into(),
        description: "LBR".into(),
        prevent_toll_bypass: true,
    };
    apply(
        &ctx,
        tenant,
        VoiceChange::AddCallingPolicy {
            policy: toll.clone(),
        },
    );
    apply(
        &ctx,
        tenant,
        VoiceChange::EditCallingPolicy {
            policy: CallingPolicy {
                prevent_toll_bypass: false,
                ..toll
            },
        },
    );
    emulated(&ctx, &azure, |v| {
        let gw = v.gateways.iter().find(|g| g.fqdn == fqdn).expect("gateway");
        assert_eq!(
            (gw.max_concurrent_sessions, gw.sip_signaling_port),
            (Some(50), 5067)
        );
        assert!(
            gw.gateway_site_lbr_enabled
                && gw.media_bypass
                && gw.forward_pai
                && !gw.forward_call_history
        );
        assert_eq!(gw.gateway_site_id.as_deref(), Some("London"));
        assert!(v.pstn_usages.iter().any(|u| u == "Intl"));
        let p = v
            .routing_policies
            .iter()
            .find(|p| p.name == "IntlPolicy")
            .expect("policy");
        assert_eq!(
            (p.description.as_str(), p.usages.clone()),
            ("Abroad only", vec!["Intl".to_string()])
        );
        let d = v
            .dial_plans
            .iter()
            .find(|d| d.name == "UK")
            .expect("dial plan");
        assert_eq!(
            d.rules.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["Ext", "National"]
        );
        assert!(d.rules[0].is_internal_extension);
        let c = v
            .calling_policies
            .iter()
            .find(|c| c.name == "NoTollBypass")
            .expect("calling policy");
        assert_eq!(
            c.settings.get("PreventTollBypass"),
            Some(&serde_json::json!(false))
        );
    });
    // The cache shows every change at once.
    let view = ctx.voice_config(tenant).unwrap();
    assert_eq!(view.config.route("IntlRoute").map(|r| r.priority), Some(1));
    assert_eq!(view.config.dial_plan("UK"), Some(&plan));

    // The simulator routes through what was just made.
    let simulated = ctx
        .simulate_route(&RouteSimulationInput {
            tenant_id: tenant,
            dialed: "02079460123".into(),
            user_object_id: None,
            policy: Some("IntlPolicy".into()),
            dial_plan: Some("UK".into()),
        })
        .unwrap();
    assert_eq!(
        simulated.simulation.normalization.translated,
        "+442079460123"
    );
    assert_eq!(
        simulated
            .simulation
            .selected
            .as_ref()
            .map(|s| s.route.as_str()),
        Some("IntlRoute")
    );
    assert_eq!(
        simulated
            .simulation
            .gateways
            .iter()
            .map(|g| g.fqdn.clone())
            .collect::<Vec<_>>(),
        vec![fqdn.clone(), existing.clone()]
    );

    // Removal, with the refusals on the way: the usage is still used, the subnet is
    // the last of a site with LBR on.
    let message = refused(
        &ctx,
        tenant,
        VoiceChange::RemoveUsage {
            usage: "Intl".into(),
        },
        ErrorCode::VoiceInUse,
    );
    assert!(
        message.contains("IntlRoute") && message.contains("IntlPolicy"),
        "{message}"
    );
    let message = refused(
        &ctx,
        tenant,
        VoiceChange::RemoveSubnet {
            id: "10.20.0.0".into(),
        },
        ErrorCode::VoiceInUse,
    );
    assert!(message.contains("London"), "{message}");
    for change in [
        VoiceChange::RemoveCallingPolicy {
            name: "NoTollBypass".into(),
        },
        VoiceChange::RemoveDialPlan { name: "UK".into() },
        VoiceChange::RemovePolicy {
            name: "IntlPolicy".into(),
        },
        VoiceChange::RemoveRoute {
            name: "IntlRoute".into(),
        },
        VoiceChange::RemoveUsage {
            usage: "Intl".into(),
        },
        VoiceChange::RemoveGateway { fqdn: fqdn.clone() },
        VoiceChange::RemoveTrustedIp {
            address: "198.51.100.10".into(),
        },
        VoiceChange::EditSite {
            site: NetworkSite {
                lbr_enabled: false,
                ..site.clone()
            },
        },
        VoiceChange::RemoveSubnet {
            id: "10.20.0.0".into(),
        },
        VoiceChange::RemoveSite {
            id: "London".into(),
        },
        VoiceChange::RemoveRegion { id: "EMEA".into() },
    ] {
        apply(&ctx, tenant, change);
    }
    emulated(&ctx, &azure, |v| {
        assert!(v.gateways.iter().all(|g| g.fqdn != fqdn));
        assert!(v.routes.iter().all(|r| r.identity != "IntlRoute"));
        assert!(v.pstn_usages.iter().all(|u| u != "Intl"));
        assert!(v.routing_policies.iter().all(|p| p.name != "IntlPolicy"));
        assert!(v.dial_plans.iter().all(|d| d.name != "UK"));
        assert!(v.calling_policies.iter().all(|c| c.name != "NoTollBypass"));
        assert!(v.regions.is_empty() || v.regions.iter().all(|r| r.id != "EMEA"));
        assert!(v.sites.iter().all(|s| s.id != "London"));
        assert!(v.subnets.iter().all(|s| s.id != "10.20.0.0"));
        assert!(v
            .trusted_ips
            .iter()
            .all(|t| t.ip_address != "198.51.100.10"));
    });
}

#[test]
fn refused_changes_say_why_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(dir.path());
    let (tenant, azure) = tenant(&ctx);
    let view = ctx.voice_config(tenant).unwrap();
    let before = emulated(&ctx, &azure, |v| {
        (v.gateways.clone(), v.routes.clone(), v.sites.clone())
    });

    let message = refused(
        &ctx,
        tenant,
        VoiceChange::AddGateway {
            gateway: gateway("sbc.contoso.onmicrosoft.com"),
        },
        ErrorCode::VoiceInvalid,
    );
    assert!(message.contains("onmicrosoft.com"), "{message}");
    let used = view
        .usages
        .iter()
        .find(|u| !u.routes.is_empty())
        .expect("a usage some route uses");
    let message = refused(
        &ctx,
        tenant,
        VoiceChange::RemoveUsage {
            usage: used.usage.clone(),
        },
        ErrorCode::VoiceInUse,
    );
    assert!(message.contains(&used.routes[0]), "{message}");
    let held = view
        .holders
        .iter()
        .find(|h| {
            h.kind == switchboard_app::HeldPolicyKind::VoiceRoutingPolicy
                && view.config.policy(&h.name).is_some()
                && h.name != "Global"
        })
        .expect("a policy some users hold");
    let message = refused(
        &ctx,
        tenant,
        VoiceChange::RemovePolicy {
            name: held.name.clone(),
        },
        ErrorCode::VoiceInUse,
    );
    assert!(
        message.contains(&format!("{} user", held.users)),
        "{message}"
    );
    let message = refused(
        &ctx,
        tenant,
        VoiceChange::AddSite {
            site: NetworkSite {
                id: "Empty".into(),
                region_id: None,
                lbr_enabled: true,
                description: String::new(),
            },
        },
        ErrorCode::VoiceInvalid,
    );
    assert!(message.contains("no subnets"), "{message}");
    let mut broken = view.config.routes[0].clone();
    broken.number_pattern = r"^\+44(\d+$".into();
    let message = refused(
        &ctx,
        tenant,
        VoiceChange::EditRoute { route: broken },
        ErrorCode::VoiceInvalid,
    );
    assert!(
        message.contains("not a valid regular expression"),
        "{message}"
    );
    refused(
        &ctx,
        tenant,
        VoiceChange::AddUsage {
            usage: used.usage.clone(),
        },
        ErrorCode::VoiceExists,
    );
    refused(
        &ctx,
        tenant,
        VoiceChange::RemoveRoute {
            name: "NoSuchRoute".into(),
        },
        ErrorCode::VoiceNotFound,
    );
    assert!(!ctx.check_voice_pattern(r"^(\d{4}$").valid);
    assert!(ctx.check_voice_pattern(r"^(\d{4})$").valid);

    assert_eq!(
        emulated(&ctx, &azure, |v| (
            v.gateways.clone(),
            v.routes.clone(),
            v.sites.clone()
        )),
        before
    );
}

#[test]
fn an_audited_change_rolls_back_and_the_objects_stay_readable_offline() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(dir.path());
    let (tenant, azure) = tenant(&ctx);
    let view = ctx.voice_config(tenant).unwrap();
    let original = view.config.gateways[0].clone();
    let mut edited = original.clone();
    edited.max_concurrent_sessions = Some(7);
    edited.description = "Throttled for maintenance".into();
    apply(&ctx, tenant, VoiceChange::EditGateway { gateway: edited });
    emulated(&ctx, &azure, |v| {
        assert_eq!(v.gateways[0].max_concurrent_sessions, Some(7))
    });

    let audit = ctx.list_audit(Some(tenant), None).unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "voiceChange")
        .expect("audited");
    let field = |name: &str| {
        entry
            .changes
            .iter()
            .find(|c| c.field == name)
            .map(|c| (c.old_value.clone(), c.new_value.clone()))
    };
    assert_eq!(
        field("maxConcurrentSessions"),
        Some((
            original
                .max_concurrent_sessions
                .map(|n| n.to_string())
                .or(Some("null".into())),
            Some("7".into())
        ))
    );
    assert!(entry.can_roll_back);
    let undo = ctx.rollback_change(entry.id).unwrap();
    assert!(
        undo.tasks[0].dry_run.contains("Set-CsOnlinePSTNGateway"),
        "{}",
        undo.tasks[0].dry_run
    );
    let done = confirm_and_wait(&ctx, &undo).remove(0);
    assert_eq!(done.row.state, TaskState::Succeeded, "{:?}", done.row.error);
    emulated(&ctx, &azure, |v| {
        assert_eq!(
            v.gateways[0].max_concurrent_sessions,
            original.max_concurrent_sessions.map(i64::from)
        );
        assert_eq!(v.gateways[0].description, original.description);
    });

    // The Users screen shows where a user's calls go, from the cached objects.
    let page = ctx
        .query_users(&switchboard_app::UsersQueryInput {
            tenant_id: Some(tenant),
            ..switchboard_app::UsersQueryInput::first_page(100)
        })
        .unwrap();
    let user = page
        .users
        .iter()
        .find(|u| u.voice_routing_policy.is_some())
        .expect("a user with a policy");
    let detail = ctx.user_detail(tenant.get(), &user.object_id).unwrap();
    let config = ctx.voice_config(tenant).unwrap().config;
    let want: Vec<String> = config
        .gateways_of_policy(user.voice_routing_policy.as_deref().unwrap())
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert!(!want.is_empty());
    assert_eq!(detail.online_pstn_gateways, want);
    // The simulator, for that user, uses their policy and dial plan.
    let simulated = ctx
        .simulate_route(&RouteSimulationInput {
            tenant_id: tenant,
            dialed: "+442079460123".into(),
            user_object_id: Some(user.object_id.clone()),
            policy: None,
            dial_plan: None,
        })
        .unwrap();
    assert_eq!(simulated.user.as_deref(), Some(user.upn.as_str()));
    assert_eq!(
        Some(simulated.simulation.policy.as_str()),
        user.voice_routing_policy.as_deref()
    );
    assert_eq!(
        simulated.dial_plan,
        detail
            .user
            .record
            .tenant_dial_plan
            .clone()
            .or_else(|| config.dial_plan("Global").map(|p| p.name.clone()))
    );

    // Offline: the emulators are gone, the cached objects are still there.
    let read_at = ctx.voice_config(tenant).unwrap().read_at;
    let dir_path = dir.path().to_path_buf();
    drop(ctx);
    // The same sandbox data folder, with no emulator started.
    let config = switchboard_app::AppConfig::new(dir_path, switchboard_app::Mode::Sandbox);
    let offline =
        AppContext::open_with_secrets(config, Box::new(switchboard_secrets::MemoryStore::new()))
            .unwrap();
    let view = offline.voice_config(tenant).unwrap();
    assert_eq!(view.read_at, read_at);
    assert_eq!(view.config.gateways[0], original);
    let pending = offline
        .list_tasks(&switchboard_app::TaskFilterInput {
            tenant_id: Some(tenant),
            sbc_id: None,
            states: Vec::new(),
            kind: None,
        })
        .unwrap();
    assert!(pending.rows.iter().all(|t| t.state.is_finished()));
}

#[test]
fn a_throttled_change_is_tried_again_and_lands_once() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = context_with_backoff(dir.path(), Duration::from_millis(300));
    let (tenant, azure) = tenant(&ctx);
    let teams = ctx.sandbox().unwrap().faults.teams.clone();
    teams.set(FaultConfig {
        throttle_ratio: 1.0,
        retry_after_secs: 0.01,
        ..FaultConfig::default()
    });
    // A read on demand fails with its reason and keeps the objects it had.
    let before = ctx.voice_config(tenant).unwrap();
    let error = ctx.read_voice_now(tenant).expect_err("throttled");
    assert_eq!(error.code, ErrorCode::VoiceReadFailed, "{}", error.message);
    let after = ctx.voice_config(tenant).unwrap();
    assert!(
        after
            .read_error
            .as_deref()
            .is_some_and(|e| e.contains("429")),
        "{:?}",
        after.read_error
    );
    assert_eq!(
        (after.read_at, after.config),
        (before.read_at, before.config)
    );
    let prepared = ctx
        .prepare_voice_change(&VoiceChangeInput {
            tenant_id: tenant,
            change: VoiceChange::AddUsage {
                usage: "Throttled".into(),
            },
        })
        .unwrap();
    let id = prepared.tasks[0].row.id;
    let mut events = ctx.subscribe_queue();
    ctx.confirm_change(id).unwrap();
    // The first attempt meets the throttling and waits for another; then it clears.
    common::wait_for("a throttled attempt", || {
        let row = ctx.task_detail(id).unwrap().row;
        row.error
            .filter(|e| e.contains("429") && row.state == TaskState::Queued)
    });
    teams.set(FaultConfig::default());
    let done = common::wait_for_tasks(&ctx, &mut events, &[id]).remove(0);
    assert_eq!(done.row.state, TaskState::Succeeded, "{:?}", done.row.error);
    assert!(done.row.attempts >= 2);
    emulated(&ctx, &azure, |v| {
        assert_eq!(
            v.pstn_usages.iter().filter(|u| *u == "Throttled").count(),
            1
        )
    });
    let audited = ctx.list_audit(Some(tenant), None).unwrap();
    assert_eq!(audited.iter().filter(|e| e.task_id == Some(id)).count(), 1);
}
