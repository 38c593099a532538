//! After a crash: tasks left executing are looked at on their target, never blindly run
//! again. A change that landed makes the task succeed; one that did not is queued again;
//! one that cannot be told fails with the reason, for the engineer to check.

use switchboard_domain::{TaskFailure, TaskState};

use crate::executor::Landing;
use crate::worker::{lock, Inner};

/// What a recovery pass looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sweep {
    /// At start-up: also every claim of an earlier process of this installation.
    AtStart,
    /// While running: claims whose lease ran out, except this worker's own running tasks.
    ExpiredLeases,
}

pub(crate) async fn recover_orphans(inner: &Inner, sweep: Sweep) {
    let this_workstation = inner.settings.workstation.as_str();
    let orphans = match inner.cache.orphaned_tasks(chrono::Utc::now(), |owner| {
        sweep == Sweep::AtStart
            && owner.rsplit_once('#').map(|(workstation, _)| workstation) == Some(this_workstation)
            && owner != inner.owner
    }) {
        Ok(orphans) => orphans,
        Err(error) => {
            tracing::error!(%error, "interrupted tasks could not be read");
            return;
        }
    };
    let running = lock(&inner.in_flight).clone();
    for task in orphans
        .into_iter()
        .filter(|task| !running.contains(&task.id))
    {
        match inner
            .cache
            .adopt_orphan(&task, &inner.owner, inner.lease_until())
        {
            Ok(true) => {}
            Ok(false) => continue, // another worker took it over first
            Err(error) => {
                tracing::error!(task = %task.id, %error, "an interrupted task could not be taken over");
                continue;
            }
        }
        let landing = tokio::select! {
            landing = inner.executor.confirm(task.clone()) => landing,
            _ = inner.stop.cancelled() => return,
        };
        let written = match landing {
            Landing::Landed(applied) => inner
                .cache
                .finish_succeeded(task.id, &inner.owner, &applied.output, applied.audit)
                .map(|_| TaskState::Succeeded),
            Landing::NotLanded => inner
                .cache
                .retry_later(
                    task.id,
                    &inner.owner,
                    chrono::Utc::now(),
                    "Switchboard stopped before this change reached its target; it is queued again.",
                )
                .map(|_| TaskState::Queued),
            Landing::Unknown(reason) => inner
                .cache
                .finish_failed(task.id, &inner.owner, TaskFailure::Interrupted, &reason, None)
                .map(|_| TaskState::Failed),
        };
        match written {
            Ok(state) => {
                tracing::info!(task = %task.id, %state, "interrupted task settled");
                inner.announce_task(&task, state)
            }
            Err(error) => {
                tracing::error!(task = %task.id, %error, "an interrupted task's outcome could not be stored")
            }
        }
    }
}
