//! What the template commands take and return.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use switchboard_cache::{TemplateSummary, TemplateVersion};
use switchboard_templates::{ChangeKind, Diagnostic, DiffLine, Severity, TemplateId, TemplateMeta};

/// One line of the templates list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateRow {
    #[serde(flatten)]
    pub summary: TemplateSummary,
    pub name: String,
    pub description: String,
    /// The current body is not the one Switchboard ships (edited, or a newer
    /// default is available through "Reset to default").
    pub differs_from_default: bool,
}

impl TemplateRow {
    pub(crate) fn new(meta: &TemplateMeta, summary: TemplateSummary, differs: bool) -> Self {
        Self {
            summary,
            name: meta.name.clone(),
            description: meta.description.clone(),
            differs_from_default: differs,
        }
    }
}

/// A template with its whole history, newest version first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDetail {
    pub template: TemplateRow,
    pub versions: Vec<TemplateVersion>,
    /// Names usable as `CustomVar.<name>`.
    pub customer_variables: Vec<String>,
    /// For a cleanup: the onboarding template it undoes.
    pub undoes: Option<TemplateId>,
}

/// One validation finding at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDiagnostic {
    #[ts(type = "number")]
    pub line: usize,
    #[ts(type = "number")]
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl From<Diagnostic> for TemplateDiagnostic {
    fn from(d: Diagnostic) -> Self {
        Self {
            line: d.line,
            column: d.column,
            severity: d.severity,
            message: d.message,
        }
    }
}

/// A body to save as a new version.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveTemplateInput {
    pub template_id: TemplateId,
    pub body: String,
    pub comment: String,
}

/// The version written and why it is a draft, if it is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSaved {
    pub version: TemplateVersion,
    pub diagnostics: Vec<TemplateDiagnostic>,
}

/// One row of the side-by-side comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDiffRow {
    pub kind: ChangeKind,
    #[ts(type = "number | null")]
    pub old_line: Option<usize>,
    pub old_text: Option<String>,
    #[ts(type = "number | null")]
    pub new_line: Option<usize>,
    pub new_text: Option<String>,
}

impl From<DiffLine> for TemplateDiffRow {
    fn from(d: DiffLine) -> Self {
        Self {
            kind: d.kind,
            old_line: d.old_line,
            old_text: d.old_text,
            new_line: d.new_line,
            new_text: d.new_text,
        }
    }
}

/// What to render a preview with: the editor's current text, a cached tenant and,
/// for SBC templates, optionally one of the SBCs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplatePreviewInput {
    pub template_id: TemplateId,
    pub body: String,
    #[ts(type = "number")]
    pub tenant_id: i64,
    #[ts(type = "number | null")]
    pub sbc_id: Option<i64>,
}

/// The rendered script, or the first reason it cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplatePreview {
    pub script: Option<String>,
    pub problem: Option<TemplateDiagnostic>,
    /// Values the cache does not hold yet, rendered with example values.
    pub example_values: Vec<String>,
}

/// An exported template file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateExport {
    /// A suggested file name, e.g. `sbc-add-prefix.v3.cli.hbs`.
    pub file_name: String,
    pub content: String,
}

/// A template file's text, imported as a new version of `template_id`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateImportInput {
    pub template_id: TemplateId,
    pub content: String,
}
