//! Customer invitations against the sandbox: mails go through lettre to the sandbox's
//! SMTP capture, and the invitation is listed, resent, revoked, expires, and is
//! authenticated by the customer's device-code sign-in. Bad input changes nothing, and
//! the SMTP password is only ever in the keychain.

mod common;

use common::{sandbox_with_keychain, SharedKeychain};
use switchboard_sandbox::test_support::files_containing;

use std::path::Path;
use std::time::{Duration, Instant};

use switchboard_app::{
    error::ErrorCode, AppContext, DeviceCodeState, EmailTemplateView, InvitationRow,
    InvitationStatus, NewInvitationInput, SandboxMailView, SmtpSettings, SmtpSettingsInput,
    SmtpTlsMode, TestMailInput,
};
use switchboard_domain::TenantId;
use switchboard_sandbox::demo::{DemoCredentials, DemoSpec};
use switchboard_sandbox::identity;
use switchboard_secrets::{SecretRef, SecretStore};
use tempfile::TempDir;

fn start() -> (TempDir, SharedKeychain, AppContext) {
    sandbox_with_keychain(DemoSpec {
        seed: 41,
        customers: 3,
        users_per_customer: 5..=10,
        sbcs: 1,
    })
}

/// A demo customer that signs in to Microsoft 365, with its short name and credentials.
fn customer(ctx: &AppContext) -> (TenantId, String, DemoCredentials) {
    let sandbox = ctx.sandbox().expect("sandbox");
    ctx.auth_status()
        .expect("auth status")
        .into_iter()
        .find_map(|row| {
            let creds = sandbox
                .credentials
                .iter()
                .find(|c| c.short_name.eq_ignore_ascii_case(&row.short_name))?;
            Some((row.tenant_id, row.short_name, creds.clone()))
        })
        .expect("a connected demo customer")
}

fn invite(ctx: &AppContext, tenant: TenantId, email: &str) -> InvitationRow {
    ctx.create_invitation(&NewInvitationInput {
        tenant_id: tenant,
        admin_email: email.into(),
    })
    .expect("invitation created")
}

fn outbox(ctx: &AppContext) -> Vec<SandboxMailView> {
    ctx.sandbox_outbox().expect("sandbox outbox")
}

fn db(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("data").join("sandbox").join("switchboard.sqlite3"))
        .expect("db")
}

/// SMTP settings pointing at the sandbox capture, as a user would type them.
fn capture_settings(ctx: &AppContext, validity_days: u32, password: &str) -> SmtpSettingsInput {
    let addr = ctx.sandbox().unwrap().mail.addr();
    SmtpSettingsInput {
        settings: SmtpSettings {
            host: addr.ip().to_string(),
            port: addr.port(),
            tls: SmtpTlsMode::None,
            user: ctx.sandbox().unwrap().mail.credentials().user.clone(),
            from_address: "invitations@provider.example".into(),
            portal_url: "https://portal.provider.example/welcome".into(),
            validity_days,
            plain_auth_confirmed_for: None,
        },
        password: Some(password.into()),
    }
}

#[test]
fn an_invitation_mail_reaches_the_capture_with_every_variable_rendered() {
    let (_dir, _keychain, ctx) = start();
    let (tenant, short_name, _) = customer(&ctx);
    let settings = ctx.smtp_settings().expect("settings");
    assert!(settings.uses_sandbox_relay && settings.has_password);
    assert_eq!(settings.settings.validity_days, 7);

    let created = invite(&ctx, tenant, " Admin@Customer.example ");
    assert_eq!(created.status, InvitationStatus::Pending);
    assert_eq!(created.short_name, short_name);
    assert_eq!(created.admin_email, "Admin@Customer.example");
    assert_eq!(created.resend_count, 0);
    assert_eq!(
        created.expires_at - created.sent_at,
        chrono::Duration::days(7)
    );
    assert_eq!(uuid_version(&created.invitation_id), Some(4));
    assert_eq!(ctx.list_invitations().unwrap(), vec![created.clone()]);

    let mails = outbox(&ctx);
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to, ["Admin@Customer.example"]);
    assert_eq!(mail.from, settings.settings.from_address);
    assert!(mail.subject.contains(&short_name), "{}", mail.subject);
    let expiry = created.expires_at.format("%Y-%m-%d %H:%M UTC").to_string();
    for expected in [
        &short_name,
        &created.invitation_id,
        &settings.settings.portal_url,
        &expiry,
    ] {
        assert!(
            mail.body.contains(expected.as_str()),
            "{expected} missing in {}",
            mail.body
        );
    }
    assert!(!mail.body.contains("{{"), "{}", mail.body);
}

