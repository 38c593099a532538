//! The script template commands of `AppContext`: the list, a template's history,
//! validation as the user types, saving (a template that fails validation is kept
//! only as a draft), restore, reset to the shipped default, side-by-side comparison,
//! live preview against a cached tenant, and import / export as text files.

pub(crate) mod file;
pub(crate) mod preview;
pub(crate) mod views;

use switchboard_cache::{Cache, NewTemplateVersion, SbcId};
use switchboard_domain::TenantId;
use switchboard_templates::{
    default_template, default_templates, diff, is_executable, validate, Diagnostic, Engine,
    ScriptTemplate, TemplateId, TemplateKind,
};

use crate::context::AppContext;
use crate::error::{ApiError, FieldError};
use crate::os_user::os_user_name;
use crate::templates::preview::preview_context;
use crate::templates::views::{
    SaveTemplateInput, TemplateDetail, TemplateDiagnostic, TemplateDiffRow, TemplateExport,
    TemplateImportInput, TemplatePreview, TemplatePreviewInput, TemplateRow, TemplateSaved,
};

/// Adds the shipped defaults to the cache (see the cache's seeding rule).
pub(crate) fn seed_defaults(cache: &Cache) -> Result<(), ApiError> {
    let report = cache.seed_default_templates(&default_templates()?)?;
    if report != Default::default() {
        tracing::info!(?report, "shipped script templates seeded");
    }
    Ok(())
}

impl AppContext {
    pub fn list_templates(&self) -> Result<Vec<TemplateRow>, ApiError> {
        let shipped = default_templates()?;
        let mut rows = Vec::new();
        for summary in self.cache().list_templates()? {
            // Only the shipped templates have a name and description to show.
            let Some(default) = shipped.iter().find(|t| t.meta.id == summary.id) else {
                continue;
            };
            let current = self.cache().current_template_version(&summary.id).ok();
            let differs = current.is_none_or(|v| v.body != default.body);
            rows.push(TemplateRow::new(&default.meta, summary, differs));
        }
        Ok(rows)
    }

    pub fn template_detail(&self, template_id: &TemplateId) -> Result<TemplateDetail, ApiError> {
        let default = default_template(&template_id.0)?;
        let summary = self.cache().template_summary(template_id)?;
        let versions = self.cache().template_versions(template_id)?;
        let differs = versions
            .iter()
            .find(|v| !v.is_draft)
            .is_none_or(|v| v.body != default.body);
        Ok(TemplateDetail {
            template: TemplateRow::new(&default.meta, summary, differs),
            versions,
            customer_variables: default.meta.customer_variables.clone(),
            undoes: default.meta.undoes.clone(),
        })
    }

    /// Every problem with `body` as a version of the template, by line and column.
    pub fn validate_template(
        &self,
        template_id: &TemplateId,
        body: &str,
    ) -> Result<Vec<TemplateDiagnostic>, ApiError> {
        let template = with_body(template_id, body)?;
        Ok(validate(&template).into_iter().map(Into::into).collect())
    }

    /// Saves a new version; one that fails validation is saved as a draft.
    pub fn save_template_version(
        &self,
        input: &SaveTemplateInput,
    ) -> Result<TemplateSaved, ApiError> {
        self.append_version(&input.template_id, &input.body, &input.comment)
    }

    /// A new version with the body of an older one.
    pub fn restore_template_version(
        &self,
        template_id: &TemplateId,
        version_no: u32,
    ) -> Result<TemplateSaved, ApiError> {
        let old = self.cache().template_version(template_id, version_no)?;
        self.append_version(
            template_id,
            &old.body,
            &format!("Restored version {version_no}"),
        )
    }

    /// A new version with the body Switchboard ships.
    pub fn reset_template(&self, template_id: &TemplateId) -> Result<TemplateSaved, ApiError> {
        let default = default_template(&template_id.0)?;
        self.append_version(template_id, &default.body, "Reset to the shipped default")
    }

