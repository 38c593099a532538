//! The Connection tab's commands (proxy, PowerShell path, PowerShell check); like
//! `commands.rs`, each only forwards to `AppContext`.

use tauri::State;

use switchboard_app::{
    ApiError, ConnectionSettings, PowerShellEnvironmentView, ProxyInput, Startup,
};

#[tauri::command(async)]
pub fn connection_settings(startup: State<'_, Startup>) -> Result<ConnectionSettings, ApiError> {
    startup.context()?.connection_settings()
}

#[tauri::command(async)]
pub fn set_proxy(
    startup: State<'_, Startup>,
    input: ProxyInput,
) -> Result<ConnectionSettings, ApiError> {
    startup.context()?.set_proxy(&input)
}

#[tauri::command(async)]
pub fn set_powershell_path(
    startup: State<'_, Startup>,
    path: Option<String>,
) -> Result<ConnectionSettings, ApiError> {
    startup.context()?.set_powershell_path(path.as_deref())
}

#[tauri::command(async)]
pub fn powershell_environment(
    startup: State<'_, Startup>,
) -> Result<PowerShellEnvironmentView, ApiError> {
    startup.context()?.powershell_environment()
}
