//! Tasks that change an SBC: a CLI script, or a customer's prefixes added to or removed
//! from a dial plan. The configuration is read before and after, so the audit holds the
//! lines that changed; prefix changes look at the dial plan first, so a change already
//! on the device is never pushed twice.

use chrono::Utc;
use switchboard_cache::{AuditEntry, DeviceRule, FieldChange, SbcId, TaskRecord};
use switchboard_queue::{Applied, Failure, Landing};
use switchboard_sbc::{parse_running_config, ClientOptions, SbcError};
use switchboard_sbc_cli::secret_values;
use switchboard_templates::{diff, ChangeKind};

use crate::sbcs::prefixes::device_rule;
use crate::tasks::payload::{PrefixRule, ScriptText, TaskPayload};
use crate::tasks::requests::ChangeRequest;
use crate::tasks::runner::{not_started, TaskRunner};

pub(crate) async fn execute(
    runner: &TaskRunner,
    task: &TaskRecord,
    payload: TaskPayload,
) -> Result<Applied, Failure> {
    let sbc_id = payload_sbc(&payload);
    let (device, client) = runner
        .remote
        .sbc_client(sbc_id, ClientOptions::default())
        .map_err(not_started)?;
    let before = client.running_config().await.map_err(failure)?;
    let rendered = || {
        payload
            .rendered
            .clone()
            .ok_or_else(|| Failure::permanent("The task has no rendered script; prepare it again."))
    };
    let (script, save) = match &payload.change {
        ChangeRequest::SbcScript { script, save, .. } => (script_text(runner, script)?, *save),
        ChangeRequest::PrefixAdd {
            dial_plan,
            rule_name,
            rules,
            ..
        } => {
            let present = matching_rules(&before, dial_plan, rule_name, rules)?;
            if present.len() == rules.len() {
                return Ok(already_done(
                    runner,
                    sbc_id,
                    &before,
                    "The prefixes were already on the device; nothing was sent.",
                ));
            }
            if !present.is_empty() {
                return Err(Failure::permanent(format!(
                    "Some of these prefixes are already in dial plan {dial_plan} ({}). Refresh the SBC's prefixes and ask only for the missing ones.",
                    present.iter().map(|r| r.prefix.as_str()).collect::<Vec<_>>().join(", ")
                )));
            }
            (rendered()?, true)
        }
        ChangeRequest::PrefixRemove {
            dial_plan, rules, ..
        } => {
            let current = dial_plan_rules(&before)?;
            let still = rules.iter().filter(|rule| current.contains(rule)).count();
            if still == 0 {
                return Ok(already_done(
                    runner,
                    sbc_id,
                    &before,
                    "The rules were already gone from the device; nothing was sent.",
                ));
            }
            if still < rules.len() || rules.iter().any(|rule| index_moved(&current, rule)) {
                return Err(Failure::permanent(format!(
                    "The rules of dial plan {dial_plan} changed on the device since this task was queued. Refresh the SBC's prefixes and choose the rules again."
                )));
            }
            (rendered()?, true)
        }
        _ => return Err(Failure::permanent("Not an SBC task.")),
    };
    let secrets = secret_values(&script);
    let applied = match client.apply_script(&script, save).await {
        Ok(applied) => applied,
        Err(error) if is_script(&payload) && sent_unconfirmed(&error) => {
            return Err(Failure::permanent(redact(
                format!(
                    "{} The SBC may have applied the script anyway, so it is not sent again: check the device's configuration, then retry or cancel the task.",
                    error.user_message()
                ),
                &secrets,
            )))
        }
        Err(error) => {
            let mut failure = failure(error);
            failure.reason = redact(failure.reason, &secrets);
            failure.output = failure.output.map(|output| redact(output, &secrets));
            return Err(failure);
        }
    };
    if let ChangeRequest::SbcScript { script, .. } = &payload.change {
        script.forget(runner.remote.secrets.as_ref());
    }
    let after = client.running_config().await.ok();
    let mut output = match (&applied.save_error, applied.saved) {
        (Some(error), _) => format!(
            "Applied, but saving the configuration failed: {}",
            error.user_message()
        ),
        (None, true) => "Applied, and the configuration saved.".to_owned(),
        (None, false) => "Applied; the configuration was not saved.".to_owned(),
    };
    if !applied.output.trim().is_empty() {
        output = format!(
            "{output}\n\n{}",
            redact(applied.output.trim_end().to_owned(), &secrets)
        );
    }
    if let Some(after) = &after {
        remember_prefixes(runner, sbc_id, after);
    }
    let changes = after
        .as_deref()
        .map(|after| config_changes(&before, after))
        .unwrap_or_default();
    let rollback = after.as_deref().and_then(|after| undo_of(&payload, after));
    Ok(Applied {
        output,
        audit: Some(audit(task, &device.fields.name, changes, rollback)),
    })
}

