//! Every command driven headlessly (Yaak-style test host): a real cache file in a temp
//! folder and an in-memory secrets store, no window and no Tauri.

use std::path::{Path, PathBuf};

use switchboard_app::{
    error::ErrorCode, ApiError, AppConfig, AppContext, Mode, NewTenantInput, Startup,
    TenantEditInput, TenantRow,
};
use switchboard_cache::LATEST_VERSION;
use switchboard_domain::{Cloud, LicenceType};
use switchboard_secrets::MemoryStore;
use tempfile::TempDir;

struct TestHost {
    dir: TempDir,
    ctx: AppContext,
}

impl TestHost {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let ctx = open(dir.path()).expect("context opens");
        Self { dir, ctx }
    }

    /// Closes the context and opens a new one on the same folder, like restarting the app.
    fn reopen(self) -> Self {
        let Self { dir, ctx } = self;
        drop(ctx);
        let ctx = open(dir.path()).expect("context reopens");
        Self { dir, ctx }
    }

    /// Adds the tenant `short_name` (Hosted Pro, 120 users) and returns its id.
    fn add_tenant(&self, short_name: &str) -> i64 {
        self.ctx
            .create_tenant(&input(short_name))
            .expect("created")
            .id
            .get()
    }

    fn short_names(&self, search: Option<&str>) -> Vec<String> {
        let list = self.ctx.list_tenants(search).expect("list");
        list.tenants.into_iter().map(|row| row.short_name).collect()
    }
}

fn open(data_dir: &Path) -> Result<AppContext, ApiError> {
    let config = AppConfig::new(data_dir.join("data"), Mode::Sandbox);
    AppContext::open_with_secrets(config, Box::new(MemoryStore::new()))
}

fn input(short_name: &str) -> NewTenantInput {
    NewTenantInput {
        short_name: short_name.into(),
        full_name: format!("{short_name} Ltd"),
        azure_tenant_id: None,
        licence_type: LicenceType::HostedPro,
        licensed_users: 120,
    }
}

#[test]
fn create_returns_the_table_row_and_lists_it() {
    let host = TestHost::new();
    let row = host
        .ctx
        .create_tenant(&NewTenantInput {
            azure_tenant_id: Some("72F988BF-86F1-41AF-91AB-2D7CD011DB47".into()),
            ..input("contoso")
        })
        .expect("created");
    assert_eq!(row.short_name, "contoso");
    assert_eq!(row.full_name, "contoso Ltd");
    assert_eq!(row.licence_label, "Hosted Pro (120)");
    assert_eq!(
        row.azure_tenant_id.as_deref(),
        Some("72f988bf-86f1-41af-91ab-2d7cd011db47")
    );
    assert_eq!(row.user_count, 0);

    let list = host.ctx.list_tenants(None).expect("list");
    assert_eq!(list.tenants, vec![row]);
    assert_eq!(list.totals.tenants, 1);
    assert_eq!(list.totals.licensed_users, 120);

    // The row travels to the UI with the contract's camelCase names.
    let json = serde_json::to_value(&list.tenants[0]).expect("json");
    for key in [
        "shortName",
        "licenceLabel",
        "deploymentState",
        "lastReplicationAt",
        "userCount",
    ] {
        assert!(json.get(key).is_some(), "missing {key} in {json}");
    }
    assert_eq!(json["queue"]["replicationInProgress"], false);
}

#[test]
fn each_invalid_field_is_reported_and_nothing_is_stored() {
    let host = TestHost::new();
    let cases: Vec<(NewTenantInput, &str)> = vec![
        (input("con.toso"), "shortName.dot"),
        (input("contosocontoso16"), "shortName.tooLong"),
        (input("ab"), "shortName.tooShort"),
        (input("con toso"), "shortName.space"),
        (input("con/toso"), "shortName.forbiddenChar"),
        (
            NewTenantInput {
                full_name: "   ".into(),
                ..input("contoso")
            },
            "fullName.empty",
        ),
        (
            NewTenantInput {
                azure_tenant_id: Some("not-a-guid".into()),
                ..input("contoso")
            },
            "azureTenantId.invalid",
        ),
        (
            NewTenantInput {
                licensed_users: 501,
                ..input("contoso")
            },
            "licensedUsers.overCap",
        ),
        (
            NewTenantInput {
                licence_type: LicenceType::HostedEssentials,
                licensed_users: 5,
                ..input("contoso")
            },
            "licensedUsers.notAllowed",
        ),
    ];
    for (bad, code) in cases {
        let err = host.ctx.create_tenant(&bad).expect_err(code);
        assert_eq!(err.code, ErrorCode::Validation, "{code}");
        assert_eq!(err.fields.len(), 1, "{code}: {:?}", err.fields);
        assert_eq!(err.fields[0].code, code);
        assert_eq!(
            err.fields[0].field,
            code.split('.').next().unwrap_or_default()
        );
        assert_eq!(
            err.message, err.fields[0].message,
            "a single problem is the message itself"
        );
        assert_eq!(
            host.ctx.validate_tenant(&bad),
            err.fields,
            "validate_tenant agrees for {code}"
        );
    }
    assert!(host.short_names(None).is_empty(), "nothing was stored");

    let err = host
        .ctx
        .create_tenant(&input("contosocontoso16"))
        .expect_err("too long");
    assert!(err.message.contains("(it has 16)"), "{}", err.message);
    assert!(host.ctx.validate_tenant(&input("contoso")).is_empty());
}