    /// Rows for showing version `old` and version `new` side by side.
    pub fn compare_template_versions(
        &self,
        template_id: &TemplateId,
        old: u32,
        new: u32,
    ) -> Result<Vec<TemplateDiffRow>, ApiError> {
        let old = self.cache().template_version(template_id, old)?;
        let new = self.cache().template_version(template_id, new)?;
        Ok(diff(&old.body, &new.body)
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Renders the editor's text with the tenant's (and SBC's) values. A template
    /// that cannot render yields the reason at its line and column, not an error.
    pub fn preview_template(
        &self,
        input: &TemplatePreviewInput,
    ) -> Result<TemplatePreview, ApiError> {
        let template = with_body(&input.template_id, &input.body)?;
        let tenant = self.cache().tenant(TenantId::new(input.tenant_id))?;
        let sbc = match (template.meta.kind, input.sbc_id) {
            (TemplateKind::Sbc, Some(id)) => Some(self.cache().sbc(SbcId::new(id))?),
            _ => None,
        };
        let site = match &sbc {
            Some(device) => self
                .cache()
                .sbc_sites(device.id)?
                .into_iter()
                .find(|site| site.tenant_id == tenant.id),
            None => None,
        };
        let preview = preview_context(
            &tenant,
            sbc.as_ref(),
            site.as_ref(),
            &template.meta.customer_variables,
        );
        let (script, problem) = match Engine::new().render(&template, &preview.context) {
            Ok(script) => (Some(script), None),
            Err(error) => (None, Some(Diagnostic::from_error(&error).into())),
        };
        Ok(TemplatePreview {
            script,
            problem,
            example_values: preview.example_values,
        })
    }

    /// The text of one version (the newest when `version_no` is `None`) as a file.
    pub fn export_template(
        &self,
        template_id: &TemplateId,
        version_no: Option<u32>,
    ) -> Result<TemplateExport, ApiError> {
        let summary = self.cache().template_summary(template_id)?;
        let number = version_no.unwrap_or(summary.latest_version);
        let version = self.cache().template_version(template_id, number)?;
        Ok(TemplateExport {
            file_name: file::file_name(template_id, summary.kind, number),
            content: file::export_text(template_id, number, &version.body),
        })
    }

    /// Saves a file's text as a new version of the template (a draft if it fails
    /// validation). A file exported from another template is refused.
    pub fn import_template(&self, input: &TemplateImportInput) -> Result<TemplateSaved, ApiError> {
        let file = file::parse(&input.content);
        if let Some(named) = file.named.filter(|named| *named != input.template_id) {
            return Err(ApiError::validation(vec![FieldError {
                field: "content".into(),
                code: "content.otherTemplate".into(),
                message: format!(
                    "This file holds the template {named}, not {}.",
                    input.template_id
                ),
            }]));
        }
        if file.body.trim().is_empty() {
            return Err(ApiError::validation(vec![FieldError {
                field: "content".into(),
                code: "content.empty".into(),
                message: "The file holds no template text.".into(),
            }]));
        }
        self.append_version(&input.template_id, file.body, "Imported from a file")
    }

    fn append_version(
        &self,
        template_id: &TemplateId,
        body: &str,
        comment: &str,
    ) -> Result<TemplateSaved, ApiError> {
        let template = with_body(template_id, body)?;
        let diagnostics = validate(&template);
        let author = os_user_name();
        let version = self.cache().save_template_version(
            template_id,
            &NewTemplateVersion {
                body,
                author: &author,
                comment,
                is_draft: !is_executable(&diagnostics),
            },
        )?;
        tracing::info!(template = %template_id, version = version.version_no, draft = version.is_draft, "template version saved");
        Ok(TemplateSaved {
            version,
            diagnostics: diagnostics.into_iter().map(Into::into).collect(),
        })
    }
}

/// The template's shipped description with another body.
pub(crate) fn with_body(template_id: &TemplateId, body: &str) -> Result<ScriptTemplate, ApiError> {
    let default = default_template(&template_id.0)?;
    Ok(ScriptTemplate {
        meta: default.meta,
        body: body.to_owned(),
    })
}
