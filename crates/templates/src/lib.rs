//! Script templates for customer onboarding and day-two changes: the built-in
//! templates, rendering with typed values, validation before anything is saved or
//! run, and side-by-side comparison of versions.

pub mod catalogue;
pub mod context;
pub mod defaults;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod error;
mod example;
mod helpers;
pub mod template;
mod validate;

pub use catalogue::{catalogue, VariableSource, VariableSpec, VariableType};
pub use context::*;
pub use defaults::{default_template, default_templates};
pub use diagnostic::{is_executable, Diagnostic, Severity};
pub use diff::{diff, ChangeKind, DiffLine};
pub use engine::{CompiledTemplate, Engine};
pub use error::TemplateError;
pub use template::{ScriptTemplate, ScriptType, TemplateId, TemplateKind, TemplateMeta};
pub use validate::validate;
