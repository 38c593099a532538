//! SBC inputs that cannot hurt, against the sandbox's emulated SBC: plain HTTP Basic
//! auth only on loopback or with a confirmation for that very host; the last known
//! SIP-user and alarm counts kept in the cache with their time (through a failed check
//! and a restart); the list's background status check, bounded and cancellable.

mod common;

use std::time::Duration;

use common::{emulator, sandbox_context, sbc_input, wait_for};
use switchboard_app::{
    error::ErrorCode, AppContext, SbcConnectionStatus, SbcInput, SbcRow, SbcStatusCheckView,
    SBC_CHECKS_IN_FLIGHT,
};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::sbc::AlarmSeverity;

fn spec() -> DemoSpec {
    DemoSpec {
        seed: 11,
        customers: 1,
        users_per_customer: 5..=5,
        sbcs: 1,
    }
}

/// A form for the emulator's plain-HTTP listener (on loopback).
fn plain_http_input(ctx: &AppContext, name: &str) -> SbcInput {
    let handle = emulator(ctx);
    let mut input = sbc_input(handle, name, handle.password());
    let port = handle
        .http_url()
        .rsplit_once(':')
        .map(|(_, port)| port.to_owned());
    input.fields.port = port.and_then(|port| port.parse().ok());
    input.fields.https = false;
    input
}

fn row(ctx: &AppContext, name: &str) -> SbcRow {
    ctx.list_sbcs()
        .unwrap()
        .into_iter()
        .find(|row| row.fields.name == name)
        .unwrap_or_else(|| panic!("no SBC {name}"))
}

fn field_codes(error: &switchboard_app::ApiError) -> Vec<&str> {
    error.fields.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn plain_http_off_loopback_needs_a_confirmation_for_that_host() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let before = ctx.list_sbcs().unwrap();
    let mut remote = plain_http_input(&ctx, "edge-plain");
    remote.fields.host = "192.0.2.10".into();

    let refused = ctx.add_sbc(&remote).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Validation);
    assert_eq!(field_codes(&refused), ["https.plainHttpUnconfirmed"]);
    assert!(refused.fields[0].message.contains("192.0.2.10"));
    remote.fields.plain_http_confirmed_for = Some("192.0.2.99".into());
    assert_eq!(
        field_codes(&ctx.add_sbc(&remote).unwrap_err()),
        ["https.plainHttpUnconfirmed"],
        "a confirmation for another host does not count"
    );
    assert_eq!(ctx.list_sbcs().unwrap(), before, "nothing was stored");

    remote.fields.plain_http_confirmed_for = Some("192.0.2.10".into());
    let added = ctx.add_sbc(&remote).unwrap();
    assert_eq!(
        added.fields.plain_http_confirmed_for.as_deref(),
        Some("192.0.2.10")
    );

    // Moving the device keeps nothing of the old host's confirmation.
    let mut moved = remote.clone();
    moved.fields.host = "192.0.2.11".into();
    let refused = ctx.update_sbc(added.id.get(), &moved).unwrap_err();
    assert_eq!(field_codes(&refused), ["https.plainHttpUnconfirmed"]);
    assert_eq!(row(&ctx, "edge-plain").fields.host, "192.0.2.10");
    moved.fields.https = true;
    let secured = ctx.update_sbc(added.id.get(), &moved).unwrap();
    assert_eq!(
        secured.fields.plain_http_confirmed_for, None,
        "a new host clears the confirmation"
    );
    moved.fields.https = false;
    assert_eq!(
        field_codes(&ctx.update_sbc(added.id.get(), &moved).unwrap_err()),
        ["https.plainHttpUnconfirmed"]
    );
}

#[test]
fn plain_http_on_loopback_needs_no_confirmation_and_connects() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let added = ctx
        .add_sbc(&plain_http_input(&ctx, "edge-loopback"))
        .unwrap();
    assert_eq!(added.fields.plain_http_confirmed_for, None);
    let checked = ctx.test_sbc_connection(added.id.get()).unwrap();
    assert_eq!(
        checked.status,
        SbcConnectionStatus::Connected,
        "{}",
        checked.message
    );
}

