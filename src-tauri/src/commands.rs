//! One Tauri command per `AppContext` method; each only forwards, so the behaviour is
//! tested headlessly in `switchboard-app`. `async` keeps SQLite work off the UI thread.

use tauri::State;

use switchboard_app::{
    ApiError, AppInfo, FieldError, NewTenantInput, ReplicationStatus, Startup, TenantList,
    TenantRow, UserDetailView, UserFacets, UsersPageView, UsersQueryInput,
};

#[tauri::command(async)]
pub fn app_info(startup: State<'_, Startup>) -> Result<AppInfo, ApiError> {
    startup.context()?.app_info()
}

#[tauri::command(async)]
pub fn list_tenants(
    startup: State<'_, Startup>,
    search: Option<String>,
) -> Result<TenantList, ApiError> {
    startup.context()?.list_tenants(search.as_deref())
}

#[tauri::command(async)]
pub fn validate_tenant(
    startup: State<'_, Startup>,
    input: NewTenantInput,
) -> Result<Vec<FieldError>, ApiError> {
    Ok(startup.context()?.validate_tenant(&input))
}

#[tauri::command(async)]
pub fn create_tenant(
    startup: State<'_, Startup>,
    input: NewTenantInput,
) -> Result<TenantRow, ApiError> {
    startup.context()?.create_tenant(&input)
}

#[tauri::command(async)]
pub fn set_licensed_users(
    startup: State<'_, Startup>,
    tenant_id: i64,
    licensed_users: u32,
) -> Result<TenantRow, ApiError> {
    startup
        .context()?
        .set_licensed_users(tenant_id, licensed_users)
}

#[tauri::command(async)]
pub fn delete_tenant(startup: State<'_, Startup>, tenant_id: i64) -> Result<(), ApiError> {
    startup.context()?.delete_tenant(tenant_id)
}

#[tauri::command(async)]
pub fn queue_replication(startup: State<'_, Startup>, tenant_id: i64) -> Result<(), ApiError> {
    startup.context()?.queue_replication(tenant_id)
}

#[tauri::command(async)]
pub fn replication_status(startup: State<'_, Startup>) -> Result<ReplicationStatus, ApiError> {
    Ok(startup.context()?.replication_status())
}

#[tauri::command(async)]
pub fn query_users(
    startup: State<'_, Startup>,
    query: UsersQueryInput,
) -> Result<UsersPageView, ApiError> {
    startup.context()?.query_users(&query)
}

#[tauri::command(async)]
pub fn user_detail(
    startup: State<'_, Startup>,
    tenant_id: i64,
    object_id: String,
) -> Result<UserDetailView, ApiError> {
    startup.context()?.user_detail(tenant_id, &object_id)
}

#[tauri::command(async)]
pub fn user_facets(
    startup: State<'_, Startup>,
    tenant_id: Option<i64>,
) -> Result<UserFacets, ApiError> {
    startup.context()?.user_facets(tenant_id)
}
