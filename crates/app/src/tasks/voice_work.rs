//! Tasks that change a tenant's Direct Routing objects through Teams PowerShell. One
//! PowerShell run reads the objects, makes the change and reads them again, so the
//! audit knows the object before and after and the cache shows the change at once.

use chrono::Utc;
use serde_json::Value;
use switchboard_cache::{FieldChange, TaskRecord};
use switchboard_domain::TenantId;
use switchboard_queue::{Applied, Failure, Landing};
use switchboard_sync::{run_teams_script, store_voice_config, VoiceReadError};
use switchboard_teams::{RunOptions, TeamsError};
use switchboard_voice::{parse_read_output, read_script, VoiceChange, VoiceConfig};

use crate::tasks::payload::TaskPayload;
use crate::tasks::requests::ChangeRequest;
use crate::tasks::runner::{not_started, tenant_audit, TaskRunner};
use crate::voice::VOICE_READ_TIMEOUT;

const BEFORE: &str = "before";
const AFTER: &str = "after";

pub(crate) async fn execute(
    runner: &TaskRunner,
    task: &TaskRecord,
    payload: TaskPayload,
) -> Result<Applied, Failure> {
    let (tenant_id, change) = voice_change(&payload)?;
    // A later attempt may follow one that landed without its answer arriving.
    if task.attempts > 1 {
        let current = read(runner, tenant_id).await?;
        if change.landed(&current) {
            // Read before the cache learns the change: it still holds the object as it was.
            let before = cached_before(runner, tenant_id);
            remember(runner, tenant_id, &current);
            return Ok(outcome(
                task,
                tenant_id,
                change,
                &before,
                &current,
                "Found already made",
            ));
        }
    }
    let script = format!(
        "{}{}\n{}",
        read_script(BEFORE),
        change.script(),
        read_script(AFTER)
    );
    let objects = run(runner, tenant_id, &script).await?;
    let before =
        parse_read_output(&objects, BEFORE).map_err(|e| Failure::permanent(e.to_string()))?;
    let after =
        parse_read_output(&objects, AFTER).map_err(|e| Failure::permanent(e.to_string()))?;
    remember(runner, tenant_id, &after);
    if !change.landed(&after) {
        return Err(Failure::transient(format!(
            "Teams accepted \"{}\", but it does not show in the tenant's configuration yet.",
            change.summary()
        )));
    }
    Ok(outcome(task, tenant_id, change, &before, &after, "Done"))
}

pub(crate) async fn confirm(
    runner: &TaskRunner,
    task: &TaskRecord,
    payload: TaskPayload,
) -> Landing {
    let Ok((tenant_id, change)) = voice_change(&payload) else {
        return Landing::Unknown("The task's payload is not a Direct Routing change.".to_owned());
    };
    match read(runner, tenant_id).await {
        Ok(current) if change.landed(&current) => {
            let before = cached_before(runner, tenant_id);
            remember(runner, tenant_id, &current);
            Landing::Landed(Box::new(outcome(task, tenant_id, change, &before, &current, "Found in the tenant after Switchboard restarted")))
        }
        Ok(_) => Landing::NotLanded,
        Err(failure) => Landing::Unknown(format!(
            "Switchboard stopped while this task ran, and the tenant's configuration could not be read to see whether it landed: {}",
            failure.reason
        )),
    }
}

fn voice_change(payload: &TaskPayload) -> Result<(TenantId, &VoiceChange), Failure> {
    match &payload.change {
        ChangeRequest::Voice { tenant_id, change } => Ok((*tenant_id, change)),
        _ => Err(Failure::permanent("Not a Direct Routing task.")),
    }
}

async fn read(runner: &TaskRunner, tenant_id: TenantId) -> Result<VoiceConfig, Failure> {
    let objects = run(runner, tenant_id, &read_script(AFTER)).await?;
    let config =
        parse_read_output(&objects, AFTER).map_err(|e| Failure::permanent(e.to_string()))?;
    Ok(config)
}

