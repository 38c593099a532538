use thiserror::Error;

#[derive(Debug, Error)]
pub enum CatalogueError {
    #[error("the command list is not valid catalogue JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("`{cmdlet}` lists `-{param}` twice (by name or alias)")]
    DuplicateParameter { cmdlet: String, param: String },
}
