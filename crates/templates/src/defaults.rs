//! The built-in templates under `assets/templates/`, compiled into the binary.
//! `manifest.json` describes them; each entry names its file.

use serde::Deserialize;

use crate::error::TemplateError;
use crate::template::{ScriptTemplate, TemplateMeta};

const MANIFEST: &str = include_str!("../../../assets/templates/manifest.json");

/// Every template file, by its path relative to `assets/templates/`.
const FILES: &[(&str, &str)] = &[
    (
        "sbc/onboarding-sip-trunk.cli.hbs",
        include_str!("../../../assets/templates/sbc/onboarding-sip-trunk.cli.hbs"),
    ),
    (
        "sbc/cleanup-sip-trunk.cli.hbs",
        include_str!("../../../assets/templates/sbc/cleanup-sip-trunk.cli.hbs"),
    ),
    (
        "sbc/onboarding-ip-pbx.cli.hbs",
        include_str!("../../../assets/templates/sbc/onboarding-ip-pbx.cli.hbs"),
    ),
    (
        "sbc/cleanup-ip-pbx.cli.hbs",
        include_str!("../../../assets/templates/sbc/cleanup-ip-pbx.cli.hbs"),
    ),
    (
        "sbc/onboarding-byoc.cli.hbs",
        include_str!("../../../assets/templates/sbc/onboarding-byoc.cli.hbs"),
    ),
    (
        "sbc/cleanup-byoc.cli.hbs",
        include_str!("../../../assets/templates/sbc/cleanup-byoc.cli.hbs"),
    ),
    (
        "sbc/add-prefix.cli.hbs",
        include_str!("../../../assets/templates/sbc/add-prefix.cli.hbs"),
    ),
    (
        "sbc/remove-prefix.cli.hbs",
        include_str!("../../../assets/templates/sbc/remove-prefix.cli.hbs"),
    ),
    (
        "sbc/add-ip-pbx-user.cli.hbs",
        include_str!("../../../assets/templates/sbc/add-ip-pbx-user.cli.hbs"),
    ),
    (
        "m365/onboarding-default.ps1.hbs",
        include_str!("../../../assets/templates/m365/onboarding-default.ps1.hbs"),
    ),
    (
        "m365/cleanup-default.ps1.hbs",
        include_str!("../../../assets/templates/m365/cleanup-default.ps1.hbs"),
    ),
    (
        "m365/onboarding-lbr.ps1.hbs",
        include_str!("../../../assets/templates/m365/onboarding-lbr.ps1.hbs"),
    ),
    (
        "m365/cleanup-lbr.ps1.hbs",
        include_str!("../../../assets/templates/m365/cleanup-lbr.ps1.hbs"),
    ),
];

#[derive(Deserialize)]
struct Entry {
    file: String,
    #[serde(flatten)]
    meta: TemplateMeta,
}

/// The built-in templates, in manifest order.
pub fn default_templates() -> Result<Vec<ScriptTemplate>, TemplateError> {
    let entries: Vec<Entry> =
        serde_json::from_str(MANIFEST).map_err(|e| TemplateError::Manifest(e.to_string()))?;
    if entries.len() != FILES.len() {
        return Err(TemplateError::Manifest(format!(
            "the manifest lists {} templates but {} files are built in",
            entries.len(),
            FILES.len()
        )));
    }
    entries
        .into_iter()
        .map(|entry| {
            let body = FILES
                .iter()
                .find(|(path, _)| *path == entry.file)
                .map(|(_, body)| (*body).to_string())
                .ok_or_else(|| {
                    TemplateError::Manifest(format!("no built-in file {}", entry.file))
                })?;
            Ok(ScriptTemplate {
                meta: entry.meta,
                body,
            })
        })
        .collect()
}

/// One built-in template by id.
pub fn default_template(id: &str) -> Result<ScriptTemplate, TemplateError> {
    default_templates()?
        .into_iter()
        .find(|t| t.meta.id.0 == id)
        .ok_or_else(|| TemplateError::UnknownTemplate(id.to_string()))
}
