//! Sandbox-mode controls; like `commands.rs`, each only forwards to `AppContext`.

use tauri::State;

use switchboard_app::{ApiError, SandboxNetwork, Startup};

#[tauri::command(async)]
pub fn sandbox_network(startup: State<'_, Startup>) -> Result<SandboxNetwork, ApiError> {
    startup.context()?.sandbox_network()
}

#[tauri::command(async)]
pub fn set_sandbox_network(
    startup: State<'_, Startup>,
    online: bool,
) -> Result<SandboxNetwork, ApiError> {
    startup.context()?.set_sandbox_network(online)
}
