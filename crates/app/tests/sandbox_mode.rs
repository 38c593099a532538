//! Sandbox mode: emulators started in-process with a demo estate whose customers are
//! registered in the cache once, with their secrets kept out of the cache and the logs.

use std::path::Path;

use switchboard_app::{AppConfig, AppContext, Mode};
use switchboard_logging::LogOptions;
use switchboard_sandbox::demo::DemoSpec;
use switchboard_secrets::MemoryStore;

fn spec() -> DemoSpec {
    DemoSpec {
        seed: 11,
        customers: 4,
        users_per_customer: 5..=20,
        sbcs: 1,
    }
}

fn open(data_dir: &Path) -> AppContext {
    let config = AppConfig::new(data_dir.to_path_buf(), Mode::Sandbox);
    AppContext::open_with_secrets(config, Box::new(MemoryStore::new())).expect("context opens")
}

fn short_names(ctx: &AppContext) -> Vec<String> {
    let mut names: Vec<String> = ctx
        .list_tenants(None)
        .unwrap()
        .tenants
        .into_iter()
        .map(|row| row.short_name)
        .collect();
    names.sort();
    names
}

#[test]
fn demo_customers_are_registered_once_and_a_deleted_one_stays_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut ctx = open(dir.path());
    ctx.start_sandbox(spec()).unwrap();
    let sandbox = ctx.sandbox().expect("emulators running");
    let mut expected: Vec<String> = sandbox
        .estate
        .as_ref()
        .unwrap()
        .customers
        .iter()
        .map(|c| c.short_name.clone())
        .collect();
    expected.sort();
    assert_eq!(short_names(&ctx), expected);
    assert!(sandbox.urls().graph.starts_with("http://127.0.0.1:"));

    let first = ctx
        .list_tenants(Some(&expected[0]))
        .unwrap()
        .tenants
        .remove(0);
    ctx.delete_tenant(first.id.get()).unwrap();
    drop(ctx);

    // A restart regenerates the same estate but does not bring customers back.
    let mut ctx = open(dir.path());
    ctx.start_sandbox(spec()).unwrap();
    assert_eq!(short_names(&ctx), expected[1..].to_vec());
}

#[test]
fn demo_secrets_never_reach_the_cache_file_or_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let log_dir = dir.path().join("logs");
    let (dispatch, guard) = switchboard_logging::build_dispatch(
        &LogOptions::new(&log_dir).with_default_filter("trace"),
    )
    .unwrap();
    let secrets: Vec<String> = tracing::dispatcher::with_default(&dispatch, || {
        let mut ctx = open(dir.path());
        ctx.start_sandbox(spec()).unwrap();
        let sandbox = ctx.sandbox().unwrap();
        let secrets: Vec<String> = sandbox
            .credentials
            .iter()
            .map(|c| c.client_secret.clone())
            .collect();
        // A careless log line must be masked too: the store registered every value it saw.
        tracing::error!(
            "leaked on purpose: client_id={} value {}",
            sandbox.credentials[0].client_id,
            secrets[0]
        );
        assert_eq!(ctx.list_tenants(None).unwrap().tenants.len(), 4);
        secrets
    });
    drop(guard); // flushes the log files

    assert!(
        !secrets.is_empty() && secrets.iter().all(|s| s.len() >= 8),
        "the demo has real-looking secrets to look for"
    );
    let mut scanned = 0;
    for folder in [dir.path().join("sandbox"), log_dir.clone()] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                for secret in &secrets {
                    assert!(
                        !contains(&bytes, secret.as_bytes()),
                        "a client secret is in {}",
                        path.display()
                    );
                }
                scanned += 1;
            }
        }
    }
    let log_text: String = std::fs::read_dir(&log_dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        log_text.contains("leaked on purpose"),
        "the log line itself was written"
    );
    assert!(scanned >= 2, "the cache file and a log file were scanned");
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
