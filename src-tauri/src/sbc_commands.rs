//! The SBC commands; like `commands.rs`, each only forwards to `AppContext`.

use tauri::State;

use switchboard_app::{
    ApiError, ImportCandidateView, ImportOutcome, ImportSelection, SbcAlarmView, SbcCheckResult,
    SbcInput, SbcPrefix, SbcRow, SbcSite, ScriptRunResult, Startup,
};

#[tauri::command(async)]
pub fn list_sbcs(startup: State<'_, Startup>) -> Result<Vec<SbcRow>, ApiError> {
    startup.context()?.list_sbcs()
}

#[tauri::command(async)]
pub fn add_sbc(startup: State<'_, Startup>, input: SbcInput) -> Result<SbcRow, ApiError> {
    startup.context()?.add_sbc(&input)
}

#[tauri::command(async)]
pub fn update_sbc(
    startup: State<'_, Startup>,
    sbc_id: i64,
    input: SbcInput,
) -> Result<SbcRow, ApiError> {
    startup.context()?.update_sbc(sbc_id, &input)
}

#[tauri::command(async)]
pub fn delete_sbc(startup: State<'_, Startup>, sbc_id: i64) -> Result<(), ApiError> {
    startup.context()?.delete_sbc(sbc_id)
}

#[tauri::command(async)]
pub fn test_sbc_connection(
    startup: State<'_, Startup>,
    sbc_id: i64,
) -> Result<SbcCheckResult, ApiError> {
    startup.context()?.test_sbc_connection(sbc_id)
}

#[tauri::command(async)]
pub fn trust_sbc_certificate(
    startup: State<'_, Startup>,
    sbc_id: i64,
    fingerprint: String,
) -> Result<SbcRow, ApiError> {
    startup
        .context()?
        .trust_sbc_certificate(sbc_id, &fingerprint)
}

#[tauri::command(async)]
pub fn list_sbc_sites(startup: State<'_, Startup>, sbc_id: i64) -> Result<Vec<SbcSite>, ApiError> {
    startup.context()?.list_sbc_sites(sbc_id)
}

#[tauri::command(async)]
pub fn list_sbc_prefixes(
    startup: State<'_, Startup>,
    sbc_id: i64,
) -> Result<Vec<SbcPrefix>, ApiError> {
    startup.context()?.list_sbc_prefixes(sbc_id)
}

#[tauri::command(async)]
pub fn refresh_sbc_prefixes(
    startup: State<'_, Startup>,
    sbc_id: i64,
) -> Result<Vec<SbcPrefix>, ApiError> {
    startup.context()?.refresh_sbc_prefixes(sbc_id)
}

#[tauri::command(async)]
pub fn sbc_import_candidates(
    startup: State<'_, Startup>,
    sbc_id: i64,
) -> Result<Vec<ImportCandidateView>, ApiError> {
    startup.context()?.sbc_import_candidates(sbc_id)
}

#[tauri::command(async)]
pub fn import_sbc_customers(
    startup: State<'_, Startup>,
    sbc_id: i64,
    selections: Vec<ImportSelection>,
) -> Result<ImportOutcome, ApiError> {
    startup.context()?.import_sbc_customers(sbc_id, &selections)
}

#[tauri::command(async)]
pub fn run_sbc_script(
    startup: State<'_, Startup>,
    sbc_id: i64,
    script: String,
) -> Result<ScriptRunResult, ApiError> {
    startup.context()?.run_sbc_script(sbc_id, &script)
}

#[tauri::command(async)]
pub fn list_sbc_alarms(
    startup: State<'_, Startup>,
    sbc_id: i64,
) -> Result<Vec<SbcAlarmView>, ApiError> {
    startup.context()?.list_sbc_alarms(sbc_id)
}