fn uuid_version(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.split('-').collect();
    (parts.len() == 5 && text.len() == 36).then(|| parts[2].chars().next()?.to_digit(16))?
}

#[test]
fn resending_keeps_the_id_counts_and_moves_the_expiry() {
    let (_dir, _keychain, ctx) = start();
    let (tenant, _, _) = customer(&ctx);
    let created = invite(&ctx, tenant, "admin@customer.example");
    let resent = ctx.resend_invitation(created.id).expect("resent");
    assert_eq!(resent.resend_count, 1);
    assert_eq!(resent.invitation_id, created.invitation_id);
    assert!(resent.expires_at >= created.expires_at);
    assert_eq!(resent.created_at, created.created_at);
    let mails = outbox(&ctx);
    assert_eq!(mails.len(), 2);
    assert!(mails
        .iter()
        .all(|m| m.body.contains(&created.invitation_id)));
}

#[test]
fn a_revoked_invitation_cannot_be_resent_and_sends_nothing() {
    let (_dir, _keychain, ctx) = start();
    let (tenant, _, _) = customer(&ctx);
    let created = invite(&ctx, tenant, "admin@customer.example");
    let revoked = ctx.revoke_invitation(created.id).expect("revoked");
    assert_eq!(revoked.status, InvitationStatus::Revoked);
    let err = ctx.resend_invitation(created.id).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("revoked"), "{}", err.message);
    assert_eq!(outbox(&ctx).len(), 1, "no mail for a revoked invitation");
    assert_eq!(ctx.list_invitations().unwrap(), vec![revoked]);
}

#[test]
fn an_invitation_expires_after_the_configured_days_and_a_resend_renews_it() {
    let (dir, _keychain, ctx) = start();
    let (tenant, _, _) = customer(&ctx);
    let password = ctx.sandbox().unwrap().mail.credentials().password.clone();
    ctx.save_smtp_settings(&capture_settings(&ctx, 3, &password))
        .expect("settings saved");
    let created = invite(&ctx, tenant, "admin@customer.example");
    assert_eq!(
        created.expires_at - created.sent_at,
        chrono::Duration::days(3)
    );
    assert_eq!(outbox(&ctx)[0].from, "invitations@provider.example");

    // The mail went out four days ago: past its three days.
    let four_days_ago = chrono::Utc::now() - chrono::Duration::days(4);
    let text =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    db(dir.path())
        .execute(
            "UPDATE customer_invitations SET created_at = ?1, sent_at = ?1, expires_at = ?2",
            [
                text(four_days_ago),
                text(four_days_ago + chrono::Duration::days(3)),
            ],
        )
        .expect("backdated");
    assert_eq!(
        ctx.list_invitations().unwrap()[0].status,
        InvitationStatus::Expired
    );

    let renewed = ctx
        .resend_invitation(created.id)
        .expect("an expired invitation can be resent");
    assert_eq!(renewed.status, InvitationStatus::Pending);
    assert_eq!(renewed.resend_count, 1);
    assert!(renewed.expires_at > chrono::Utc::now() + chrono::Duration::days(2));
}

