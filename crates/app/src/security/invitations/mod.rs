//! Customer invitations: a mail to the customer's admin with a link and a random
//! invitation id, listed with its status (pending until the customer signs in, expired
//! after the configured number of days, or revoked), and sent again on request.
//!
//! A mail is sent before anything is recorded, so a failed send leaves no invitation.

pub(crate) mod mail;
pub(crate) mod settings;
pub(crate) mod template;
pub(crate) mod views;

use chrono::{DateTime, Duration, Utc};
use lettre::Address;
use switchboard_cache::{Cache, Invitation, InvitationRowId, NewInvitation};
use switchboard_domain::TenantId;

use crate::context::AppContext;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::sbcs::connection::wait_on;
use crate::security::invitations::settings::{SandboxRelay, SmtpTarget};
use crate::security::invitations::template::{MailValues, RenderedMail};
use crate::security::invitations::views::{
    EmailPreview, EmailTemplateView, InvitationRow, NewInvitationInput, SandboxMailView,
    SmtpSettingsInput, SmtpSettingsView, TestMailInput,
};

/// A plain `local@domain` address; display names and comments are not accepted.
pub(crate) fn parse_address(text: &str) -> Option<Address> {
    let address: Address = text.trim().parse().ok()?;
    // lettre accepts `user@localhost`; a customer admin's mail domain has a dot.
    address.domain().contains('.').then_some(address)
}

fn address_field(field: &str, text: &str) -> Result<Address, ApiError> {
    parse_address(text).ok_or_else(|| {
        ApiError::validation(vec![FieldError {
            field: field.into(),
            code: format!("{field}.invalid"),
            message: format!(
                "'{}' is not an email address such as admin@contoso.com.",
                text.trim()
            ),
        }])
    })
}

fn row(invitation: Invitation, now: DateTime<Utc>) -> InvitationRow {
    InvitationRow {
        status: invitation.status_at(now),
        id: invitation.id,
        tenant_id: invitation.tenant_id,
        short_name: invitation.short_name,
        admin_email: invitation.admin_email,
        invitation_id: invitation.invitation_id,
        resend_count: invitation.resend_count,
        created_at: invitation.created_at,
        sent_at: invitation.sent_at,
        expires_at: invitation.expires_at,
    }
}

