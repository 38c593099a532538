//! The Security commands; like `commands.rs`, each only forwards to `AppContext`.

use tauri::State;

use switchboard_app::{
    ApiError, AppRegistrationInput, AppRegistrationView, AuthMethod, DeviceCodePromptView,
    DeviceCodeStatus, Startup, TenantAuthRow, VerificationStatus,
};

#[tauri::command(async)]
pub fn auth_status(startup: State<'_, Startup>) -> Result<Vec<TenantAuthRow>, ApiError> {
    startup.context()?.auth_status()
}

#[tauri::command(async)]
pub fn verify_tenant_auth(
    startup: State<'_, Startup>,
    tenant_id: i64,
) -> Result<TenantAuthRow, ApiError> {
    startup.context()?.verify_tenant_auth(tenant_id)
}

#[tauri::command(async)]
pub fn verify_all_auth(startup: State<'_, Startup>) -> Result<VerificationStatus, ApiError> {
    startup.context()?.verify_all_auth()
}

#[tauri::command(async)]
pub fn verification_status(startup: State<'_, Startup>) -> Result<VerificationStatus, ApiError> {
    Ok(startup.context()?.verification_status())
}

#[tauri::command(async)]
pub fn start_device_code(
    startup: State<'_, Startup>,
    tenant_id: i64,
) -> Result<DeviceCodePromptView, ApiError> {
    startup.context()?.start_device_code(tenant_id)
}

#[tauri::command(async)]
pub fn device_code_status(
    startup: State<'_, Startup>,
    tenant_id: i64,
) -> Result<DeviceCodeStatus, ApiError> {
    startup.context()?.device_code_status(tenant_id)
}

#[tauri::command(async)]
pub fn cancel_device_code(
    startup: State<'_, Startup>,
    tenant_id: i64,
) -> Result<DeviceCodeStatus, ApiError> {
    startup.context()?.cancel_device_code(tenant_id)
}

#[tauri::command(async)]
pub fn switch_auth_method(
    startup: State<'_, Startup>,
    tenant_id: i64,
    method: AuthMethod,
) -> Result<TenantAuthRow, ApiError> {
    startup.context()?.switch_auth_method(tenant_id, method)
}

#[tauri::command(async)]
pub fn forget_credentials(
    startup: State<'_, Startup>,
    tenant_id: i64,
) -> Result<TenantAuthRow, ApiError> {
    startup.context()?.forget_credentials(tenant_id)
}

#[tauri::command(async)]
pub fn list_app_registrations(
    startup: State<'_, Startup>,
) -> Result<Vec<AppRegistrationView>, ApiError> {
    startup.context()?.list_app_registrations()
}

#[tauri::command(async)]
pub fn save_app_registration(
    startup: State<'_, Startup>,
    input: AppRegistrationInput,
) -> Result<AppRegistrationView, ApiError> {
    startup.context()?.save_app_registration(&input)
}
