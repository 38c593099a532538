//! The committed TypeScript bindings in `ui/src/lib/bindings/` must match the Rust types.
//!
//! `SWITCHBOARD_UPDATE_BINDINGS=1 cargo test -p switchboard-app --test bindings` rewrites
//! them (this is what `cargo xtask bindings` runs). The app's API types deliberately carry
//! no `#[ts(export)]`: its auto-generated tests would rewrite the committed files during a
//! normal test run and hide the drift this test exists to catch.

use std::path::{Path, PathBuf};

use switchboard_app::SandboxNetwork;
use switchboard_app::{
    ApiError, AppInfo, FieldError, KeychainInfo, Mode, NewTenantInput, ReplicationStatus,
    SbcCheckResult, SbcInput, SbcRow, TenantList, TenantReplication, TenantRow, UserDetailView,
    UserFacets, UserRowView, UsersPageView, UsersQueryInput,
};
use switchboard_app::{
    AppRegistrationInput, AppRegistrationView, DeviceCodePromptView, DeviceCodeStatus,
    TenantAuthRow, VerificationStatus,
};
use switchboard_app::{ConnectionSettings, PowerShellEnvironmentView, ProxyInput};
use switchboard_app::{
    EmailPreview, EmailTemplateView, InvitationRow, NewInvitationInput, SandboxMailView,
    SmtpSettingsInput, SmtpSettingsView, TestMailInput,
};
use switchboard_app::{
    ImportCandidateView, ImportOutcome, ImportSelection, SbcAlarmView, SbcPrefix, SbcSite,
    ScriptRunResult,
};
use switchboard_app::{
    SaveTemplateInput, TemplateDetail, TemplateDiagnostic, TemplateDiffRow, TemplateExport,
    TemplateImportInput, TemplatePreview, TemplatePreviewInput, TemplateRow, TemplateSaved,
};
use ts_rs::{ExportError, TS};

const UPDATE_ENV: &str = "SWITCHBOARD_UPDATE_BINDINGS";

/// Every type a command takes or returns; ts-rs adds the domain and cache types they use.
fn export_all(dir: &Path) -> Result<(), ExportError> {
    AppInfo::export_all_to(dir)?;
    KeychainInfo::export_all_to(dir)?;
    Mode::export_all_to(dir)?;
    TenantList::export_all_to(dir)?;
    TenantRow::export_all_to(dir)?;
    NewTenantInput::export_all_to(dir)?;
    UsersQueryInput::export_all_to(dir)?;
    UsersPageView::export_all_to(dir)?;
    UserRowView::export_all_to(dir)?;
    UserDetailView::export_all_to(dir)?;
    UserFacets::export_all_to(dir)?;
    ReplicationStatus::export_all_to(dir)?;
    TenantReplication::export_all_to(dir)?;
    SbcRow::export_all_to(dir)?;
    SbcInput::export_all_to(dir)?;
    SbcCheckResult::export_all_to(dir)?;
    SbcSite::export_all_to(dir)?;
    SbcPrefix::export_all_to(dir)?;
    ImportCandidateView::export_all_to(dir)?;
    ImportSelection::export_all_to(dir)?;
    ImportOutcome::export_all_to(dir)?;
    ScriptRunResult::export_all_to(dir)?;
    SbcAlarmView::export_all_to(dir)?;
    SandboxNetwork::export_all_to(dir)?;
    TenantAuthRow::export_all_to(dir)?;
    VerificationStatus::export_all_to(dir)?;
    DeviceCodePromptView::export_all_to(dir)?;
    DeviceCodeStatus::export_all_to(dir)?;
    AppRegistrationView::export_all_to(dir)?;
    AppRegistrationInput::export_all_to(dir)?;
    ConnectionSettings::export_all_to(dir)?;
    ProxyInput::export_all_to(dir)?;
    PowerShellEnvironmentView::export_all_to(dir)?;
    ApiError::export_all_to(dir)?;
    FieldError::export_all_to(dir)?;
    TemplateRow::export_all_to(dir)?;
    TemplateDetail::export_all_to(dir)?;
    TemplateDiagnostic::export_all_to(dir)?;
    SaveTemplateInput::export_all_to(dir)?;
    TemplateSaved::export_all_to(dir)?;
    TemplateDiffRow::export_all_to(dir)?;
    TemplatePreviewInput::export_all_to(dir)?;
    TemplatePreview::export_all_to(dir)?;
    TemplateExport::export_all_to(dir)?;
    TemplateImportInput::export_all_to(dir)?;
    InvitationRow::export_all_to(dir)?;
    NewInvitationInput::export_all_to(dir)?;
    SmtpSettingsView::export_all_to(dir)?;
    SmtpSettingsInput::export_all_to(dir)?;
    EmailTemplateView::export_all_to(dir)?;
    EmailPreview::export_all_to(dir)?;
    TestMailInput::export_all_to(dir)?;
    SandboxMailView::export_all_to(dir)?;
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
        generated.iter().any(|f| f == Path::new("TenantRow.ts")),
        "the export produced no TenantRow.ts: {generated:?}"
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
