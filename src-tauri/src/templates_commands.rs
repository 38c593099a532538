//! The script template commands; like `commands.rs`, each only forwards to `AppContext`.

use tauri::State;

use switchboard_app::{
    ApiError, SaveTemplateInput, Startup, TemplateDetail, TemplateDiagnostic, TemplateDiffRow,
    TemplateExport, TemplateId, TemplateImportInput, TemplatePreview, TemplatePreviewInput,
    TemplateRow, TemplateSaved,
};

#[tauri::command(async)]
pub fn list_templates(startup: State<'_, Startup>) -> Result<Vec<TemplateRow>, ApiError> {
    startup.context()?.list_templates()
}

#[tauri::command(async)]
pub fn template_detail(
    startup: State<'_, Startup>,
    template_id: TemplateId,
) -> Result<TemplateDetail, ApiError> {
    startup.context()?.template_detail(&template_id)
}

#[tauri::command(async)]
pub fn validate_template(
    startup: State<'_, Startup>,
    template_id: TemplateId,
    body: String,
) -> Result<Vec<TemplateDiagnostic>, ApiError> {
    startup.context()?.validate_template(&template_id, &body)
}

#[tauri::command(async)]
pub fn save_template_version(
    startup: State<'_, Startup>,
    input: SaveTemplateInput,
) -> Result<TemplateSaved, ApiError> {
    startup.context()?.save_template_version(&input)
}

#[tauri::command(async)]
pub fn restore_template_version(
    startup: State<'_, Startup>,
    template_id: TemplateId,
    version_no: u32,
) -> Result<TemplateSaved, ApiError> {
    startup
        .context()?
        .restore_template_version(&template_id, version_no)
}

#[tauri::command(async)]
pub fn reset_template(
    startup: State<'_, Startup>,
    template_id: TemplateId,
) -> Result<TemplateSaved, ApiError> {
    startup.context()?.reset_template(&template_id)
}

#[tauri::command(async)]
pub fn compare_template_versions(
    startup: State<'_, Startup>,
    template_id: TemplateId,
    old_version: u32,
    new_version: u32,
) -> Result<Vec<TemplateDiffRow>, ApiError> {
    startup
        .context()?
        .compare_template_versions(&template_id, old_version, new_version)
}

#[tauri::command(async)]
pub fn preview_template(
    startup: State<'_, Startup>,
    input: TemplatePreviewInput,
) -> Result<TemplatePreview, ApiError> {
    startup.context()?.preview_template(&input)
}

#[tauri::command(async)]
pub fn export_template(
    startup: State<'_, Startup>,
    template_id: TemplateId,
    version_no: Option<u32>,
) -> Result<TemplateExport, ApiError> {
    startup.context()?.export_template(&template_id, version_no)
}

#[tauri::command(async)]
pub fn import_template(
    startup: State<'_, Startup>,
    input: TemplateImportInput,
) -> Result<TemplateSaved, ApiError> {
    startup.context()?.import_template(&input)
}
