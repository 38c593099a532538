//! What the worker announces: a task changed state. Listeners (the window) re-read what
//! they show; the event only says what to re-read.

use serde::Serialize;
use switchboard_cache::TaskId;
use switchboard_domain::{TaskState, TenantId};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueEvent {
    /// `None` when the queue as a whole changed (paused, resumed).
    pub task_id: Option<TaskId>,
    pub tenant_id: Option<TenantId>,
    pub state: Option<TaskState>,
}

impl QueueEvent {
    pub fn task(task_id: TaskId, tenant_id: Option<TenantId>, state: TaskState) -> Self {
        QueueEvent {
            task_id: Some(task_id),
            tenant_id,
            state: Some(state),
        }
    }

    pub fn queue() -> Self {
        QueueEvent {
            task_id: None,
            tenant_id: None,
            state: None,
        }
    }
}
