//! The desktop shell: reads the configuration, opens the `AppContext`, and exposes its
//! commands to the window. A failed start-up still opens the window; every command then
//! returns the start-up error so the UI can show it.

mod commands;
mod logs;
mod sbc_commands;

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
            sbc_commands::list_sbcs,
            sbc_commands::add_sbc,
            sbc_commands::update_sbc,
            sbc_commands::delete_sbc,
            sbc_commands::test_sbc_connection,
            sbc_commands::trust_sbc_certificate,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Switchboard");
}
