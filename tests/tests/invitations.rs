//! Customer invitations through the real window in sandbox mode: invite a demo
//! customer's admin, see the invitation pending, find the mail in the sandbox outbox
//! (caught by the sandbox's SMTP capture, with the customer id and invitation id in it),
//! then revoke the invitation. Last, an SMTP password typed into the settings goes to the
//! keychain only: a test mail signs in with it, and no file of the data folder holds it.

use std::path::Path;

use switchboard_app::{AppConfig, Mode};
use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};
use switchboard_sandbox::demo::DemoCustomer;
use switchboard_sandbox::mail::MailCredentials;
use switchboard_sandbox::test_support::files_containing;
use switchboard_secrets::{KeychainStore, SecretRef, SecretStore};

const ADMIN_EMAIL: &str = "it.admin@customer-e2e.example";

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn invitations_through_the_window() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    let customer = estate.customers.first().expect("a demo customer").clone();
    // The SMTP password goes to the keychain; before tauri-driver starts, so that it and
    // the app inherit the session bus.
    let launch = Launch::with_keychain(&settings)?;
    // The default start: sandbox mode, so mail goes to the sandbox's SMTP capture.
    let window = launch.open(&[]).await?;
    let outcome = async {
        let invitation_id = invite(&window, &customer).await?;
        mail_is_in_the_outbox(&window, &customer, &invitation_id).await?;
        revoke(&window, &customer).await?;
        password_is_saved_and_used(&window).await?;
        login_without_tls_needs_a_confirmation(&window).await
    }
    .await;
    // Closing the app first flushes its log files.
    window.finish("invitations", outcome).await?;
    smtp_password_only_in_the_keychain(launch.data_dir());
    Ok(())
}

/// Sends the invitation from the create form; returns the invitation id the row shows.
async fn invite(window: &AppWindow, customer: &DemoCustomer) -> Result<String, E2eError> {
    window.click("nav-security").await?;
    window.click("security-tab-invitations").await?;
    window.wait_for("invitations-empty").await?;
    window
        .wait_for_text(
            "smtp-sandbox-relay",
            "Sandbox mode: mail goes to the sandbox outbox until you save other settings.",
        )
        .await?;
    let label = format!("{} — {}", customer.short_name, customer.full_name);
    window.select_label("invite-customer", &label).await?;
    window.type_into("invite-email", ADMIN_EMAIL).await?;
    window.wait_enabled("invite-send").await?;
    window.click("invite-send").await?;
    let short = &customer.short_name;
    window
        .wait_for_text(&format!("invitation-status-{short}"), "Pending")
        .await?;
    let row = window
        .wait_for(&format!("invitation-row-{short}"))
        .await?
        .text()
        .await?;
    assert!(row.contains(ADMIN_EMAIL), "the row reads {row:?}");
    let invitation_id = window
        .wait_for(&format!("invitation-id-{short}"))
        .await?
        .text()
        .await?
        .trim()
        .to_owned();
    assert_eq!(invitation_id.len(), 36, "a GUID, got {invitation_id:?}");
    Ok(invitation_id)
}

async fn mail_is_in_the_outbox(
    window: &AppWindow,
    customer: &DemoCustomer,
    invitation_id: &str,
) -> Result<(), E2eError> {
    let body = window.wait_for("outbox-body-0").await?.text().await?;
    for expected in [customer.short_name.as_str(), invitation_id] {
        assert!(
            body.contains(expected),
            "the captured mail shows {expected:?}; it reads {body:?}"
        );
    }
    let mail = window.wait_for("outbox-mail-0").await?.text().await?;
    assert!(mail.contains(ADMIN_EMAIL), "the mail reads {mail:?}");
    window
        .save_screenshot(&artifacts_dir()?.join("invitations.png"))
        .await?;
    // Typing at the end of the body scrolls the panels into view; an unknown variable is
    // named under the field (by the backend's preview) and nothing is saved.
    window.wait_for("template-preview").await?;
    window
        .append_keys("template-body", "{{CustomerName}}")
        .await?;
    let error = window.wait_for("template-error-body").await?.text().await?;
    assert!(
        error.contains("{{CustomerName}}"),
        "the error reads {error:?}"
    );
    window
        .save_screenshot(&artifacts_dir()?.join("invitations-settings.png"))
        .await
}

