//! The desktop shell: reads the configuration, opens the `AppContext`, and exposes its
//! commands to the window. A failed start-up still opens the window; every command then
//! returns the start-up error so the UI can show it.

mod logs;
mod rpc;

use switchboard_app::{AppConfig, Startup};

pub fn run() {
    let config = AppConfig::from_process();
    let log_guard = logs::init(config.as_ref().ok());
    let logging = log_guard.is_some();
    let startup = Startup::open(config, log_guard);
    if let Err(e) = startup.context() {
        if logging {
            tracing::error!(code = %e.code, "start-up failed: {}", e.message);
        } else {
            eprintln!("Switchboard could not start ({}): {}", e.code, e.message);
        }
    }

    tauri::Builder::default()
        .manage(startup)
        .invoke_handler(tauri::generate_handler![rpc::rpc])
        .run(tauri::generate_context!())
        .expect("error while running Switchboard");
}
