//! What a verified connection can do: the Entra roles its principal holds (the app
//! registration's service principal, or the signed-in admin) and the app-only token's
//! application permissions, against what each stage needs:
//! - daily replication: Teams Administrator, or Teams Telephony Administrator together
//!   with Skype for Business Administrator; reading users and groups;
//! - automatic DNS at onboarding and when adding a site: Domain Name Administrator and
//!   User Administrator (which may be removed once onboarded); writing domains and users.
//!
//! Global Administrator covers every role.

use serde::Serialize;
use switchboard_domain::EntraRole;
use switchboard_graph::{AccessToken, GraphClient, GraphError};
use ts_rs::TS;

const REPLICATION: &str = "daily replication";
const DNS: &str =
    "automatic DNS at onboarding and when adding a site (may be removed once onboarded)";

/// An application permission a stage needs, and the permissions that also grant it.
struct NeededPermission {
    name: &'static str,
    also: &'static [&'static str],
    blocks: &'static str,
}

const PERMISSIONS: &[NeededPermission] = &[
    NeededPermission {
        name: "User.Read.All",
        also: &[
            "User.ReadWrite.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ],
        blocks: REPLICATION,
    },
    NeededPermission {
        name: "Group.Read.All",
        also: &[
            "Group.ReadWrite.All",
            "GroupMember.Read.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ],
        blocks: REPLICATION,
    },
    NeededPermission {
        name: "Domain.ReadWrite.All",
        also: &["Directory.ReadWrite.All"],
        blocks: DNS,
    },
    NeededPermission {
        name: "User.ReadWrite.All",
        also: &["Directory.ReadWrite.All"],
        blocks: DNS,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum GrantKind {
    /// An Entra directory role.
    Role,
    /// A Microsoft Graph application permission.
    Permission,
}

/// A role or permission the connection lacks, and what it blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MissingGrant {
    pub kind: GrantKind,
    pub name: String,
    pub blocks: String,
}

/// What the last verification learnt the connection can do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCapabilities {
    /// Names of the Entra roles held (those Switchboard knows).
    pub roles: Vec<String>,
    /// The app-only token's application permissions; empty for a signed-in admin.
    pub permissions: Vec<String>,
    pub missing: Vec<MissingGrant>,
    /// Why the roles could not be read, when they could not (nothing is judged then).
    pub roles_unreadable: Option<String>,
}

impl ConnectionCapabilities {
    /// One sentence for the verify message; `None` when nothing is missing.
    pub(crate) fn summary(&self) -> Option<String> {
        let mut parts: Vec<String> = self
            .missing
            .iter()
            .map(|m| format!("{} (blocks {})", m.name, m.blocks))
            .collect();
        if let Some(why) = &self.roles_unreadable {
            parts.push(format!("the Entra roles could not be read: {why}"));
        }
        (!parts.is_empty()).then(|| format!("Missing: {}.", parts.join("; ")))
    }
}

/// Who signs in: the app itself (its service principal holds the roles) or an admin.
pub(crate) enum Principal<'a> {
    App { client_id: &'a str },
    SignedInUser,
}

/// Reads the roles and permissions over `client` and judges them.
pub(crate) async fn read(
    client: &GraphClient,
    token: &AccessToken,
    principal: Principal<'_>,
) -> ConnectionCapabilities {
    let permissions = match principal {
        Principal::App { .. } => Some(token.application_permissions()),
        Principal::SignedInUser => None,
    };
    let roles = held_roles(client, principal).await;
    assess(roles, permissions)
}

/// The built-in roles the principal holds tenant-wide (other roles do not matter here).
async fn held_roles(
    client: &GraphClient,
    principal: Principal<'_>,
) -> Result<Vec<EntraRole>, GraphError> {
    let principal_id = match principal {
        Principal::App { client_id } => client
            .service_principal_of_app(client_id)
            .await?
            .ok_or_else(|| {
                GraphError::InvalidResponse(
                    "the app registration has no service principal in this tenant (no admin consent yet)".into(),
                )
            })?
            .id,
        Principal::SignedInUser => client.me().await?.id,
    };
    Ok(client
        .role_assignments_of(&principal_id)
        .await?
        .iter()
        .filter_map(|a| EntraRole::from_template_id(&a.role_definition_id))
        .collect())
}

/// The judgement itself: `permissions` is `None` for a delegated sign-in.
fn assess(
    roles: Result<Vec<EntraRole>, GraphError>,
    permissions: Option<Vec<String>>,
) -> ConnectionCapabilities {
    let mut missing = Vec::new();
    let (held, roles_unreadable) = match roles {
        Ok(held) => {
            missing_roles(&held, &mut missing);
            (held, None)
        }
        Err(error) => (Vec::new(), Some(error.user_message())),
    };
    if let Some(granted) = &permissions {
        missing_permissions(granted, &mut missing);
    }
    ConnectionCapabilities {
        roles: EntraRole::ALL
            .iter()
            .filter(|role| held.contains(role))
            .map(|role| role.name().to_owned())
            .collect(),
        permissions: permissions.unwrap_or_default(),
        missing,
        roles_unreadable,
    }
}

fn missing_roles(held: &[EntraRole], missing: &mut Vec<MissingGrant>) {
    let has =
        |role: EntraRole| held.contains(&EntraRole::GlobalAdministrator) || held.contains(&role);
    let mut lacks = |role: EntraRole, blocks: &str| {
        missing.push(MissingGrant {
            kind: GrantKind::Role,
            name: role.name().to_owned(),
            blocks: blocks.to_owned(),
        });
    };
    if !has(EntraRole::TeamsAdministrator) {
        match (
            has(EntraRole::TeamsTelephonyAdministrator),
            has(EntraRole::SkypeForBusinessAdministrator),
        ) {
            (true, true) => {}
            (true, false) => lacks(EntraRole::SkypeForBusinessAdministrator, REPLICATION),
            (false, true) => lacks(EntraRole::TeamsTelephonyAdministrator, REPLICATION),
            (false, false) => lacks(
                EntraRole::TeamsAdministrator,
                "daily replication (or Teams Telephony Administrator with Skype for Business Administrator)",
            ),
        }
    }
    for dns_role in [
        EntraRole::DomainNameAdministrator,
        EntraRole::UserAdministrator,
    ] {
        if !has(dns_role) {
            lacks(dns_role, DNS);
        }
    }
}

fn missing_permissions(granted: &[String], missing: &mut Vec<MissingGrant>) {
    let has = |name: &str| granted.iter().any(|g| g.eq_ignore_ascii_case(name));
    for needed in PERMISSIONS {
        if !has(needed.name) && !needed.also.iter().any(|p| has(p)) {
            missing.push(MissingGrant {
                kind: GrantKind::Permission,
                name: needed.name.to_owned(),
                blocks: needed.blocks.to_owned(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(roles: &[EntraRole]) -> Result<Vec<EntraRole>, GraphError> {
        Ok(roles.to_vec())
    }

    fn names(caps: &ConnectionCapabilities) -> Vec<(GrantKind, &str)> {
        caps.missing
            .iter()
            .map(|m| (m.kind, m.name.as_str()))
            .collect()
    }

    #[test]
    fn teams_administrator_and_the_dns_roles_leave_nothing_missing() {
        let caps = assess(
            held(&[
                EntraRole::TeamsAdministrator,
                EntraRole::DomainNameAdministrator,
                EntraRole::UserAdministrator,
            ]),
            Some(vec!["Directory.ReadWrite.All".into()]),
        );
        assert!(caps.missing.is_empty(), "{:?}", caps.missing);
        assert_eq!(caps.summary(), None);
        assert_eq!(caps.roles.len(), 3);
        let global = assess(held(&[EntraRole::GlobalAdministrator]), None);
        assert!(global.missing.is_empty());
    }

    #[test]
    fn telephony_without_skype_names_the_missing_half_and_the_dns_roles() {
        let caps = assess(held(&[EntraRole::TeamsTelephonyAdministrator]), None);
        assert_eq!(
            names(&caps),
            [
                (GrantKind::Role, "Skype for Business Administrator"),
                (GrantKind::Role, "Domain Name Administrator"),
                (GrantKind::Role, "User Administrator"),
            ]
        );
        assert_eq!(caps.missing[0].blocks, REPLICATION);
        let both = assess(
            held(&[
                EntraRole::TeamsTelephonyAdministrator,
                EntraRole::SkypeForBusinessAdministrator,
            ]),
            None,
        );
        assert!(both.missing.iter().all(|m| m.blocks == DNS));
        let none = assess(held(&[]), None);
        assert_eq!(none.missing[0].name, "Teams Administrator");
    }

    #[test]
    fn app_permissions_are_judged_and_unreadable_roles_are_said() {
        let caps = assess(
            Err(GraphError::Network("refused".into())),
            Some(vec!["User.Read.All".into()]),
        );
        assert_eq!(
            names(&caps),
            [
                (GrantKind::Permission, "Group.Read.All"),
                (GrantKind::Permission, "Domain.ReadWrite.All"),
                (GrantKind::Permission, "User.ReadWrite.All"),
            ]
        );
        assert!(caps.roles_unreadable.is_some());
        let summary = caps.summary().unwrap();
        assert!(
            summary.starts_with("Missing: Group.Read.All (blocks daily replication)"),
            "{summary}"
        );
        assert!(
            summary.contains("the Entra roles could not be read"),
            "{summary}"
        );
    }
}
