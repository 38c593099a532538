//! Tasks that change one Teams user through Microsoft Graph: a phone number assigned
//! (with its voice routing policy) or taken away, a voice policy granted. The user's
//! values are read and noted on the task before anything is sent, so the audit and the
//! rollback know them even when Switchboard stops halfway.

use serde::{Deserialize, Serialize};
use switchboard_cache::{FieldChange, TaskRecord};
use switchboard_domain::{PhoneNumber, TenantId};
use switchboard_graph::models::{
    AssignmentCategory, NumberType, PolicyType, TeamsUserConfiguration,
};
use switchboard_graph::{GraphClient, GraphError};
use switchboard_queue::{Applied, Failure, Landing};

use crate::tasks::payload::{TaskPayload, UserRef};
use crate::tasks::requests::ChangeRequest;
use crate::tasks::runner::{not_started, tenant_audit, TaskRunner};

/// The user's values a change touches, as read before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserValues {
    number: Option<String>,
    voice_routing_policy: Option<String>,
    /// The policy of the type a grant changes.
    granted: Option<String>,
}

pub(crate) async fn execute(
    runner: &TaskRunner,
    task: &TaskRecord,
    payload: TaskPayload,
) -> Result<Applied, Failure> {
    let graph = graph_for(runner, task)?;
    let user = user_of(&payload);
    // A retry keeps what the first attempt found: by now the user may be half changed.
    let before = match noted_before(task) {
        Some(before) => before,
        None => {
            let before = read(&graph, &user.object_id, &payload).await?;
            note_before(runner, task, &before);
            before
        }
    };
    match &payload.change {
        ChangeRequest::NumberAssign {
            number,
            number_type,
            voice_routing_policy,
            ..
        } => {
            let number = phone(number)?;
            if before.number.as_deref() != Some(number.as_e164()) {
                graph
                    .assign_number(&user.object_id, &number, *number_type, None)
                    .await
                    .map_err(failure)?;
            }
            if let Some(policy) = voice_routing_policy {
                if before.voice_routing_policy.as_deref() != Some(policy.as_str()) {
                    graph
                        .assign_policy(
                            &user.object_id,
                            PolicyType::OnlineVoiceRoutingPolicy,
                            policy,
                        )
                        .await
                        .map_err(failure)?;
                }
            }
        }
        ChangeRequest::NumberUnassign {
            number,
            number_type,
            ..
        } => {
            let number = phone(number)?;
            let config = graph
                .user_configuration(&user.object_id)
                .await
                .map_err(failure)?;
            if config.holds(&number) {
                graph
                    .unassign_number(&number, *number_type)
                    .await
                    .map_err(failure)?;
            }
        }
        ChangeRequest::PolicyGrant {
            policy_type,
            policy_name,
            ..
        } => {
            if before.granted != *policy_name {
                match policy_name {
                    Some(name) => {
                        graph
                            .assign_policy(&user.object_id, *policy_type, name)
                            .await
                    }
                    None => graph.unassign_policy(&user.object_id, *policy_type).await,
                }
                .map_err(failure)?;
            }
        }
        _ => return Err(Failure::permanent("Not a user task.")),
    }
    let after = read(&graph, &user.object_id, &payload).await?;
    if !landed(&payload, &after) {
        return Err(Failure::transient(format!(
            "Microsoft 365 accepted the change for {}, but it does not show on the user yet.",
            user.upn
        )));
    }
    remember_user(runner, task, &user, &after);
    Ok(outcome(task, &payload, &before, &after, "Done"))
}

/// The cached user shows the change at once, without waiting for the next replication.
fn remember_user(runner: &TaskRunner, task: &TaskRecord, user: &UserRef, after: &UserValues) {
    let Some(tenant) = task.target.tenant_id() else {
        return;
    };
    let cache = &runner.remote.cache;
    let Ok(mut cached) = cache.user(tenant, &user.object_id) else {
        return;
    };
    cached.record.line_uri = after.number.as_deref().map(|number| {
        PhoneNumber::parse(number).map_or_else(|_| format!("tel:{number}"), |n| n.to_line_uri())
    });
    cached.record.voice_routing_policy = after.voice_routing_policy.clone();
    if cached.record.line_uri.is_some() {
        cached.record.enterprise_voice = true;
    }
    if let Err(error) = cache.upsert_users(tenant, &[cached.record]) {
        tracing::warn!(task = %task.id, %error, "the cached user was not updated after the change");
    }
}

