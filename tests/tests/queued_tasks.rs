//! Queued Tasks through the real window, in sandbox mode with the demo estate: an SBC
//! script is prepared on the SBC's Script tab, its confirmation shows the device, the
//! lines and whether the configuration is saved, and once confirmed the task succeeds and
//! shows on the Queued Tasks screen and in the audit. A customer's prefix is added on the
//! Prefixes tab and removed again, each through the confirmation. With the queue paused a
//! confirmed script waits; it is postponed, released, cancelled, retried and finally run
//! with "Process selected", and the list is exported as CSV. Then a number is assigned to a demo
//! user from the Users screen, and rolled back from the audit through the same
//! confirmation; the audit marks the change rolled back. One test, so only one app runs
//! at a time.

use std::time::Duration;

use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};
use switchboard_sandbox::demo::{DemoCustomer, DemoUser, Estate};

/// Replicating the twelve default demo customers takes seconds; this bound only stops a hang.
const REPLICATION_TIMEOUT: Duration = Duration::from_secs(180);
/// A number no demo user has, as an engineer types it, and as Microsoft stores it.
const NEW_NUMBER: &str = "+44 20 7946 0999";
const NEW_NUMBER_E164: &str = "+442079460999";
/// The rule name the script adds, so the audit's configuration lines can be recognised.
const SCRIPT_CUSTOMER: &str = "Queuefield";
/// The customer and prefix the Prefixes tab adds and removes.
const PREFIX_CUSTOMER: &str = "Addfield";
const PREFIX: &str = "+44207946[300-399]";
/// The prefix added for a demo customer from the Tenants screen.
const TENANT_PREFIX: &str = "+44207946[400-499]";

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn queued_changes_through_the_window() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    let (customer, user) = user_without_a_number(&estate).expect("a demo user without a number");
    assert!(
        estate
            .customers
            .iter()
            .flat_map(|c| &c.users)
            .all(|u| u.number() != Some(NEW_NUMBER_E164)),
        "{NEW_NUMBER_E164} is free in the demo estate"
    );
    // The demo SBCs' passwords live in the keychain.
    let launch = Launch::with_keychain(&settings)?;
    let window = launch.open(&[]).await?;
    let outcome = async {
        sbc_script_is_confirmed_run_and_audited(&window, &estate.sbcs[0].name).await?;
        prefixes_are_added_and_removed(&window, &estate.sbcs[0].name).await?;
        a_customers_prefix_is_added_from_the_tenants_screen(&window, &estate).await?;
        queue_controls_hold_and_run_a_task(&window, &estate.sbcs[0].name).await?;
        window
            .wait_gone_within("replication-indicator", REPLICATION_TIMEOUT)
            .await?;
        number_assignment_is_rolled_back(&window, customer, user).await
    }
    .await;
    window.finish("queued-tasks", outcome).await
}

fn user_without_a_number(estate: &Estate) -> Option<(&DemoCustomer, &DemoUser)> {
    estate.customers.iter().find_map(|customer| {
        customer
            .users
            .iter()
            .find(|u| u.line_uri.is_none() && !u.resource_account && u.account_enabled)
            .map(|user| (customer, user))
    })
}

fn shot(name: &str) -> std::io::Result<std::path::PathBuf> {
    Ok(artifacts_dir()?.join(name))
}

async fn sbc_script_is_confirmed_run_and_audited(
    window: &AppWindow,
    sbc: &str,
) -> Result<(), E2eError> {
    window.click("nav-sbcs").await?;
    window
        .wait_for_text(&format!("sbc-status-{sbc}"), "Connected")
        .await?;
    window.click(&format!("sbc-open-{sbc}")).await?;
    window.wait_for_text("sbc-detail-name", sbc).await?;
    window.click("sbc-tab-script").await?;
    let line = format!("name \"{SCRIPT_CUSTOMER}\"");
    let script = rule_script(SCRIPT_CUSTOMER, "+44207946[200-299]");
    type_script(window, &script).await?;
    assert!(
        window
            .wait_for("sbc-script-save")
            .await?
            .is_selected()
            .await?,
        "saving afterwards is the default"
    );
    window.click("sbc-script-run").await?;

    // Nothing is sent yet: the dry-run names the device, the lines and the save.
    window.wait_for("change-confirmation").await?;
    let dry_run = window.wait_for("change-dry-run-0").await?.text().await?;
    for expected in [
        format!("SBC: {sbc}"),
        "Save the configuration to flash: yes".to_owned(),
        line,
    ] {
        assert!(
            dry_run.contains(&expected),
            "the dry-run shows {expected:?}: {dry_run}"
        );
    }
    window.wait_for_text("change-state-0", "Draft").await?;
    window
        .save_screenshot(&shot("change-confirmation.png")?)
        .await?;
    let change = window.confirm_change().await?;
    assert_eq!(change.outcome, "succeeded");
    window.wait_for_text("change-state-0", "Succeeded").await?;
    window.close_change().await?;

    // The task on the Queued Tasks screen, filtered to the SBC.
    window.click("nav-tasks").await?;
    window.select_label("tasks-target", sbc).await?;
    let id = change.task_id;
    window
        .wait_for_text(&format!("task-state-{id}"), "Succeeded")
        .await?;
    window.save_screenshot(&shot("queued-tasks.png")?).await?;
    window.click(&format!("task-row-{id}")).await?;
    let dry_run = window.wait_for("task-detail-dry-run").await?.text().await?;
    assert!(dry_run.contains(&format!("SBC: {sbc}")), "{dry_run}");
    let output = window.wait_for("task-detail-output").await?.text().await?;
    assert!(
        output.contains("configuration saved"),
        "the device's answer: {output}"
    );
    window
        .save_screenshot(&shot("queued-tasks-detail.png")?)
        .await?;
    window.click("task-detail-close").await?;
    window.wait_gone("task-detail").await?;

    // The audit of that SBC holds the added configuration lines.
    window.click("tasks-tab-audit").await?;
    let changes = window
        .wait_for(&format!("audit-changes-task-{id}"))
        .await?
        .text()
        .await?;
    assert!(
        changes.contains(SCRIPT_CUSTOMER),
        "the audited lines: {changes}"
    );
    window
        .save_screenshot(&shot("queued-tasks-audit.png")?)
        .await
}

