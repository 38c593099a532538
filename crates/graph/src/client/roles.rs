//! The Entra roles a principal holds: the app's service principal, the signed-in user,
//! and their tenant-wide role assignments.

use super::directory::segment;
use super::paging::ListQuery;
use super::transport::GraphClient;
use crate::error::GraphError;
use crate::models::{RoleAssignment, ServicePrincipal, User};

impl GraphClient {
    /// `GET /servicePrincipals?$filter=appId eq '…'`: the app's service principal in this
    /// tenant, if the tenant consented to it.
    pub async fn service_principal_of_app(
        &self,
        app_id: &str,
    ) -> Result<Option<ServicePrincipal>, GraphError> {
        let app_id = segment("application id", app_id)?;
        let query = ListQuery::default().with_filter(&format!("appId eq '{app_id}'"));
        let found = Self::collect_all(self.pages("servicePrincipals", &query)).await?;
        Ok(found.into_iter().next())
    }

    /// `GET /me`: the user a delegated token signs in as.
    pub async fn me(&self) -> Result<User, GraphError> {
        self.get_json("me").await
    }

    /// `GET /roleManagement/directory/roleAssignments?$filter=principalId eq '…'`.
    pub async fn role_assignments_of(
        &self,
        principal_id: &str,
    ) -> Result<Vec<RoleAssignment>, GraphError> {
        let principal_id = segment("principal id", principal_id)?;
        let query = ListQuery::default().with_filter(&format!("principalId eq '{principal_id}'"));
        Self::collect_all(self.pages("roleManagement/directory/roleAssignments", &query)).await
    }
}