/// After a crash: the user is read, and the task succeeds if its change shows there.
pub(crate) async fn confirm(
    runner: &TaskRunner,
    task: &TaskRecord,
    payload: TaskPayload,
) -> Landing {
    let graph = match graph_for(runner, task) {
        Ok(graph) => graph,
        Err(failure) => return Landing::Unknown(failure.reason),
    };
    let user = user_of(&payload);
    let after = match read(&graph, &user.object_id, &payload).await {
        Ok(after) => after,
        Err(failure) => {
            return Landing::Unknown(format!(
                "Switchboard stopped while this task ran, and {} could not be read to see whether it landed: {}",
                user.upn, failure.reason
            ))
        }
    };
    if !landed(&payload, &after) {
        return Landing::NotLanded;
    }
    // The values noted before the change was sent; without them, no rollback is offered.
    let applied = match noted_before(task) {
        Some(before) => outcome(
            task,
            &payload,
            &before,
            &after,
            "Found on the user after Switchboard restarted",
        ),
        None => Applied {
            output: "Found on the user after Switchboard restarted.".to_owned(),
            audit: None,
        },
    };
    Landing::Landed(Box::new(applied))
}

fn graph_for(runner: &TaskRunner, task: &TaskRecord) -> Result<GraphClient, Failure> {
    let tenant_id = task
        .target
        .tenant_id()
        .ok_or_else(|| Failure::permanent("A user task must name its tenant."))?;
    runner.tenant_graph(tenant_id).map_err(not_started)
}

fn user_of(payload: &TaskPayload) -> UserRef {
    match &payload.change {
        ChangeRequest::NumberAssign { user, .. }
        | ChangeRequest::NumberUnassign { user, .. }
        | ChangeRequest::PolicyGrant { user, .. } => user.clone(),
        _ => UserRef {
            object_id: String::new(),
            upn: String::new(),
        },
    }
}

async fn read(
    graph: &GraphClient,
    user_id: &str,
    payload: &TaskPayload,
) -> Result<UserValues, Failure> {
    let config = graph.user_configuration(user_id).await.map_err(failure)?;
    Ok(values(&config, payload))
}

fn values(config: &TeamsUserConfiguration, payload: &TaskPayload) -> UserValues {
    let policy = |policy_type| {
        config
            .policy(policy_type)
            .and_then(|p| p.display_name.clone())
            .filter(|name| !name.is_empty())
    };
    UserValues {
        number: config
            .number_in(AssignmentCategory::Primary)
            .map(str::to_owned),
        voice_routing_policy: policy(PolicyType::OnlineVoiceRoutingPolicy),
        granted: match &payload.change {
            ChangeRequest::PolicyGrant { policy_type, .. } => policy(*policy_type),
            _ => None,
        },
    }
}

fn landed(payload: &TaskPayload, after: &UserValues) -> bool {
    match &payload.change {
        ChangeRequest::NumberAssign {
            number,
            voice_routing_policy,
            ..
        } => {
            after.number.as_deref() == Some(number.as_str())
                && voice_routing_policy
                    .as_ref()
                    .is_none_or(|policy| after.voice_routing_policy.as_ref() == Some(policy))
        }
        ChangeRequest::NumberUnassign { number, .. } => {
            after.number.as_deref() != Some(number.as_str())
        }
        ChangeRequest::PolicyGrant { policy_name, .. } => after.granted == *policy_name,
        _ => false,
    }
}

