//! The confirmation every queued change goes through, as the scenarios drive it.

use std::time::Duration;

use crate::{AppWindow, E2eError};

/// A confirmed change runs in the queue's worker: a script on an SBC, or a number change
/// that follows Microsoft's long-running operation. This bound only stops a hang.
const CHANGE_TIMEOUT: Duration = Duration::from_secs(90);

/// How a confirmed change ended, and its first task.
pub struct ConfirmedChange {
    pub task_id: u64,
    /// `succeeded`, `failed` or `cancelled`.
    pub outcome: String,
}

impl AppWindow {
    /// Confirms the change the dialog shows and waits until its tasks have ended.
    pub async fn confirm_change(&self) -> Result<ConfirmedChange, E2eError> {
        self.click("change-confirm").await?;
        let outcome = self
            .wait_for_within("change-outcome", CHANGE_TIMEOUT)
            .await?
            .attr("data-outcome")
            .await?
            .unwrap_or_default();
        let task_id = self
            .wait_for("change-task-id-0")
            .await?
            .attr("data-task-id")
            .await?
            .and_then(|id| id.parse().ok())
            .expect("the confirmation names its first task");
        Ok(ConfirmedChange { task_id, outcome })
    }

    /// Closes the confirmation after its change ended.
    pub async fn close_change(&self) -> Result<(), E2eError> {
        self.click("change-close").await?;
        self.wait_gone("change-confirmation").await
    }
}