async fn revoke(window: &AppWindow, customer: &DemoCustomer) -> Result<(), E2eError> {
    let short = &customer.short_name;
    window.click(&format!("invitation-revoke-{short}")).await?;
    window.wait_for("invitation-confirm").await?;
    window
        .save_screenshot(&artifacts_dir()?.join("invitations-revoke-confirm.png"))
        .await?;
    window.click("invitation-confirm-ok").await?;
    window.wait_gone("invitation-confirm").await?;
    window
        .wait_for_text(&format!("invitation-status-{short}"), "Revoked")
        .await?;
    assert!(
        !window
            .is_present(&format!("invitation-revoke-{short}"))
            .await?,
        "a revoked invitation offers no revoke"
    );
    window
        .save_screenshot(&artifacts_dir()?.join("invitations-revoked.png"))
        .await
}

/// Saves the sandbox relay's password through the panel (as a user pointing Switchboard
/// at their relay would), then sends a test mail that has to sign in with it.
async fn password_is_saved_and_used(window: &AppWindow) -> Result<(), E2eError> {
    window
        .type_into("smtp-password", &MailCredentials::demo().password)
        .await?;
    window.click("smtp-save").await?;
    window.wait_gone("smtp-sandbox-relay").await?;
    window
        .type_into("smtp-test-to", "ops@provider-e2e.example")
        .await?;
    window.wait_enabled("smtp-test-send").await?;
    window.click("smtp-test-send").await?;
    window.click("outbox-refresh").await?;
    let mut deadline = 50;
    loop {
        let newest = window.wait_for("outbox-mail-0").await?.text().await?;
        if newest.contains("Switchboard test mail") {
            break;
        }
        deadline -= 1;
        assert!(
            deadline > 0,
            "no test mail arrived; the newest mail reads {newest:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        window.click("outbox-refresh").await?;
    }
    let password = window.wait_for("smtp-password").await?;
    assert_eq!(
        password.prop("value").await?.as_deref(),
        Some(""),
        "the password field is emptied"
    );
    window
        .save_screenshot(&artifacts_dir()?.join("invitations-smtp-saved.png"))
        .await
}

/// A server off this machine without TLS would see the password in clear: saving is
/// refused on the Security field until the user allows it for that server.
async fn login_without_tls_needs_a_confirmation(window: &AppWindow) -> Result<(), E2eError> {
    window
        .type_into("smtp-host", "smtp.provider-e2e.example")
        .await?;
    window.click("smtp-save").await?;
    let refusal = window.wait_for("smtp-error-tls").await?.text().await?;
    assert!(
        refusal.contains("unencrypted") && refusal.contains("smtp.provider-e2e.example"),
        "{refusal}"
    );
    window.click("smtp-plain-auth-confirmed").await?;
    window
        .save_screenshot(&artifacts_dir()?.join("invitations-smtp-plain-login.png"))
        .await?;
    window.click("smtp-save").await?;
    window.wait_gone("smtp-error-tls").await?;
    assert!(
        window
            .wait_for("smtp-plain-auth-confirmed")
            .await?
            .is_selected()
            .await?,
        "the saved confirmation names this server"
    );
    Ok(())
}

/// The password is behind the stored reference in the keychain and in no file of the data
/// folder (the cache, its journal, the logs).
fn smtp_password_only_in_the_keychain(data_dir: &Path) {
    let password = MailCredentials::demo().password;
    let world = AppConfig::new(data_dir, Mode::Sandbox).paths();
    let db = rusqlite::Connection::open(&world.cache_file).expect("the cache");
    let reference: String = db
        .query_row(
            "SELECT value FROM settings WHERE key = 'invitations.smtpPasswordRef'",
            [],
            |row| row.get(0),
        )
        .expect("a password reference is stored");
    drop(db);
    let reference: SecretRef = reference.parse().expect("a keychain reference");
    let keychain = KeychainStore::new(Mode::Sandbox.keychain_service(), &world.secrets_dir);
    use switchboard_secrets::ExposeSecret;
    let stored = keychain
        .get(&reference)
        .expect("keychain readable")
        .expect("stored");
    assert_eq!(stored.expose_secret(), password);
    let hits = files_containing(data_dir, &password);
    assert!(hits.is_empty(), "the SMTP password leaked into {hits:?}");
    assert!(
        world.log_dir.is_dir(),
        "the scan covered the app's log files"
    );
    // The entry belongs to this test run only.
    keychain.delete(&reference).expect("removed");
}
