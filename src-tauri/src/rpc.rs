//! The window's one Tauri command. It forwards to the command table in
//! `switchboard_app::commands`, which names every command, reads its arguments and runs it
//! off the IPC threads; so the shell holds no per-command code and the permission to call
//! `rpc` is the only one the window needs.

use serde_json::Value;
use tauri::State;

use switchboard_app::{ApiError, Startup};

#[tauri::command]
pub async fn rpc(
    startup: State<'_, Startup>,
    command: String,
    args: Value,
) -> Result<Value, ApiError> {
    startup.dispatch(&command, args).await
}
