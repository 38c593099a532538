//! The durable task queue: what a task is, how it is stored and read. Claims and
//! outcomes are in `task_claims`, the engineer's controls in `task_controls`.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use switchboard_domain::{TaskFailure, TaskKind, TaskState, TenantId};
use ts_rs::TS;

use crate::sql_values::{parsed, parsed_opt, time, time_opt, time_text};
use crate::tenants::is_constraint;
use crate::{AuditId, Cache, CacheError, SbcId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "number")]
pub struct TaskId(i64);

impl TaskId {
    pub fn new(id: i64) -> Self {
        Self(id)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl std::fmt::Display for TaskId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What a task changes: a customer's Microsoft 365 tenant or an SBC. Each target is a
/// lane: its tasks run one at a time, in the order they were queued.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TaskTarget {
    Tenant { id: TenantId, name: String },
    Sbc { id: SbcId, name: String },
}

impl TaskTarget {
    pub fn lane(&self) -> String {
        match self {
            TaskTarget::Tenant { id, .. } => format!("tenant:{id}"),
            TaskTarget::Sbc { id, .. } => format!("sbc:{id}"),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            TaskTarget::Tenant { name, .. } | TaskTarget::Sbc { name, .. } => name,
        }
    }

    pub fn tenant_id(&self) -> Option<TenantId> {
        match self {
            TaskTarget::Tenant { id, .. } => Some(*id),
            TaskTarget::Sbc { .. } => None,
        }
    }

    pub fn sbc_id(&self) -> Option<SbcId> {
        match self {
            TaskTarget::Sbc { id, .. } => Some(*id),
            TaskTarget::Tenant { .. } => None,
        }
    }
}

/// A task to store. `state` is `Draft` (the engineer confirms the dry-run first) or
/// `Queued`.
#[derive(Debug, Clone)]
pub struct NewTask {
    pub target: TaskTarget,
    pub kind: TaskKind,
    pub summary: String,
    /// The typed payload as JSON; the queue crate owns its shape.
    pub payload: String,
    pub dry_run: String,
    /// Two requests for the same change share a key; the second is refused while the
    /// first is unfinished.
    pub idempotency_key: String,
    pub created_by: String,
    pub max_attempts: u32,
    pub rollback_of: Option<AuditId>,
    pub state: TaskState,
}

/// The claim of an executing task: who holds it and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub owner: String,
    pub lease_until: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRecord {
    pub id: TaskId,
    pub target: TaskTarget,
    pub kind: TaskKind,
    pub summary: String,
    pub payload: String,
    pub dry_run: String,
    pub state: TaskState,
    pub idempotency_key: String,
    pub depends_on: Option<TaskId>,
    pub rollback_of: Option<AuditId>,
    pub attempts: u32,
    pub max_attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub claim: Option<Claim>,
    pub output: Option<String>,
    pub failure: Option<TaskFailure>,
    pub error: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// Which tasks to list; every field narrows, `None` does not.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub tenant: Option<TenantId>,
    pub sbc: Option<SbcId>,
    pub states: Vec<TaskState>,
    pub kind: Option<TaskKind>,
    pub limit: Option<u32>,
}

pub(crate) const TASK_COLUMNS: &str = "t.id, t.tenant_id, t.sbc_device_id, t.target_name, t.kind,
    t.summary, t.payload, t.dry_run, t.state, t.idempotency_key, t.depends_on, t.rollback_of,
    t.attempts, t.max_attempts, t.next_attempt_at, t.claim_owner, t.lease_until, t.output,
    t.failure, t.error, t.created_by, t.created_at, t.started_at, t.finished_at";

pub(crate) fn task_from_row(row: &Row<'_>) -> rusqlite::Result<TaskRecord> {
    let name: String = row.get(3)?;
    let target = match (row.get::<_, Option<i64>>(1)?, row.get::<_, Option<i64>>(2)?) {
        (Some(tenant), _) => TaskTarget::Tenant {
            id: TenantId::new(tenant),
            name,
        },
        (None, Some(sbc)) => TaskTarget::Sbc {
            id: SbcId::new(sbc),
            name,
        },
        (None, None) => {
            return Err(rusqlite::Error::InvalidColumnType(
                1,
                "tenant_id".into(),
                rusqlite::types::Type::Null,
            ))
        }
    };
    let claim = match (row.get::<_, Option<String>>(15)?, time_opt(row, 16)?) {
        (Some(owner), Some(lease_until)) => Some(Claim { owner, lease_until }),
        _ => None,
    };
    Ok(TaskRecord {
        id: TaskId(row.get(0)?),
        target,
        kind: parsed(row, 4)?,
        summary: row.get(5)?,
        payload: row.get(6)?,
        dry_run: row.get(7)?,
        state: parsed(row, 8)?,
        idempotency_key: row.get(9)?,
        depends_on: row.get::<_, Option<i64>>(10)?.map(TaskId),
        rollback_of: row.get::<_, Option<i64>>(11)?.map(AuditId::new),
        attempts: row.get(12)?,
        max_attempts: row.get(13)?,
        next_attempt_at: time(row, 14)?,
        claim,
        output: row.get(17)?,
        failure: parsed_opt(row, 18)?,
        error: row.get(19)?,
        created_by: row.get(20)?,
        created_at: time(row, 21)?,
        started_at: time_opt(row, 22)?,
        finished_at: time_opt(row, 23)?,
    })
}

pub(crate) fn load_task(conn: &Connection, id: TaskId) -> Result<TaskRecord, CacheError> {
    conn.query_row(
        &format!("SELECT {TASK_COLUMNS} FROM tasks t WHERE t.id = ?1"),
        [id.0],
        task_from_row,
    )
    .optional()?
    .ok_or_else(|| task_not_found(id))
}

pub(crate) fn task_not_found(id: TaskId) -> CacheError {
    CacheError::NotFound {
        what: format!("Task {id}"),
    }
}

impl Cache {
    /// Stores one task.
    pub fn enqueue_task(&self, task: &NewTask) -> Result<TaskId, CacheError> {
        Ok(self.enqueue_with(std::slice::from_ref(task), |_| Ok(()))?[0])
    }

