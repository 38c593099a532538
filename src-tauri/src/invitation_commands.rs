//! The customer invitation commands; like `commands.rs`, each only forwards to `AppContext`.

use tauri::State;

use switchboard_app::{
    ApiError, EmailPreview, EmailTemplateView, InvitationRow, InvitationRowId, NewInvitationInput,
    SandboxMailView, SmtpSettingsInput, SmtpSettingsView, Startup, TestMailInput,
};

#[tauri::command(async)]
pub fn list_invitations(startup: State<'_, Startup>) -> Result<Vec<InvitationRow>, ApiError> {
    startup.context()?.list_invitations()
}

#[tauri::command(async)]
pub fn create_invitation(
    startup: State<'_, Startup>,
    input: NewInvitationInput,
) -> Result<InvitationRow, ApiError> {
    startup.context()?.create_invitation(&input)
}

#[tauri::command(async)]
pub fn resend_invitation(
    startup: State<'_, Startup>,
    id: InvitationRowId,
) -> Result<InvitationRow, ApiError> {
    startup.context()?.resend_invitation(id)
}

#[tauri::command(async)]
pub fn revoke_invitation(
    startup: State<'_, Startup>,
    id: InvitationRowId,
) -> Result<InvitationRow, ApiError> {
    startup.context()?.revoke_invitation(id)
}

#[tauri::command(async)]
pub fn smtp_settings(startup: State<'_, Startup>) -> Result<SmtpSettingsView, ApiError> {
    startup.context()?.smtp_settings()
}

#[tauri::command(async)]
pub fn save_smtp_settings(
    startup: State<'_, Startup>,
    input: SmtpSettingsInput,
) -> Result<SmtpSettingsView, ApiError> {
    startup.context()?.save_smtp_settings(&input)
}

#[tauri::command(async)]
pub fn invitation_template(startup: State<'_, Startup>) -> Result<EmailTemplateView, ApiError> {
    startup.context()?.invitation_template()
}

#[tauri::command(async)]
pub fn save_invitation_template(
    startup: State<'_, Startup>,
    template: EmailTemplateView,
) -> Result<EmailTemplateView, ApiError> {
    startup.context()?.save_invitation_template(&template)
}

#[tauri::command(async)]
pub fn preview_invitation_template(
    startup: State<'_, Startup>,
    template: EmailTemplateView,
) -> Result<EmailPreview, ApiError> {
    startup.context()?.preview_invitation_template(&template)
}

#[tauri::command(async)]
pub fn send_test_mail(startup: State<'_, Startup>, input: TestMailInput) -> Result<(), ApiError> {
    startup.context()?.send_test_mail(&input)
}

#[tauri::command(async)]
pub fn sandbox_outbox(startup: State<'_, Startup>) -> Result<Vec<SandboxMailView>, ApiError> {
    startup.context()?.sandbox_outbox()
}
