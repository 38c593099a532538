use crate::string_enum::string_enum;

string_enum! {
    /// Lifecycle of a queued task. A draft waits for the engineer to confirm its dry-run;
    /// a queued task waits for its turn (or for a retry); executing has a claim with a
    /// lease; succeeded, failed and cancelled are final. Postponed holds a queued task
    /// until the engineer releases it.
    pub enum TaskState {
        Draft => "draft",
        Queued => "queued",
        Executing => "executing",
        Succeeded => "succeeded",
        Failed => "failed",
        Cancelled => "cancelled",
        Postponed => "postponed",
    }
}

impl TaskState {
    /// Final states never change again except through an explicit retry.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            TaskState::Succeeded | TaskState::Failed | TaskState::Cancelled
        )
    }
}

string_enum! {
    /// What a queued task does. Later features add their kinds here.
    pub enum TaskKind {
        /// A CLI script pushed to an SBC.
        SbcScript => "sbcScript",
        /// A customer's prefix added to an SBC's dial plan.
        SbcPrefixAdd => "sbcPrefixAdd",
        /// A customer's prefix removed from an SBC's dial plan.
        SbcPrefixRemove => "sbcPrefixRemove",
        /// A phone number assigned to a Teams user.
        NumberAssign => "numberAssign",
        /// A phone number taken from a Teams user.
        NumberUnassign => "numberUnassign",
        /// A voice policy granted to (or taken from) a Teams user.
        PolicyGrant => "policyGrant",
        /// A tenant's Direct Routing object (gateway, route, policy, dial plan,
        /// network site…) added, changed or removed through Teams PowerShell.
        VoiceChange => "voiceChange",
    }
}

string_enum! {
    /// Why a task failed or was cancelled, so the screen and the retry logic can tell a
    /// change the target refused from one that could not be delivered.
    pub enum TaskFailure {
        /// Throttling, a timeout, a busy device: tried again until the attempts ran out.
        Transient => "transient",
        /// Refused by the target (invalid, not found, conflict): not tried again.
        Permanent => "permanent",
        /// The app stopped while it ran and whether it landed could not be confirmed.
        Interrupted => "interrupted",
        /// A task it depends on failed or was cancelled.
        Dependency => "dependency",
        /// The engineer cancelled it.
        Cancelled => "cancelled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::string_enum::tests::assert_round_trips;

    #[test]
    fn task_enums_round_trip() {
        assert_round_trips(TaskState::ALL, TaskState::as_str);
        assert_round_trips(TaskKind::ALL, TaskKind::as_str);
        assert_round_trips(TaskFailure::ALL, TaskFailure::as_str);
    }

    #[test]
    fn only_the_three_outcomes_are_finished() {
        let finished: Vec<_> = TaskState::ALL.iter().filter(|s| s.is_finished()).collect();
        assert_eq!(
            finished,
            [
                &TaskState::Succeeded,
                &TaskState::Failed,
                &TaskState::Cancelled
            ]
        );
    }
}
