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
use switchboard_graph::{AccessToken, GraphClient, GraphError};
use ts_rs::TS;

/// Microsoft's template ids of the built-in roles the stages need (for built-in roles
/// a role assignment's `roleDefinitionId` is the template id).
mod role {
    pub const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";
    pub const TEAMS_ADMINISTRATOR: &str = "69091246-20e8-4a56-aa4d-066075b2a7a8";
    pub const TEAMS_TELEPHONY_ADMINISTRATOR: &str = "aa38014f-0993-46e9-9b45-30501a20909d";
    pub const SKYPE_FOR_BUSINESS_ADMINISTRATOR: &str = "75941009-915a-4869-abe7-691bff18279e";
    pub const DOMAIN_NAME_ADMINISTRATOR: &str = "8329153b-31d0-4727-b945-745eb3bc5f31";
    pub const USER_ADMINISTRATOR: &str = "fe930be7-5e62-47db-91af-98c3a49a38b1";

    pub const NAMES: &[(&str, &str)] = &[
        (GLOBAL_ADMINISTRATOR, "Global Administrator"),
        (TEAMS_ADMINISTRATOR, "Teams Administrator"),
        (
            TEAMS_TELEPHONY_ADMINISTRATOR,
            "Teams Telephony Administrator",
        ),
        (
            SKYPE_FOR_BUSINESS_ADMINISTRATOR,
            "Skype for Business Administrator",
        ),
        (DOMAIN_NAME_ADMINISTRATOR, "Domain Name Administrator"),
        (USER_ADMINISTRATOR, "User Administrator"),
    ];
}

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
    let roles = role_ids(client, principal).await;
    assess(roles, permissions)
}

async fn role_ids(
    client: &GraphClient,
    principal: Principal<'_>,
) -> Result<Vec<String>, GraphError> {
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
        .into_iter()
        .map(|a| a.role_definition_id.to_ascii_lowercase())
        .collect())
}

/// The judgement itself: `permissions` is `None` for a delegated sign-in.
fn assess(
    roles: Result<Vec<String>, GraphError>,
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
        roles: role::NAMES
            .iter()
            .filter(|(id, _)| held.iter().any(|h| h == id))
            .map(|(_, name)| (*name).to_owned())
            .collect(),
        permissions: permissions.unwrap_or_default(),
        missing,
        roles_unreadable,
    }
}

fn missing_roles(held: &[String], missing: &mut Vec<MissingGrant>) {
    let global = held.iter().any(|h| h == role::GLOBAL_ADMINISTRATOR);
    let has = |id: &str| global || held.iter().any(|h| h == id);
    let mut lacks = |id: &str, blocks: &str| {
        let name = role::NAMES
            .iter()
            .find(|(r, _)| *r == id)
            .map_or(id, |(_, n)| n);
        missing.push(MissingGrant {
            kind: GrantKind::Role,
            name: name.to_owned(),
            blocks: blocks.to_owned(),
        });
    };
    if !has(role::TEAMS_ADMINISTRATOR) {
        match (
            has(role::TEAMS_TELEPHONY_ADMINISTRATOR),
            has(role::SKYPE_FOR_BUSINESS_ADMINISTRATOR),
        ) {
            (true, true) => {}
            (true, false) => lacks(role::SKYPE_FOR_BUSINESS_ADMINISTRATOR, REPLICATION),
            (false, true) => lacks(role::TEAMS_TELEPHONY_ADMINISTRATOR, REPLICATION),
            (false, false) => lacks(
                role::TEAMS_ADMINISTRATOR,
                "daily replication (or Teams Telephony Administrator with Skype for Business Administrator)",
            ),
        }
    }
    for dns_role in [role::DOMAIN_NAME_ADMINISTRATOR, role::USER_ADMINISTRATOR] {
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

    fn held(ids: &[&str]) -> Result<Vec<String>, GraphError> {
        Ok(ids.iter().map(|id| id.to_string()).collect())
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
                role::TEAMS_ADMINISTRATOR,
                role::DOMAIN_NAME_ADMINISTRATOR,
                role::USER_ADMINISTRATOR,
            ]),
            Some(vec!["Directory.ReadWrite.All".into()]),
        );
        assert!(caps.missing.is_empty(), "{:?}", caps.missing);
        assert_eq!(caps.summary(), None);
        assert_eq!(caps.roles.len(), 3);
        let global = assess(held(&[role::GLOBAL_ADMINISTRATOR]), None);
        assert!(global.missing.is_empty());
    }

    #[test]
    fn telephony_without_skype_names_the_missing_half_and_the_dns_roles() {
        let caps = assess(held(&[role::TEAMS_TELEPHONY_ADMINISTRATOR]), None);
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
                role::TEAMS_TELEPHONY_ADMINISTRATOR,
                role::SKYPE_FOR_BUSINESS_ADMINISTRATOR,
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
