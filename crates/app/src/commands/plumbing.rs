//! What every generated `dispatch` arm shares: reading the arguments, running the body
//! off the IPC threads, and turning the result into JSON — each failure as an `ApiError`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{ApiError, ErrorCode};

/// The UI's arguments as the command's `Args`; no arguments may arrive as `null`.
pub(crate) fn read_args<A: DeserializeOwned>(command: &str, args: Value) -> Result<A, ApiError> {
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    serde_json::from_value(args).map_err(|e| {
        ApiError::new(
            ErrorCode::Validation,
            format!("The command '{command}' received arguments it cannot read: {e}."),
        )
    })
}

/// Runs `body` on tokio's blocking pool: SQLite, the keychain and the commands that wait
/// on an SBC, a PowerShell process or a mail server must not occupy the few threads that
/// answer the window's other calls.
pub(crate) async fn off_the_ipc_threads<T, F>(body: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(body)
        .await
        .map_err(|e| ApiError::internal(format!("The command stopped unexpectedly: {e}")))?
}

pub(crate) fn write_result<T: Serialize>(command: &str, output: T) -> Result<Value, ApiError> {
    serde_json::to_value(output).map_err(|e| {
        ApiError::internal(format!(
            "The answer of the command '{command}' could not be encoded: {e}"
        ))
    })
}

pub(crate) fn unknown_command(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("There is no command named '{name}'."),
    )
}
