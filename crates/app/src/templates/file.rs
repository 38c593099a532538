//! The file format of exported templates: the body as it is, after one Handlebars
//! comment line naming the template and version. The file stays a valid template,
//! diffs cleanly, and a plain `.hbs` file without the line imports too.

use switchboard_templates::{TemplateId, TemplateKind};

const HEADER_START: &str = "{{!-- switchboard-template ";
const HEADER_END: &str = " --}}";

/// The exported text of one version.
pub(crate) fn export_text(id: &TemplateId, version_no: u32, body: &str) -> String {
    format!("{HEADER_START}id={id} version={version_no}{HEADER_END}\n{body}")
}

/// A suggested file name, e.g. `sbc-add-prefix.v3.cli.hbs`.
pub(crate) fn file_name(id: &TemplateId, kind: TemplateKind, version_no: u32) -> String {
    let extension = match kind {
        TemplateKind::Sbc => "cli.hbs",
        TemplateKind::M365 => "ps1.hbs",
    };
    format!("{id}.v{version_no}.{extension}")
}

/// An imported file: the template it names (if it has our header) and its body.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ImportedFile<'a> {
    pub named: Option<TemplateId>,
    pub body: &'a str,
}

pub(crate) fn parse(content: &str) -> ImportedFile<'_> {
    let (first, rest) = content.split_once('\n').unwrap_or((content, ""));
    let header = first
        .trim_end_matches('\r')
        .strip_prefix(HEADER_START)
        .and_then(|h| h.strip_suffix(HEADER_END));
    match header {
        Some(fields) => ImportedFile {
            named: fields
                .split_whitespace()
                .find_map(|field| field.strip_prefix("id="))
                .map(|id| TemplateId(id.to_owned())),
            body: rest,
        },
        None => ImportedFile {
            named: None,
            body: content,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_parses_back_to_its_id_and_body() {
        let id = TemplateId("sbc-add-prefix".into());
        let body = "configure voip\n{{#each CmdData.DialPlanRules.ToAdd}}x{{/each}}\n";
        let text = export_text(&id, 4, body);
        assert!(text.starts_with("{{!-- switchboard-template id=sbc-add-prefix version=4 --}}\n"));
        assert_eq!(
            parse(&text),
            ImportedFile {
                named: Some(id.clone()),
                body
            }
        );
        assert_eq!(
            file_name(&id, TemplateKind::Sbc, 4),
            "sbc-add-prefix.v4.cli.hbs"
        );
    }

    #[test]
    fn a_plain_template_file_is_all_body() {
        let text = "{{!-- my own notes --}}\nNew-CsOnlinePSTNUsage\n";
        assert_eq!(
            parse(text),
            ImportedFile {
                named: None,
                body: text
            }
        );
    }
}
