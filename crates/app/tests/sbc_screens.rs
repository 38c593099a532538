//! The SBC detail views against the sandbox's emulated SBC: seeded sites, prefixes read
//! from the device, scripts pushed (applied and read back, refused with the line and
//! nothing changed, retried while the device is busy), active alarms (raised in a test,
//! and the demo estate's own on its second SBC), and "Import customers" creating each
//! tenant exactly once.

mod common;

use common::{confirm_and_wait, emulator, run_script, sandbox_context, sbc_input};
use switchboard_app::{
    error::ErrorCode, AppContext, ImportSelection, ImportTagKind, SbcConnectionStatus,
    SiteConfiguration,
};
use switchboard_cache::SbcId;
use switchboard_domain::{TaskFailure, TaskState};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::sbc::AlarmSeverity;

fn spec() -> DemoSpec {
    DemoSpec {
        seed: 11,
        customers: 3,
        users_per_customer: 5..=5,
        sbcs: 1,
    }
}

/// The id of the demo SBC registered for the emulator.
fn demo_sbc(ctx: &AppContext) -> i64 {
    let rows = ctx.list_sbcs().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows[0].id.get()
}

fn tenant_count(ctx: &AppContext) -> usize {
    ctx.list_tenants(None).unwrap().tenants.len()
}

/// A script adding one dial plan rule to CustDialPlan.
fn add_rule_script(name: &str, prefix: &str, tag: &str) -> String {
    format!(
        "configure voip\n sbc dial-plan where name \"CustDialPlan\"\n  dial-plan-rule new\n   name \"{name}\"\n   prefix \"{prefix}\"\n   tag \"{tag}\"\n  exit\n exit\nexit\n"
    )
}

fn selection(rule_name: &str, tag: &str) -> ImportSelection {
    ImportSelection {
        dial_plan: "CustDialPlan".to_owned(),
        rule_name: rule_name.to_owned(),
        tag: tag.to_owned(),
        short_name: None,
        full_name: format!("{rule_name} Ltd"),
    }
}

#[test]
fn demo_sbc_shows_its_customers_sites_and_prefixes_and_offers_nothing_to_import() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let sbc = demo_sbc(&ctx);
    let estate = ctx.sandbox().unwrap().estate.clone().unwrap();

    let sites = ctx.list_sbc_sites(sbc).unwrap();
    assert_eq!(sites.len(), estate.customers.len());
    for customer in &estate.customers {
        let site = sites
            .iter()
            .find(|site| site.customer_short_name.as_str() == customer.short_name)
            .unwrap_or_else(|| panic!("no site for {}", customer.short_name));
        assert_eq!(site.site_name, customer.site.name);
        assert_eq!(
            site.pstn_gateway_fqdn.as_deref(),
            Some(customer.site.pstn_gateway_fqdn.as_str())
        );
    }
    assert_eq!(
        ctx.list_sbcs().unwrap()[0].sites_count as usize,
        sites.len()
    );

    let prefixes = ctx.refresh_sbc_prefixes(sbc).unwrap();
    let device_rules: usize = estate
        .customers
        .iter()
        .map(|customer| customer.site.number_blocks.len())
        .sum();
    assert_eq!(prefixes.len(), device_rules);
    for customer in &estate.customers {
        for prefix in customer.site.prefixes() {
            let rule = prefixes
                .iter()
                .find(|rule| rule.prefix == prefix)
                .unwrap_or_else(|| panic!("prefix {prefix} not read"));
            assert_eq!(rule.rule_name, customer.short_name);
            assert_eq!(rule.dial_plan, customer.site.sbc_dial_plan);
            assert_eq!(rule.tag, customer.site.tag);
            assert_eq!(
                rule.tenant_short_name.as_ref().map(|name| name.as_str()),
                Some(customer.short_name.as_str()),
                "demo rules belong to their customer"
            );
        }
    }
    // The refresh is what the cached list returns afterwards.
    assert_eq!(ctx.list_sbc_prefixes(sbc).unwrap(), prefixes);
    assert!(ctx.sbc_import_candidates(sbc).unwrap().is_empty());
}

