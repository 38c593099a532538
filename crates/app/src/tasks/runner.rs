//! The queue's executor: reads a task's payload and hands it to the work of its kind.
//! It holds no `AppContext`, only what reaching a target takes, so it runs on the
//! services runtime for as long as the queue does.

use chrono::Utc;
use futures::future::BoxFuture;
use futures::FutureExt;
use switchboard_cache::{AuditEntry, FieldChange, TaskRecord};
use switchboard_graph::OperationPolling;
use switchboard_queue::{Applied, Executor, Failure, Landing};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use switchboard_domain::TenantId;
use switchboard_graph::GraphClient;

use crate::error::ApiError;
use crate::outbound_http::OutboundHttp;
use crate::remote_access::RemoteAccess;
use crate::replication::credentials::CredentialKey;
use crate::tasks::payload::TaskPayload;
use crate::tasks::requests::ChangeRequest;
use crate::tasks::{sbc_work, user_work, voice_work};

#[derive(Clone)]
pub(crate) struct TaskRunner {
    pub(crate) remote: RemoteAccess,
    /// Read when a tenant's client is made, so a changed proxy applies to new sign-ins.
    pub(crate) http: OutboundHttp,
    /// How a number assignment's long-running operation is followed.
    pub(crate) polling: OperationPolling,
    /// One Graph client per tenant, so its tasks share one sign-in and its tokens
    /// (Microsoft throttles sign-ins too); made again when the credential changes.
    pub(crate) graphs: Arc<Mutex<HashMap<TenantId, (CredentialKey, GraphClient)>>>,
}

impl TaskRunner {
    pub(crate) fn tenant_graph(&self, tenant_id: TenantId) -> Result<GraphClient, ApiError> {
        let cache = &self.remote.cache;
        let key = CredentialKey::of(&cache.tenant_auth(tenant_id)?);
        let mut graphs = self
            .graphs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((built_from, client)) = graphs.get(&tenant_id) {
            if *built_from == key {
                return Ok(client.clone());
            }
        }
        let tenant = cache.tenant(tenant_id)?;
        let client = self
            .remote
            .tenant_graph(&tenant, self.http.current())?
            .with_operation_polling(self.polling.clone());
        graphs.insert(tenant_id, (key, client.clone()));
        Ok(client)
    }
}

impl Executor for TaskRunner {
    fn execute(&self, task: TaskRecord) -> BoxFuture<'static, Result<Applied, Failure>> {
        let runner = self.clone();
        async move {
            let payload = TaskPayload::from_json(&task.payload).map_err(Failure::permanent)?;
            if payload.change.is_sbc() {
                sbc_work::execute(&runner, &task, payload).await
            } else if matches!(payload.change, ChangeRequest::Voice { .. }) {
                voice_work::execute(&runner, &task, payload).await
            } else {
                user_work::execute(&runner, &task, payload).await
            }
        }
        .boxed()
    }

    fn confirm(&self, task: TaskRecord) -> BoxFuture<'static, Landing> {
        let runner = self.clone();
        async move {
            let payload = match TaskPayload::from_json(&task.payload) {
                Ok(payload) => payload,
                Err(reason) => return Landing::Unknown(reason),
            };
            if payload.change.is_sbc() {
                sbc_work::confirm(&runner, &task, payload).await
            } else if matches!(payload.change, ChangeRequest::Voice { .. }) {
                voice_work::confirm(&runner, &task, payload).await
            } else {
                user_work::confirm(&runner, &task, payload).await
            }
        }
        .boxed()
    }
}

/// The audit entry of a change to a tenant, made by `task`: the queue adds the task id.
pub(crate) fn tenant_audit(
    task: &TaskRecord,
    tenant_id: TenantId,
    target: String,
    rollback: Option<String>,
    changes: Vec<FieldChange>,
) -> AuditEntry {
    AuditEntry {
        tenant_id: Some(tenant_id),
        sbc_id: None,
        target_name: task.target.name().to_owned(),
        occurred_at: Utc::now(),
        initiated_by: task.created_by.clone(),
        action: task.kind.as_str().to_owned(),
        target: Some(target),
        summary: task.summary.clone(),
        task_id: None,
        rollback,
        changes,
    }
}

/// A failure before anything was sent (no target, no credentials): the engineer must
/// fix something, so it is not retried.
pub(crate) fn not_started(error: ApiError) -> Failure {
    Failure::permanent(error.message)
}
