//! The invitation mail template: a subject and a body with `{{Variable}}` placeholders,
//! rendered by the script templates' strict Handlebars engine, so an unknown name or a
//! broken placeholder is refused with its line instead of rendering blank.

use serde_json::json;
use switchboard_cache::Cache;
use switchboard_templates::{Engine, TemplateError};

use crate::error::{ApiError, FieldError};
use crate::security::invitations::views::EmailTemplateView;

const TEMPLATE_SETTING: &str = "invitations.emailTemplate";

/// The names a template may use, in the order the editor lists them.
pub(crate) const VARIABLES: [&str; 4] = ["CustomerId", "PortalUrl", "InvitationId", "ExpiresAt"];

/// The values of one mail, in the order of [`VARIABLES`].
pub(crate) struct MailValues<'a> {
    pub customer_id: &'a str,
    pub portal_url: &'a str,
    pub invitation_id: &'a str,
    pub expires_at: &'a str,
}

impl MailValues<'_> {
    fn data(&self) -> serde_json::Value {
        let values = [
            self.customer_id,
            self.portal_url,
            self.invitation_id,
            self.expires_at,
        ];
        VARIABLES
            .iter()
            .zip(values)
            .map(|(name, value)| ((*name).to_owned(), json!(value)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
}

#[derive(Debug)]
pub(crate) struct RenderedMail {
    pub subject: String,
    pub body: String,
}

fn substitute(
    engine: &Engine,
    text: &str,
    values: &MailValues<'_>,
) -> Result<String, TemplateError> {
    let compiled = engine.compile(text)?;
    engine.render_data(&compiled, values.data())
}

fn field_error(field: &str, problem: TemplateError) -> FieldError {
    let known = VARIABLES.map(|name| format!("{{{{{name}}}}}")).join(", ");
    let on_line = |line: Option<usize>| line.map(|l| format!(" on line {l}")).unwrap_or_default();
    let (code, message) = match problem {
        TemplateError::MissingVariable { name, line, .. } => (
            "unknownVariable",
            format!(
                "The {field} uses {{{{{name}}}}}{}, which is not a known variable. Use one of {known}.",
                on_line(line)
            ),
        ),
        // Handlebars' own wording names parser rules; a mail author needs the shape.
        TemplateError::Syntax { line, column, .. } => (
            "syntax",
            format!(
                "The {field} has a broken placeholder at line {line}, column {column}: write each one as {{{{Name}}}}, with a name from {known}."
            ),
        ),
        other => ("invalid", format!("The {field} cannot be rendered: {other}.")),
    };
    FieldError {
        field: field.into(),
        code: format!("{field}.{code}"),
        message,
    }
}

/// Renders subject and body, reporting every problem of both at once.
pub(crate) fn render(
    template: &EmailTemplateView,
    values: &MailValues<'_>,
) -> Result<RenderedMail, ApiError> {
    let mut fields = Vec::new();
    if template.subject.trim().is_empty() {
        fields.push(FieldError {
            field: "subject".into(),
            code: "subject.empty".into(),
            message: "The subject cannot be empty.".into(),
        });
    }
    if template.subject.contains(['\r', '\n']) {
        fields.push(FieldError {
            field: "subject".into(),
            code: "subject.multiline".into(),
            message: "The subject must be a single line.".into(),
        });
    }
    let engine = Engine::new();
    let subject = substitute(&engine, &template.subject, values)
        .map_err(|problem| fields.push(field_error("subject", problem)))
        .ok();
    let body = substitute(&engine, &template.body, values)
        .map_err(|problem| fields.push(field_error("body", problem)))
        .ok();
    match (subject, body) {
        (Some(subject), Some(body)) if fields.is_empty() => Ok(RenderedMail { subject, body }),
        _ => Err(ApiError::validation(fields)),
    }
}

/// Sample values for the editor's preview and for validating before a save.
pub(crate) fn sample_values() -> MailValues<'static> {
    MailValues {
        customer_id: "contoso",
        portal_url: "https://portal.example.com/invite",
        invitation_id: "00000000-0000-4000-8000-000000000000",
        expires_at: "2026-01-08 09:00 UTC",
    }
}

fn default_template() -> EmailTemplateView {
    EmailTemplateView {
        subject: "Connect {{CustomerId}} to Microsoft Teams calling".into(),
        body: "Hello,\n\n\
               your provider invites you to connect the Microsoft 365 tenant of {{CustomerId}} \
               to its Teams calling service.\n\n\
               Open {{PortalUrl}} and enter the invitation id {{InvitationId}}, then sign in \
               with a Microsoft 365 administrator account.\n\n\
               The invitation is valid until {{ExpiresAt}}.\n"
            .into(),
    }
}

/// The saved template, or the built-in one.
pub(crate) fn load(cache: &Cache) -> Result<EmailTemplateView, ApiError> {
    match cache.setting(TEMPLATE_SETTING)? {
        Some(text) => serde_json::from_str(&text).map_err(|e| {
            ApiError::internal(format!("The saved invitation template cannot be read: {e}"))
        }),
        None => Ok(default_template()),
    }
}

/// Validates with sample values, then saves; a bad template changes nothing.
pub(crate) fn save(cache: &Cache, template: &EmailTemplateView) -> Result<(), ApiError> {
    render(template, &sample_values())?;
    let text = serde_json::to_string(template)
        .map_err(|e| ApiError::internal(format!("The template could not be stored: {e}")))?;
    cache.set_setting(TEMPLATE_SETTING, &text)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(subject: &str, body: &str) -> EmailTemplateView {
        EmailTemplateView {
            subject: subject.into(),
            body: body.into(),
        }
    }

    #[test]
    fn every_variable_is_replaced_with_or_without_spaces() {
        let mail = render(
            &template(
                "Join {{CustomerId}}",
                "{{ PortalUrl }}/{{InvitationId}} until {{ExpiresAt}}.",
            ),
            &sample_values(),
        )
        .unwrap();
        assert_eq!(mail.subject, "Join contoso");
        assert_eq!(
            mail.body,
            "https://portal.example.com/invite/00000000-0000-4000-8000-000000000000 until 2026-01-08 09:00 UTC."
        );
    }

    #[test]
    fn unknown_and_broken_placeholders_are_reported_per_field() {
        let err = render(
            &template("Hi {{CustomerName}}", "line one\nline {{InvitationId"),
            &sample_values(),
        )
        .unwrap_err();
        let codes: Vec<&str> = err.fields.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["subject.unknownVariable", "body.syntax"]);
        assert!(
            err.fields[0].message.contains("{{CustomerName}}"),
            "{}",
            err.fields[0].message
        );
        assert!(err.fields[0].message.contains("{{InvitationId}}"));
        assert!(
            err.fields[1].message.contains("line 2"),
            "{}",
            err.fields[1].message
        );
    }

    #[test]
    fn an_unknown_name_is_reported_at_its_line() {
        let err = render(
            &template("Hello", "one\ntwo\nopen {{PortalLink}} now"),
            &sample_values(),
        )
        .unwrap_err();
        let message = &err.fields[0].message;
        assert_eq!(err.fields[0].code, "body.unknownVariable");
        assert!(
            message.contains("{{PortalLink}} on line 3") && message.contains("{{PortalUrl}}"),
            "{message}"
        );
    }

    #[test]
    fn the_subject_must_be_one_non_empty_line() {
        let err = render(&template("  ", "body"), &sample_values()).unwrap_err();
        assert_eq!(err.fields[0].code, "subject.empty");
        let err = render(&template("a\nb", "body"), &sample_values()).unwrap_err();
        assert_eq!(err.fields[0].code, "subject.multiline");
    }

    #[test]
    fn the_default_template_uses_every_variable_and_renders() {
        let default = default_template();
        for name in VARIABLES {
            let placeholder = format!("{{{{{name}}}}}");
            assert!(
                default.subject.contains(&placeholder) || default.body.contains(&placeholder),
                "{name} unused"
            );
        }
        assert!(render(&default, &sample_values()).is_ok());
    }

    #[test]
    fn a_bad_template_is_not_saved() {
        let cache = Cache::open_in_memory().unwrap();
        assert!(save(&cache, &template("x", "{{Nope}}")).is_err());
        assert_eq!(load(&cache).unwrap(), default_template());
        let good = template("Hello {{CustomerId}}", "Body");
        save(&cache, &good).unwrap();
        assert_eq!(load(&cache).unwrap(), good);
    }
}