#[test]
fn added_device_connects_with_its_alarm_and_sip_user_counts() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let handle = emulator(&ctx);
    let added = ctx
        .add_sbc(&sbc_input(handle, "edge-2", handle.password()))
        .unwrap();
    ctx.trust_sbc_certificate(added.id.get(), &handle.certificate_fingerprint())
        .unwrap();
    handle.raise_alarm(AlarmSeverity::Major, "Board#1/EthernetLink#2", "Link down");

    let checked = ctx.test_sbc_connection(added.id.get()).unwrap();
    assert_eq!(
        checked.status,
        SbcConnectionStatus::Connected,
        "{}",
        checked.message
    );
    assert_eq!(checked.active_alarms, Some(1));
    assert_eq!(
        checked.sip_users,
        Some(0),
        "the demo SBC has no SIP accounts"
    );
    assert!(checked.sbc.last_checked_at.is_some());

    // The same device under a second entry: its customers are known already.
    assert!(ctx
        .sbc_import_candidates(added.id.get())
        .unwrap()
        .is_empty());

    let alarms = ctx.list_sbc_alarms(added.id.get()).unwrap();
    assert_eq!(alarms.len(), 1);
    assert_eq!(alarms[0].severity, "major");
    assert_eq!(alarms[0].description, "Link down");
    assert_eq!(alarms[0].source, "Board#1/EthernetLink#2");
}

#[test]
fn only_the_second_demo_sbc_reports_the_demo_alarms() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), DemoSpec { sbcs: 2, ..spec() });
    let estate = ctx.sandbox().unwrap().estate.clone().unwrap();
    let rows = ctx.list_sbcs().unwrap();
    for demo in &estate.sbcs {
        let row = rows
            .iter()
            .find(|row| row.fields.name == demo.name)
            .unwrap_or_else(|| panic!("{} not registered", demo.name));
        let checked = ctx.test_sbc_connection(row.id.get()).unwrap();
        assert_eq!(
            checked.status,
            SbcConnectionStatus::Connected,
            "{}",
            checked.message
        );
        assert_eq!(checked.active_alarms, Some(demo.alarms.len() as u32));

        let shown: Vec<_> = ctx
            .list_sbc_alarms(row.id.get())
            .unwrap()
            .into_iter()
            .map(|alarm| (alarm.severity, alarm.description, alarm.source))
            .collect();
        let expected: Vec<_> = demo
            .alarms
            .iter()
            .map(|alarm| {
                // The device's own severity word, as its REST API writes it.
                let severity = serde_json::to_value(alarm.severity).unwrap();
                (
                    severity.as_str().unwrap().to_owned(),
                    alarm.description.clone(),
                    alarm.source.clone(),
                )
            })
            .collect();
        assert_eq!(shown, expected, "{}", demo.name);
    }
    assert!(estate.sbcs[0].alarms.is_empty());
    assert_eq!(estate.sbcs[1].alarms.len(), 2);
}

#[test]
fn a_pushed_script_is_saved_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let sbc = demo_sbc(&ctx);
    let script = add_rule_script(
        "Brightwater",
        "+44207946[100-199]",
        "Trunk=gw.brightwater.example",
    );

    let prepared = ctx
        .prepare_sbc_script(SbcId::new(sbc), &script, true)
        .unwrap();
    let dry_run = &prepared.tasks[0].dry_run;
    assert!(
        dry_run.contains("Save the configuration to flash: yes"),
        "{dry_run}"
    );
    assert!(
        dry_run.contains("prefix \"+44207946[100-199]\""),
        "{dry_run}"
    );
    assert_eq!(prepared.tasks[0].row.state, TaskState::Draft);
    assert!(
        !emulator(&ctx)
            .running_config()
            .contains("+44207946[100-199]"),
        "nothing is sent before the engineer confirms"
    );

    let task = confirm_and_wait(&ctx, &prepared).remove(0);
    assert_eq!(task.row.state, TaskState::Succeeded, "{task:#?}");
    let output = task.output.unwrap_or_default();
    assert!(output.contains("configuration saved"), "{output}");
    assert!(!emulator(&ctx).save_needed());
    let audit = ctx.list_audit(None, Some(SbcId::new(sbc))).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].task_id, Some(task.row.id));
    assert!(
        audit[0].changes.iter().any(|c| c
            .new_value
            .as_deref()
            .is_some_and(|line| line.contains("+44207946[100-199]"))),
        "the audit holds the configuration lines that changed: {:?}",
        audit[0].changes
    );
    assert!(
        !audit[0].can_roll_back,
        "a free-form script has no automatic undo"
    );

    let prefixes = ctx.refresh_sbc_prefixes(sbc).unwrap();
    let added = prefixes
        .iter()
        .find(|rule| rule.rule_name == "Brightwater")
        .expect("the new rule is read back");
    assert_eq!(added.prefix, "+44207946[100-199]");
    assert_eq!(added.tag, "Trunk=gw.brightwater.example");
    assert_eq!(added.tenant_id, None, "not imported yet");
}