    /// Stores `tasks` as a chain (each depends on the one before) and runs `alongside`
    /// in the same transaction, so a task and the pending change it represents are
    /// stored together or not at all.
    pub fn enqueue_with(
        &self,
        tasks: &[NewTask],
        alongside: impl FnOnce(&Transaction<'_>) -> Result<(), CacheError>,
    ) -> Result<Vec<TaskId>, CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut ids: Vec<TaskId> = Vec::with_capacity(tasks.len());
        let now = time_text(Utc::now());
        for task in tasks {
            let id = insert_task(&tx, task, ids.last().copied(), &now)?;
            ids.push(id);
        }
        alongside(&tx)?;
        tx.commit()?;
        Ok(ids)
    }

    pub fn task(&self, id: TaskId) -> Result<TaskRecord, CacheError> {
        load_task(&self.conn(), id)
    }

    /// Newest first.
    pub fn list_tasks(&self, filter: &TaskFilter) -> Result<Vec<TaskRecord>, CacheError> {
        let states =
            serde_json::to_string(&filter.states.iter().map(|s| s.as_str()).collect::<Vec<_>>())
                .expect("state names serialize");
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {TASK_COLUMNS} FROM tasks t
             WHERE (:tenant IS NULL OR t.tenant_id = :tenant)
               AND (:sbc IS NULL OR t.sbc_device_id = :sbc)
               AND (:kind IS NULL OR t.kind = :kind)
               AND (:any_state OR t.state IN (SELECT value FROM json_each(:states)))
             ORDER BY t.id DESC
             LIMIT :limit"
        ))?;
        let rows = stmt.query_map(
            named_params! {
                ":tenant": filter.tenant.map(TenantId::get),
                ":sbc": filter.sbc.map(SbcId::get),
                ":kind": filter.kind.map(TaskKind::as_str),
                ":any_state": filter.states.is_empty(),
                ":states": states,
                ":limit": filter.limit.map_or(-1, i64::from),
            },
            task_from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn insert_task(
    tx: &Transaction<'_>,
    task: &NewTask,
    depends_on: Option<TaskId>,
    now: &str,
) -> Result<TaskId, CacheError> {
    let inserted = tx.execute(
        "INSERT INTO tasks (lane, tenant_id, sbc_device_id, target_name, kind, summary, payload,
                            dry_run, state, idempotency_key, depends_on, rollback_of,
                            max_attempts, next_attempt_at, created_by, created_at, updated_at)
         VALUES (:lane, :tenant, :sbc, :name, :kind, :summary, :payload, :dry_run, :state, :key,
                 :depends_on, :rollback_of, :max_attempts, :now, :by, :now, :now)",
        named_params! {
            ":lane": task.target.lane(),
            ":tenant": task.target.tenant_id().map(TenantId::get),
            ":sbc": task.target.sbc_id().map(SbcId::get),
            ":name": task.target.name(),
            ":kind": task.kind.as_str(),
            ":summary": task.summary,
            ":payload": task.payload,
            ":dry_run": task.dry_run,
            ":state": task.state.as_str(),
            ":key": task.idempotency_key,
            ":depends_on": depends_on.map(TaskId::get),
            ":rollback_of": task.rollback_of.map(AuditId::get),
            ":max_attempts": task.max_attempts,
            ":now": now,
            ":by": task.created_by,
        },
    );
    match inserted {
        Ok(_) => Ok(TaskId(tx.last_insert_rowid())),
        Err(e) if is_constraint(&e, rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE) => {
            let existing: i64 = tx.query_row(
                "SELECT id FROM tasks WHERE idempotency_key = ?1
                   AND state IN ('draft', 'queued', 'executing', 'postponed')",
                [&task.idempotency_key],
                |row| row.get(0),
            )?;
            Err(CacheError::Conflict {
                field: "idempotencyKey".to_owned(),
                message: format!(
                    "This change is already queued as task {existing}: {}.",
                    task.summary
                ),
            })
        }
        Err(e) if is_constraint(&e, rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY) => {
            Err(CacheError::NotFound {
                what: format!("{} (the task's target)", task.target.name()),
            })
        }
        Err(e) => Err(e.into()),
    }
}
