//! What `run`, `test` and `bindings` do, step by step.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::platform::{self, cargo, npm, run, run_watching, Result};
use crate::summary::Counts;

const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

pub fn run_app(app_args: &[String]) -> Result {
    let root = platform::workspace_root();
    platform::ensure_debian_packages(platform::APP_PACKAGES)?;
    build_ui(&root)?;
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        println!("No display found: Switchboard needs a desktop session (or run it under `xvfb-run -a`).");
    }
    // Sandbox mode runs Teams PowerShell with the sandbox's `pwsh` stand-in, which
    // the app finds beside itself.
    run(cargo()
        .args([
            "build",
            "-p",
            "switchboard-sandbox",
            "--bin",
            "switchboard-pwsh",
        ])
        .current_dir(&root))?;
    // `cargo run` builds the desktop shell if needed, then starts it.
    run(cargo()
        .args(["run", "-p", "switchboard", "--"])
        .args(strip_separator(app_args))
        .current_dir(&root))
}

pub fn update_bindings() -> Result {
    let root = platform::workspace_root();
    run(cargo()
        .args(["test", "-p", "switchboard-app", "--", "bindings"])
        .env("SWITCHBOARD_UPDATE_BINDINGS", "1")
        .current_dir(&root))
}

/// Every test, in an order that reports cheap failures first. A failing step does not
/// stop the others, so one run shows everything that is wrong.
pub fn test_all() -> Result {
    let root = platform::workspace_root();
    let started = Instant::now();
    let mut steps = Steps::default();

    steps.step("install prerequisites", || {
        let mut packages = platform::APP_PACKAGES.to_vec();
        packages.extend_from_slice(platform::TEST_PACKAGES);
        platform::ensure_debian_packages(&packages)?;
        platform::ensure_rust_target(WINDOWS_TARGET)?;
        // tauri-driver and cargo-deny each compile for minutes when missing: both at once
        // fill each other's serial stretches, and the npm install only downloads.
        platform::in_parallel(
            || platform::in_parallel(platform::ensure_tauri_driver, platform::ensure_cargo_deny),
            || platform::ensure_ui_modules(&root.join("ui")),
        )
    });
    if steps.failed() {
        return steps.finish(started);
    }

    // Seconds, and it needs nothing built: a cheap failure, so it goes first. Cargo fetches
    // the crates (from crates.io, every target's) and cargo-deny then runs offline.
    steps.step("dependency licences, bans and sources", || {
        run(cargo().arg("fetch").current_dir(&root))?;
        run(&mut deny_check(&root))
    });

    let mut counts = Counts::default();
    steps.step("UI unit tests", || {
        run_watching(npm().args(["test"]).current_dir(root.join("ui")), |l| {
            counts.observe(l)
        })
    });
    steps.step("UI type check", || {
        run(npm().args(["run", "check"]).current_dir(root.join("ui")))
    });
    steps.step("UI build", || build_ui(&root));
    steps.step("Rust tests", || {
        // A plain run: the tests that need more than this (a window, the real keychain) are
        // `#[ignore]`d and listed as ignored here; the steps below run them on purpose with
        // `--ignored`, and the summary counts each of them once, where it ran.
        // The sandbox's integration tests make cargo build `switchboard-pwsh`; other crates'
        // tests run it from there instead of building it themselves.
        let pwsh = root
            .join("target")
            .join("debug")
            .join(format!("switchboard-pwsh{}", std::env::consts::EXE_SUFFIX));
        run_watching(
            cargo()
                .args(["test", "--workspace", "--no-fail-fast"])
                .env("SWITCHBOARD_PWSH", pwsh)
                .current_dir(&root),
            |l| counts.observe(l),
        )
    });
    if cfg!(target_os = "linux") {
        steps.step("real keychain tests", || {
            real_keychain_tests(&root, &mut counts)
        });
    }
    steps.step("end-to-end tests through the real window", || {
        end_to_end_tests(&root, &mut counts)
    });
    steps.step("formatting", || {
        run(cargo().args(["fmt", "--all", "--check"]).current_dir(&root))
    });
    // Clippy type-checks everything as `cargo check` would, so one pass for the Windows
    // target is both the Windows build check and the lint gate.
    steps.step("Windows check and lints", || {
        run(cargo()
            .args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--target",
                WINDOWS_TARGET,
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(&root))
    });

    println!("\n{}", counts.summary());
    steps.finish(started)
}

/// `cargo deny` against `deny.toml`: licences, bans and sources, not advisories. With
/// `--offline` it fetches nothing itself (no advisory database or std-replacement data from
/// GitHub, which CI cannot reach), so the crates must already be fetched. The inclusion
/// graphs of the duplicate-version warnings run to thousands of lines: left out.
fn deny_check(root: &Path) -> Command {
    let mut command = cargo();
    command
        .args([
            "deny",
            "--offline",
            "check",
            "--hide-inclusion-graph",
            "licenses",
            "bans",
            "sources",
        ])
        .current_dir(root);
    command
}