#[test]
fn an_unknown_command_is_rejected_with_its_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let sbc = demo_sbc(&ctx);
    let before = emulator(&ctx).running_config();
    let script = "configure voip\n sbc dial-plan where name \"CustDialPlan\"\n  frobnicate now\n exit\nexit\n";

    let task = run_script(&ctx, sbc, script);
    assert_eq!(
        (task.row.state, task.row.failure, task.row.attempts),
        (TaskState::Failed, Some(TaskFailure::Permanent), 1),
        "a refused script fails at once: {task:#?}"
    );
    let error = task.row.error.unwrap_or_default();
    assert!(
        error.contains("line 3") && error.contains("frobnicate now"),
        "{error}"
    );
    assert_eq!(emulator(&ctx).running_config(), before, "nothing applied");
    assert!(ctx
        .list_audit(None, Some(SbcId::new(sbc)))
        .unwrap()
        .is_empty());

    let empty = ctx
        .prepare_sbc_script(SbcId::new(sbc), "  \n", true)
        .unwrap_err();
    assert_eq!(empty.code, ErrorCode::Validation);
    assert_eq!(empty.fields[0].field, "script");
}

#[test]
fn a_busy_device_is_retried_until_it_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let sbc = demo_sbc(&ctx);
    // Two refusals: the push waits twice with backoff, then goes through.
    emulator(&ctx).faults().busy_for_next(2);

    let task = run_script(
        &ctx,
        sbc,
        &add_rule_script("Harbourline", "+44161496[0-9]", "Trunk=gw.harbour.example"),
    );
    assert_eq!(task.row.state, TaskState::Succeeded, "{task:#?}");
    assert!(emulator(&ctx).running_config().contains("\"Harbourline\""));
}

