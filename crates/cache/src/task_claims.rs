//! How a worker takes tasks and reports their outcome. A claim is an owner and a lease:
//! every outcome is written only while the claim is still the writer's, so a worker
//! whose lease ran out (and whose task another worker took over) cannot overwrite it.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection, Transaction};
use switchboard_domain::{TaskFailure, TaskState};

use crate::audit::insert_audit;
use crate::sql_values::{time_opt, time_text};
use crate::tasks::{load_task, task_from_row, TASK_COLUMNS};
use crate::{AuditEntry, AuditId, Cache, CacheError, TaskId, TaskRecord};

/// The worker's identity and clock for one claim round.
#[derive(Debug, Clone)]
pub struct ClaimRequest<'a> {
    pub owner: &'a str,
    pub now: DateTime<Utc>,
    pub lease_until: DateTime<Utc>,
    pub limit: u32,
    /// When set, only these tasks may be claimed, whether due or not (process selected).
    pub only: Option<&'a [TaskId]>,
}

/// What became of a task the worker wrote an outcome for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Done,
    /// The claim was no longer this owner's: nothing was written.
    ClaimLost,
}

/// Each lane's first unfinished task, when it is queued, nothing of its lane executes,
/// and what it depends on succeeded: the tasks a worker may take.
const CLAIMABLE_HEADS: &str = "FROM tasks t
    JOIN (SELECT lane, MIN(id) AS head FROM tasks
          WHERE state IN ('queued', 'executing') GROUP BY lane) h
      ON t.id = h.head
    WHERE t.state = 'queued'
      AND NOT EXISTS (SELECT 1 FROM tasks e WHERE e.lane = t.lane AND e.state = 'executing')
      AND (t.depends_on IS NULL OR EXISTS (SELECT 1 FROM tasks d
           WHERE d.id = t.depends_on AND d.state = 'succeeded'))";

