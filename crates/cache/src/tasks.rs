//! Queued background tasks (replication, SBC scripts, user changes). Only what the
//! tenant counters need so far: enqueue and state changes.

use rusqlite::named_params;
use switchboard_domain::{TaskKind, TaskState, TenantId};

use crate::sql_values::now_text;
use crate::tenants::{is_constraint, tenant_not_found};
use crate::{Cache, CacheError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaskId(i64);

impl TaskId {
    pub fn get(self) -> i64 {
        self.0
    }
}

#[derive(Debug, Clone)]
pub struct NewTask {
    pub tenant_id: Option<TenantId>,
    pub kind: TaskKind,
    /// What the task acts on, e.g. a user's SIP address.
    pub target: Option<String>,
    /// Rendered command (PowerShell or SBC CLI) shown in the queue grids.
    pub command_text: Option<String>,
}

impl Cache {
    /// Adds a task in state `queued`, due now, with the default 10 retries.
    pub fn enqueue_task(&self, task: &NewTask) -> Result<TaskId, CacheError> {
        let conn = self.conn();
        let now = now_text();
        let inserted = conn.execute(
            "INSERT INTO queued_tasks (tenant_id, kind, state, target, command_text,
                                       next_execution_at, created_at, updated_at)
             VALUES (:tenant, :kind, :state, :target, :command, :now, :now, :now)",
            named_params! {
                ":tenant": task.tenant_id.map(TenantId::get),
                ":kind": task.kind.as_str(),
                ":state": TaskState::Queued.as_str(),
                ":target": task.target,
                ":command": task.command_text,
                ":now": now,
            },
        );
        match (inserted, task.tenant_id) {
            (Ok(_), _) => Ok(TaskId(conn.last_insert_rowid())),
            (Err(e), Some(tenant))
                if is_constraint(&e, rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY) =>
            {
                Err(tenant_not_found(tenant))
            }
            (Err(e), _) => Err(e.into()),
        }
    }

    pub fn set_task_state(&self, id: TaskId, state: TaskState) -> Result<(), CacheError> {
        let changed = self.conn().execute(
            "UPDATE queued_tasks SET state = ?1, updated_at = ?2 WHERE id = ?3",
            rusqlite::params![state.as_str(), now_text(), id.0],
        )?;
        if changed == 0 {
            return Err(CacheError::NotFound {
                what: format!("Queued task {}", id.0),
            });
        }
        Ok(())
    }
}
