//! What the Queued Tasks screen and the audit view show.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use switchboard_cache::{AuditId, AuditRecord, FieldChange, SbcId, TaskId, TaskRecord};
use switchboard_domain::{TaskFailure, TaskKind, TaskState, TenantId};
use switchboard_queue::QueueStatus;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskRow {
    pub id: TaskId,
    pub tenant_id: Option<TenantId>,
    pub sbc_id: Option<SbcId>,
    /// The tenant's short name or the SBC's name.
    pub target_name: String,
    pub kind: TaskKind,
    pub summary: String,
    pub state: TaskState,
    pub attempts: u32,
    pub max_attempts: u32,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// From the first start to the finish.
    #[ts(type = "number | null")]
    pub duration_ms: Option<i64>,
    pub created_by: String,
    pub failure: Option<TaskFailure>,
    /// Why it failed, or why a queued task waits for another attempt.
    pub error: Option<String>,
    /// When a queued task waiting for a retry runs again.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub depends_on: Option<TaskId>,
    pub rollback_of: Option<AuditId>,
}

impl From<&TaskRecord> for TaskRow {
    fn from(task: &TaskRecord) -> Self {
        TaskRow {
            id: task.id,
            tenant_id: task.target.tenant_id(),
            sbc_id: task.target.sbc_id(),
            target_name: task.target.name().to_owned(),
            kind: task.kind,
            summary: task.summary.clone(),
            state: task.state,
            attempts: task.attempts,
            max_attempts: task.max_attempts,
            created_at: task.created_at,
            started_at: task.started_at,
            finished_at: task.finished_at,
            duration_ms: task
                .started_at
                .zip(task.finished_at)
                .map(|(start, end)| (end - start).num_milliseconds()),
            created_by: task.created_by.clone(),
            failure: task.failure,
            error: task.error.clone(),
            next_attempt_at: (task.state == TaskState::Queued && task.next_attempt_at > Utc::now())
                .then_some(task.next_attempt_at),
            depends_on: task.depends_on,
            rollback_of: task.rollback_of,
        }
    }
}

/// One task with what it will send (or sent) and what came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskDetail {
    pub row: TaskRow,
    /// The rendered script or the exact API calls, secrets masked.
    pub dry_run: String,
    pub output: Option<String>,
}

impl From<&TaskRecord> for TaskDetail {
    fn from(task: &TaskRecord) -> Self {
        TaskDetail {
            row: task.into(),
            dry_run: task.dry_run.clone(),
            output: task.output.clone(),
        }
    }
}

/// Which tasks to show; empty `states` means every state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskFilterInput {
    pub tenant_id: Option<TenantId>,
    pub sbc_id: Option<SbcId>,
    #[serde(default)]
    pub states: Vec<TaskState>,
    pub kind: Option<TaskKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskList {
    /// Newest first.
    pub rows: Vec<TaskRow>,
    pub queue: QueueStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditRow {
    pub id: AuditId,
    pub tenant_id: Option<TenantId>,
    pub sbc_id: Option<SbcId>,
    pub target_name: String,
    pub occurred_at: DateTime<Utc>,
    pub initiated_by: String,
    /// The kind of the task that made the change.
    pub action: String,
    pub target: Option<String>,
    pub summary: String,
    pub task_id: Option<TaskId>,
    pub changes: Vec<FieldChange>,
    /// Whether Switchboard knows how to undo this change.
    pub can_roll_back: bool,
    /// The task that undid it, once that succeeded.
    pub rolled_back_by: Option<TaskId>,
}

impl From<AuditRecord> for AuditRow {
    fn from(record: AuditRecord) -> Self {
        let entry = record.entry;
        AuditRow {
            id: record.id,
            tenant_id: entry.tenant_id,
            sbc_id: entry.sbc_id,
            target_name: entry.target_name,
            occurred_at: entry.occurred_at,
            initiated_by: entry.initiated_by,
            action: entry.action,
            target: entry.target,
            summary: entry.summary,
            task_id: entry.task_id,
            changes: entry.changes,
            can_roll_back: entry.rollback.is_some() && record.rolled_back_by.is_none(),
            rolled_back_by: record.rolled_back_by,
        }
    }
}

/// Where an export was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    pub path: String,
    pub rows: u32,
}

/// The drafts a prepared change stored, in the order they will run: the engineer reads
/// their dry-runs and confirms (or discards) the first, which takes the rest with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreparedChange {
    pub tasks: Vec<TaskDetail>,
}

/// Prefixes to add to one dial plan of an SBC, for one customer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrefixAddInput {
    pub sbc_id: SbcId,
    pub dial_plan: String,
    /// The rules' name: the customer's site on the SBC.
    pub rule_name: String,
    pub prefixes: Vec<String>,
    /// The tag routing the prefixes (e.g. the customer's PSTN gateway).
    pub tag: String,
}

/// A dial plan rule by its place on the device.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuleRef {
    pub dial_plan: String,
    pub index: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrefixRemoveInput {
    pub sbc_id: SbcId,
    pub rules: Vec<RuleRef>,
}

/// A number for one cached user. Assigning needs `number`; taking away defaults to the
/// user's cached number.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NumberChangeInput {
    pub tenant_id: TenantId,
    pub object_id: String,
    pub number: Option<String>,
    /// Granted with the number; empty leaves the user's policy as it is.
    pub voice_routing_policy: Option<String>,
}

switchboard_domain::string_enum! {
    /// The voice policies a user change grants.
    pub enum VoicePolicyType {
        VoiceRouting => "voiceRouting",
        DialPlan => "dialPlan",
        Calling => "calling",
    }
}

impl From<VoicePolicyType> for switchboard_graph::models::PolicyType {
    fn from(kind: VoicePolicyType) -> Self {
        use switchboard_graph::models::PolicyType;
        match kind {
            VoicePolicyType::VoiceRouting => PolicyType::OnlineVoiceRoutingPolicy,
            VoicePolicyType::DialPlan => PolicyType::TenantDialPlan,
            VoicePolicyType::Calling => PolicyType::TeamsCallingPolicy,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyGrantInput {
    pub tenant_id: TenantId,
    pub object_id: String,
    pub policy_type: VoicePolicyType,
    /// `None` removes the user's own grant (the tenant's global policy applies).
    pub policy_name: Option<String>,
}