impl Cache {
    /// Claims up to `limit` tasks, at most one per lane: the first unfinished task of
    /// its lane, queued, due (unless named in `only`), whose dependency succeeded, on a
    /// lane where nothing executes. One statement, so two workers never take the same task.
    pub fn claim_tasks(&self, request: &ClaimRequest<'_>) -> Result<Vec<TaskRecord>, CacheError> {
        let only = request.only.map(|ids| {
            serde_json::to_string(&ids.iter().map(|id| id.get()).collect::<Vec<_>>())
                .expect("ids serialize")
        });
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let ids: Vec<i64> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT t.id {CLAIMABLE_HEADS}
                       AND (:only IS NULL OR t.id IN (SELECT value FROM json_each(:only)))
                       AND (:only IS NOT NULL OR t.next_attempt_at <= :now)
                     ORDER BY t.next_attempt_at, t.id
                     LIMIT :limit"
            ))?;
            let rows = stmt.query_map(
                named_params! {
                    ":only": only,
                    ":now": time_text(request.now),
                    ":limit": request.limit,
                },
                |row| row.get(0),
            )?;
            rows.collect::<Result<_, _>>()?
        };
        let mut claimed = Vec::with_capacity(ids.len());
        for id in ids {
            tx.execute(
                "UPDATE tasks SET state = 'executing', claim_owner = :owner, lease_until = :lease,
                        attempts = attempts + 1, started_at = COALESCE(started_at, :now),
                        updated_at = :now
                 WHERE id = :id AND state = 'queued'",
                named_params! {
                    ":owner": request.owner,
                    ":lease": time_text(request.lease_until),
                    ":now": time_text(request.now),
                    ":id": id,
                },
            )?;
            claimed.push(load_task(&tx, TaskId::new(id))?);
        }
        tx.commit()?;
        Ok(claimed)
    }

    /// Extends the lease of a task this owner still holds; `false` when it lost the claim.
    pub fn renew_lease(
        &self,
        id: TaskId,
        owner: &str,
        lease_until: DateTime<Utc>,
    ) -> Result<bool, CacheError> {
        let changed = self.conn().execute(
            "UPDATE tasks SET lease_until = ?1 WHERE id = ?2 AND state = 'executing' AND claim_owner = ?3",
            rusqlite::params![time_text(lease_until), id.get(), owner],
        )?;
        Ok(changed == 1)
    }

    /// Notes what an executing task found before it changed anything (kept in its
    /// output until the outcome replaces it), so a restart can still tell it.
    pub fn note_task_output(
        &self,
        id: TaskId,
        owner: &str,
        note: &str,
    ) -> Result<Written, CacheError> {
        let changed = self.conn().execute(
            "UPDATE tasks SET output = ?1 WHERE id = ?2 AND state = 'executing' AND claim_owner = ?3",
            rusqlite::params![note, id.get(), owner],
        )?;
        Ok(if changed == 1 {
            Written::Done
        } else {
            Written::ClaimLost
        })
    }

    /// Marks the task succeeded and stores its audit entry in the same transaction.
    pub fn finish_succeeded(
        &self,
        id: TaskId,
        owner: &str,
        output: &str,
        audit: Option<AuditEntry>,
    ) -> Result<(Written, Option<AuditId>), CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        if !holds_claim(&tx, id, owner)? {
            return Ok((Written::ClaimLost, None));
        }
        tx.execute(
            "UPDATE tasks SET state = 'succeeded', output = ?1, failure = NULL, error = NULL,
                    claim_owner = NULL, lease_until = NULL, finished_at = ?2, updated_at = ?2
             WHERE id = ?3",
            rusqlite::params![output, time_text(Utc::now()), id.get()],
        )?;
        let audit_id = match audit {
            Some(mut entry) => {
                entry.task_id = Some(id);
                Some(insert_audit(&tx, &entry)?)
            }
            None => None,
        };
        if let Some(undone) = load_task(&tx, id)?.rollback_of {
            tx.execute(
                "UPDATE audit_entries SET rolled_back_by = ?1 WHERE id = ?2",
                rusqlite::params![id.get(), undone.get()],
            )?;
        }
        tx.commit()?;
        Ok((Written::Done, audit_id))
    }

    /// Marks the task failed for good, and every task that depends on it (directly or
    /// not) failed with a `Dependency` reason naming it.
    pub fn finish_failed(
        &self,
        id: TaskId,
        owner: &str,
        failure: TaskFailure,
        error: &str,
        output: Option<&str>,
    ) -> Result<Written, CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        if !holds_claim(&tx, id, owner)? {
            return Ok(Written::ClaimLost);
        }
        fail_with_dependents(&tx, id, TaskState::Failed, failure, error, output)?;
        tx.commit()?;
        Ok(Written::Done)
    }

    /// Gives the task back to the queue, due at `at`, keeping the error as the reason it waits.
    pub fn retry_later(
        &self,
        id: TaskId,
        owner: &str,
        at: DateTime<Utc>,
        error: &str,
    ) -> Result<Written, CacheError> {
        let changed = self.conn().execute(
            "UPDATE tasks SET state = 'queued', next_attempt_at = ?1, failure = 'transient',
                    error = ?2, claim_owner = NULL, lease_until = NULL, updated_at = ?3
             WHERE id = ?4 AND state = 'executing' AND claim_owner = ?5",
            rusqlite::params![time_text(at), error, time_text(Utc::now()), id.get(), owner],
        )?;
        Ok(if changed == 1 {
            Written::Done
        } else {
            Written::ClaimLost
        })
    }

    /// When the next task that could be claimed falls due (possibly already), if any:
    /// tasks behind a running one or a dependency do not count, so a worker never wakes
    /// for a task it cannot take.
    pub fn next_claimable_at(&self) -> Result<Option<DateTime<Utc>>, CacheError> {
        Ok(self.conn().query_row(
            &format!("SELECT MIN(t.next_attempt_at) {CLAIMABLE_HEADS}"),
            [],
            |row| time_opt(row, 0),
        )?)
    }

    /// Executing tasks whose owner is gone: the lease ran out, or `is_dead_owner` says
    /// so (a previous process on this workstation, which the single-instance lock
    /// proves has ended).
    pub fn orphaned_tasks(
        &self,
        now: DateTime<Utc>,
        is_dead_owner: impl Fn(&str) -> bool,
    ) -> Result<Vec<TaskRecord>, CacheError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {TASK_COLUMNS} FROM tasks t WHERE t.state = 'executing' ORDER BY t.id"
        ))?;
        let executing: Vec<TaskRecord> = stmt
            .query_map([], task_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(executing
            .into_iter()
            .filter(|task| match &task.claim {
                Some(claim) => claim.lease_until <= now || is_dead_owner(&claim.owner),
                None => true,
            })
            .collect())
    }

    /// Takes over an orphaned task for `owner`, so that its outcome can be written with
    /// the usual calls; `false` when someone else took it first.
    pub fn adopt_orphan(
        &self,
        task: &TaskRecord,
        owner: &str,
        lease_until: DateTime<Utc>,
    ) -> Result<bool, CacheError> {
        let previous = task.claim.as_ref().map(|c| c.owner.as_str());
        let changed = self.conn().execute(
            "UPDATE tasks SET claim_owner = ?1, lease_until = ?2
             WHERE id = ?3 AND state = 'executing' AND claim_owner IS ?4",
            rusqlite::params![owner, time_text(lease_until), task.id.get(), previous],
        )?;
        Ok(changed == 1)
    }
}

fn holds_claim(conn: &Connection, id: TaskId, owner: &str) -> Result<bool, CacheError> {
    let task = load_task(conn, id)?;
    Ok(task.state == TaskState::Executing && task.claim.as_ref().is_some_and(|c| c.owner == owner))
}

/// Ends `id` in `state` with `failure`, and fails its unfinished dependents (direct or
/// not) with a `Dependency` reason naming it.
pub(crate) fn fail_with_dependents(
    tx: &Transaction<'_>,
    id: TaskId,
    state: TaskState,
    failure: TaskFailure,
    error: &str,
    output: Option<&str>,
) -> Result<(), CacheError> {
    let now = time_text(Utc::now());
    tx.execute(
        "UPDATE tasks SET state = :state, failure = :failure, error = :error,
                output = COALESCE(:output, output), claim_owner = NULL, lease_until = NULL,
                finished_at = :now, updated_at = :now
         WHERE id = :id",
        named_params! {
            ":state": state.as_str(),
            ":failure": failure.as_str(),
            ":error": error,
            ":output": output,
            ":now": now,
            ":id": id.get(),
        },
    )?;
    tx.execute(
        "WITH RECURSIVE chain(id) AS (
             SELECT id FROM tasks WHERE depends_on = :id
             UNION SELECT t.id FROM tasks t JOIN chain c ON t.depends_on = c.id)
         UPDATE tasks SET state = :state, failure = 'dependency', error = :error,
                finished_at = :now, updated_at = :now
         WHERE id IN (SELECT id FROM chain)
           AND state IN ('draft', 'queued', 'postponed')",
        named_params! {
            ":id": id.get(),
            ":state": state.as_str(),
            ":error": format!("Not run: task {id}, which it depends on, did not succeed."),
            ":now": now,
        },
    )?;
    Ok(())
}
