use switchboard_domain::DomainError;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("The cache database was written by a newer version of Switchboard (schema {found}; this version supports up to {supported}). Update Switchboard to open it.")]
    TooNew { found: u32, supported: u32 },
    #[error("{what} was not found.")]
    NotFound { what: String },
    #[error("{message}")]
    Conflict { field: String, message: String },
    #[error(transparent)]
    Invalid(#[from] DomainError),
    #[error("Cache storage error: {0}")]
    Storage(#[from] rusqlite::Error),
    #[error("Cache schema migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}
