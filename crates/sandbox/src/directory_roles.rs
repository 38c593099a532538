//! Entra directory roles of one tenant: the service principal each consented app gets,
//! and which principal (app or user) holds which built-in role, as Graph's
//! `roleManagement/directory/roleAssignments` lists them. For built-in roles the role
//! definition id is the role's template id, the same in every tenant.

use switchboard_domain::EntraRole;

/// An app as it appears in the tenant once consented.
#[derive(Debug, Clone, PartialEq)]
pub struct ServicePrincipal {
    pub id: String,
    pub app_id: String,
    pub display_name: String,
}

/// One role held tenant-wide (directory scope `/`).
#[derive(Debug, Clone, PartialEq)]
pub struct RoleAssignment {
    pub id: String,
    pub principal_id: String,
    pub role_definition_id: String,
}

#[derive(Debug, Default)]
pub struct DirectoryRoles {
    service_principals: Vec<ServicePrincipal>,
    assignments: Vec<RoleAssignment>,
}

impl DirectoryRoles {
    /// The app's service principal, created on first consent.
    pub fn consent(&mut self, app_id: &str, display_name: &str) -> &ServicePrincipal {
        let app_id = app_id.to_ascii_lowercase();
        let at = match self
            .service_principals
            .iter()
            .position(|sp| sp.app_id == app_id)
        {
            Some(at) => at,
            None => {
                self.service_principals.push(ServicePrincipal {
                    id: uuid::Uuid::new_v4().to_string(),
                    app_id,
                    display_name: display_name.to_string(),
                });
                self.service_principals.len() - 1
            }
        };
        &self.service_principals[at]
    }

    pub fn service_principal_of(&self, app_id: &str) -> Option<&ServicePrincipal> {
        self.service_principals
            .iter()
            .find(|sp| sp.app_id.eq_ignore_ascii_case(app_id))
    }

    /// Gives `principal_id` a built-in role; holding it already changes nothing.
    pub fn assign(&mut self, principal_id: &str, role: EntraRole) {
        let held = self
            .assignments_of(principal_id)
            .any(|a| a.role_definition_id == role.template_id());
        if !held {
            self.assignments.push(RoleAssignment {
                id: uuid::Uuid::new_v4().to_string(),
                principal_id: principal_id.to_string(),
                role_definition_id: role.template_id().to_string(),
            });
        }
    }

    pub fn assignments_of<'a>(
        &'a self,
        principal_id: &'a str,
    ) -> impl Iterator<Item = &'a RoleAssignment> + 'a {
        self.assignments
            .iter()
            .filter(move |a| a.principal_id.eq_ignore_ascii_case(principal_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_creates_one_service_principal_and_roles_are_held_once() {
        let mut roles = DirectoryRoles::default();
        let sp = roles.consent("ABC", "Sync app").id.clone();
        assert_eq!(roles.consent("abc", "again").id, sp);
        assert_eq!(
            roles.service_principal_of("Abc").unwrap().display_name,
            "Sync app"
        );
        roles.assign(&sp, EntraRole::TeamsAdministrator);
        roles.assign(&sp, EntraRole::TeamsAdministrator);
        assert_eq!(roles.assignments_of(&sp).count(), 1);
        assert_eq!(
            roles.assignments_of(&sp).next().unwrap().role_definition_id,
            EntraRole::TeamsAdministrator.template_id()
        );
    }
}