/// The output, the audit entry and what undoes the change.
fn outcome(
    task: &TaskRecord,
    payload: &TaskPayload,
    before: &UserValues,
    after: &UserValues,
    verb: &str,
) -> Applied {
    let user = user_of(payload);
    let output = format!("{verb}: {}", task.summary);
    let Some(tenant_id) = task.target.tenant_id() else {
        return Applied {
            output,
            audit: None,
        };
    };
    let mut changes = Vec::new();
    let mut change = |field: &str, old: &Option<String>, new: &Option<String>| {
        if old != new {
            changes.push(FieldChange {
                field: field.to_owned(),
                old_value: old.clone(),
                new_value: new.clone(),
            });
        }
    };
    let mut undo = Vec::new();
    let policy_back = |policy_type, policy_name: &Option<String>| ChangeRequest::PolicyGrant {
        tenant_id,
        user: user.clone(),
        policy_type,
        policy_name: policy_name.clone(),
    };
    match &payload.change {
        ChangeRequest::NumberAssign {
            number_type,
            voice_routing_policy,
            ..
        } => {
            change("phoneNumber", &before.number, &after.number);
            change(
                "voiceRoutingPolicy",
                &before.voice_routing_policy,
                &after.voice_routing_policy,
            );
            undo.extend(restore_number(
                tenant_id,
                &user,
                before,
                after,
                *number_type,
            ));
            if voice_routing_policy.is_some()
                && before.voice_routing_policy != after.voice_routing_policy
            {
                undo.push(policy_back(
                    PolicyType::OnlineVoiceRoutingPolicy,
                    &before.voice_routing_policy,
                ));
            }
        }
        ChangeRequest::NumberUnassign { number_type, .. } => {
            change("phoneNumber", &before.number, &after.number);
            undo.extend(restore_number(
                tenant_id,
                &user,
                before,
                after,
                *number_type,
            ));
        }
        ChangeRequest::PolicyGrant { policy_type, .. } => {
            change(policy_type.graph_name(), &before.granted, &after.granted);
            if before.granted != after.granted {
                undo.push(policy_back(*policy_type, &before.granted));
            }
        }
        _ => {}
    }
    let rollback =
        (!undo.is_empty()).then(|| serde_json::to_string(&undo).expect("requests serialize"));
    Applied {
        output,
        audit: Some(tenant_audit(
            task,
            tenant_id,
            user.upn.clone(),
            rollback,
            changes,
        )),
    }
}

/// Gives the user back the number they had before (or takes the new one away).
fn restore_number(
    tenant_id: TenantId,
    user: &UserRef,
    before: &UserValues,
    after: &UserValues,
    number_type: NumberType,
) -> Option<ChangeRequest> {
    match (&before.number, &after.number) {
        (Some(old), new) if new.as_ref() != Some(old) => Some(ChangeRequest::NumberAssign {
            tenant_id,
            user: user.clone(),
            number: old.clone(),
            number_type,
            voice_routing_policy: None,
        }),
        (None, Some(new)) => Some(ChangeRequest::NumberUnassign {
            tenant_id,
            user: user.clone(),
            number: new.clone(),
            number_type,
        }),
        _ => None,
    }
}

/// The user's values an earlier attempt noted on the task, if any.
fn noted_before(task: &TaskRecord) -> Option<UserValues> {
    serde_json::from_str(task.output.as_deref()?).ok()
}

/// Writes the values read before the change on the task, for a restart to find.
fn note_before(runner: &TaskRunner, task: &TaskRecord, before: &UserValues) {
    let Some(claim) = &task.claim else { return };
    let noted = serde_json::to_string(before).expect("values serialize");
    if let Err(error) = runner
        .remote
        .cache
        .note_task_output(task.id, &claim.owner, &noted)
    {
        tracing::warn!(task = %task.id, %error, "the user's values before the change were not noted");
    }
}

fn phone(number: &str) -> Result<PhoneNumber, Failure> {
    PhoneNumber::parse(number).map_err(|e| Failure::permanent(e.message))
}

fn failure(error: GraphError) -> Failure {
    Failure {
        transient: error.is_transient(),
        reason: error.user_message(),
        retry_after: None,
        output: None,
    }
}
