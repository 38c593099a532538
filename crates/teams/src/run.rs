//! Running a rendered script against a tenant, signed in with the caller's tokens.

use crate::error::TeamsError;
use crate::framing::{self, Marker};
use crate::host::PowerShellHost;
use crate::outcome::{ErrorRecord, ScriptOutcome};
use crate::process::{run_host, RunOptions};
use crate::script::RenderedScript;
use crate::stderr::StderrTail;
use crate::tokens::{Redactor, TeamsTokens};
use crate::wrapper::wrap;

/// Runs `script` on `host`, signed in with `tokens`, and returns its output objects.
///
/// A terminating error (any error: the wrapper prefers `Stop`) gives
/// `TeamsError::ScriptFailed`; a failing `Connect-MicrosoftTeams` that does not exist
/// gives `TeamsError::ModuleMissing`. Tokens travel only in the stdin text.
pub async fn run_script(
    host: &PowerShellHost,
    script: &RenderedScript,
    tokens: &TeamsTokens,
    options: &RunOptions,
) -> Result<ScriptOutcome, TeamsError> {
    tokens.validate()?;
    let redactor = tokens.redactor();
    let marker = Marker::fresh();
    tracing::debug!(host = %host.path.display(), kind = ?host.kind, "running a Teams PowerShell script");
    let finished = run_host(&host.path, wrap(script, tokens, &marker), options).await?;
    let stderr_tail = StderrTail::of(&finished.stderr, &redactor).into_string();
    let framed = framing::parse(&finished.stdout, &marker)
        .map_err(|reason| TeamsError::OutputUnreadable { reason })?;
    let errors: Vec<ErrorRecord> = framed
        .errors
        .into_iter()
        .map(|record| redacted(record, &redactor))
        .collect();
    if let Some(first) = errors.first() {
        tracing::debug!(cmdlet = %first.cmdlet, id = %first.fully_qualified_error_id, "the Teams script failed");
        if first.cmdlet.eq_ignore_ascii_case("Connect-MicrosoftTeams")
            && first.is_command_not_found()
        {
            return Err(TeamsError::ModuleMissing);
        }
        return Err(TeamsError::ScriptFailed {
            errors,
            stderr_tail,
        });
    }
    if !framed.completed {
        return Err(TeamsError::Incomplete {
            exit_code: finished.exit_code,
            stderr_tail,
        });
    }
    Ok(ScriptOutcome {
        objects: framed.objects,
        errors,
        stderr_tail,
    })
}

/// Error messages come from the tenant and the host; one might quote a script line.
fn redacted(record: ErrorRecord, redactor: &Redactor) -> ErrorRecord {
    ErrorRecord {
        cmdlet: redactor.redact(&record.cmdlet),
        message: redactor.redact(&record.message),
        category: record.category,
        fully_qualified_error_id: redactor.redact(&record.fully_qualified_error_id),
    }
}
