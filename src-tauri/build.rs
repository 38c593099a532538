/// Every command the UI may call. Each one gets an `allow-<command>` permission, and
/// `capabilities/main.json` grants exactly these to the main window.
const COMMANDS: &[&str] = &[
    "app_info",
    "list_tenants",
    "validate_tenant",
    "create_tenant",
    "set_licensed_users",
    "delete_tenant",
    "queue_replication",
    "replication_status",
    "query_users",
    "user_detail",
    "user_facets",
    "list_sbcs",
    "add_sbc",
    "update_sbc",
    "delete_sbc",
    "test_sbc_connection",
    "trust_sbc_certificate",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("failed to prepare the Tauri build");
}
