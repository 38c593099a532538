//! What the invitation commands take and return. The SMTP password only travels
//! towards the backend: the settings view says whether one is stored, nothing more.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use switchboard_cache::{InvitationRowId, InvitationStatus};
use switchboard_domain::TenantId;
use switchboard_secrets::SecretString;
use ts_rs::TS;

/// One row of the Invitations table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InvitationRow {
    pub id: InvitationRowId,
    pub tenant_id: TenantId,
    pub short_name: String,
    pub admin_email: String,
    pub invitation_id: String,
    /// Computed now: a pending invitation past its expiry shows as expired.
    pub status: InvitationStatus,
    pub resend_count: u32,
    pub created_at: DateTime<Utc>,
    pub sent_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewInvitationInput {
    pub tenant_id: TenantId,
    pub admin_email: String,
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SmtpTlsMode {
    /// Plain text; only sensible for a relay on the same machine.
    None,
    /// Plain connection upgraded with STARTTLS (usually port 587).
    StartTls,
    /// TLS from the first byte (usually port 465).
    ImplicitTls,
}

/// Where invitation mails go from and what they link to; stored as it is, and the
/// shared part of the settings form and view. No password: that lives in the keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTlsMode,
    pub user: String,
    pub from_address: String,
    /// Link the customer admin opens to sign in (`{{PortalUrl}}`).
    pub portal_url: String,
    pub validity_days: u32,
    /// The host for which the user confirmed SMTP AUTH without TLS (the password
    /// readable on the wire). It covers only that exact host; saved only when it names
    /// `host`, so changing the host clears it.
    #[serde(default)]
    pub plain_auth_confirmed_for: Option<String>,
}

impl SmtpSettings {
    /// Whether sending would log in with the password over an unencrypted connection
    /// to a server off this machine without the user's confirmation for it.
    pub(crate) fn unconfirmed_plain_auth(&self) -> bool {
        self.tls == SmtpTlsMode::None
            && !self.user.trim().is_empty()
            && !switchboard_domain::is_loopback_host(&self.host)
            && !switchboard_domain::confirmed_for(
                self.plain_auth_confirmed_for.as_deref(),
                &self.host,
            )
    }
}

/// The SMTP and invitation settings as shown; the password is never included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmtpSettingsView {
    #[serde(flatten)]
    pub settings: SmtpSettings,
    pub has_password: bool,
    /// Sandbox mode with nothing saved: mail goes to the sandbox's capture server.
    pub uses_sandbox_relay: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmtpSettingsInput {
    #[serde(flatten)]
    pub settings: SmtpSettings,
    /// Write-only: empty or absent keeps the stored password.
    // A `SecretString`, so that `Debug` (logs, panic messages) shows it redacted.
    #[ts(type = "string | null")]
    pub password: Option<SecretString>,
}

/// The invitation mail's subject and body with `{{Variable}}` placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmailTemplateView {
    pub subject: String,
    pub body: String,
}

/// The template rendered with sample values, for the editor's preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmailPreview {
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestMailInput {
    pub to: String,
}

/// A mail the sandbox's SMTP capture received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SandboxMailView {
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    pub received_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_smtp_password() {
        let input: SmtpSettingsInput = serde_json::from_value(serde_json::json!({
            "host": "smtp.example.com", "port": 587, "tls": "startTls", "user": "mailer",
            "fromAddress": "invitations@example.com",
            "portalUrl": "https://portal.example.com/invite", "validityDays": 7,
            "password": "smtp-Pa55word",
        }))
        .unwrap();
        let shown = format!("{input:?}");
        assert!(
            shown.contains("smtp.example.com"),
            "the other fields still show: {shown}"
        );
        assert!(!shown.contains("smtp-Pa55word"), "{shown}");
    }
}
