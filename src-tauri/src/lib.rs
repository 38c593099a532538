//! The desktop shell: reads the configuration, opens the `AppContext`, and exposes its
//! commands to the window. A failed start-up still opens the window; every command then
//! returns the start-up error so the UI can show it.

mod commands;
mod connection_commands;
mod invitation_commands;
mod logs;
mod sandbox_commands;
mod sbc_commands;
mod security_commands;
mod templates_commands;

use switchboard_app::{AppConfig, Startup};

pub fn run() {
    let config = AppConfig::from_process();
    let log_guard = logs::init(config.as_ref().ok());
    let startup = Startup::open(config);
    if let Err(e) = startup.context() {
        match log_guard {
            Some(_) => tracing::error!(code = %e.code, "start-up failed: {}", e.message),
            None => eprintln!("Switchboard could not start ({}): {}", e.code, e.message),
        }
    }

    tauri::Builder::default()
        .manage(startup)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_tenants,
            commands::validate_tenant,
            commands::create_tenant,
            commands::set_licensed_users,
            commands::delete_tenant,
            commands::queue_replication,
            commands::replication_status,
            commands::query_users,
            commands::user_detail,
            commands::user_facets,
            sandbox_commands::sandbox_network,
            sandbox_commands::set_sandbox_network,
            sbc_commands::list_sbcs,
            sbc_commands::add_sbc,
            sbc_commands::update_sbc,
            sbc_commands::delete_sbc,
            sbc_commands::test_sbc_connection,
            sbc_commands::trust_sbc_certificate,
            sbc_commands::list_sbc_sites,
            sbc_commands::list_sbc_prefixes,
            sbc_commands::refresh_sbc_prefixes,
            sbc_commands::sbc_import_candidates,
            sbc_commands::import_sbc_customers,
            sbc_commands::run_sbc_script,
            sbc_commands::list_sbc_alarms,
            security_commands::auth_status,
            security_commands::verify_tenant_auth,
            security_commands::verify_all_auth,
            security_commands::verification_status,
            security_commands::start_device_code,
            security_commands::device_code_status,
            security_commands::cancel_device_code,
            security_commands::switch_auth_method,
            security_commands::forget_credentials,
            security_commands::list_app_registrations,
            security_commands::save_app_registration,
            connection_commands::connection_settings,
            connection_commands::set_proxy,
            connection_commands::set_powershell_path,
            connection_commands::powershell_environment,
            invitation_commands::list_invitations,
            invitation_commands::create_invitation,
            invitation_commands::resend_invitation,
            invitation_commands::revoke_invitation,
            invitation_commands::smtp_settings,
            invitation_commands::save_smtp_settings,
            invitation_commands::invitation_template,
            invitation_commands::save_invitation_template,
            invitation_commands::preview_invitation_template,
            invitation_commands::send_test_mail,
            invitation_commands::sandbox_outbox,
            templates_commands::list_templates,
            templates_commands::template_detail,
            templates_commands::validate_template,
            templates_commands::save_template_version,
            templates_commands::restore_template_version,
            templates_commands::reset_template,
            templates_commands::compare_template_versions,
            templates_commands::preview_template,
            templates_commands::export_template,
            templates_commands::import_template,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Switchboard");
}