fn build_ui(root: &Path) -> Result {
    let ui = root.join("ui");
    platform::ensure_ui_modules(&ui)?;
    run(npm().args(["run", "build"]).current_dir(&ui))
}

/// The secrets crate's keychain tests against a real Secret Service and keyutils,
/// in a private D-Bus session with a throwaway, unlocked GNOME keyring. They are
/// `#[ignore]`d (the plain run lists them as ignored), so they run here with `--ignored`.
fn real_keychain_tests(root: &Path, counts: &mut Counts) -> Result {
    let home = std::env::temp_dir().join(format!("switchboard-keychain-{}", std::process::id()));
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let script = "printf switchboard | gnome-keyring-daemon --unlock --components=secrets >/dev/null && \
                  exec keyctl session - \"$CARGO\" test -p switchboard-secrets --test real_keychain -- --ignored";
    let result = run_watching(
        Command::new("dbus-run-session")
            .args(["--", "bash", "-c", script])
            // A throwaway HOME keeps the keyring private; cargo and rustup must still find theirs.
            .env("CARGO_HOME", platform::cargo_home())
            .env("RUSTUP_HOME", platform::rustup_home())
            .env("HOME", &home)
            .env(
                "CARGO",
                std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()),
            )
            .env("SWITCHBOARD_REAL_KEYCHAIN", "1")
            .current_dir(root),
        |l| counts.observe_ignored_run(l),
    );
    let _ = std::fs::remove_dir_all(&home);
    result
}

fn end_to_end_tests(root: &Path, counts: &mut Counts) -> Result {
    // The whole workspace's binaries: the same feature set as the test build, so nothing
    // is compiled twice, and the sandbox's PowerShell stand-in lands beside the app.
    run(cargo()
        .args(["build", "--workspace", "--bins"])
        .current_dir(root))?;
    let app = root.join("target").join("debug").join(if cfg!(windows) {
        "switchboard.exe"
    } else {
        "switchboard"
    });
    let driver = if platform::on_path("tauri-driver") {
        "tauri-driver".into()
    } else {
        platform::cargo_bin("tauri-driver")
    };
    let mut command = if cfg!(target_os = "linux") {
        let mut xvfb = Command::new("xvfb-run");
        xvfb.args(["-a", "-s", "-screen 0 1440x900x24"])
            .arg(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        xvfb
    } else {
        cargo()
    };
    // The end-to-end tests are `#[ignore]`d (the plain run lists them as ignored): only
    // `--ignored` runs them, and only them. `--tests` leaves out the doc tests, which have
    // nothing ignored to run.
    command
        .args([
            "test",
            "--no-fail-fast",
            "-p",
            "switchboard-e2e",
            "--tests",
            "--",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("SWITCHBOARD_E2E", "1")
        .env("SWITCHBOARD_APP", &app)
        .env("TAURI_DRIVER", driver)
        // Tests that store secrets then start their own bus with an unlocked throwaway
        // keyring, instead of meeting the developer's own (possibly locked) one.
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .current_dir(root);
    run_watching(&mut command, |l| counts.observe_ignored_run(l))
}

fn strip_separator(args: &[String]) -> &[String] {
    match args.first() {
        Some(first) if first == "--" => &args[1..],
        _ => args,
    }
}

#[derive(Default)]
struct Steps {
    failures: Vec<String>,
    timings: Vec<(String, f64)>,
}

impl Steps {
    fn step(&mut self, name: &str, body: impl FnOnce() -> Result) {
        println!("\n==> {name}");
        let started = Instant::now();
        let result = body();
        let seconds = started.elapsed().as_secs_f64();
        self.timings.push((name.to_string(), seconds));
        match result {
            Ok(()) => println!("==> {name}: ok ({seconds:.0} s)"),
            Err(error) => {
                println!("==> {name}: FAILED ({seconds:.0} s): {error}");
                self.failures.push(format!("{name}: {error}"));
            }
        }
    }

    fn failed(&self) -> bool {
        !self.failures.is_empty()
    }

    fn finish(self, started: Instant) -> Result {
        println!("\nStep times:");
        for (name, seconds) in &self.timings {
            println!("  {seconds:>6.0} s  {name}");
        }
        println!("  {:>6.0} s  in all", started.elapsed().as_secs_f64());
        if self.failures.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{} step(s) failed:\n  {}",
                self.failures.len(),
                self.failures.join("\n  ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dependency_check_stays_off_github() {
        let root = platform::workspace_root();
        let command = deny_check(&root);
        let args: Vec<String> = command
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        // Offline, and never the advisories check, which needs a database from GitHub.
        assert!(args.iter().any(|a| a == "--offline"), "{args:?}");
        assert!(!args.iter().any(|a| a == "advisories"), "{args:?}");
        // The policy it reads, with no advisories section that would want the database.
        let policy =
            std::fs::read_to_string(root.join("deny.toml")).expect("deny.toml at the root");
        assert!(!policy.lines().any(|line| line.trim() == "[advisories]"));
    }
}
