/// The window's only command: every Switchboard command goes through it to the command
/// table in `switchboard_app::commands`. It gets an `allow-rpc` permission, which
/// `capabilities/main.json` grants to the main window.
const COMMANDS: &[&str] = &["rpc"];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("failed to prepare the Tauri build");
}