#[test]
fn a_bad_email_or_an_unknown_customer_changes_nothing() {
    let (_dir, _keychain, ctx) = start();
    let (tenant, _, _) = customer(&ctx);
    for bad in [
        "",
        "not-an-address",
        "admin@localhost",
        "two words@customer.example",
    ] {
        let err = ctx
            .create_invitation(&NewInvitationInput {
                tenant_id: tenant,
                admin_email: bad.into(),
            })
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation, "{bad}");
        assert_eq!(err.fields[0].code, "adminEmail.invalid");
    }
    let err = ctx
        .create_invitation(&NewInvitationInput {
            tenant_id: TenantId::new(9_999),
            admin_email: "admin@customer.example".into(),
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(ctx.list_invitations().unwrap().is_empty());
    assert!(outbox(&ctx).is_empty());
}

#[test]
fn an_unknown_template_variable_is_refused_and_the_template_is_kept() {
    let (_dir, _keychain, ctx) = start();
    let before = ctx.invitation_template().expect("template");
    let bad = EmailTemplateView {
        subject: "Welcome {{CustomerId}}".into(),
        body: "Dear {{CustomerName}},\nopen {{PortalUrl}}".into(),
    };
    for err in [
        ctx.save_invitation_template(&bad).unwrap_err(),
        ctx.preview_invitation_template(&bad).unwrap_err(),
    ] {
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(err.fields[0].code, "body.unknownVariable");
        assert!(err.message.contains("{{CustomerName}}"), "{}", err.message);
    }
    assert_eq!(ctx.invitation_template().unwrap(), before);

    let good = EmailTemplateView {
        subject: "Invitation {{InvitationId}}".into(),
        body: "{{CustomerId}}: {{PortalUrl}} until {{ExpiresAt}}".into(),
    };
    let preview = ctx.preview_invitation_template(&good).expect("preview");
    assert!(!preview.body.contains("{{"));
    ctx.save_invitation_template(&good).expect("saved");
    let (tenant, short_name, _) = customer(&ctx);
    let created = invite(&ctx, tenant, "admin@customer.example");
    let mail = &outbox(&ctx)[0];
    assert_eq!(
        mail.subject,
        format!("Invitation {}", created.invitation_id)
    );
    assert!(
        mail.body.starts_with(&format!("{short_name}: ")),
        "{}",
        mail.body
    );
}

#[test]
fn bad_smtp_settings_change_nothing() {
    let (_dir, _keychain, ctx) = start();
    let before = ctx.smtp_settings().unwrap();
    let err = ctx
        .save_smtp_settings(&{
            let mut input = capture_settings(&ctx, 7, "whatever");
            input.settings.from_address = "nobody".into();
            input.settings.validity_days = 0;
            input
        })
        .unwrap_err();
    let fields: Vec<&str> = err.fields.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(fields, ["fromAddress.invalid", "validityDays.outOfRange"]);
    assert_eq!(ctx.smtp_settings().unwrap(), before);
}

#[test]
fn the_smtp_password_is_only_in_the_keychain_and_a_wrong_one_is_named() {
    let (dir, keychain, ctx) = start();
    let wrong = "Wrong-Smtp-Password-5521";
    ctx.save_smtp_settings(&capture_settings(&ctx, 7, wrong))
        .expect("saved");
    let view = ctx.smtp_settings().unwrap();
    assert!(view.has_password && !view.uses_sandbox_relay);
    let err = ctx
        .send_test_mail(&TestMailInput {
            to: "ops@provider.example".into(),
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::MailSendFailed);
    assert!(!err.message.contains(wrong), "{}", err.message);

    let right = ctx.sandbox().unwrap().mail.credentials().password.clone();
    ctx.save_smtp_settings(&capture_settings(&ctx, 7, &right))
        .expect("saved");
    // An empty password keeps the stored one.
    ctx.save_smtp_settings(&SmtpSettingsInput {
        password: None,
        ..capture_settings(&ctx, 7, "")
    })
    .expect("saved without a password");
    ctx.send_test_mail(&TestMailInput {
        to: "ops@provider.example".into(),
    })
    .expect("test mail sent with the keychain's password");
    assert_eq!(outbox(&ctx)[0].subject, "Switchboard test mail");

    let reference: SecretRef = db(dir.path())
        .query_row(
            "SELECT value FROM settings WHERE key = 'invitations.smtpPasswordRef'",
            [],
            |r| r.get::<_, String>(0),
        )
        .expect("a reference is stored")
        .parse()
        .expect("a keychain reference");
    use switchboard_secrets::ExposeSecret;
    assert_eq!(
        keychain.get(&reference).unwrap().unwrap().expose_secret(),
        right
    );
    drop(ctx);
    for secret in [wrong, right.as_str()] {
        assert_eq!(
            files_containing(dir.path(), secret),
            Vec::<String>::new(),
            "{secret}"
        );
    }
}

#[test]
fn a_device_code_sign_in_authenticates_the_customers_invitation() {
    let (_dir, _keychain, ctx) = start();
    let (tenant, _, creds) = customer(&ctx);
    let created = invite(&ctx, tenant, "admin@customer.example");
    let prompt = ctx.start_device_code(tenant.get()).expect("a code");
    identity::approve_device_code(
        &mut ctx.sandbox().unwrap().ctx.state.lock(),
        &prompt.user_code,
        &creds.admin_upn,
    )
    .expect("approved");
    let deadline = Instant::now() + Duration::from_secs(30);
    while ctx.device_code_status(tenant.get()).unwrap().state == DeviceCodeState::Pending {
        assert!(Instant::now() < deadline, "the sign-in never ended");
        std::thread::sleep(Duration::from_millis(20));
    }
    let listed = ctx.list_invitations().unwrap();
    assert_eq!(listed[0].id, created.id);
    assert_eq!(listed[0].status, InvitationStatus::Authenticated);
    assert_eq!(
        ctx.revoke_invitation(created.id).unwrap_err().code,
        ErrorCode::Conflict
    );
}

#[test]
fn smtp_login_without_tls_off_loopback_needs_a_confirmation_for_that_server() {
    let (dir, _keychain, ctx) = start();
    let before = ctx.smtp_settings().unwrap();
    let remote = |host: &str, confirmed: Option<&str>| {
        let mut input = capture_settings(&ctx, 7, "Smtp-Pw-3310");
        input.settings.host = host.into();
        input.settings.plain_auth_confirmed_for = confirmed.map(str::to_owned);
        input
    };
    let codes = |input: &SmtpSettingsInput| -> Vec<String> {
        let error = ctx.save_smtp_settings(input).unwrap_err();
        error.fields.into_iter().map(|f| f.code).collect()
    };
    assert_eq!(
        codes(&remote("smtp.provider.example", None)),
        ["tls.unencryptedAuth"]
    );
    assert_eq!(
        codes(&remote("smtp.provider.example", Some("smtp.other.example"))),
        ["tls.unencryptedAuth"],
        "a confirmation for another server does not count"
    );
    assert_eq!(ctx.smtp_settings().unwrap(), before, "nothing was saved");

    ctx.save_smtp_settings(&remote(
        "smtp.provider.example",
        Some("SMTP.provider.example"),
    ))
    .expect("confirmed for this server");
    let saved = ctx.smtp_settings().unwrap().settings;
    assert_eq!(
        saved.plain_auth_confirmed_for.as_deref(),
        Some("smtp.provider.example")
    );
    // A new host does not inherit the old one's confirmation.
    assert_eq!(
        codes(&remote(
            "smtp2.provider.example",
            Some("smtp.provider.example")
        )),
        ["tls.unencryptedAuth"]
    );
    let mut with_tls = remote("smtp2.provider.example", Some("smtp.provider.example"));
    with_tls.settings.tls = SmtpTlsMode::StartTls;
    ctx.save_smtp_settings(&with_tls)
        .expect("TLS needs no confirmation");
    assert_eq!(
        ctx.smtp_settings()
            .unwrap()
            .settings
            .plain_auth_confirmed_for,
        None,
        "the confirmation named the old host"
    );

    // Settings stored without a confirmation (as an older version saved them) are
    // refused when sending too, before anything is sent.
    let mut legacy = serde_json::to_value(&capture_settings(&ctx, 7, "").settings).unwrap();
    legacy["host"] = "192.0.2.25".into();
    legacy
        .as_object_mut()
        .unwrap()
        .remove("plainAuthConfirmedFor");
    db(dir.path())
        .execute(
            "UPDATE settings SET value = ?1 WHERE key = 'invitations.smtp'",
            [legacy.to_string()],
        )
        .unwrap();
    let refused = ctx
        .send_test_mail(&TestMailInput {
            to: "ops@provider.example".into(),
        })
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::MailUnencrypted);
    assert!(
        refused.message.contains("192.0.2.25"),
        "{}",
        refused.message
    );

    // Loopback (the sandbox's capture) needs no confirmation, and mail goes through.
    let right = ctx.sandbox().unwrap().mail.credentials().password.clone();
    ctx.save_smtp_settings(&capture_settings(&ctx, 7, &right))
        .expect("loopback saves");
    ctx.send_test_mail(&TestMailInput {
        to: "ops@provider.example".into(),
    })
    .expect("sent to the loopback capture");
    assert_eq!(outbox(&ctx).len(), 1, "only the loopback mail was sent");
}
