//! The desktop shell: reads the configuration, makes sure it is the only Switchboard on its
//! data folder, opens the `AppContext`, and exposes its commands to the window. A failed
//! start-up still opens the window; every command then returns the start-up error so the
//! UI can show it.

mod logs;
mod rpc;

use switchboard_app::instance::{self, FirstInstance, Instance};
use switchboard_app::{AppConfig, Startup};
use tauri::{Emitter, Manager};

pub fn run() {
    let mut config = AppConfig::from_process();
    let mut owner = None;
    if let Ok(settings) = &config {
        match instance::claim(&settings.data_dir) {
            // The running Switchboard has come forward; a second one would race its writes.
            Ok(Instance::AlreadyRunning) => return,
            Ok(Instance::First(first)) => owner = Some(first),
            Err(error) => config = Err(error),
        }
    }
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

    let events = startup.clone();
    tauri::Builder::default()
        .manage(startup)
        .setup(move |app| {
            if let Some(first) = owner {
                answer_later_starts(first, app.handle().clone());
            }
            forward_queue_events(events, app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![rpc::rpc])
        .run(tauri::generate_context!())
        .expect("error while running Switchboard");
}

/// The queue's announcements reach the window as `queue-changed` events, so the Queued
/// Tasks screen and the tenant counters follow the worker without polling.
fn forward_queue_events(startup: Startup, app: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        startup
            .forward_queue_events(|event| {
                if let Err(error) = app.emit("queue-changed", &event) {
                    tracing::warn!(%error, "a queue event did not reach the window");
                }
            })
            .await;
    });
}

/// A second start brings this window to the front instead of opening another.
fn answer_later_starts(first: FirstInstance, app: tauri::AppHandle) {
    first.serve(move || {
        let Some(window) = app.get_webview_window("main") else {
            return false; // closing: the newcomer waits for this process to end
        };
        let _ = window.unminimize();
        let _ = window.show();
        window.set_focus().is_ok()
    });
}
