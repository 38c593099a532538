use crate::string_enum::string_enum;

string_enum! {
    /// Lifecycle of a queued background task: Draft → Queued → Reserved → Executing →
    /// FinishSuccess | FinishFailure; Postponed holds tasks while a customer upgrades.
    pub enum TaskState {
        Queued => "queued",
        Reserved => "reserved",
        Executing => "executing",
        FinishSuccess => "finishSuccess",
        FinishFailure => "finishFailure",
        Postponed => "postponed",
        Draft => "draft",
    }
}

impl TaskState {
    /// Finished tasks no longer count towards a tenant's queue counters.
    pub fn is_finished(self) -> bool {
        matches!(self, TaskState::FinishSuccess | TaskState::FinishFailure)
    }
}

string_enum! {
    /// What a queued task does.
    pub enum TaskKind {
        Sync => "sync",
        SbcInit => "sbcInit",
        CleanupSbc => "cleanupSbc",
        O365Initialization => "o365Initialization",
        O365Cleanup => "o365Cleanup",
        TenantRemove => "tenantRemove",
        SbcUpdatePrefixes => "sbcUpdatePrefixes",
        TenantUpgrade => "tenantUpgrade",
        IpPbxImport => "ipPbxImport",
        UserChange => "userChange",
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
        assert_eq!(TaskKind::ALL.len(), 10);
    }

    #[test]
    fn only_success_and_failure_are_finished() {
        let finished: Vec<_> = TaskState::ALL.iter().filter(|s| s.is_finished()).collect();
        assert_eq!(
            finished,
            [&TaskState::FinishSuccess, &TaskState::FinishFailure]
        );
    }
}
