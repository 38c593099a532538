//! The engineer's controls over queued tasks: confirm a draft, cancel, retry (one task or
//! a chain from it), postpone and release, and run chosen tasks now. Each refuses, naming
//! the state, a task it cannot apply to, and changes nothing then.

use chrono::Utc;
use rusqlite::{named_params, Transaction};
use switchboard_domain::{TaskFailure, TaskState};

use crate::sql_values::time_text;
use crate::task_claims::fail_with_dependents;
use crate::tasks::load_task;
use crate::tenants::is_constraint;
use crate::{Cache, CacheError, TaskId, TaskRecord};

impl Cache {
    /// The engineer saw the dry-run and confirmed it: the draft joins the queue.
    pub fn confirm_draft(&self, id: TaskId) -> Result<TaskRecord, CacheError> {
        self.change_state(id, &[TaskState::Draft], |tx| {
            set_queued(tx, id)?;
            Ok(())
        })
    }

    /// A draft the engineer decided against is removed; nothing was sent.
    pub fn discard_draft(&self, id: TaskId) -> Result<(), CacheError> {
        self.guarded(id, &[TaskState::Draft], |tx| {
            tx.execute("DELETE FROM tasks WHERE id = ?1", [id.get()])?;
            Ok(())
        })
    }

    /// Cancels a task that has not started, and the tasks that depend on it.
    pub fn cancel_task(&self, id: TaskId) -> Result<TaskRecord, CacheError> {
        self.change_state(
            id,
            &[TaskState::Draft, TaskState::Queued, TaskState::Postponed],
            |tx| {
                fail_with_dependents(
                    tx,
                    id,
                    TaskState::Cancelled,
                    TaskFailure::Cancelled,
                    "Cancelled by the engineer before it ran.",
                    None,
                )
            },
        )
    }

    /// Queues a failed or cancelled task again with fresh attempts; with `chain`, also the
    /// tasks after it that did not run because of it ("retry from here").
    pub fn retry_task(&self, id: TaskId, chain: bool) -> Result<TaskRecord, CacheError> {
        self.change_state(id, &[TaskState::Failed, TaskState::Cancelled], |tx| {
            // Queued behind a dependency that will not succeed, it would hold its lane.
            if let Some(first) = load_task(tx, id)?.depends_on {
                if load_task(tx, first)?.state != TaskState::Succeeded {
                    return Err(CacheError::Conflict {
                        field: "state".to_owned(),
                        message: format!(
                            "Task {id} depends on task {first}, which has not succeeded: retry from task {first}."
                        ),
                    });
                }
            }
            set_queued(tx, id)?;
            if chain {
                tx.execute(
                    "WITH RECURSIVE chain(id) AS (
                         SELECT id FROM tasks WHERE depends_on = :id
                         UNION SELECT t.id FROM tasks t JOIN chain c ON t.depends_on = c.id)
                     UPDATE tasks SET state = 'queued', attempts = 0, failure = NULL,
                            error = NULL, finished_at = NULL, next_attempt_at = :now,
                            updated_at = :now
                     WHERE id IN (SELECT id FROM chain)
                       AND state IN ('failed', 'cancelled') AND failure = 'dependency'",
                    named_params! { ":id": id.get(), ":now": time_text(Utc::now()) },
                )
                .map_err(|e| already_pending(e, id))?;
            }
            Ok(())
        })
    }

    /// Holds a queued task: it keeps its place but does not run until released.
    pub fn postpone_task(&self, id: TaskId) -> Result<TaskRecord, CacheError> {
        self.change_state(id, &[TaskState::Queued], |tx| {
            tx.execute(
                "UPDATE tasks SET state = 'postponed', updated_at = ?1 WHERE id = ?2",
                rusqlite::params![time_text(Utc::now()), id.get()],
            )?;
            Ok(())
        })
    }

    pub fn release_task(&self, id: TaskId) -> Result<TaskRecord, CacheError> {
        self.change_state(id, &[TaskState::Postponed], |tx| set_queued(tx, id))
    }

    /// Makes queued tasks due now (skipping a retry's wait); returns how many were.
    pub fn make_due(&self, ids: Option<&[TaskId]>) -> Result<usize, CacheError> {
        let only = ids.map(|ids| {
            serde_json::to_string(&ids.iter().map(|id| id.get()).collect::<Vec<_>>())
                .expect("ids serialize")
        });
        Ok(self.conn().execute(
            "UPDATE tasks SET next_attempt_at = :now, updated_at = :now
             WHERE state = 'queued'
               AND (:only IS NULL OR id IN (SELECT value FROM json_each(:only)))",
            named_params! { ":now": time_text(Utc::now()), ":only": only },
        )?)
    }

    /// As [`Cache::guarded`], returning the task as it is afterwards.
    fn change_state(
        &self,
        id: TaskId,
        allowed: &[TaskState],
        change: impl FnOnce(&Transaction<'_>) -> Result<(), CacheError>,
    ) -> Result<TaskRecord, CacheError> {
        self.guarded(id, allowed, change)?;
        self.task(id)
    }

    /// Runs `change` in a transaction if the task is in one of `allowed`.
    fn guarded(
        &self,
        id: TaskId,
        allowed: &[TaskState],
        change: impl FnOnce(&Transaction<'_>) -> Result<(), CacheError>,
    ) -> Result<(), CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let task = load_task(&tx, id)?;
        if !allowed.contains(&task.state) {
            return Err(CacheError::Conflict {
                field: "state".to_owned(),
                message: format!(
                    "Task {id} is {} and cannot be changed that way now.",
                    task.state
                ),
            });
        }
        change(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

fn set_queued(tx: &Transaction<'_>, id: TaskId) -> Result<(), CacheError> {
    tx.execute(
        "UPDATE tasks SET state = 'queued', attempts = 0, failure = NULL, error = NULL,
                finished_at = NULL, next_attempt_at = :now, updated_at = :now
         WHERE id = :id",
        named_params! { ":id": id.get(), ":now": time_text(Utc::now()) },
    )
    .map_err(|e| already_pending(e, id))?;
    Ok(())
}

/// The same change is waiting or running as another task already.
fn already_pending(e: rusqlite::Error, id: TaskId) -> CacheError {
    if is_constraint(&e, rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE) {
        CacheError::Conflict {
            field: "idempotencyKey".to_owned(),
            message: format!(
                "Task {id} cannot be queued again: the same change is already queued as another task."
            ),
        }
    } else {
        e.into()
    }
}
