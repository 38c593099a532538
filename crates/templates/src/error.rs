//! The crate's one error type.

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum TemplateError {
    /// The template text is not valid Handlebars.
    #[error("template syntax error at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// Strict mode: the template refers to a value the context does not provide.
    #[error("the template uses `{name}`, but no value was given for it{}", at(*line, *column))]
    MissingVariable {
        name: String,
        line: Option<usize>,
        column: Option<usize>,
    },
    /// Any other rendering failure, such as a helper refusing a value.
    #[error("rendering failed{}: {message}", at(*line, *column))]
    Render {
        message: String,
        line: Option<usize>,
        column: Option<usize>,
    },
    /// The built-in manifest and template files disagree (a packaging bug).
    #[error("the built-in template set is inconsistent: {0}")]
    Manifest(String),
    #[error("no built-in template has the id `{0}`")]
    UnknownTemplate(String),
}

fn at(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(" at line {line}, column {column}"),
        (Some(line), None) => format!(" at line {line}"),
        _ => String::new(),
    }
}
