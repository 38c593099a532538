//! Parsing of the `scope` parameter: one resource per request, its permissions (or
//! `.default`), plus the OpenID Connect extras such as `offline_access`.

use super::oauth_error::OAuthError;
use super::AppRegistration;
use crate::token::{ARM_RESOURCE, GRAPH_RESOURCE, TEAMS_ADMIN_RESOURCE};

/// Graph's application id, which clients may use in place of its URI.
const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
const OIDC_SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

#[derive(Debug, Clone, PartialEq)]
pub struct RequestedScopes {
    pub resource: String,
    /// Permission names, or `[".default"]`.
    pub names: Vec<String>,
    pub offline_access: bool,
}

impl RequestedScopes {
    pub fn is_default(&self) -> bool {
        self.names.iter().any(|n| n == ".default")
    }
}

fn canonical_resource(resource: &str) -> Option<&'static str> {
    let resource = resource.trim_end_matches('/').to_ascii_lowercase();
    match resource.as_str() {
        r if r == GRAPH_RESOURCE || r == GRAPH_APP_ID => Some(GRAPH_RESOURCE),
        r if r == TEAMS_ADMIN_RESOURCE => Some(TEAMS_ADMIN_RESOURCE),
        r if r == ARM_RESOURCE => Some(ARM_RESOURCE),
        _ => None,
    }
}

pub fn parse(raw: &str) -> Result<RequestedScopes, OAuthError> {
    let mut resource: Option<&'static str> = None;
    let mut names = Vec::new();
    let mut offline_access = false;
    for scope in raw.split_whitespace() {
        if OIDC_SCOPES.contains(&scope.to_ascii_lowercase().as_str()) {
            offline_access |= scope.eq_ignore_ascii_case("offline_access");
            continue;
        }
        // A bare permission name means Graph, as at Microsoft.
        let (res, name) = match scope.rsplit_once('/') {
            Some((res, name)) if !res.is_empty() => (res, name),
            _ => (GRAPH_RESOURCE, scope),
        };
        let Some(canonical) = canonical_resource(res) else {
            return Err(OAuthError::new(
                "invalid_resource",
                500011,
                format!("The resource principal named {res} was not found in the tenant."),
            ));
        };
        if resource.is_some_and(|r| r != canonical) {
            return Err(OAuthError::new(
                "invalid_request",
                28000,
                "The scopes requested name more than one resource; a token is issued for one resource at a time.",
            ));
        }
        if name.is_empty() {
            return Err(OAuthError::invalid_scope(format!(
                "'{scope}' names no permission."
            )));
        }
        resource = Some(canonical);
        names.push(name.to_string());
    }
    let Some(resource) = resource else {
        return Err(OAuthError::invalid_scope(
            "The scope must name a resource, e.g. https://graph.microsoft.com/.default.",
        ));
    };
    if names.iter().any(|n| n == ".default") && names.len() > 1 {
        return Err(OAuthError::invalid_scope(
            "'.default' cannot be combined with other permissions of the same resource.",
        ));
    }
    Ok(RequestedScopes {
        resource: resource.to_string(),
        names,
        offline_access,
    })
}

/// The delegated permissions the app gets for `requested`: all consented ones for
/// `.default`, otherwise exactly those asked for, each of which must be consented.
pub fn grant_delegated(
    app: &AppRegistration,
    requested: &RequestedScopes,
) -> Result<Vec<String>, OAuthError> {
    let consented = app
        .delegated_scopes
        .get(&requested.resource)
        .cloned()
        .unwrap_or_default();
    if requested.is_default() {
        return Ok(consented);
    }
    match requested.names.iter().find(|n| !consented.iter().any(|c| c.eq_ignore_ascii_case(n))) {
        Some(missing) => Err(OAuthError::new(
            "invalid_grant",
            65001,
            format!(
                "The user or administrator has not consented to use the application with ID '{}' for permission '{missing}'.",
                app.client_id
            ),
        )),
        None => Ok(requested.names.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_name_one_resource() {
        let s = parse("https://graph.microsoft.com/.default offline_access").unwrap();
        assert_eq!(
            (s.resource.as_str(), s.is_default(), s.offline_access),
            (GRAPH_RESOURCE, true, true)
        );
        assert_eq!(
            parse("User.Read.All openid").unwrap().names,
            vec!["User.Read.All"]
        );
        let teams = parse(&format!("{TEAMS_ADMIN_RESOURCE}/.default")).unwrap();
        assert_eq!(teams.resource, TEAMS_ADMIN_RESOURCE);
        assert_eq!(
            parse("https://graph.microsoft.com/.default https://management.azure.com/.default")
                .unwrap_err()
                .aadsts,
            28000
        );
        assert_eq!(
            parse("https://example.org/.default").unwrap_err().error,
            "invalid_resource"
        );
        assert_eq!(parse("openid").unwrap_err().error, "invalid_scope");
    }
}
