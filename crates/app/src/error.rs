//! The one place where errors from every crate become what the UI shows.
//!
//! Every command returns `Result<T, ApiError>`; the UI branches on `code` (never on the
//! message text) and shows `message` and, for forms, each `FieldError` under its field.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use switchboard_cache::CacheError;
use switchboard_domain::DomainError;
use switchboard_secrets::SecretsError;
use switchboard_templates::TemplateError;

switchboard_domain::string_enum! {
    /// Every code a failing command can return: a closed set, exported to TypeScript so
    /// the UI's branches on codes are checked by the compiler.
    pub enum ErrorCode {
        Validation => "validation",
        Conflict => "conflict",
        NotFound => "notFound",
        StorageTooNew => "storage.tooNew",
        Storage => "storage",
        KeychainUnavailable => "keychain.unavailable",
        /// The command line or environment asked for something impossible (bad flag value,
        /// no usable data folder).
        Config => "config",
        /// The in-app emulators of sandbox mode failed to start.
        Sandbox => "sandbox",
        /// The tenant's licence type has no Microsoft 365 connection to replicate from.
        ReplicationNotConnected => "replication.notConnected",
        /// The tenant lacks what signing in needs (tenant id, app registration, secret).
        ReplicationNoCredentials => "replication.noCredentials",
        /// The tenant's licence type has no Microsoft 365 connection to sign in to.
        AuthNotConnected => "auth.notConnected",
        /// The tenant lacks what its sign-in method needs (app registration, secret, refresh token).
        AuthNoCredentials => "auth.noCredentials",
        /// Microsoft refused the sign-in or could not be reached; the message says why.
        AuthFailed => "auth.failed",
        /// No device-code sign-in was started for the tenant.
        AuthNoDeviceCode => "auth.noDeviceCode",
        /// A script template cannot be compiled or rendered.
        Template => "template",
        Internal => "internal",
        /// Talking to an SBC failed; the suffix says how (`sbc.unreachable`, `sbc.busy`, ...).
        SbcAuth => "sbc.auth",
        SbcUnreachable => "sbc.unreachable",
        SbcTimeout => "sbc.timeout",
        SbcTls => "sbc.tls",
        SbcBusy => "sbc.busy",
        SbcScriptRejected => "sbc.scriptRejected",
        SbcAnswer => "sbc.answer",
        /// No admin password is stored for the SBC.
        SbcNoPassword => "sbc.noPassword",
        /// Plain HTTP to a non-loopback SBC without the user's confirmation for that host.
        SbcUnencrypted => "sbc.unencrypted",
        /// The SBC's answer linked to another origin; the link was not followed.
        SbcForeignLink => "sbc.foreignLink",
        /// No SMTP server is set up for invitation mails.
        MailNotConfigured => "mail.notConfigured",
        /// The SMTP server could not be reached or refused the mail; the message says why.
        MailSendFailed => "mail.sendFailed",
        /// SMTP AUTH without TLS to a non-loopback server without the user's confirmation.
        MailUnencrypted => "mail.unencrypted",
        /// No PowerShell to run Teams cmdlets with (none configured, none found).
        PowerShellUnavailable => "powershell.unavailable",
        /// Teams PowerShell ran but reading a tenant's Direct Routing objects failed.
        VoiceReadFailed => "voice.readFailed",
        /// A Direct Routing change refused before it was queued; the suffix says why.
        VoiceInvalid => "voice.invalid",
        VoiceNotFound => "voice.notFound",
        VoiceExists => "voice.exists",
        VoiceInUse => "voice.inUse",
    }
}

/// One problem with one form field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// The camelCase name of the input field, e.g. `shortName`.
    pub field: String,
    /// A stable machine code such as `shortName.tooLong`.
    pub code: String,
    pub message: String,
}

/// What every failing command returns to the UI: `{ code, message, fields }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Per-field problems; empty unless the error concerns form input.
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: redact(message.into()),
            fields: Vec::new(),
        }
    }

    /// A form was rejected; `fields` must not be empty.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        let message = match fields.as_slice() {
            [only] => only.message.clone(),
            many => format!("Please correct the {} highlighted fields.", many.len()),
        };
        Self {
            code: ErrorCode::Validation,
            message,
            fields,
        }
    }

    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Config, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