/// After a crash: a prefix change is looked up in the dial plan; a script cannot be
/// told from the configuration, so it fails for the engineer to check.
pub(crate) async fn confirm(
    runner: &TaskRunner,
    task: &TaskRecord,
    payload: TaskPayload,
) -> Landing {
    let name = task.target.name().to_owned();
    let (device, client) = match runner
        .remote
        .sbc_client(payload_sbc(&payload), ClientOptions::default())
    {
        Ok(opened) => opened,
        Err(error) => return Landing::Unknown(error.message),
    };
    let config = match client.running_config().await {
        Ok(config) => config,
        Err(error) => {
            return Landing::Unknown(format!(
                "Switchboard stopped while this task ran, and {name} could not be read to see whether it landed: {}",
                error.user_message()
            ))
        }
    };
    let landed = match &payload.change {
        ChangeRequest::PrefixAdd {
            dial_plan,
            rule_name,
            rules,
            ..
        } => match matching_rules(&config, dial_plan, rule_name, rules) {
            Ok(present) if present.len() == rules.len() => true,
            Ok(present) if present.is_empty() => false,
            _ => return Landing::Unknown(format!("Switchboard stopped while adding these prefixes, and only some of them are on {name}. Check dial plan {dial_plan}.")),
        },
        ChangeRequest::PrefixRemove { rules, .. } => match dial_plan_rules(&config) {
            Ok(current) => !rules.iter().any(|rule| current.contains(rule)),
            Err(failure) => return Landing::Unknown(failure.reason),
        },
        _ => {
            return Landing::Unknown(format!(
                "Switchboard stopped while pushing this script to {name}; whether the device applied it cannot be told from its configuration. Check the device, then retry or cancel the task."
            ))
        }
    };
    if !landed {
        return Landing::NotLanded;
    }
    remember_prefixes(runner, device.id, &config);
    Landing::Landed(Box::new(Applied {
        output: "Found on the device after Switchboard restarted.".to_owned(),
        audit: Some(audit(
            task,
            &device.fields.name,
            Vec::new(),
            undo_of(&payload, &config),
        )),
    }))
}

fn payload_sbc(payload: &TaskPayload) -> SbcId {
    match &payload.change {
        ChangeRequest::SbcScript { sbc_id, .. }
        | ChangeRequest::PrefixAdd { sbc_id, .. }
        | ChangeRequest::PrefixRemove { sbc_id, .. } => *sbc_id,
        // `execute` and `confirm` are only called with SBC payloads.
        _ => SbcId::new(0),
    }
}

fn script_text(runner: &TaskRunner, script: &ScriptText) -> Result<String, Failure> {
    script
        .read(runner.remote.secrets.as_ref())
        .map_err(Failure::transient)?
        .ok_or_else(|| {
            Failure::permanent(
                "The script's sealed copy is no longer in the keychain; queue the script again.",
            )
        })
}

fn is_script(payload: &TaskPayload) -> bool {
    matches!(payload.change, ChangeRequest::SbcScript { .. })
}

/// The script went out but no answer says what the device did with it (a timeout, a
/// server error): pushing it again could apply it twice.
fn sent_unconfirmed(error: &SbcError) -> bool {
    matches!(error, SbcError::Timeout)
        || matches!(error, SbcError::UnexpectedStatus { status, .. } if *status >= 500)
}

/// The device echoes the lines it refuses; a password among them stays out of the cache.
fn redact(mut text: String, secrets: &[String]) -> String {
    for secret in secrets {
        text = text.replace(secret.as_str(), "********");
    }
    text
}

fn failure(error: SbcError) -> Failure {
    let output = match &error {
        SbcError::ScriptRejected { output, .. } => Some(output.clone()),
        _ => None,
    };
    Failure {
        transient: error.is_transient(),
        reason: error.user_message(),
        retry_after: None,
        output,
    }
}

