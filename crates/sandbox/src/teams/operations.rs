//! Graph's asynchronous number assignment: `assignNumber`/`unassignNumber` answer
//! `202 Accepted` with an operation that clients poll.
//!
//! Microsoft applies the change whether or not anyone polls; the sandbox keeps time out
//! of it (tests need no sleeps) and follows two rules instead:
//! - A poll moves only the polled operation one step (`notStarted`, `running`, then
//!   its outcome), so a client that polls at once sees every state.
//! - Any other request on the tenant's voice state ([`settle`]) first brings every
//!   pending operation to its outcome, as the service would have done meanwhile: a
//!   client killed mid-poll finds the change landed when it next reads the user.
//!
//! The change itself is applied when the operation reaches its outcome, under the state
//! lock, so a conflict that arose meanwhile is reported as `failed`.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use serde_json::{json, Value as Json};

use super::model::{AssignmentCategory, NumberType, PhoneNumber};
use super::voice::{VoiceError, VoiceState};

#[derive(Debug, Clone, PartialEq)]
pub enum NumberChange {
    Assign {
        number_type: NumberType,
        category: AssignmentCategory,
        location_id: Option<String>,
    },
    Unassign,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationStatus {
    NotStarted,
    Running,
    Succeeded,
    Failed,
}

impl OperationStatus {
    pub fn graph_name(self) -> &'static str {
        match self {
            Self::NotStarted => "notStarted",
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }
}

/// Orders operations by arrival, which timestamps cannot do when two share an instant.
static ARRIVALS: AtomicU64 = AtomicU64::new(0);

#[derive(Debug, Clone, PartialEq)]
pub struct NumberOperation {
    pub id: String,
    /// Arrival order: pending operations land in it.
    pub arrival: u64,
    pub user_id: String,
    pub number: PhoneNumber,
    pub change: NumberChange,
    pub status: OperationStatus,
    pub error: Option<String>,
    /// How many times clients have read it.
    pub polls: u32,
    pub created: DateTime<Utc>,
    pub last_action: DateTime<Utc>,
}

impl NumberOperation {
    pub fn new(user_id: String, number: PhoneNumber, change: NumberChange) -> Self {
        let now = Utc::now();
        Self {
            id: super::voice::new_id(),
            arrival: ARRIVALS.fetch_add(1, Ordering::Relaxed),
            user_id,
            number,
            change,
            status: OperationStatus::NotStarted,
            error: None,
            polls: 0,
            created: now,
            last_action: now,
        }
    }

    pub fn to_graph(&self) -> Json {
        let mut body = json!({
            "id": self.id,
            "createdDateTime": self.created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "lastActionDateTime": self.last_action.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "resourceLocation": null,
            "status": self.status.graph_name(),
            "statusDetail": null,
            "numbers": [{
                "telephoneNumber": self.number.as_str(),
                "status": self.status.graph_name(),
            }],
        });
        // Graph reports why an operation failed in `statusDetail`, overall and per number.
        if let Some(error) = &self.error {
            body["statusDetail"] = json!(error);
            body["numbers"][0]["statusDetail"] = json!(error);
        }
        body
    }

    fn is_pending(&self) -> bool {
        matches!(
            self.status,
            OperationStatus::NotStarted | OperationStatus::Running
        )
    }
}

/// Moves an operation one step on and returns its state after the step.
pub fn advance(voice: &mut VoiceState, id: &str) -> Option<NumberOperation> {
    let mut operation = voice.operations.get(id)?.clone();
    operation.polls += 1;
    match operation.status {
        // The first read shows the operation queued.
        OperationStatus::NotStarted if operation.polls == 1 => {}
        OperationStatus::NotStarted => operation.status = OperationStatus::Running,
        OperationStatus::Running => complete(voice, &mut operation),
        OperationStatus::Succeeded | OperationStatus::Failed => {}
    }
    operation.last_action = Utc::now();
    voice.operations.insert(id.to_string(), operation.clone());
    Some(operation)
}

/// Brings every pending operation to its outcome, oldest first.
pub fn settle(voice: &mut VoiceState) {
    let mut pending: Vec<NumberOperation> = voice
        .operations
        .values()
        .filter(|o| o.is_pending())
        .cloned()
        .collect();
    pending.sort_by_key(|o| o.arrival);
    for mut operation in pending {
        complete(voice, &mut operation);
        operation.last_action = Utc::now();
        voice.operations.insert(operation.id.clone(), operation);
    }
}

/// Applies the operation's change and records its outcome.
fn complete(voice: &mut VoiceState, operation: &mut NumberOperation) {
    let result = match &operation.change {
        NumberChange::Assign {
            number_type,
            category,
            location_id,
        } => voice.assign_number(
            &operation.user_id,
            operation.number.clone(),
            *number_type,
            *category,
            location_id.clone(),
        ),
        NumberChange::Unassign => {
            voice.unassign_number(&operation.user_id, Some(&operation.number))
        }
    };
    operation.status = match result {
        Ok(()) => OperationStatus::Succeeded,
        Err(
            VoiceError::Conflict(message)
            | VoiceError::NotFound(message)
            | VoiceError::Invalid(message),
        ) => {
            operation.error = Some(message);
            OperationStatus::Failed
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::teams::ledger::VoiceChange;

    fn queue(voice: &mut VoiceState, user: &str, number: &PhoneNumber) -> String {
        let change = NumberChange::Assign {
            number_type: NumberType::DirectRouting,
            category: AssignmentCategory::Primary,
            location_id: None,
        };
        let operation = NumberOperation::new(user.into(), number.clone(), change);
        let id = operation.id.clone();
        voice.operations.insert(id.clone(), operation);
        id
    }

    #[test]
    fn settling_lands_pending_operations_once_in_the_order_they_came() {
        let mut voice = VoiceState::default();
        let number = PhoneNumber::parse("+14255550100").unwrap();
        let first = queue(&mut voice, "a", &number);
        let second = queue(&mut voice, "b", &number);
        assert_eq!(
            advance(&mut voice, &first).unwrap().status,
            OperationStatus::NotStarted
        );

        settle(&mut voice);
        settle(&mut voice);
        assert_eq!(voice.holder_of(&number), Some("a"));
        assert_eq!(
            voice.operations[&second].status,
            OperationStatus::Failed,
            "the later one conflicts"
        );
        assert_eq!(
            advance(&mut voice, &first).unwrap().status,
            OperationStatus::Succeeded
        );
        let assigned = VoiceChange::NumberAssigned(number);
        assert_eq!(voice.ledger().count("a", &assigned), 1);
        assert_eq!(voice.ledger().entries().len(), 1);
    }
}
