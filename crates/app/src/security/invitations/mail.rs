//! Sending one mail over SMTP with lettre (rustls on ring for STARTTLS and implicit TLS).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use switchboard_secrets::ExposeSecret;

use crate::error::{ApiError, ErrorCode};
use crate::security::invitations::settings::{unencrypted_auth_message, SmtpTarget};
use crate::security::invitations::template::RenderedMail;
use crate::security::invitations::views::SmtpTlsMode;

/// A server that accepts the connection but never answers must not hang the command.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

fn send_failed(host: &str, port: u16, detail: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::MailSendFailed,
        format!("The mail could not be sent through {host}:{port}: {detail}"),
    )
}

fn transport(target: &SmtpTarget) -> Result<AsyncSmtpTransport<Tokio1Executor>, ApiError> {
    let settings = &target.settings;
    let (host, port) = (settings.host.as_str(), settings.port);
    // Checked again here, not only when saving: settings saved by an older version
    // must not send the password in clear either.
    if target.password.is_some() && settings.unconfirmed_plain_auth() {
        return Err(ApiError::new(
            ErrorCode::MailUnencrypted,
            unencrypted_auth_message(host),
        ));
    }
    let builder = match settings.tls {
        SmtpTlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        SmtpTlsMode::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
            .map_err(|e| send_failed(host, port, e))?,
        SmtpTlsMode::ImplicitTls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
            .map_err(|e| send_failed(host, port, e))?,
    };
    let builder = builder.port(port).timeout(Some(SMTP_TIMEOUT));
    let builder = match (&target.password, settings.user.is_empty()) {
        (Some(password), false) => builder.credentials(Credentials::new(
            settings.user.clone(),
            password.expose_secret().to_owned(),
        )),
        _ => builder,
    };
    Ok(builder.build())
}

fn message(from: &str, to: &Address, mail: &RenderedMail) -> Result<Message, ApiError> {
    let from: Mailbox = from.parse().map_err(|e| {
        ApiError::new(
            ErrorCode::MailNotConfigured,
            format!("The sender address '{from}' in the SMTP settings is not valid: {e}"),
        )
    })?;
    Message::builder()
        .from(from)
        .to(Mailbox::new(None, to.clone()))
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|e| ApiError::internal(format!("The invitation mail could not be built: {e}")))
}

/// Sends `mail` to `to`; the error names the server and what it said.
pub(crate) async fn send(
    target: &SmtpTarget,
    to: &Address,
    mail: &RenderedMail,
) -> Result<(), ApiError> {
    let message = message(&target.settings.from_address, to, mail)?;
    let settings = &target.settings;
    transport(target)?
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| send_failed(&settings.host, settings.port, e))
}
