//! Which Microsoft cloud a tenant lives in, and the URLs and scopes that follow from it.

use std::fmt;

use url::Url;

use crate::error::GraphError;

/// The app id of the "Skype and Teams Tenant Admin API" resource (the same in every cloud).
pub const TEAMS_ADMIN_RESOURCE: &str = "48ac35b8-9aa8-4d74-927d-1f4a14a0b239";

/// What an access token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    Graph,
    TeamsAdmin,
}

/// Login and Graph base URLs of one cloud, plus the Graph resource URI its tokens name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudEndpoints {
    login: Url,
    graph: Url,
    graph_resource: String,
}

fn fixed(login: &str, graph: &str) -> CloudEndpoints {
    CloudEndpoints {
        login: Url::parse(login).expect("built-in login URL parses"),
        graph: Url::parse(graph).expect("built-in Graph URL parses"),
        graph_resource: graph.to_string(),
    }
}

impl CloudEndpoints {
    pub fn global() -> Self {
        fixed(
            "https://login.microsoftonline.com",
            "https://graph.microsoft.com",
        )
    }

    pub fn gcc_high() -> Self {
        fixed(
            "https://login.microsoftonline.us",
            "https://graph.microsoft.us",
        )
    }

    pub fn dod() -> Self {
        fixed(
            "https://login.microsoftonline.us",
            "https://dod-graph.microsoft.us",
        )
    }

    pub fn china() -> Self {
        fixed(
            "https://login.chinacloudapi.cn",
            "https://microsoftgraph.chinacloudapi.cn",
        )
    }

    /// Other base URLs (a test or a sandbox); tokens still name the global Graph resource.
    pub fn custom(login: &str, graph: &str) -> Result<Self, GraphError> {
        Ok(Self {
            login: base_url(login)?,
            graph: base_url(graph)?,
            graph_resource: Self::global().graph_resource,
        })
    }

    pub fn login(&self) -> &Url {
        &self.login
    }

    pub fn graph(&self) -> &Url {
        &self.graph
    }

    /// The `.default` scope of `resource` in this cloud.
    pub fn scope(&self, resource: Resource) -> String {
        match resource {
            Resource::Graph => format!("{}/.default", self.graph_resource),
            Resource::TeamsAdmin => format!("{TEAMS_ADMIN_RESOURCE}/.default"),
        }
    }
}

impl Default for CloudEndpoints {
    fn default() -> Self {
        Self::global()
    }
}

fn base_url(raw: &str) -> Result<Url, GraphError> {
    let url = Url::parse(raw.trim())
        .map_err(|e| GraphError::InvalidInput(format!("'{raw}' is not a valid base URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(GraphError::InvalidInput(format!(
            "'{raw}' must be an http or https URL with a host"
        )));
    }
    Ok(url)
}

/// A tenant as the identity platform addresses it: its GUID, one of its domains, or
/// `organizations` for a device-code sign-in whose tenant the admin decides.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TenantRef(String);

impl TenantRef {
    pub fn new(raw: &str) -> Result<Self, GraphError> {
        let value = raw.trim();
        let valid = !value.is_empty()
            && value.len() <= 253
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !valid {
            return Err(GraphError::InvalidInput(format!(
                "'{raw}' is not a tenant id or domain name"
            )));
        }
        Ok(Self(value.to_ascii_lowercase()))
    }

    pub fn organizations() -> Self {
        Self("organizations".into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where one tenant's tokens come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    cloud: CloudEndpoints,
    tenant: TenantRef,
}

impl Authority {
    pub fn new(cloud: CloudEndpoints, tenant: TenantRef) -> Self {
        Self { cloud, tenant }
    }

    pub fn cloud(&self) -> &CloudEndpoints {
        &self.cloud
    }

    pub fn tenant(&self) -> &TenantRef {
        &self.tenant
    }

    pub fn token_url(&self) -> String {
        self.endpoint("token")
    }

    pub fn device_code_url(&self) -> String {
        self.endpoint("devicecode")
    }

    fn endpoint(&self, name: &str) -> String {
        format!(
            "{}/{}/oauth2/v2.0/{name}",
            self.cloud.login.as_str().trim_end_matches('/'),
            self.tenant
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cloud_has_its_own_hosts_and_scopes() {
        let high = Authority::new(
            CloudEndpoints::gcc_high(),
            TenantRef::new("Contoso.us").unwrap(),
        );
        assert_eq!(
            high.token_url(),
            "https://login.microsoftonline.us/contoso.us/oauth2/v2.0/token"
        );
        assert_eq!(
            CloudEndpoints::dod().scope(Resource::Graph),
            "https://dod-graph.microsoft.us/.default"
        );
        assert_eq!(
            CloudEndpoints::china().scope(Resource::TeamsAdmin),
            "48ac35b8-9aa8-4d74-927d-1f4a14a0b239/.default"
        );
        let custom = CloudEndpoints::custom("http://127.0.0.1:9/", "http://127.0.0.1:8").unwrap();
        assert_eq!(
            custom.scope(Resource::Graph),
            "https://graph.microsoft.com/.default"
        );
        assert_eq!(
            Authority::new(custom, TenantRef::organizations()).device_code_url(),
            "http://127.0.0.1:9/organizations/oauth2/v2.0/devicecode"
        );
    }

    #[test]
    fn bad_tenants_and_urls_are_refused() {
        assert!(TenantRef::new("").is_err());
        assert!(TenantRef::new("contoso.com/../x").is_err());
        assert!(CloudEndpoints::custom("ftp://x", "http://y").is_err());
        assert!(CloudEndpoints::custom("not a url", "http://y").is_err());
    }
}
