//! Where invitation mails are sent from: SMTP server, sender, portal link and how long
//! an invitation stays valid. Stored as one cache setting; the SMTP password lives
//! only in the keychain, and the setting holds its opaque reference.
//!
//! In sandbox mode, until settings are saved, mail goes to the sandbox's capture
//! server with its demo account.

use switchboard_cache::Cache;
use switchboard_secrets::{ExposeSecret, SecretRef, SecretStore, SecretString};

use crate::error::{ApiError, ErrorCode, FieldError};
use crate::security::invitations::views::{
    SmtpSettings, SmtpSettingsInput, SmtpSettingsView, SmtpTlsMode,
};

const SMTP_SETTING: &str = "invitations.smtp";
const PASSWORD_REF_SETTING: &str = "invitations.smtpPasswordRef";
const MAX_VALIDITY_DAYS: u32 = 365;
const DEFAULT_VALIDITY_DAYS: u32 = 7;

/// Everything needed to send, password included (from the keychain or the sandbox).
pub(crate) struct SmtpTarget {
    pub settings: SmtpSettings,
    pub password: Option<SecretString>,
}

/// The sandbox's capture server, when the app runs in sandbox mode.
pub(crate) struct SandboxRelay<'a>(pub &'a switchboard_sandbox::mail::MailCapture);

impl SandboxRelay<'_> {
    fn settings(&self) -> SmtpSettings {
        let account = self.0.credentials();
        SmtpSettings {
            host: self.0.addr().ip().to_string(),
            port: self.0.addr().port(),
            tls: SmtpTlsMode::None,
            user: account.user.clone(),
            from_address: account.user.clone(),
            portal_url: "https://portal.sandbox.invalid/invite".into(),
            validity_days: DEFAULT_VALIDITY_DAYS,
            plain_auth_confirmed_for: None,
        }
    }
}

fn saved(cache: &Cache) -> Result<Option<SmtpSettings>, ApiError> {
    cache
        .setting(SMTP_SETTING)?
        .map(|text| {
            serde_json::from_str(&text).map_err(|e| {
                ApiError::internal(format!("The saved SMTP settings cannot be read: {e}"))
            })
        })
        .transpose()
}

fn password_ref(cache: &Cache) -> Result<Option<SecretRef>, ApiError> {
    Ok(cache
        .setting(PASSWORD_REF_SETTING)?
        .filter(|text| !text.is_empty())
        .map(|text| text.parse::<SecretRef>())
        .transpose()?)
}

/// Nothing saved outside the sandbox: empty fields the user must fill in.
fn blank() -> SmtpSettings {
    SmtpSettings {
        host: String::new(),
        port: 587,
        tls: SmtpTlsMode::StartTls,
        user: String::new(),
        from_address: String::new(),
        portal_url: String::new(),
        validity_days: DEFAULT_VALIDITY_DAYS,
        plain_auth_confirmed_for: None,
    }
}

pub(crate) fn view(
    cache: &Cache,
    relay: Option<SandboxRelay<'_>>,
) -> Result<SmtpSettingsView, ApiError> {
    let (settings, uses_sandbox_relay) = match (saved(cache)?, relay) {
        (Some(settings), _) => (settings, false),
        (None, Some(relay)) => (relay.settings(), true),
        (None, None) => (blank(), false),
    };
    Ok(SmtpSettingsView {
        has_password: uses_sandbox_relay || password_ref(cache)?.is_some(),
        settings,
        uses_sandbox_relay,
    })
}

/// What sending needs; refuses when nothing is configured.
pub(crate) fn target(
    cache: &Cache,
    secrets: &dyn SecretStore,
    relay: Option<SandboxRelay<'_>>,
) -> Result<SmtpTarget, ApiError> {
    if let Some(settings) = saved(cache)? {
        let password = match password_ref(cache)? {
            Some(reference) => secrets.get(&reference)?,
            None => None,
        };
        return Ok(SmtpTarget { settings, password });
    }
    match relay {
        Some(relay) => Ok(SmtpTarget {
            settings: relay.settings(),
            password: Some(SecretString::from(relay.0.credentials().password.clone())),
        }),
        None => Err(ApiError::new(
            ErrorCode::MailNotConfigured,
            "No SMTP server is set up yet. Enter the SMTP settings on the Invitations tab first.",
        )),
    }
}

fn field(name: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: name.into(),
        code: format!("{name}.{code}"),
        message: message.into(),
    }
}

pub(crate) fn unencrypted_auth_message(host: &str) -> String {
    format!("Without TLS the SMTP password would be sent unencrypted to {host}. Choose STARTTLS or TLS, or confirm unencrypted login for this server.")
}