impl From<DomainError> for FieldError {
    fn from(e: DomainError) -> Self {
        Self {
            field: e.field,
            code: e.code,
            message: e.message,
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        Self::validation(vec![e.into()])
    }
}

impl From<switchboard_voice::VoiceError> for ApiError {
    fn from(error: switchboard_voice::VoiceError) -> Self {
        use switchboard_voice::VoiceError as V;
        let code = match &error {
            V::Invalid(_) => ErrorCode::VoiceInvalid,
            V::NotFound(_) => ErrorCode::VoiceNotFound,
            V::Exists(_) => ErrorCode::VoiceExists,
            V::InUse(_) => ErrorCode::VoiceInUse,
            V::Unreadable(_) => ErrorCode::Internal,
        };
        ApiError::new(code, error.to_string())
    }
}

impl From<CacheError> for ApiError {
    fn from(e: CacheError) -> Self {
        let message = e.to_string();
        match e {
            CacheError::Invalid(domain) => domain.into(),
            CacheError::Conflict { field, message } => Self {
                fields: vec![FieldError {
                    code: format!("{field}.duplicate"),
                    field,
                    message: message.clone(),
                }],
                ..Self::new(ErrorCode::Conflict, message)
            },
            CacheError::TooNew { .. } => Self::new(ErrorCode::StorageTooNew, message),
            CacheError::NotFound { .. } => Self::new(ErrorCode::NotFound, message),
            CacheError::Storage(_) | CacheError::Migration(_) => {
                tracing::error!("cache failure: {message}");
                Self::new(ErrorCode::Storage, message)
            }
        }
    }
}

impl From<SecretsError> for ApiError {
    fn from(e: SecretsError) -> Self {
        let code = match &e {
            SecretsError::KeychainUnavailable { .. } | SecretsError::KeychainRejected { .. } => {
                ErrorCode::KeychainUnavailable
            }
            SecretsError::BlobIo { .. } => ErrorCode::Storage,
            _ => ErrorCode::Internal,
        };
        Self::new(code, e.to_string())
    }
}

impl From<switchboard_sbc::SbcError> for ApiError {
    fn from(e: switchboard_sbc::SbcError) -> Self {
        use switchboard_sbc::SbcError;
        let code = match &e {
            SbcError::AuthFailed => ErrorCode::SbcAuth,
            SbcError::InvalidEndpoint(_) | SbcError::Unreachable { .. } => {
                ErrorCode::SbcUnreachable
            }
            SbcError::Timeout => ErrorCode::SbcTimeout,
            SbcError::Tls { .. } => ErrorCode::SbcTls,
            SbcError::Busy { .. } => ErrorCode::SbcBusy,
            SbcError::ScriptRejected { .. } => ErrorCode::SbcScriptRejected,
            SbcError::UnexpectedStatus { .. }
            | SbcError::InvalidAnswer(_)
            | SbcError::RunningConfig(_) => ErrorCode::SbcAnswer,
            SbcError::PlainHttpRefused { .. } => ErrorCode::SbcUnencrypted,
            SbcError::ForeignLink { .. } => ErrorCode::SbcForeignLink,
        };
        tracing::warn!(code = %code, "SBC request failed: {e}");
        Self::new(code, e.user_message())
    }
}

impl From<TemplateError> for ApiError {
    fn from(e: TemplateError) -> Self {
        let code = match &e {
            TemplateError::UnknownTemplate(_) => ErrorCode::NotFound,
            TemplateError::Manifest(_) => ErrorCode::Internal,
            _ => ErrorCode::Template,
        };
        Self::new(code, e.to_string())
    }
}

/// Messages may quote paths, URLs or server replies; scrub anything that looks like a
/// secret before it reaches the window, using the same rules as the log files.
fn redact(message: String) -> String {
    switchboard_logging::redact::redact_line(&message).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_message_fields() {
        let err = ApiError::validation(vec![FieldError {
            field: "shortName".into(),
            code: "shortName.dot".into(),
            message: "Short name cannot contain a dot.".into(),
        }]);
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "validation");
        assert_eq!(json["message"], "Short name cannot contain a dot.");
        assert_eq!(json["fields"][0]["field"], "shortName");
        assert_eq!(json["fields"][0]["code"], "shortName.dot");
    }

    #[test]
    fn several_field_errors_get_a_summary_message() {
        let field = |name: &str| FieldError {
            field: name.into(),
            code: format!("{name}.invalid"),
            message: format!("{name} is wrong."),
        };
        let err = ApiError::validation(vec![field("a"), field("b")]);
        assert_eq!(err.message, "Please correct the 2 highlighted fields.");
        assert_eq!(err.fields.len(), 2);
    }

    #[test]
    fn keychain_failures_have_their_own_code() {
        let err: ApiError = SecretsError::KeychainUnavailable {
            detail: "locked".into(),
        }
        .into();
        assert_eq!(err.code, ErrorCode::KeychainUnavailable);
        assert!(err.message.contains("locked"));
        assert_eq!(
            ApiError::from(SecretsError::EmptySecret).code,
            ErrorCode::Internal
        );
    }

    #[test]
    fn cache_conflict_names_its_field() {
        let err: ApiError = CacheError::Conflict {
            field: "shortName".into(),
            message: "Taken.".into(),
        }
        .into();
        assert_eq!(err.code, ErrorCode::Conflict);
        assert_eq!(err.message, "Taken.");
        assert_eq!(err.fields[0].field, "shortName");
        assert_eq!(err.fields[0].code, "shortName.duplicate");
    }

    #[test]
    fn messages_are_redacted() {
        let err = ApiError::internal("request failed: client_secret=Abc123SuperSecretValue987");
        assert!(
            !err.message.contains("Abc123SuperSecretValue987"),
            "{}",
            err.message
        );
    }

    #[test]
    fn template_errors_are_not_found_or_template_failures() {
        let unknown: ApiError = TemplateError::UnknownTemplate("nope".into()).into();
        assert_eq!(unknown.code, ErrorCode::NotFound);
        let syntax: ApiError = TemplateError::Syntax {
            line: 3,
            column: 7,
            message: "unclosed".into(),
        }
        .into();
        assert_eq!(syntax.code, ErrorCode::Template);
        assert!(
            syntax.message.contains("line 3, column 7"),
            "{}",
            syntax.message
        );
    }

    #[test]
    fn domain_error_becomes_a_field_error() {
        let err: ApiError = DomainError::new("shortName", "tooLong", "Too long.").into();
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(err.fields[0].code, "shortName.tooLong");
        assert_eq!(err.to_string(), "Too long.");
    }
}
