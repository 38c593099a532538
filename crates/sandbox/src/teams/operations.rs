//! Graph's asynchronous number assignment: `assignNumber`/`unassignNumber` answer
//! `202 Accepted` with an operation that clients poll.
//!
//! The operation advances one step per poll (`notStarted`, `running`, then its
//! outcome) instead of with wall-clock time, so clients see every state and tests
//! need no sleeps. The change itself is applied at the step that reports the outcome,
//! under the state lock, so a conflict that arises meanwhile is reported as `failed`.

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

#[derive(Debug, Clone, PartialEq)]
pub struct NumberOperation {
    pub id: String,
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
        if let Some(error) = &self.error {
            body["error"] = json!({ "code": "Conflict", "message": error });
            body["numbers"][0]["errorMessage"] = json!(error);
        }
        body
    }
}

/// Moves an operation one step on and returns its state after the step.
pub fn advance(voice: &mut VoiceState, id: &str) -> Option<NumberOperation> {
    let mut operation = voice.operations.get(id)?.clone();
    operation.polls += 1;
    operation.status = match operation.status {
        // The first read shows the operation queued.
        OperationStatus::NotStarted if operation.polls == 1 => OperationStatus::NotStarted,
        OperationStatus::NotStarted => OperationStatus::Running,
        OperationStatus::Running => {
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
            match result {
                Ok(()) => OperationStatus::Succeeded,
                Err(
                    VoiceError::Conflict(message)
                    | VoiceError::NotFound(message)
                    | VoiceError::Invalid(message),
                ) => {
                    operation.error = Some(message);
                    OperationStatus::Failed
                }
            }
        }
        done => done,
    };
    operation.last_action = Utc::now();
    voice.operations.insert(id.to_string(), operation.clone());
    Some(operation)
}