/// The script to type on the Script tab: one new dial plan rule named `customer`.
fn rule_script(customer: &str, prefix: &str) -> String {
    format!(
        "configure voip\n sbc dial-plan where name \"CustDialPlan\"\n  dial-plan-rule new\n   name \"{customer}\"\n   prefix \"{prefix}\"\n   tag \"Trunk=gw.example\"\n  exit\n exit\nexit"
    )
}

async fn type_script(window: &AppWindow, script: &str) -> Result<(), E2eError> {
    // WebDriver types a line break as the Enter key.
    window
        .type_into("sbc-script-input", &script.replace('\n', "\u{E007}"))
        .await
}

async fn queue_controls_hold_and_run_a_task(window: &AppWindow, sbc: &str) -> Result<(), E2eError> {
    window.click("nav-tasks").await?;
    window.wait_for_text("tasks-pause", "Pause queue").await?;
    window.click("tasks-pause").await?;
    window.wait_for_text("tasks-pause", "Resume queue").await?;

    window.click("nav-sbcs").await?;
    window.click(&format!("sbc-open-{sbc}")).await?;
    window.click("sbc-tab-script").await?;
    type_script(window, &rule_script("Pausefield", "+44207946[400-499]")).await?;
    window.click("sbc-script-run").await?;
    window.click("change-confirm").await?;
    // Paused: the task waits in the queue, and the dialog says it keeps running there.
    window.wait_for("change-waiting").await?;
    window.wait_for_text("change-state-0", "Queued").await?;
    let id = window
        .wait_for("change-task-id-0")
        .await?
        .attr("data-task-id")
        .await?
        .expect("the confirmation names its task");
    window.close_change().await?;

    window.click("nav-tasks").await?;
    let state = format!("task-state-{id}");
    window.wait_for_text(&state, "Queued").await?;
    for (action, after) in [
        ("postpone", "Postponed"),
        ("release", "Queued"),
        ("cancel", "Cancelled"),
        ("retry", "Queued"),
    ] {
        window.click(&format!("task-{action}-{id}")).await?;
        window.wait_for_text(&state, after).await?;
    }
    window
        .save_screenshot(&shot("queued-tasks-paused.png")?)
        .await?;
    // "Process selected" runs the chosen task although the queue is paused.
    window.click(&format!("task-pick-{id}")).await?;
    window.click("tasks-process-selected").await?;
    window.wait_for_text(&state, "Succeeded").await?;

    window.click("tasks-export").await?;
    let toast = window.wait_for("toast").await?.text().await?;
    let path = toast
        .trim()
        .split_once(" to ")
        .map(|(_, path)| path.to_owned())
        .unwrap_or_else(|| panic!("the export names its file: {toast:?}"));
    let csv = std::fs::read_to_string(&path)?;
    assert!(
        csv.contains("Run a 9-line script on"),
        "the exported rows: {csv}"
    );

    window.click("tasks-pause").await?;
    window.wait_for_text("tasks-pause", "Pause queue").await
}