fn validate(form: &SmtpSettingsInput) -> Result<SmtpSettings, ApiError> {
    let input = &form.settings;
    let mut fields = Vec::new();
    let host = input.host.trim();
    if host.is_empty() || host.contains(char::is_whitespace) {
        fields.push(field(
            "host",
            "invalid",
            "Enter the SMTP server's host name or IP address, such as smtp.example.com.",
        ));
    }
    if input.port == 0 {
        fields.push(field(
            "port",
            "invalid",
            "The port must be between 1 and 65535.",
        ));
    }
    let from = input.from_address.trim();
    if crate::security::invitations::parse_address(from).is_none() {
        fields.push(field(
            "fromAddress",
            "invalid",
            format!("'{from}' is not an email address such as invitations@example.com."),
        ));
    }
    let portal = input.portal_url.trim();
    let portal_ok = reqwest::Url::parse(portal)
        .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some());
    if !portal_ok {
        fields.push(field(
            "portalUrl",
            "invalid",
            "The portal URL must be an http or https address such as https://portal.example.com/invite.",
        ));
    }
    if !(1..=MAX_VALIDITY_DAYS).contains(&input.validity_days) {
        fields.push(field(
            "validityDays",
            "outOfRange",
            format!("An invitation must be valid for 1 to {MAX_VALIDITY_DAYS} days."),
        ));
    }
    if form.password.as_ref().is_some_and(|p| {
        let p = p.expose_secret();
        !p.is_empty() && p.trim().is_empty()
    }) {
        fields.push(field(
            "password",
            "blank",
            "The password cannot be only spaces.",
        ));
    }
    let confirmed =
        switchboard_domain::confirmed_for(input.plain_auth_confirmed_for.as_deref(), host);
    let settings = SmtpSettings {
        host: host.to_owned(),
        port: input.port,
        tls: input.tls,
        user: input.user.trim().to_owned(),
        from_address: from.to_owned(),
        portal_url: portal.to_owned(),
        validity_days: input.validity_days,
        plain_auth_confirmed_for: confirmed.then(|| host.to_owned()),
    };
    if !host.is_empty() && settings.unconfirmed_plain_auth() {
        fields.push(field(
            "tls",
            "unencryptedAuth",
            unencrypted_auth_message(host),
        ));
    }
    if !fields.is_empty() {
        return Err(ApiError::validation(fields));
    }
    Ok(settings)
}

/// Saves the settings; a new password replaces the stored one in the keychain, an
/// empty one keeps it. Bad input changes nothing.
pub(crate) fn save(
    cache: &Cache,
    secrets: &dyn SecretStore,
    input: &SmtpSettingsInput,
) -> Result<(), ApiError> {
    let settings = validate(input)?;
    let new_password = input
        .password
        .as_ref()
        .filter(|p| !p.expose_secret().is_empty());
    if let Some(password) = new_password {
        match password_ref(cache)? {
            Some(reference) => secrets.put(&reference, password)?,
            None => {
                let reference = secrets.create(password)?;
                if let Err(error) = cache.set_setting(PASSWORD_REF_SETTING, &reference.to_string())
                {
                    let _ = secrets.delete(&reference);
                    return Err(error.into());
                }
            }
        }
    }
    let text = serde_json::to_string(&settings)
        .map_err(|e| ApiError::internal(format!("The SMTP settings could not be stored: {e}")))?;
    cache.set_setting(SMTP_SETTING, &text)?;
    tracing::info!(host = %settings.host, port = settings.port, tls = ?settings.tls, password_replaced = new_password.is_some(), "SMTP settings saved");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SmtpSettingsInput {
        SmtpSettingsInput {
            settings: SmtpSettings {
                host: " smtp.example.com ".into(),
                port: 587,
                tls: SmtpTlsMode::StartTls,
                user: "mailer".into(),
                from_address: "invitations@example.com".into(),
                portal_url: "https://portal.example.com/invite".into(),
                validity_days: 7,
                plain_auth_confirmed_for: None,
            },
            password: None,
        }
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = SmtpSettingsInput {
            settings: SmtpSettings {
                host: "smtp example".into(),
                port: 0,
                from_address: "nobody".into(),
                portal_url: "ftp://x".into(),
                validity_days: 0,
                ..input().settings
            },
            password: Some("  ".into()),
        };
        let codes: Vec<String> = validate(&bad)
            .unwrap_err()
            .fields
            .into_iter()
            .map(|f| f.code)
            .collect();
        assert_eq!(
            codes,
            [
                "host.invalid",
                "port.invalid",
                "fromAddress.invalid",
                "portalUrl.invalid",
                "validityDays.outOfRange",
                "password.blank"
            ]
        );
    }

    #[test]
    fn good_input_is_trimmed() {
        let settings = validate(&input()).unwrap();
        assert_eq!(settings.host, "smtp.example.com");
        assert_eq!(settings.validity_days, 7);
    }

    #[test]
    fn outside_the_sandbox_nothing_saved_means_not_configured() {
        let cache = Cache::open_in_memory().unwrap();
        let secrets = switchboard_secrets::MemoryStore::default();
        let err = target(&cache, &secrets, None).err().unwrap();
        assert_eq!(err.code, ErrorCode::MailNotConfigured);
        let shown = view(&cache, None).unwrap();
        assert!(!shown.has_password && !shown.uses_sandbox_relay);
        assert_eq!(shown.settings.validity_days, DEFAULT_VALIDITY_DAYS);
    }
}
