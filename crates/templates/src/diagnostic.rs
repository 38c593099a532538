//! Findings of template validation.

use serde::Serialize;

use crate::error::TemplateError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth a look, but the template may run.
    Warning,
    /// The template is kept as a draft and never executed.
    Error,
}

/// One finding, at a 1-based line and column of the template text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    /// A template that cannot be compiled or rendered, as an error at the position
    /// the engine reported (the start of the template when it reported none). The
    /// message leaves the position out: the diagnostic carries it.
    pub fn from_error(error: &TemplateError) -> Self {
        match error {
            TemplateError::Syntax {
                line,
                column,
                message,
            } => Self::error(*line, *column, format!("syntax error: {message}")),
            TemplateError::MissingVariable { name, line, column } => Self::error(
                line.unwrap_or(1),
                column.unwrap_or(1),
                format!("no value is given for `{name}`"),
            ),
            TemplateError::Render {
                message,
                line,
                column,
            } => Self::error(line.unwrap_or(1), column.unwrap_or(1), message.clone()),
            other => Self::error(1, 1, other.to_string()),
        }
    }

    pub fn error(line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
        }
    }
}

/// Whether a template with these findings may be pushed or run.
pub fn is_executable(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().all(|d| d.severity != Severity::Error)
}