#[test]
fn importing_creates_each_customer_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let sbc = demo_sbc(&ctx);
    let tag = "Trunk=gw.brightwater.example";
    for prefix in ["+44207946[100-199]", "+44207946[200-299]"] {
        let pushed = run_script(&ctx, sbc, &add_rule_script("Brightwater", prefix, tag));
        assert_eq!(pushed.row.state, TaskState::Succeeded, "{pushed:#?}");
    }
    let tenants_before = tenant_count(&ctx);
    let sites_before = ctx.list_sbc_sites(sbc).unwrap().len();

    let candidates = ctx.sbc_import_candidates(sbc).unwrap();
    assert_eq!(candidates.len(), 1, "{candidates:?}");
    let candidate = &candidates[0];
    assert_eq!(candidate.short_name.as_deref(), Some("Brightwater"));
    assert_eq!(
        candidate.prefixes,
        ["+44207946[100-199]", "+44207946[200-299]"]
    );
    assert_eq!(candidate.tag_kind, ImportTagKind::PstnGateway);
    assert_eq!(
        candidate.tag_value.as_deref(),
        Some("gw.brightwater.example")
    );
    assert_eq!(candidate.prefix_problem, None);

    let outcome = ctx
        .import_sbc_customers(
            sbc,
            &[selection("Brightwater", tag), selection("Brightwater", tag)],
        )
        .unwrap();
    assert_eq!(outcome.created, ["Brightwater"]);
    assert!(outcome.linked.is_empty());
    assert_eq!(tenant_count(&ctx), tenants_before + 1);
    let site = ctx
        .list_sbc_sites(sbc)
        .unwrap()
        .into_iter()
        .find(|site| site.customer_short_name.as_str() == "Brightwater")
        .expect("the imported customer has a site on the SBC");
    assert_eq!(site.configuration, SiteConfiguration::SipTrunk);
    assert_eq!(
        site.pstn_gateway_fqdn.as_deref(),
        Some("gw.brightwater.example")
    );
    assert_eq!(ctx.list_sbc_sites(sbc).unwrap().len(), sites_before + 1);

    // A second look offers nothing, and importing again creates nothing.
    assert!(ctx.sbc_import_candidates(sbc).unwrap().is_empty());
    let again = ctx
        .import_sbc_customers(sbc, &[selection("Brightwater", tag)])
        .unwrap();
    assert!(again.created.is_empty());
    assert_eq!(again.already_imported, ["Brightwater"]);
    assert_eq!(tenant_count(&ctx), tenants_before + 1);

    // The same name with another tag is offered again and joins the same customer.
    let other_tag = "Trunk=gw2.brightwater.example";
    run_script(
        &ctx,
        sbc,
        &add_rule_script("Brightwater", "+44207946[300-399]", other_tag),
    );
    let offered = ctx.sbc_import_candidates(sbc).unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].tag, other_tag);
    let joined = ctx
        .import_sbc_customers(sbc, &[selection("Brightwater", other_tag)])
        .unwrap();
    assert_eq!(joined.linked, ["Brightwater"]);
    assert!(joined.created.is_empty());
    assert_eq!(tenant_count(&ctx), tenants_before + 1);
}

#[test]
fn wildcard_prefixes_are_refused_with_their_message_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let sbc = demo_sbc(&ctx);
    let tag = "Trunk=gw.wildco.example";
    run_script(&ctx, sbc, &add_rule_script("Wildco", "+4420794xx", tag));
    let tenants_before = tenant_count(&ctx);

    let candidates = ctx.sbc_import_candidates(sbc).unwrap();
    let problem = candidates[0]
        .prefix_problem
        .as_deref()
        .expect("wildcard flagged");
    assert!(problem.contains("Wildcards"), "{problem}");

    let refused = ctx
        .import_sbc_customers(sbc, &[selection("Wildco", tag)])
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Validation);
    assert_eq!(refused.fields[0].code, "prefix.wildcard");
    assert!(
        refused.message.starts_with("Wildco: Wildcards"),
        "{}",
        refused.message
    );
    assert_eq!(tenant_count(&ctx), tenants_before);
    assert_eq!(
        ctx.sbc_import_candidates(sbc).unwrap().len(),
        1,
        "still offered"
    );
}

#[test]
fn a_rule_name_that_is_no_short_name_needs_one_typed() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let sbc = demo_sbc(&ctx);
    let tag = "Trunk=gw.ab.example";
    run_script(&ctx, sbc, &add_rule_script("AB", "+3120555[0-9]", tag));
    let candidates = ctx.sbc_import_candidates(sbc).unwrap();
    assert_eq!(candidates[0].short_name, None);
    assert!(candidates[0].short_name_problem.is_some());

    let refused = ctx
        .import_sbc_customers(sbc, &[selection("AB", tag)])
        .unwrap_err();
    assert_eq!(refused.fields[0].field, "shortName");

    let typed = ImportSelection {
        short_name: Some("AB-Telecom".to_owned()),
        ..selection("AB", tag)
    };
    let outcome = ctx.import_sbc_customers(sbc, &[typed]).unwrap();
    assert_eq!(outcome.created, ["AB-Telecom"]);
}

#[test]
fn detail_views_of_a_missing_sbc_are_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    assert_eq!(
        ctx.list_sbc_sites(999).unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        ctx.list_sbc_prefixes(999).unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        ctx.prepare_sbc_script(SbcId::new(999), "configure voip\n", true)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}
