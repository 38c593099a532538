//! The Queued Tasks commands: every change to a tenant or an SBC is prepared as a draft
//! with its dry-run, confirmed by the engineer, run by the queue's worker, and recorded
//! in the audit, from where it can be rolled back through the queue again.

mod export;
pub(crate) mod payload;
mod planning;
pub(crate) mod requests;
mod runner;
mod sbc_work;
mod user_work;
pub(crate) mod views;
mod voice_work;

use std::path::Path;
use std::time::Duration;

use switchboard_cache::{AuditFilter, AuditId, TaskFilter, TaskId, TaskRecord};
use switchboard_domain::TaskState;
use switchboard_graph::models::{NumberType, PolicyType};
use switchboard_graph::OperationPolling;
use switchboard_queue::{Queue, QueueEvent, QueueSettings, QueueStatus};
use tokio::runtime::Handle;

use crate::context::AppContext;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::outbound_http::OutboundHttp;
use crate::remote_access::RemoteAccess;
use crate::tasks::payload::{PrefixRule, UserRef};
use crate::tasks::requests::ChangeRequest;
use crate::tasks::runner::TaskRunner;
use crate::tasks::views::{
    AuditRow, ExportedFile, NumberChangeInput, PolicyGrantInput, PrefixAddInput, PrefixRemoveInput,
    PreparedChange, TaskDetail, TaskFilterInput, TaskList, TaskRow,
};

/// How many tasks the screen lists; older ones stay in the cache and the audit.
const LIST_LIMIT: u32 = 5_000;

/// How the queue paces itself and follows Microsoft's long-running operations; tests,
/// drills and benchmarks shorten the waits.
#[derive(Debug, Clone)]
pub struct QueueTuning {
    pub settings: QueueSettings,
    pub polling: OperationPolling,
}

impl QueueTuning {
    /// The app's own pacing, for the world in `data_dir`.
    pub(crate) fn for_world(data_dir: &Path) -> QueueTuning {
        QueueTuning {
            settings: QueueSettings {
                workstation: workstation_name(data_dir),
                ..QueueSettings::default()
            },
            polling: OperationPolling {
                interval: Duration::from_secs(1),
                ..OperationPolling::default()
            },
        }
    }
}

/// The worker of this world's queue on the services runtime, held until the app can
/// reach its targets (see `AppContext::attach_sandbox`).
pub(crate) fn start_queue(
    runtime: &Handle,
    remote: &RemoteAccess,
    http: &OutboundHttp,
    tuning: QueueTuning,
) -> Queue {
    let runner = TaskRunner {
        remote: remote.clone(),
        http: http.clone(),
        polling: tuning.polling,
        graphs: Default::default(),
    };
    Queue::held(
        runtime,
        remote.cache.clone(),
        std::sync::Arc::new(runner),
        tuning.settings,
    )
}

/// This installation's name in claim owners: the computer and the data folder, since
/// only one Switchboard runs per data folder. Another workstation sharing the queue has
/// another name, so its claims are trusted until their lease ends.
fn workstation_name(data_dir: &Path) -> String {
    format!("{}:{}", host_name(), data_dir.display())
}

