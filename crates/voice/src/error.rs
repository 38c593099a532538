use thiserror::Error;

/// Why a change was refused, or why PowerShell output could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VoiceError {
    /// The change is not valid on its own terms (a name, a pattern, an address).
    #[error("{0}")]
    Invalid(String),
    /// The change names an object that does not exist.
    #[error("{0}")]
    NotFound(String),
    /// An object of that name already exists.
    #[error("{0}")]
    Exists(String),
    /// Other objects (or users) still depend on the one to remove or change.
    #[error("{0}")]
    InUse(String),
    #[error("The Teams configuration could not be read: {0}.")]
    Unreadable(String),
}