#[test]
fn the_last_counts_survive_a_failed_check_and_a_restart_with_their_time() {
    let dir = tempfile::tempdir().unwrap();
    let (id, read_at) = {
        let ctx = sandbox_context(dir.path(), spec());
        emulator(&ctx).raise_alarm(AlarmSeverity::Major, "Board#1", "Link down");
        emulator(&ctx).raise_alarm(AlarmSeverity::Minor, "Board#1", "Fan slow");
        let demo = ctx.list_sbcs().unwrap().remove(0);
        assert_eq!((demo.sip_users, demo.active_alarms), (None, None));
        let checked = ctx.test_sbc_connection(demo.id.get()).unwrap();
        assert_eq!(checked.status, SbcConnectionStatus::Connected);
        assert_eq!(checked.sbc.active_alarms, Some(2));
        assert!(checked.sbc.sip_users.is_some());
        assert_eq!(
            checked.sbc.counts_read_at.as_ref(),
            Some(&checked.checked_at)
        );

        // An unreachable (here: failing) device keeps its last counts and their time.
        emulator(&ctx).faults().fail_next(1);
        let failed = ctx.test_sbc_connection(demo.id.get()).unwrap();
        assert_eq!(failed.status, SbcConnectionStatus::Failed);
        assert_eq!(failed.active_alarms, None, "this check read nothing");
        assert_eq!(failed.sbc.active_alarms, Some(2));
        assert_eq!(failed.sbc.sip_users, checked.sbc.sip_users);
        assert_eq!(failed.sbc.counts_read_at, checked.sbc.counts_read_at);
        assert_ne!(failed.sbc.last_checked_at, checked.sbc.last_checked_at);
        (demo.id, checked.sbc.counts_read_at)
    };
    let reopened = sandbox_context(dir.path(), spec());
    let demo = reopened.list_sbcs().unwrap().remove(0);
    assert_eq!(demo.id, id);
    assert_eq!(demo.active_alarms, Some(2));
    assert!(demo.sip_users.is_some());
    assert_eq!(demo.counts_read_at, read_at);
}

fn settled(ctx: &AppContext) -> SbcStatusCheckView {
    wait_for("the background SBC check", || {
        Some(ctx.sbc_status_check()).filter(|view| !view.running)
    })
}

#[test]
fn the_background_check_records_every_device_a_few_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    for number in 0..6 {
        ctx.add_sbc(&plain_http_input(&ctx, &format!("edge-{number}")))
            .unwrap();
    }
    // Slow answers make the checks overlap, so an unbounded check would show here.
    emulator(&ctx)
        .faults()
        .set_latency(Duration::from_millis(30));
    let started = ctx.start_sbc_status_check().unwrap();
    assert!(started.running);
    assert_eq!(started.total, 7);

    let done = settled(&ctx);
    assert_eq!(
        (done.generation, done.done, done.total),
        (started.generation, 7, 7)
    );
    assert!(done.checking.is_empty());
    for row in ctx.list_sbcs().unwrap() {
        assert_eq!(
            row.connection_status,
            SbcConnectionStatus::Connected,
            "{}",
            row.fields.name
        );
        assert!(row.sip_users.is_some() && row.counts_read_at.is_some());
    }
    let peak = emulator(&ctx).peak_requests_in_flight();
    assert!(
        (1..=u32::try_from(SBC_CHECKS_IN_FLIGHT).unwrap()).contains(&peak),
        "{peak} requests at once"
    );
}

#[test]
fn leaving_or_a_newer_check_cancels_the_running_one() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = sandbox_context(dir.path(), spec());
    let demo = ctx.list_sbcs().unwrap().remove(0);
    // The device holds its answer far longer than the test runs.
    emulator(&ctx)
        .faults()
        .set_latency(Duration::from_secs(600));
    let first = ctx.start_sbc_status_check().unwrap();
    wait_for("the device being asked", || {
        Some(()).filter(|()| ctx.sbc_status_check().checking == [demo.id])
    });
    let left = ctx.cancel_sbc_status_check();
    assert!(!left.running && left.checking.is_empty());
    assert_eq!((left.generation, left.done), (first.generation, 0));
    assert_eq!(ctx.sbc_status_check(), left);
    assert_eq!(row(&ctx, &demo.fields.name).last_checked_at, None);

    // A newer check replaces one still waiting on the slow device.
    let slow = ctx.start_sbc_status_check().unwrap();
    wait_for("the device being asked again", || {
        Some(()).filter(|()| !ctx.sbc_status_check().checking.is_empty())
    });
    emulator(&ctx).faults().set_latency(Duration::ZERO);
    let newer = ctx.start_sbc_status_check().unwrap();
    assert_eq!(newer.generation, slow.generation + 1);
    let done = settled(&ctx);
    assert_eq!(
        (done.generation, done.done, done.total),
        (newer.generation, 1, 1)
    );
    assert_eq!(
        row(&ctx, &demo.fields.name).connection_status,
        SbcConnectionStatus::Connected
    );
}
