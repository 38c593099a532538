//! `GET /v1.0/admin/teams/userConfigurations`: each user's Teams voice state, read through
//! `GraphClient`'s generic GETs so its token, retry and cancellation rules apply.

use std::sync::Arc;

use futures::StreamExt;
use reqwest::Url;
use serde::Deserialize;
use switchboard_graph::{ApiError, GraphClient, GraphError, Resource, RetryPolicy, TokenProvider};
use tokio_util::sync::CancellationToken;

const PAGE_SIZE: u32 = 999;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TelephoneNumber {
    pub telephone_number: String,
    #[serde(default)]
    pub assignment_category: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyAssignment {
    pub policy_type: String,
    pub display_name: String,
}

/// Graph nests the policy name one level down; flattened here.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPolicyAssignment {
    policy_type: String,
    policy_assignment: RawPolicy,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPolicy {
    display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserConfiguration {
    pub id: String,
    #[serde(default)]
    pub is_enterprise_voice_enabled: bool,
    #[serde(default)]
    pub telephone_numbers: Vec<TelephoneNumber>,
    #[serde(default, deserialize_with = "policies")]
    pub effective_policy_assignments: Vec<PolicyAssignment>,
    #[serde(default)]
    pub feature_types: Vec<String>,
}

fn policies<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<PolicyAssignment>, D::Error> {
    let raw = Vec::<RawPolicyAssignment>::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|p| PolicyAssignment {
            policy_type: p.policy_type,
            display_name: p.policy_assignment.display_name,
        })
        .collect())
}

impl UserConfiguration {
    /// Teams `LineURI`: the primary number with the `tel:` scheme.
    pub fn line_uri(&self) -> Option<String> {
        self.telephone_numbers
            .iter()
            .find(|n| n.assignment_category.eq_ignore_ascii_case("primary"))
            .or_else(|| self.telephone_numbers.first())
            .map(|n| format!("tel:{}", n.telephone_number))
    }
}

const COLLECTION: &str = "admin/teams/userConfigurations";

#[derive(Clone)]
pub struct TeamsConfigClient {
    graph: GraphClient,
    tokens: Arc<dyn TokenProvider>,
}

impl TeamsConfigClient {
    /// `graph_base` is the Graph root (e.g. `https://graph.microsoft.com`).
    pub fn new(
        http: reqwest::Client,
        graph_base: &Url,
        tokens: Arc<dyn TokenProvider>,
        retry: RetryPolicy,
    ) -> Result<Self, GraphError> {
        if graph_base.cannot_be_a_base() {
            return Err(GraphError::InvalidInput(format!(
                "'{graph_base}' is not a Graph base URL"
            )));
        }
        let graph = GraphClient::new(http, graph_base, tokens.clone()).with_retry_policy(retry);
        Ok(Self { graph, tokens })
    }

    /// Signs in (or reuses the cached token) so that a bad secret fails fast.
    pub async fn sign_in(&self) -> Result<(), GraphError> {
        self.tokens.token(Resource::Graph).await.map(drop)
    }

    /// Every user's configuration, page by page; `on_page` sees the running count.
    pub async fn all(
        &self,
        cancel: &CancellationToken,
        on_page: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<Vec<UserConfiguration>, GraphError> {
        let graph = self.cancellable(cancel);
        let mut pages = graph.get_pages(&format!("{COLLECTION}?$top={PAGE_SIZE}"));
        let mut all = Vec::new();
        while let Some(page) = pages.next().await {
            all.extend(page?);
            on_page(all.len());
        }
        Ok(all)
    }

    /// One user's configuration; `None` when Teams does not know the user (yet).
    pub async fn one(
        &self,
        object_id: &str,
        cancel: &CancellationToken,
    ) -> Result<Option<UserConfiguration>, GraphError> {
        if object_id.is_empty()
            || !object_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(GraphError::InvalidInput(format!(
                "'{object_id}' is not a valid object id"
            )));
        }
        let path = format!("{COLLECTION}/{object_id}");
        match self.cancellable(cancel).get_json(&path).await {
            Ok(config) => Ok(Some(config)),
            Err(GraphError::Api(ApiError { status: 404, .. })) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The client for one call: callers cancel per call, `GraphClient` per client.
    fn cancellable(&self, cancel: &CancellationToken) -> GraphClient {
        self.graph.clone().with_cancellation(cancel.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_configuration_reads_numbers_and_flattened_policies() {
        let config: UserConfiguration = serde_json::from_value(json!({
            "id": "u1",
            "isEnterpriseVoiceEnabled": true,
            "telephoneNumbers": [
                {"telephoneNumber": "+3120000001", "assignmentCategory": "private"},
                {"telephoneNumber": "+3120000002;ext=7", "assignmentCategory": "primary"}
            ],
            "effectivePolicyAssignments": [
                {"policyType": "tenantDialPlan", "policyAssignment": {"displayName": "NL", "policyId": "x"}}
            ]
        }))
        .unwrap();
        assert_eq!(config.line_uri().as_deref(), Some("tel:+3120000002;ext=7"));
        assert_eq!(config.effective_policy_assignments[0].display_name, "NL");
        let bare: UserConfiguration = serde_json::from_value(json!({"id": "u2"})).unwrap();
        assert_eq!(bare.line_uri(), None);
        assert!(!bare.is_enterprise_voice_enabled);
    }
}
