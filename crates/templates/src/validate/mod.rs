//! Validation before a template is saved or run: Handlebars syntax, variables and
//! helpers against the catalogue, and the rendered example against the target's
//! grammar (SBC CLI) or our cmdlet catalogue (M365 PowerShell).

mod locate;
mod powershell;
mod sbc_cli;
mod variables;

use crate::context::TemplateContext;
use crate::diagnostic::Diagnostic;
use crate::engine::Engine;
use crate::template::{ScriptTemplate, TemplateKind};

/// Every problem found in `template`, ordered by position. An empty list means
/// the template may be saved as final and executed.
pub fn validate(template: &ScriptTemplate) -> Vec<Diagnostic> {
    let engine = Engine::new();
    let compiled = match engine.compile(&template.body) {
        Ok(compiled) => compiled,
        Err(error) => return vec![Diagnostic::from_error(&error)],
    };
    let mut found = variables::check(
        compiled.template(),
        template.meta.kind,
        &template.meta.customer_variables,
    );
    // Unknown names make the example rendering fail for a reason already reported.
    if found.is_empty() {
        let example = TemplateContext::example(&template.meta.customer_variables);
        match compiled.render(&engine, &example) {
            Ok(rendered) => {
                let problems = match template.meta.kind {
                    TemplateKind::Sbc => sbc_cli::check(&rendered),
                    TemplateKind::M365 => powershell::check(&rendered),
                };
                found.extend(
                    problems
                        .into_iter()
                        .map(|p| locate::locate(&template.body, &rendered, p)),
                );
            }
            Err(error) => found.push(Diagnostic::from_error(&error)),
        }
    }
    found.sort_by_key(|d| (d.line, d.column));
    found.dedup();
    found
}
