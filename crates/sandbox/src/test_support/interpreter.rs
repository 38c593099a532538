//! The sandbox's `switchboard-pwsh` interpreter, built.
//!
//! Cargo builds the sandbox's binaries only for the sandbox's own tests, so the first
//! caller runs `cargo build -p switchboard-sandbox --bin switchboard-pwsh` once (a no-op
//! when it is fresh, which also keeps it from being stale). `SWITCHBOARD_PWSH` naming a
//! built interpreter (as `cargo xtask test` sets it) skips that step.

use std::path::PathBuf;
use std::sync::OnceLock;

pub fn interpreter_path() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        if let Some(path) = std::env::var_os("SWITCHBOARD_PWSH").map(PathBuf::from) {
            if path.is_file() {
                return path;
            }
        }
        let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let status = std::process::Command::new(option_env!("CARGO").unwrap_or("cargo"))
            .args([
                "build",
                "--quiet",
                "-p",
                "switchboard-sandbox",
                "--bin",
                "switchboard-pwsh",
            ])
            .current_dir(&workspace)
            .status()
            .expect("cargo can be started");
        assert!(status.success(), "building switchboard-pwsh failed");
        crate::locate_pwsh().expect("switchboard-pwsh sits in the target folder after the build")
    })
    .clone()
}
