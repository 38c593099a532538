use serde::Serialize;

/// A validation failure that names the offending field, a stable machine code
/// (e.g. `shortName.tooLong`) and a sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct DomainError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl DomainError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            code: format!("{field}.{code}"),
            message: message.into(),
        }
    }
}