#[test]
fn duplicate_short_name_is_a_conflict_on_that_field() {
    let host = TestHost::new();
    host.ctx.create_tenant(&input("contoso")).expect("first");
    let err = host
        .ctx
        .create_tenant(&input("CONTOSO"))
        .expect_err("duplicate");
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(err.fields[0].field, "shortName");
    assert!(err.message.contains("already exists"), "{}", err.message);
    assert_eq!(host.short_names(None), ["contoso"]);
}

#[test]
fn search_filters_rows_but_not_totals() {
    let host = TestHost::new();
    host.ctx.create_tenant(&input("contoso")).expect("contoso");
    host.ctx
        .create_tenant(&NewTenantInput {
            full_name: "Fabrikam Inc".into(),
            ..input("fabrikam")
        })
        .expect("fabrikam");
    assert_eq!(host.short_names(Some("FAB")), ["fabrikam"]);
    assert_eq!(host.short_names(Some("inc")), ["fabrikam"]);
    assert_eq!(host.short_names(Some("  ")), ["contoso", "fabrikam"]);
    assert!(host.short_names(Some("northwind")).is_empty());
    let filtered = host.ctx.list_tenants(Some("fab")).expect("list");
    assert_eq!(filtered.totals.tenants, 2);
}

/// The edit dialog's values for the tenant `id` as created by `add_tenant`.
fn edit_of(row: &TenantRow) -> TenantEditInput {
    TenantEditInput {
        full_name: row.full_name.clone(),
        azure_tenant_id: row.azure_tenant_id.clone(),
        admin_domain: row.admin_domain.clone(),
        licence_type: row.licence_type,
        licensed_users: row.licensed_users,
        cloud: row.cloud,
    }
}

#[test]
fn every_field_is_edited_and_a_tenant_id_can_come_later() {
    let host = TestHost::new();
    let created = host.ctx.create_tenant(&input("contoso")).expect("created");
    assert_eq!(created.azure_tenant_id, None);
    assert_eq!(created.cloud, Cloud::Commercial);

    let row = host
        .ctx
        .update_tenant(
            created.id.get(),
            &TenantEditInput {
                full_name: "Contoso Federal".into(),
                azure_tenant_id: Some("72F988BF-86F1-41AF-91AB-2D7CD011DB47".into()),
                admin_domain: Some("Contoso.onmicrosoft.us".into()),
                licence_type: LicenceType::HostedEssentialsPlus,
                licensed_users: 200,
                cloud: Cloud::GccHigh,
            },
        )
        .expect("updated");
    assert_eq!(row.short_name, "contoso");
    assert_eq!(row.full_name, "Contoso Federal");
    assert_eq!(
        row.azure_tenant_id.as_deref(),
        Some("72f988bf-86f1-41af-91ab-2d7cd011db47")
    );
    assert_eq!(row.admin_domain.as_deref(), Some("contoso.onmicrosoft.us"));
    assert_eq!(row.licence_label, "Hosted Essentials+ (200)");
    assert_eq!(row.cloud, Cloud::GccHigh);
    let listed = host.ctx.list_tenants(None).expect("list").tenants;
    assert_eq!(listed, [row]);
}

