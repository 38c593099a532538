//! The contract between the worker and what actually changes a target. The worker owns
//! when and how often; the executor owns what is sent and what it means.

use std::time::Duration;

use futures::future::BoxFuture;
use switchboard_cache::{AuditEntry, TaskRecord};

/// A change that landed: what the target answered and the audit entry to store with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub output: String,
    pub audit: Option<AuditEntry>,
}

/// A change that did not land.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Throttling, a timeout, a busy device: worth trying again later.
    pub transient: bool,
    /// Why, in words the engineer can act on.
    pub reason: String,
    /// The target said when to come back (`Retry-After`).
    pub retry_after: Option<Duration>,
    /// What the target answered, when it answered.
    pub output: Option<String>,
}

impl Failure {
    pub fn transient(reason: impl Into<String>) -> Self {
        Failure {
            transient: true,
            reason: reason.into(),
            retry_after: None,
            output: None,
        }
    }

    pub fn permanent(reason: impl Into<String>) -> Self {
        Failure {
            transient: false,
            ..Failure::transient(reason)
        }
    }
}

/// Whether the change of a task interrupted by a crash is on the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Landing {
    /// It is: the task succeeded, with this outcome.
    Landed(Box<Applied>),
    /// It is not: running it again cannot duplicate anything.
    NotLanded,
    /// It cannot be told; the task fails with this reason rather than risk a duplicate.
    Unknown(String),
}

pub trait Executor: Send + Sync + 'static {
    /// Applies the task's change.
    fn execute(&self, task: TaskRecord) -> BoxFuture<'static, Result<Applied, Failure>>;

    /// Looks at the target to tell whether the change of an interrupted task landed.
    fn confirm(&self, task: TaskRecord) -> BoxFuture<'static, Landing>;
}
