//! "Run script" on an SBC: pushes an incremental CLI script, saves the configuration
//! unless the script did, and reports what the device said. A refused script names
//! the line; the device applies nothing of it.

use chrono::Utc;
use switchboard_cache::{SbcConnectionStatus, SbcCounts, SbcId};
use switchboard_sbc::{ClientOptions, SbcError};

use crate::context::AppContext;
use crate::error::{ApiError, FieldError};
use crate::sbcs::detail_views::{ScriptRejection, ScriptRunResult};

impl AppContext {
    pub fn run_sbc_script(&self, sbc_id: i64, script: &str) -> Result<ScriptRunResult, ApiError> {
        if script.trim().is_empty() {
            return Err(ApiError::validation(vec![FieldError {
                field: "script".to_owned(),
                code: "script.empty".to_owned(),
                message: "Enter the CLI commands to run on the SBC.".to_owned(),
            }]));
        }
        // A change waits out a busy device (an HA pair synchronising) with backoff.
        let (device, client) = self.sbc_client(sbc_id, ClientOptions::default())?;
        // The script is not logged: it may hold SIP account passwords.
        let lines = script.lines().count();
        let result = match self.on_device(client.apply_script(script)) {
            Ok(applied) => {
                let message = match &applied.save_error {
                    None if applied.saved => {
                        "The script was applied and the configuration saved.".to_owned()
                    }
                    None => "The script was applied.".to_owned(),
                    Some(error) => format!(
                        "The script was applied, but saving the configuration failed: {}",
                        error.user_message()
                    ),
                };
                ScriptRunResult {
                    applied: true,
                    message,
                    rejection: None,
                    output: applied.output,
                    saved: applied.saved,
                    save_needed: None,
                }
            }
            Err(error) => refused(error)?,
        };
        tracing::info!(sbc = %device.id, lines, applied = result.applied, saved = result.saved, "script run on SBC");
        let save_needed = self
            .on_device(client.status())
            .ok()
            .map(|status| status.save_needed);
        if let Some(save_needed) = save_needed {
            self.cache().record_sbc_check(
                SbcId::new(sbc_id),
                SbcConnectionStatus::Connected,
                Utc::now(),
                save_needed,
                SbcCounts::default(),
            )?;
        }
        Ok(ScriptRunResult {
            save_needed,
            ..result
        })
    }
}

/// The result for a script the device refused; any other failure stays an error.
fn refused(error: SbcError) -> Result<ScriptRunResult, SbcError> {
    let message = error.user_message();
    match error {
        SbcError::ScriptRejected {
            line,
            text,
            reason,
            output,
        } => Ok(ScriptRunResult {
            applied: false,
            message,
            rejection: Some(ScriptRejection { line, text, reason }),
            output,
            saved: false,
            save_needed: None,
        }),
        other => Err(other),
    }
}
