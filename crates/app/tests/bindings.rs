//! The committed TypeScript bindings in `ui/src/lib/bindings/` must match the Rust types.
//!
//! `SWITCHBOARD_UPDATE_BINDINGS=1 cargo test -p switchboard-app --test bindings` rewrites
//! them (this is what `cargo xtask bindings` runs). The app's API types deliberately carry
//! no `#[ts(export)]`: its auto-generated tests would rewrite the committed files during a
//! normal test run and hide the drift this test exists to catch.

use std::path::{Path, PathBuf};

use switchboard_app::commands::{every_signature, typescript_client};
use switchboard_app::{ApiError, FieldError};
use ts_rs::{ExportError, TS};

const UPDATE_ENV: &str = "SWITCHBOARD_UPDATE_BINDINGS";
/// The generated client of the command table, beside the types it uses.
const CLIENT_FILE: &str = "commands.ts";

/// The client of every command in the table, every type a command takes or returns (ts-rs
/// adds the types those use), and the error the UI receives.
fn export_all(dir: &Path) -> Result<(), ExportError> {
    let commands = every_signature();
    for command in &commands {
        let types = command.args.iter().map(|arg| &arg.ty);
        for ty in types.chain(std::iter::once(&command.result)) {
            for named in ty.named.values() {
                named.export_to(dir)?;
            }
        }
    }
    ApiError::export_all_to(dir)?;
    FieldError::export_all_to(dir)?;
    std::fs::write(dir.join(CLIENT_FILE), typescript_client(&commands))?;
    Ok(())
}

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings")
}

/// File names (relative to `dir`) of every `.ts` file below it.
fn ts_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("readable bindings folder") {
            let path = entry.expect("readable folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "ts") {
                found.push(path.strip_prefix(dir).expect("below dir").to_path_buf());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn bindings_are_up_to_date() {
    let committed = committed_dir();
    if std::env::var(UPDATE_ENV).is_ok_and(|v| v == "1") {
        // Start from an empty folder so a type that is no longer used leaves no file behind.
        for file in ts_files(&committed) {
            std::fs::remove_file(committed.join(file)).expect("old binding removed");
        }
        export_all(&committed).expect("bindings written");
        return;
    }

    let fresh = tempfile::tempdir().expect("temp dir");
    export_all(fresh.path()).expect("bindings exported");
    let generated = ts_files(fresh.path());
    assert!(
        generated.iter().any(|f| f == Path::new("TenantRow.ts"))
            && generated.iter().any(|f| f == Path::new(CLIENT_FILE)),
        "the export produced no TenantRow.ts or {CLIENT_FILE}: {generated:?}"
    );
    let orphans: Vec<String> = ts_files(&committed)
        .into_iter()
        .filter(|file| !generated.contains(file))
        .map(|file| file.display().to_string())
        .collect();
    let stale: Vec<String> = generated
        .iter()
        .filter(|file| {
            let new = std::fs::read_to_string(fresh.path().join(file)).expect("generated file");
            std::fs::read_to_string(committed.join(file))
                .ok()
                .as_deref()
                != Some(new.as_str())
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        stale.is_empty(),
        "TypeScript bindings are stale: run `cargo xtask bindings` (differs or missing: {})",
        stale.join(", ")
    );
    assert!(
        orphans.is_empty(),
        "TypeScript bindings are stale: run `cargo xtask bindings` (no Rust type behind: {})",
        orphans.join(", ")
    );
}