/// Continues on the SBC's detail view the previous step left.
async fn prefixes_are_added_and_removed(window: &AppWindow, sbc: &str) -> Result<(), E2eError> {
    window.click("nav-sbcs").await?;
    window.click(&format!("sbc-open-{sbc}")).await?;
    window.wait_for_text("sbc-detail-name", sbc).await?;
    window.click("sbc-tab-prefixes").await?;
    window.wait_for("sbc-prefixes-table").await?;
    window.click("sbc-prefixes-add").await?;
    window
        .select_value("prefix-add-plan", "CustDialPlan")
        .await?;
    window.type_into("prefix-add-name", PREFIX_CUSTOMER).await?;
    window.type_into("prefix-add-prefixes", PREFIX).await?;
    window
        .type_into("prefix-add-tag", "Trunk=gw.addfield.example")
        .await?;
    window.click("prefix-add-submit").await?;
    window.wait_for("change-confirmation").await?;
    let dry_run = window.wait_for("change-dry-run-0").await?.text().await?;
    assert!(
        dry_run.contains(&format!("SBC: {sbc}")) && dry_run.contains(PREFIX),
        "the add-prefix dry-run: {dry_run}"
    );
    assert_eq!(window.confirm_change().await?.outcome, "succeeded");
    window.close_change().await?;

    // The tab lists the rule the worker read back from the device; remove it again.
    let check = format!("sbc-prefix-check-CustDialPlan-{PREFIX}");
    window.click(&check).await?;
    window.click("sbc-prefixes-remove").await?;
    window.wait_for("change-confirmation").await?;
    let summary = window.wait_for("change-summary-0").await?.text().await?;
    assert!(summary.contains(PREFIX), "the removal: {summary}");
    assert_eq!(window.confirm_change().await?.outcome, "succeeded");
    window.close_change().await?;
    window.wait_gone(&check).await
}

/// The Tenants screen's "Prefixes" opens the same form on the SBC that carries the
/// customer's site, with the name its rules have there.
async fn a_customers_prefix_is_added_from_the_tenants_screen(
    window: &AppWindow,
    estate: &Estate,
) -> Result<(), E2eError> {
    let customer = estate
        .customers
        .iter()
        .find(|c| c.site.sbc == 0 && c.site.sbc_dial_plan == "CustDialPlan")
        .expect("a demo customer homed on the first SBC");
    window.click("nav-tenants").await?;
    window
        .click(&format!("tenant-prefixes-{}", customer.short_name))
        .await?;
    window.wait_for("prefix-add-dialog").await?;
    window
        .select_value("prefix-add-plan", "CustDialPlan")
        .await?;
    window
        .type_into("prefix-add-prefixes", TENANT_PREFIX)
        .await?;
    window
        .type_into("prefix-add-tag", &customer.site.tag)
        .await?;
    window.click("prefix-add-submit").await?;
    window.wait_for("change-confirmation").await?;
    let dry_run = window.wait_for("change-dry-run-0").await?.text().await?;
    assert!(
        dry_run.contains(&format!("name \"{}\"", customer.short_name))
            && dry_run.contains(TENANT_PREFIX),
        "the customer's site names the rule: {dry_run}"
    );
    assert_eq!(window.confirm_change().await?.outcome, "succeeded");
    window.close_change().await
}

async fn number_assignment_is_rolled_back(
    window: &AppWindow,
    customer: &DemoCustomer,
    user: &DemoUser,
) -> Result<(), E2eError> {
    let upn = user.user_principal_name.as_str();
    window.click("nav-users").await?;
    window
        .select_label("users-tenant", &customer.short_name)
        .await?;
    window.type_into("users-search", upn).await?;
    window.click(&format!("user-row-{upn}")).await?;
    window.wait_for("user-detail").await?;
    assert!(
        !window.is_present("user-action-unassign").await?,
        "{upn} has no number to take away"
    );
    window.click("user-action-assign").await?;
    window.type_into("user-change-number", NEW_NUMBER).await?;
    window.click("user-change-submit").await?;

    window.wait_for("change-confirmation").await?;
    let dry_run = window.wait_for("change-dry-run-0").await?.text().await?;
    assert!(
        dry_run.contains("assignNumber") && dry_run.contains(NEW_NUMBER_E164),
        "the dry-run shows the call: {dry_run}"
    );
    window.wait_for_text("change-state-0", "Draft").await?;
    window
        .save_screenshot(&shot("change-confirmation-number.png")?)
        .await?;
    let assigned = window.confirm_change().await?;
    assert_eq!(assigned.outcome, "succeeded");
    window.close_change().await?;
    // The panel reads the user again once the change landed.
    window.wait_for("user-action-unassign").await?;
    window.click("user-detail-close").await?;
    window.wait_gone("user-detail").await?;

    // Roll back from the customer's audit.
    window.click("nav-tasks").await?;
    window
        .select_label("tasks-target", &customer.short_name)
        .await?;
    window.click("tasks-tab-audit").await?;
    let key = format!("task-{}", assigned.task_id);
    let changes = window
        .wait_for(&format!("audit-changes-{key}"))
        .await?
        .text()
        .await?;
    assert!(
        changes.contains(NEW_NUMBER_E164),
        "the audited values: {changes}"
    );
    window.click(&format!("audit-rollback-{key}")).await?;
    window.wait_for("change-confirmation").await?;
    let dry_run = window.wait_for("change-dry-run-0").await?.text().await?;
    assert!(dry_run.contains("unassignNumber"), "the undo: {dry_run}");
    let undone = window.confirm_change().await?;
    assert_eq!(undone.outcome, "succeeded");
    window.close_change().await?;
    window
        .wait_for_text(
            &format!("audit-rolled-back-{key}"),
            &format!("Rolled back by #{}", undone.task_id),
        )
        .await?;
    window
        .save_screenshot(&shot("queued-tasks-rolled-back.png")?)
        .await
}
