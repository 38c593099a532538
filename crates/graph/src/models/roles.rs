//! Who holds which Entra role: an app's service principal and role assignments.

use serde::Deserialize;

/// An app as it appears in a tenant that consented to it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipal {
    pub id: String,
    pub app_id: String,
    pub display_name: Option<String>,
}

/// A `unifiedRoleAssignment`. For built-in roles `role_definition_id` is the role's
/// template id, the same in every tenant.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    pub id: String,
    pub principal_id: String,
    pub role_definition_id: String,
    pub directory_scope_id: Option<String>,
}
