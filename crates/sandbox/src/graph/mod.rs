//! Microsoft Graph v1.0, directory part: organization, users (with delta), groups,
//! licences, domains and `$batch`. The tenant is always the token's `tid`.
//!
//! `router_with` can merge other Graph routes (the Teams `/admin/teams` ones) so that
//! `$batch` reaches them too, and wraps everything in fault injection, which then also
//! applies to every sub-request of a batch.

mod batch;
mod delta;
mod domains;
mod groups;
mod licenses;
mod odata;
mod organization;
mod roles;
mod users;

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::Router;
use serde_json::Value;

use crate::context::Ctx;
use crate::directory::Directory;
use crate::faults::{self, Faults};
use crate::graph_error::GraphError;
use crate::graph_tenant::with_tenant;
use crate::identity;
use crate::token::{Claims, GRAPH_RESOURCE};

#[derive(Clone)]
struct GraphState {
    ctx: Ctx,
    faults: Faults,
    /// Routes of other areas merged in (already given their own state).
    extra: Router,
}

/// The directory routes alone, without fault injection.
pub fn router(ctx: Ctx) -> Router {
    router_with(ctx, Faults::default(), Router::new())
}

/// The directory routes merged with `extra` Graph routes, wrapped in `faults`.
pub fn router_with(ctx: Ctx, faults: Faults, extra: Router) -> Router {
    build(GraphState { ctx, faults, extra })
}

fn build(state: GraphState) -> Router {
    let routes = Router::new()
        .route("/v1.0/organization", get(organization::list))
        .route("/v1.0/users", get(users::list).post(users::create))
        .route("/v1.0/users/delta", get(delta::users_delta))
        .route(
            "/v1.0/users/{id}",
            get(users::get_one)
                .patch(users::update)
                .delete(users::delete),
        )
        .route("/v1.0/users/{id}/memberOf", get(groups::member_of))
        .route("/v1.0/users/{id}/assignLicense", post(licenses::assign))
        .route("/v1.0/groups", get(groups::list))
        .route("/v1.0/groups/{id}", get(groups::get_one))
        .route("/v1.0/groups/{id}/members", get(groups::members))
        .route("/v1.0/subscribedSkus", get(licenses::subscribed_skus))
        .route("/v1.0/domains", get(domains::list).post(domains::create))
        .route("/v1.0/domains/{id}", get(domains::get_one))
        .route(
            "/v1.0/domains/{id}/verificationDnsRecords",
            get(domains::verification_records),
        )
        .route("/v1.0/domains/{id}/verify", post(domains::verify))
        .route("/v1.0/servicePrincipals", get(roles::service_principals))
        .route(
            "/v1.0/roleManagement/directory/roleAssignments",
            get(roles::role_assignments),
        )
        .route("/v1.0/me", get(roles::me))
        .route("/v1.0/$batch", post(batch::batch))
        .with_state(state.clone());
    faults::wrap(routes.merge(state.extra), state.faults)
}

/// Permission sets: a token needs any one permission of the set.
mod permissions {
    pub const USERS_READ: &[&str] = &[
        "User.Read.All",
        "User.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    ];
    pub const USERS_WRITE: &[&str] = &["User.ReadWrite.All", "Directory.ReadWrite.All"];
    pub const GROUPS_READ: &[&str] = &[
        "Group.Read.All",
        "Group.ReadWrite.All",
        "GroupMember.Read.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    ];
    pub const ORGANIZATION_READ: &[&str] = &[
        "Organization.Read.All",
        "Organization.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
        "User.Read",
        "User.Read.All",
    ];
    pub const SKUS_READ: &[&str] = &[
        // A delegated admin's "access the directory as the signed-in user" reads the
        // licences too: it is what the device-code consent grants besides users and groups.
        "Directory.AccessAsUser.All",
        "Organization.Read.All",
        "Organization.ReadWrite.All",
        "LicenseAssignment.Read.All",
        "LicenseAssignment.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    ];
    pub const LICENSES_WRITE: &[&str] = &[
        "LicenseAssignment.ReadWrite.All",
        "User.ReadWrite.All",
        "Directory.ReadWrite.All",
    ];
    pub const DOMAINS_READ: &[&str] = &[
        "Domain.Read.All",
        "Domain.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
    ];
    pub const DOMAINS_WRITE: &[&str] = &["Domain.ReadWrite.All", "Directory.ReadWrite.All"];
    pub const SERVICE_PRINCIPALS_READ: &[&str] = &[
        "Application.Read.All",
        "Application.ReadWrite.All",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
        "Directory.AccessAsUser.All",
    ];
    pub const ROLES_READ: &[&str] = &[
        "RoleManagement.Read.Directory",
        "RoleManagement.Read.All",
        "RoleManagement.ReadWrite.Directory",
        "Directory.Read.All",
        "Directory.ReadWrite.All",
        "Directory.AccessAsUser.All",
    ];
    /// `/me` takes any delegated sign-in that may read the user's own profile.
    pub const ME_READ: &[&str] = &[
        "User.Read",
        "User.Read.All",
        "User.ReadWrite.All",
        "Directory.Read.All",
        "Directory.AccessAsUser.All",
    ];
}

/// Checks the token and that it carries one of `needs`.
fn caller(ctx: &Ctx, headers: &HeaderMap, needs: &[&str]) -> Result<Claims, GraphError> {
    let claims = identity::authorize(ctx, headers, GRAPH_RESOURCE, None)?;
    let granted = claims
        .permissions()
        .any(|p| needs.iter().any(|n| n.eq_ignore_ascii_case(p)));
    if !granted {
        return Err(GraphError::forbidden(
            "Insufficient privileges to complete the operation.",
        ));
    }
    Ok(claims)
}

fn with_directory<T>(
    ctx: &Ctx,
    claims: &Claims,
    f: impl FnOnce(&mut Directory) -> Result<T, GraphError>,
) -> Result<T, GraphError> {
    with_tenant(ctx, claims, |tenant| f(&mut tenant.directory))
}

/// Parses a JSON object body as Graph does, with its error for anything else.
fn json_object(body: &Bytes) -> Result<serde_json::Map<String, Value>, GraphError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(GraphError::bad_request(
            "Unable to read the JSON request payload. Check that the Content-Type header is application/json and the body is a JSON object.",
        )),
    }
}

/// `@odata.context` for a collection or entity set, e.g. `users(displayName,id)`.
fn context_url(ctx: &Ctx, fragment: &str) -> String {
    format!("{}/v1.0/$metadata#{fragment}", ctx.urls.graph)
}

/// One page of the collection at `/v1.0/{path}`, linking to the next page while
/// `token` says there is more; `total` is the `$count` when asked for.
fn collection_page(
    ctx: &Ctx,
    query: &odata::Query,
    path: &str,
    fragment: &str,
    (values, token, total): (Vec<Value>, Option<String>, Option<usize>),
) -> Value {
    let next =
        token.map(|t| query.link(&format!("{}/v1.0/{path}", ctx.urls.graph), "$skiptoken", &t));
    odata::collection(context_url(ctx, fragment), values, next, total)
}