fn dial_plan_rules(config: &str) -> Result<Vec<DeviceRule>, Failure> {
    let parsed = parse_running_config(config)
        .map_err(|error| Failure::permanent(SbcError::from(error).user_message()))?;
    Ok(parsed.dial_plan_rules().iter().map(device_rule).collect())
}

/// The rules of `rules` already in the dial plan under `rule_name`.
fn matching_rules(
    config: &str,
    dial_plan: &str,
    rule_name: &str,
    rules: &[PrefixRule],
) -> Result<Vec<DeviceRule>, Failure> {
    Ok(dial_plan_rules(config)?
        .into_iter()
        .filter(|rule| {
            rule.dial_plan == dial_plan
                && rule.name == rule_name
                && rules.iter().any(|wanted| wanted.prefix == rule.prefix)
        })
        .collect())
}

/// Another rule now sits at `rule`'s index: removing by index would hit the wrong one.
fn index_moved(current: &[DeviceRule], rule: &DeviceRule) -> bool {
    current
        .iter()
        .any(|c| c.dial_plan == rule.dial_plan && c.index == rule.index && c != rule)
}

/// What undoes the change, read from the configuration after it.
fn undo_of(payload: &TaskPayload, after: &str) -> Option<Vec<ChangeRequest>> {
    match &payload.change {
        ChangeRequest::PrefixAdd {
            sbc_id,
            dial_plan,
            rule_name,
            rules,
            ..
        } => {
            let added = matching_rules(after, dial_plan, rule_name, rules).ok()?;
            Some(vec![ChangeRequest::PrefixRemove {
                sbc_id: *sbc_id,
                dial_plan: dial_plan.clone(),
                rules: added,
            }])
        }
        ChangeRequest::PrefixRemove {
            sbc_id,
            dial_plan,
            rules,
            ..
        } => Some(vec![ChangeRequest::PrefixAdd {
            sbc_id: *sbc_id,
            dial_plan: dial_plan.clone(),
            rule_name: rules.first()?.name.clone(),
            rules: rules
                .iter()
                .map(|rule| PrefixRule {
                    prefix: rule.prefix.clone(),
                    tag: rule.tag.clone(),
                })
                .collect(),
        }]),
        _ => None,
    }
}

/// The configuration lines that changed, one entry per line removed or added.
fn config_changes(before: &str, after: &str) -> Vec<FieldChange> {
    diff(before, after)
        .into_iter()
        .filter(|row| row.kind != ChangeKind::Unchanged)
        .map(|row| FieldChange {
            field: format!(
                "configuration line {}",
                row.new_line.or(row.old_line).unwrap_or(0)
            ),
            old_value: row.old_text,
            new_value: row.new_text,
        })
        .collect()
}

/// The dial plan rules the cache shows stay what the device has now.
fn remember_prefixes(runner: &TaskRunner, sbc_id: SbcId, config: &str) {
    let stored = dial_plan_rules(config)
        .map_err(|failure| failure.reason)
        .and_then(|rules| {
            runner
                .remote
                .cache
                .replace_sbc_prefixes(sbc_id, &rules)
                .map_err(|error| error.to_string())
        });
    if let Err(reason) = stored {
        tracing::warn!(sbc = %sbc_id, %reason, "the SBC's prefixes were not refreshed after a change");
    }
}

/// A prefix change found already on the device: it succeeds without sending anything.
fn already_done(runner: &TaskRunner, sbc_id: SbcId, config: &str, output: &str) -> Applied {
    remember_prefixes(runner, sbc_id, config);
    Applied {
        output: output.to_owned(),
        audit: None,
    }
}

fn audit(
    task: &TaskRecord,
    device_name: &str,
    changes: Vec<FieldChange>,
    rollback: Option<Vec<ChangeRequest>>,
) -> AuditEntry {
    AuditEntry {
        tenant_id: None,
        sbc_id: task.target.sbc_id(),
        target_name: device_name.to_owned(),
        occurred_at: Utc::now(),
        initiated_by: task.created_by.clone(),
        action: task.kind.as_str().to_owned(),
        target: Some(device_name.to_owned()),
        summary: task.summary.clone(),
        task_id: None,
        rollback: rollback
            .map(|requests| serde_json::to_string(&requests).expect("requests serialize")),
        changes,
    }
}