fn expiry_text(expires_at: DateTime<Utc>) -> String {
    expires_at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The customer's admin signed in: that customer's valid invitations are authenticated.
/// A failure here must not undo the sign-in, so it is only logged.
pub(crate) fn record_sign_in(cache: &Cache, tenant: TenantId) {
    match cache.authenticate_invitations(tenant, Utc::now()) {
        Ok(0) => {}
        Ok(count) => tracing::info!(%tenant, count, "invitations authenticated by sign-in"),
        Err(error) => {
            tracing::warn!(%tenant, %error, "invitations could not be marked authenticated")
        }
    }
}

impl AppContext {
    fn relay(&self) -> Option<SandboxRelay<'_>> {
        self.sandbox().map(|sandbox| SandboxRelay(&sandbox.mail))
    }

    fn smtp_target(&self) -> Result<SmtpTarget, ApiError> {
        settings::target(self.cache(), self.secrets(), self.relay())
    }

    /// Renders the saved template for one invitation and sends it.
    fn send_invitation(
        &self,
        target: &SmtpTarget,
        to: &Address,
        customer: &str,
        invitation_id: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let template = template::load(self.cache())?;
        let expires = expiry_text(expires_at);
        let mail = template::render(
            &template,
            &MailValues {
                customer_id: customer,
                portal_url: &target.settings.portal_url,
                invitation_id,
                expires_at: &expires,
            },
        )?;
        wait_on(self.runtime_handle(), mail::send(target, to, &mail))
    }

    /// Every invitation, newest first, with its status as of now.
    pub fn list_invitations(&self) -> Result<Vec<InvitationRow>, ApiError> {
        let now = Utc::now();
        Ok(self
            .cache()
            .list_invitations()?
            .into_iter()
            .map(|invitation| row(invitation, now))
            .collect())
    }

    /// Sends an invitation mail to the customer's admin and records it.
    pub fn create_invitation(&self, input: &NewInvitationInput) -> Result<InvitationRow, ApiError> {
        let to = address_field("adminEmail", &input.admin_email)?;
        let tenant = self.cache().tenant(input.tenant_id)?;
        let target = self.smtp_target()?;
        let invitation_id = uuid::Uuid::new_v4().to_string();
        let now = Utc::now();
        let expires_at = now + Duration::days(target.settings.validity_days.into());
        self.send_invitation(
            &target,
            &to,
            tenant.short_name.as_str(),
            &invitation_id,
            expires_at,
        )?;
        let stored = self.cache().insert_invitation(&NewInvitation {
            tenant_id: tenant.id,
            admin_email: to.to_string(),
            invitation_id,
            sent_at: now,
            expires_at,
        })?;
        tracing::info!(tenant = %tenant.id, invitation = %stored.id, "invitation sent");
        Ok(row(stored, now))
    }

    /// Sends the mail again with a new expiry; the invitation id stays the same.
    pub fn resend_invitation(&self, id: InvitationRowId) -> Result<InvitationRow, ApiError> {
        let now = Utc::now();
        let invitation = self.cache().invitation(id)?;
        invitation.ensure_pending(now, "resent")?;
        let to = address_field("adminEmail", &invitation.admin_email)?;
        let target = self.smtp_target()?;
        let expires_at = now + Duration::days(target.settings.validity_days.into());
        self.send_invitation(
            &target,
            &to,
            &invitation.short_name,
            &invitation.invitation_id,
            expires_at,
        )?;
        let stored = self.cache().record_resend(id, now, expires_at)?;
        tracing::info!(invitation = %id, resends = stored.resend_count, "invitation resent");
        Ok(row(stored, now))
    }

    pub fn revoke_invitation(&self, id: InvitationRowId) -> Result<InvitationRow, ApiError> {
        let now = Utc::now();
        let stored = self.cache().revoke_invitation(id, now)?;
        tracing::info!(invitation = %id, "invitation revoked");
        Ok(row(stored, now))
    }

    pub fn smtp_settings(&self) -> Result<SmtpSettingsView, ApiError> {
        settings::view(self.cache(), self.relay())
    }

    /// Saves the SMTP settings; the password (write-only) goes to the keychain.
    pub fn save_smtp_settings(
        &self,
        input: &SmtpSettingsInput,
    ) -> Result<SmtpSettingsView, ApiError> {
        settings::save(self.cache(), self.secrets(), input)?;
        self.smtp_settings()
    }

    pub fn invitation_template(&self) -> Result<EmailTemplateView, ApiError> {
        template::load(self.cache())
    }

    /// Saves the template if it renders; unknown variables are refused.
    pub fn save_invitation_template(
        &self,
        template: &EmailTemplateView,
    ) -> Result<EmailTemplateView, ApiError> {
        template::save(self.cache(), template)?;
        tracing::info!("invitation template saved");
        self.invitation_template()
    }

    /// The template rendered with sample values, without saving it.
    pub fn preview_invitation_template(
        &self,
        template: &EmailTemplateView,
    ) -> Result<EmailPreview, ApiError> {
        let mail = template::render(template, &template::sample_values())?;
        Ok(EmailPreview {
            subject: mail.subject,
            body: mail.body,
        })
    }

    /// Sends a short test mail with the current SMTP settings.
    pub fn send_test_mail(&self, input: &TestMailInput) -> Result<(), ApiError> {
        let to = address_field("to", &input.to)?;
        let target = self.smtp_target()?;
        let mail = RenderedMail {
            subject: "Switchboard test mail".into(),
            body: format!(
                "This test mail was sent by Switchboard through {}:{}. Invitation mails will use the same settings.\n",
                target.settings.host, target.settings.port
            ),
        };
        wait_on(self.runtime_handle(), mail::send(&target, &to, &mail))?;
        tracing::info!(host = %target.settings.host, "test mail sent");
        Ok(())
    }

    /// What the sandbox's SMTP capture received, newest first.
    pub fn sandbox_outbox(&self) -> Result<Vec<SandboxMailView>, ApiError> {
        let sandbox = self.sandbox().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Sandbox,
                "The sandbox outbox exists only in sandbox mode: in live mode mail goes to the configured SMTP server.",
            )
        })?;
        Ok(sandbox
            .mail
            .messages()
            .into_iter()
            .rev()
            .map(|mail| SandboxMailView {
                from: mail.from,
                to: mail.to,
                subject: mail.subject,
                body: mail.body,
                received_at: mail.received_at,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_addresses_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(
            parse_address(" admin@contoso.com ")
                .map(|a| a.to_string())
                .as_deref(),
            Some("admin@contoso.com")
        );
        for bad in [
            "",
            "admin",
            "admin@localhost",
            "a b@contoso.com",
            "Admin <a@contoso.com>",
        ] {
            assert!(parse_address(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn expiry_is_shown_to_the_minute_in_utc() {
        use chrono::TimeZone;
        let at = Utc.with_ymd_and_hms(2026, 1, 8, 9, 5, 59).unwrap();
        assert_eq!(expiry_text(at), "2026-01-08 09:05 UTC");
    }
}