/// `COMPUTERNAME` on Windows, the kernel's host name elsewhere.
fn host_name() -> String {
    std::env::var("COMPUTERNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "this-computer".to_owned())
}

impl AppContext {
    pub fn list_tasks(&self, filter: &TaskFilterInput) -> Result<TaskList, ApiError> {
        let rows = self
            .cache()
            .list_tasks(&TaskFilter {
                tenant: filter.tenant_id,
                sbc: filter.sbc_id,
                states: filter.states.clone(),
                kind: filter.kind,
                limit: Some(LIST_LIMIT),
            })?
            .iter()
            .map(TaskRow::from)
            .collect();
        Ok(TaskList {
            rows,
            queue: self.queue().status(),
        })
    }

    pub fn task_detail(&self, task_id: TaskId) -> Result<TaskDetail, ApiError> {
        Ok((&self.cache().task(task_id)?).into())
    }

    /// Confirms a draft and the drafts chained after it: they join the queue.
    pub fn confirm_change(&self, task_id: TaskId) -> Result<TaskRow, ApiError> {
        let first = self.cache().confirm_draft(task_id)?;
        let mut last = first.id;
        while let Some(next) = self.next_draft_after(last)? {
            last = self.cache().confirm_draft(next)?.id;
        }
        self.changed(&first);
        self.queue().wake();
        tracing::info!(task = %task_id, "change confirmed and queued");
        Ok((&first).into())
    }

    /// Removes a draft and the drafts chained after it; nothing was sent.
    pub fn discard_change(&self, task_id: TaskId) -> Result<(), ApiError> {
        let mut chain = vec![self.cache().task(task_id)?];
        while let Some(next) = self.next_draft_after(chain.last().expect("not empty").id)? {
            chain.push(self.cache().task(next)?);
        }
        for draft in chain.iter().rev() {
            self.cache().discard_draft(draft.id)?;
            if let Ok(payload::TaskPayload {
                change: ChangeRequest::SbcScript { script, .. },
                ..
            }) = payload::TaskPayload::from_json(&draft.payload)
            {
                script.forget(self.secrets());
            }
        }
        self.changed(&chain[0]);
        Ok(())
    }

    pub fn cancel_task(&self, task_id: TaskId) -> Result<TaskRow, ApiError> {
        let task = self.cache().cancel_task(task_id)?;
        self.changed(&task);
        Ok((&task).into())
    }

    /// Queues a failed or cancelled task again; with `chain`, the tasks after it too.
    pub fn retry_task(&self, task_id: TaskId, chain: bool) -> Result<TaskRow, ApiError> {
        let task = self.cache().retry_task(task_id, chain)?;
        self.changed(&task);
        self.queue().wake();
        Ok((&task).into())
    }

    pub fn postpone_task(&self, task_id: TaskId) -> Result<TaskRow, ApiError> {
        let task = self.cache().postpone_task(task_id)?;
        self.changed(&task);
        Ok((&task).into())
    }

    pub fn release_task(&self, task_id: TaskId) -> Result<TaskRow, ApiError> {
        let task = self.cache().release_task(task_id)?;
        self.changed(&task);
        self.queue().wake();
        Ok((&task).into())
    }

    /// Runs queued tasks now: the chosen ones (even while paused), or all with `None`.
    pub fn process_tasks(&self, task_ids: Option<Vec<TaskId>>) -> Result<QueueStatus, ApiError> {
        self.queue().process(task_ids.as_deref())?;
        Ok(self.queue().status())
    }

    pub fn pause_queue(&self) -> QueueStatus {
        self.queue().pause();
        tracing::info!("queue paused");
        self.queue().status()
    }

    pub fn resume_queue(&self) -> QueueStatus {
        self.queue().resume();
        tracing::info!("queue resumed");
        self.queue().status()
    }

    /// Every change the queue made for a tenant or an SBC (or all), newest first.
    pub fn list_audit(
        &self,
        tenant_id: Option<switchboard_domain::TenantId>,
        sbc_id: Option<switchboard_cache::SbcId>,
    ) -> Result<Vec<AuditRow>, ApiError> {
        Ok(self
            .cache()
            .list_audit(&AuditFilter {
                tenant: tenant_id,
                sbc: sbc_id,
                limit: Some(LIST_LIMIT),
            })?
            .into_iter()
            .map(AuditRow::from)
            .collect())
    }

    /// Prepares the tasks that undo an audited change, as drafts to confirm.
    pub fn rollback_change(&self, audit_id: AuditId) -> Result<PreparedChange, ApiError> {
        let record = self.cache().audit_entry(audit_id)?;
        if let Some(task) = record.rolled_back_by {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!("This change was already rolled back by task {task}."),
            ));
        }
        let requests: Vec<ChangeRequest> = record
            .entry
            .rollback
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Conflict,
                    format!(
                        "Switchboard cannot undo \"{}\" on its own; change it back by hand.",
                        record.entry.summary
                    ),
                )
            })?;
        let mut tasks = Vec::with_capacity(requests.len());
        for (step, request) in requests.iter().enumerate() {
            let mut task = self.plan(request, TaskState::Draft)?;
            task.rollback_of = Some(audit_id);
            task.summary = format!("Roll back: {}", task.summary);
            task.idempotency_key = format!("rollback:{audit_id}:{step}");
            tasks.push(task);
        }
        self.store_drafts(&tasks)
    }

    pub fn prepare_sbc_script(
        &self,
        sbc_id: switchboard_cache::SbcId,
        script: &str,
        save: bool,
    ) -> Result<PreparedChange, ApiError> {
        if script.trim().is_empty() {
            return Err(ApiError::validation(vec![FieldError {
                field: "script".to_owned(),
                code: "script.empty".to_owned(),
                message: "Enter the CLI commands to run on the SBC.".to_owned(),
            }]));
        }
        self.cache().sbc(sbc_id)?;
        let script = payload::ScriptText::store(script, self.secrets())?;
        self.prepare(&[ChangeRequest::SbcScript {
            sbc_id,
            script,
            save,
        }])
    }

    pub fn prepare_prefix_add(&self, input: &PrefixAddInput) -> Result<PreparedChange, ApiError> {
        let prefixes: Vec<&str> = input
            .prefixes
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        self.prepare(&[ChangeRequest::PrefixAdd {
            sbc_id: input.sbc_id,
            dial_plan: input.dial_plan.trim().to_owned(),
            rule_name: input.rule_name.trim().to_owned(),
            rules: prefixes
                .into_iter()
                .map(|prefix| PrefixRule {
                    prefix: prefix.to_owned(),
                    tag: input.tag.trim().to_owned(),
                })
                .collect(),
        }])
    }

    /// Removes the chosen cached rules, one task per dial plan.
    pub fn prepare_prefix_remove(
        &self,
        input: &PrefixRemoveInput,
    ) -> Result<PreparedChange, ApiError> {
        let cached = self.cache().sbc_prefixes(input.sbc_id)?;
        let mut by_plan: Vec<(String, Vec<switchboard_cache::DeviceRule>)> = Vec::new();
        for wanted in &input.rules {
            let rule = cached
                .iter()
                .find(|r| r.dial_plan == wanted.dial_plan && r.rule_index == Some(wanted.index))
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::NotFound,
                        format!(
                            "Rule {} of dial plan {} is not in the SBC's cached prefixes; refresh them first.",
                            wanted.index, wanted.dial_plan
                        ),
                    )
                })?;
            let device_rule = switchboard_cache::DeviceRule {
                dial_plan: rule.dial_plan.clone(),
                index: wanted.index,
                name: rule.rule_name.clone(),
                prefix: rule.prefix.clone(),
                tag: rule.tag.clone(),
            };
            match by_plan.iter_mut().find(|(plan, _)| *plan == rule.dial_plan) {
                Some((_, rules)) => rules.push(device_rule),
                None => by_plan.push((rule.dial_plan.clone(), vec![device_rule])),
            }
        }
        let requests: Vec<ChangeRequest> = by_plan
            .into_iter()
            .map(|(dial_plan, rules)| ChangeRequest::PrefixRemove {
                sbc_id: input.sbc_id,
                dial_plan,
                rules,
            })
            .collect();
        self.prepare(&requests)
    }

    /// Assigns a Direct Routing number to a cached user, with a voice routing policy.
    pub fn prepare_number_assign(
        &self,
        input: &NumberChangeInput,
    ) -> Result<PreparedChange, ApiError> {
        let user = self.user_ref(input.tenant_id, &input.object_id)?;
        let number = input.number.clone().ok_or_else(|| {
            ApiError::validation(vec![FieldError {
                field: "number".to_owned(),
                code: "number.missing".to_owned(),
                message: "Enter the number to assign, in international form such as +442079460018."
                    .to_owned(),
            }])
        })?;
        self.prepare(&[ChangeRequest::NumberAssign {
            tenant_id: input.tenant_id,
            user,
            number,
            number_type: NumberType::DirectRouting,
            voice_routing_policy: input
                .voice_routing_policy
                .clone()
                .filter(|p| !p.trim().is_empty()),
        }])
    }

    /// Takes a cached user's number away.
    pub fn prepare_number_unassign(
        &self,
        input: &NumberChangeInput,
    ) -> Result<PreparedChange, ApiError> {
        let user = self.user_ref(input.tenant_id, &input.object_id)?;
        let cached = self.cache().user(input.tenant_id, &input.object_id)?;
        let number = input
            .number
            .clone()
            .or_else(|| {
                cached
                    .record
                    .line_uri
                    .as_deref()
                    .map(|uri| uri.trim_start_matches("tel:").to_owned())
            })
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Conflict,
                    format!("{} has no phone number to take away.", user.upn),
                )
            })?;
        self.prepare(&[ChangeRequest::NumberUnassign {
            tenant_id: input.tenant_id,
            user,
            number,
            number_type: NumberType::DirectRouting,
        }])
    }

    pub fn prepare_policy_grant(
        &self,
        input: &PolicyGrantInput,
    ) -> Result<PreparedChange, ApiError> {
        let user = self.user_ref(input.tenant_id, &input.object_id)?;
        let policy_type: PolicyType = input.policy_type.into();
        self.prepare(&[ChangeRequest::PolicyGrant {
            tenant_id: input.tenant_id,
            user,
            policy_type,
            policy_name: input.policy_name.clone(),
        }])
    }

    /// Plans every request and stores the tasks as a chain of drafts.
    pub(crate) fn prepare(&self, requests: &[ChangeRequest]) -> Result<PreparedChange, ApiError> {
        let tasks = requests
            .iter()
            .map(|request| self.plan(request, TaskState::Draft))
            .collect::<Result<Vec<_>, _>>()?;
        self.store_drafts(&tasks)
    }

    fn store_drafts(
        &self,
        tasks: &[switchboard_cache::NewTask],
    ) -> Result<PreparedChange, ApiError> {
        let ids = self.cache().enqueue_with(tasks, |_| Ok(()))?;
        let tasks = ids
            .iter()
            .map(|id| self.task_detail(*id))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(first) = tasks.first() {
            self.queue().announce(QueueEvent::task(
                first.row.id,
                first.row.tenant_id,
                TaskState::Draft,
            ));
        }
        Ok(PreparedChange { tasks })
    }

    fn user_ref(
        &self,
        tenant_id: switchboard_domain::TenantId,
        object_id: &str,
    ) -> Result<UserRef, ApiError> {
        let user = self.cache().user(tenant_id, object_id)?;
        Ok(UserRef {
            object_id: user.record.object_id,
            upn: user.record.upn,
        })
    }

    /// The draft that depends on `id`, if any.
    fn next_draft_after(&self, id: TaskId) -> Result<Option<TaskId>, ApiError> {
        Ok(self
            .cache()
            .list_tasks(&TaskFilter {
                states: vec![TaskState::Draft],
                ..TaskFilter::default()
            })?
            .iter()
            .find(|task: &&TaskRecord| task.depends_on == Some(id))
            .map(|task| task.id))
    }

    /// Refuses to delete a tenant or SBC while one of its tasks runs: the task's outcome
    /// and audit entry would have nowhere to go.
    pub(crate) fn refuse_while_changing(
        &self,
        filter: TaskFilter,
        name: &str,
    ) -> Result<(), ApiError> {
        let running = self.cache().list_tasks(&TaskFilter {
            states: vec![TaskState::Executing],
            limit: Some(1),
            ..filter
        })?;
        match running.first() {
            Some(task) => Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "{name} cannot be deleted while task {} (\"{}\") is changing it. Wait for it to end, then delete again.",
                    task.id, task.summary
                ),
            )),
            None => Ok(()),
        }
    }

    /// Tells listeners (the window) that a task changed outside the worker.
    fn changed(&self, task: &TaskRecord) {
        self.queue().announce(QueueEvent::task(
            task.id,
            task.target.tenant_id(),
            task.state,
        ));
    }

    /// The queue's announcements, for the shell to forward to the window.
    pub fn subscribe_queue(&self) -> tokio::sync::broadcast::Receiver<QueueEvent> {
        self.queue().subscribe()
    }

    /// Writes the tasks `filter` selects as CSV into the exports folder.
    pub fn export_tasks(&self, filter: &TaskFilterInput) -> Result<ExportedFile, ApiError> {
        let rows = self.list_tasks(filter)?.rows;
        export::write_csv(&self.paths().data_dir.join("exports"), &rows)
    }
}