async fn run(
    runner: &TaskRunner,
    tenant_id: TenantId,
    script: &str,
) -> Result<Vec<Value>, Failure> {
    let graph = runner.tenant_graph(tenant_id).map_err(not_started)?;
    let host = runner.remote.powershell_host().map_err(not_started)?;
    let options = RunOptions::with_timeout(VOICE_READ_TIMEOUT);
    run_teams_script(&graph, &host, script, &options)
        .await
        .map_err(failure)
}

/// The cached configuration, which is what the tenant had before when the change's
/// own reading was lost (it is stored only after a change).
fn cached_before(runner: &TaskRunner, tenant_id: TenantId) -> VoiceConfig {
    switchboard_sync::cached_voice_config(&runner.remote.cache, tenant_id)
        .map(|(config, _)| config)
        .unwrap_or_default()
}

/// The cache shows the tenant's objects as they are now, without waiting for replication.
fn remember(runner: &TaskRunner, tenant_id: TenantId, config: &VoiceConfig) {
    if let Err(error) = store_voice_config(&runner.remote.cache, tenant_id, config, Utc::now()) {
        tracing::warn!(tenant = %tenant_id, %error, "the cached voice objects were not updated after the change");
    }
}

fn outcome(
    task: &TaskRecord,
    tenant_id: TenantId,
    change: &VoiceChange,
    before: &VoiceConfig,
    after: &VoiceConfig,
    verb: &str,
) -> Applied {
    let (_, kind, name) = change.target();
    let rollback = change.undo(before).map(|undo| {
        let requests = vec![ChangeRequest::Voice {
            tenant_id,
            change: undo,
        }];
        serde_json::to_string(&requests).expect("requests serialize")
    });
    Applied {
        output: format!("{verb}: {}", task.summary),
        audit: Some(tenant_audit(
            task,
            tenant_id,
            format!("{} {name}", kind.label()),
            rollback,
            field_changes(change.object_in(before), change.object_in(after)),
        )),
    }
}

/// Field by field, the object's values before and after (a whole object when it was
/// added or removed), in the order of the object's fields.
fn field_changes(before: Option<Value>, after: Option<Value>) -> Vec<FieldChange> {
    let fields = |value: Option<Value>| -> Vec<(String, String)> {
        match value {
            Some(Value::Object(map)) => map.into_iter().map(|(k, v)| (k, text(&v))).collect(),
            Some(other) => vec![("name".to_owned(), text(&other))],
            None => Vec::new(),
        }
    };
    let (old, new) = (fields(before), fields(after));
    let value = |list: &[(String, String)], name: &str| {
        list.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    };
    // Both sides have the same fields unless one is absent, so one side names them all.
    let names = if new.is_empty() { &old } else { &new };
    names
        .iter()
        .filter_map(|(name, _)| {
            let (old_value, new_value) = (value(&old, name), value(&new, name));
            (old_value != new_value).then(|| FieldChange {
                field: name.clone(),
                old_value,
                new_value,
            })
        })
        .collect()
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn failure(error: VoiceReadError) -> Failure {
    let transient = match &error {
        VoiceReadError::Token(graph) => graph.is_transient(),
        VoiceReadError::Teams(teams) => {
            matches!(
                teams,
                TeamsError::TimedOut { .. }
                    | TeamsError::Incomplete { .. }
                    | TeamsError::Io(_)
                    | TeamsError::OutputUnreadable { .. }
            ) || throttled(teams)
        }
        VoiceReadError::Voice(_) => false,
    };
    let reason = error.user_message();
    if transient {
        Failure::transient(reason)
    } else {
        Failure::permanent(reason)
    }
}

/// Teams PowerShell reports throttling as an error record, not a status code.
fn throttled(error: &TeamsError) -> bool {
    let TeamsError::ScriptFailed { errors, .. } = error else {
        return false;
    };
    errors.iter().any(|e| {
        e.category == "LimitsExceeded"
            || e.message.contains("429")
            || e.message.to_ascii_lowercase().contains("too many requests")
    })
}
