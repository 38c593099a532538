//! The SBC admin password never reaches the cache file or the log files, whatever the
//! SBC commands do with it (add, edit, test, push, read, import, alarms). One test in
//! its own binary, because it installs the process-wide logging pipeline.

mod common;

use common::{sandbox_context, sbc_input};
use switchboard_app::{ImportSelection, SbcInput};
use switchboard_logging::LogOptions;
use switchboard_sandbox::demo::DemoSpec;

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

/// Every file under `dir`, read whole.
fn files_in(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_file())
        .map(|entry| {
            (
                entry.path().display().to_string(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// A SIP account password a script sets: kept sealed, masked in the dry-run, and
/// blanked in what the device echoes.
const SIP_PASSWORD: &str = "Sip-Secret-Value-77";

#[test]
fn the_sbc_password_never_reaches_the_cache_or_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let log_dir = dir.path().join("logs");
    let guard = switchboard_logging::init(LogOptions::new(&log_dir).with_default_filter("debug"))
        .expect("logging starts");
    let data_dir = dir.path().join("data");
    let ctx = sandbox_context(
        &data_dir,
        DemoSpec {
            seed: 5,
            customers: 2,
            users_per_customer: 5..=5,
            sbcs: 1,
        },
    );
    let handle = &ctx.sandbox().unwrap().sbcs[0];
    let password = handle.password().to_owned();
    let wrong_password = "Wrong-Sbc-Password-93ab17";
    let input = sbc_input(handle, "edge-secrets", wrong_password);
    let sbc = ctx.add_sbc(&input).unwrap().id.get();
    ctx.trust_sbc_certificate(sbc, &handle.certificate_fingerprint())
        .unwrap();
    let refused = common::run_script(&ctx, sbc, "configure voip\nexit\n");
    assert_eq!(
        refused.row.state,
        switchboard_domain::TaskState::Failed,
        "wrong password"
    );
    ctx.update_sbc(
        sbc,
        &SbcInput {
            password: password.clone().into(),
            ..input.clone()
        },
    )
    .unwrap();
    ctx.test_sbc_connection(sbc).unwrap();
    let script = "configure voip\n sbc dial-plan where name \"CustDialPlan\"\n  dial-plan-rule new\n   name \"Secretco\"\n   prefix \"+3120555[0-9]\"\n   tag \"Trunk=gw.secretco.example\"\n  exit\n exit\nexit\n";
    let applied = common::run_script(&ctx, sbc, script);
    assert_eq!(applied.row.state, switchboard_domain::TaskState::Succeeded);
    let refused = common::run_script(&ctx, sbc, "bogus line\n");
    assert_eq!(refused.row.state, switchboard_domain::TaskState::Failed);
    // A SIP password on a line the device refuses: the device echoes the line.
    let sip_script = format!(
        "configure voip\n sip-definition account new\n  user-name \"trunk-user\"\n  password \"{SIP_PASSWORD}\" stray\n exit\nexit\n"
    );
    let echoed = common::run_script(&ctx, sbc, &sip_script);
    assert_eq!(echoed.row.state, switchboard_domain::TaskState::Failed);
    assert!(
        echoed.dry_run.contains("password \"********\""),
        "{}",
        echoed.dry_run
    );
    let shown = format!("{:?} {:?}", echoed.row.error, echoed.output);
    assert!(
        !shown.contains(SIP_PASSWORD) && shown.contains("********"),
        "{shown}"
    );
    ctx.refresh_sbc_prefixes(sbc).unwrap();
    ctx.list_sbc_alarms(sbc).unwrap();
    ctx.import_sbc_customers(
        sbc,
        &[ImportSelection {
            dial_plan: "CustDialPlan".to_owned(),
            rule_name: "Secretco".to_owned(),
            tag: "Trunk=gw.secretco.example".to_owned(),
            short_name: None,
            full_name: "Secretco".to_owned(),
        }],
    )
    .unwrap();
    drop(ctx);
    // Dropping the guard flushes every buffered log line.
    drop(guard);

    let cache_files = files_in(&data_dir);
    let log_files = files_in(&log_dir);
    assert!(!log_files.is_empty(), "the commands logged something");
    assert!(
        log_files
            .iter()
            .any(|(_, text)| contains(text, "change confirmed and queued")),
        "the log holds the SBC commands"
    );
    for (path, bytes) in cache_files.iter().chain(&log_files) {
        for secret in [password.as_str(), wrong_password, SIP_PASSWORD] {
            assert!(!contains(bytes, secret), "{secret} found in {path}");
        }
    }
}