#[test]
fn a_refused_edit_names_its_fields_and_changes_nothing() {
    let host = TestHost::new();
    let created = host.ctx.create_tenant(&input("contoso")).expect("created");
    let id = created.id.get();

    let err = host
        .ctx
        .update_tenant(
            id,
            &TenantEditInput {
                licensed_users: 501,
                admin_domain: Some("contoso.com".into()),
                azure_tenant_id: Some("not-a-guid".into()),
                ..edit_of(&created)
            },
        )
        .expect_err("refused");
    assert_eq!(err.code, ErrorCode::Validation);
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["azureTenantId", "adminDomain", "licensedUsers"]);

    let downgrade = host
        .ctx
        .update_tenant(
            id,
            &TenantEditInput {
                licence_type: LicenceType::HostedEssentials,
                licensed_users: 0,
                ..edit_of(&created)
            },
        )
        .expect_err("no way back to Essentials");
    assert_eq!(downgrade.fields[0].code, "licenceType.notAllowed");

    let listed = host.ctx.list_tenants(None).expect("list").tenants;
    assert_eq!(listed, std::slice::from_ref(&created), "nothing changed");

    let err = host
        .ctx
        .update_tenant(id + 1000, &edit_of(&created))
        .expect_err("unknown");
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn delete_removes_the_tenant_once() {
    let host = TestHost::new();
    let id = host.add_tenant("contoso");
    host.ctx.create_tenant(&input("fabrikam")).expect("created");
    host.ctx.delete_tenant(id).expect("deleted");
    assert_eq!(host.short_names(None), ["fabrikam"]);
    assert_eq!(
        host.ctx.delete_tenant(id).expect_err("gone").code,
        ErrorCode::NotFound
    );
}

#[test]
fn data_survives_a_restart() {
    let host = TestHost::new();
    host.ctx.create_tenant(&input("contoso")).expect("created");
    let host = host.reopen();
    assert_eq!(host.short_names(None), ["contoso"]);
    assert_eq!(
        host.ctx
            .list_tenants(None)
            .expect("list")
            .totals
            .licensed_users,
        120
    );
}

#[test]
fn app_info_reports_paths_mode_schema_and_keychain() {
    let host = TestHost::new();
    let info = host.ctx.app_info().expect("info");
    let data = host.dir.path().join("data").join("sandbox");
    assert_eq!(PathBuf::from(&info.data_dir), data);
    assert_eq!(PathBuf::from(&info.log_dir), data.join("logs"));
    assert_eq!(info.mode, Mode::Sandbox);
    assert_eq!(info.schema_version, LATEST_VERSION);
    assert!(info.keychain.available, "{:?}", info.keychain.detail);
    assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
    assert!(data.join("switchboard.sqlite3").is_file());

    let json = serde_json::to_value(&info).expect("json");
    assert_eq!(json["mode"], "sandbox");
    assert_eq!(json["keychain"]["detail"], serde_json::Value::Null);
}

#[test]
fn a_cache_from_a_newer_version_is_refused_and_left_untouched() {
    let host = TestHost::new();
    host.ctx.create_tenant(&input("contoso")).expect("created");
    let TestHost { dir, ctx } = host;
    drop(ctx);
    let file = dir
        .path()
        .join("data")
        .join("sandbox")
        .join("switchboard.sqlite3");
    {
        let conn = rusqlite::Connection::open(&file).expect("raw open");
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .expect("bump version");
    }
    let before = std::fs::read(&file).expect("read cache");

    let err = open(dir.path()).err().expect("refused");
    assert_eq!(err.code, ErrorCode::StorageTooNew);
    assert!(
        err.message.contains("Update Switchboard"),
        "{}",
        err.message
    );
    assert_eq!(
        std::fs::read(&file).expect("read cache"),
        before,
        "the file was not modified"
    );

    // The shell keeps the error and every command reports it instead of crashing.
    let config = AppConfig::new(dir.path().join("data"), Mode::Sandbox);
    let startup = Startup::open(Ok(config), None);
    assert_eq!(
        startup.context().err().map(|e| e.code),
        Some(ErrorCode::StorageTooNew.to_owned())
    );
}

#[test]
fn an_unusable_data_folder_is_a_storage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A file where the data folder should be: no platform can create a folder below it.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, b"not a folder").expect("write");
    let config = AppConfig::new(blocker.join("data"), Mode::Live);
    let err = AppContext::open_with_secrets(config, Box::new(MemoryStore::new()))
        .err()
        .expect("refused");
    assert_eq!(err.code, ErrorCode::Storage);
    assert!(err.message.contains("data folder"), "{}", err.message);
}

#[cfg(unix)]
#[test]
fn the_data_folder_is_created_for_the_user_only() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().expect("temp dir");
    let parent = dir.path().join("new");
    open(&parent).expect("context opens");
    for folder in [
        parent.join("data").join("sandbox"),
        parent.join("data"),
        parent,
    ] {
        let mode = std::fs::metadata(&folder)
            .expect("created")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700, "{}", folder.display());
    }
}

#[test]
fn a_configuration_error_is_kept_for_every_command() {
    let startup = Startup::open(Err(ApiError::config("bad flag")), None);
    let err = startup.context().err().expect("failed start-up");
    assert_eq!(err.code, ErrorCode::Config);
    assert_eq!(err.message, "bad flag");
}
