//! The SBC commands; like `commands.rs`, each only forwards to `AppContext`.

use tauri::State;

use switchboard_app::{ApiError, SbcCheckResult, SbcInput, SbcRow, Startup};

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
