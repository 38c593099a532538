//! Teams telephony writes under `/admin/teams`: number assignment (a long-running
//! operation followed to its end) and voice policy grants, and the user's configuration
//! they are checked against.

use std::time::Duration;

use reqwest::header::LOCATION;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};
use switchboard_domain::PhoneNumber;

use super::directory::segment;
use super::transport::{Call, GraphClient};
use crate::error::GraphError;
use crate::models::teams::{NumberOperation, OperationStatus};
use crate::models::{NumberType, PolicyType, TeamsUserConfiguration};
use crate::retry::pause;

const NUMBER_ASSIGNMENTS: &str = "admin/teams/telephoneNumberManagement/numberAssignments";

/// How a number operation is followed after `202 Accepted`: a poll every `interval`,
/// at most `max_polls` times. Tests set the interval to zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationPolling {
    pub interval: Duration,
    pub max_polls: u32,
}

impl Default for OperationPolling {
    /// Microsoft finishes a number assignment within seconds; two minutes in all.
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(2),
            max_polls: 60,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PolicyIdentifier {
    policy_id: String,
}

#[derive(Deserialize)]
struct PolicyIdentifiers {
    value: Vec<PolicyIdentifier>,
}

impl GraphClient {
    /// `GET /admin/teams/userConfigurations/{id}`: the user's numbers and effective policies.
    pub async fn user_configuration(
        &self,
        user_id: &str,
    ) -> Result<TeamsUserConfiguration, GraphError> {
        let user_id = segment("user id", user_id)?;
        self.get_json(&format!("admin/teams/userConfigurations/{user_id}"))
            .await
    }

    /// `POST …/numberAssignments/assignNumber` as the user's primary number, then polls
    /// the operation until it succeeded. A failed operation is
    /// [`GraphError::OperationFailed`] with Microsoft's reason.
    pub async fn assign_number(
        &self,
        user_id: &str,
        number: &PhoneNumber,
        number_type: NumberType,
        location_id: Option<&str>,
    ) -> Result<(), GraphError> {
        let mut body = json!({
            "telephoneNumber": number.to_string(),
            "assignmentTargetId": segment("user id", user_id)?,
            "numberType": number_type,
            "assignmentCategory": "primary",
        });
        if let Some(location) = location_id {
            body["locationId"] = json!(location);
        }
        self.number_operation("assignNumber", &body).await
    }

    /// `POST …/numberAssignments/unassignNumber`, then polls the operation until it
    /// succeeded. Graph finds the holder from the number itself.
    pub async fn unassign_number(
        &self,
        number: &PhoneNumber,
        number_type: NumberType,
    ) -> Result<(), GraphError> {
        let body = json!({
            "telephoneNumber": number.to_string(),
            "numberType": number_type,
        });
        self.number_operation("unassignNumber", &body).await
    }

    /// `GET /admin/teams/policy/getPolicyId(type=…,name=…)`.
    pub async fn policy_id(
        &self,
        policy_type: PolicyType,
        policy_name: &str,
    ) -> Result<String, GraphError> {
        let mut url = self.url("admin/teams/policy")?;
        let name = policy_name.replace('\'', "''");
        url.path_segments_mut()
            .map_err(|()| GraphError::InvalidInput("the Graph base cannot take a path".into()))?
            .push(&format!(
                "getPolicyId(type='{}',name='{name}')",
                policy_type.graph_name()
            ));
        let found: PolicyIdentifiers = self.json(Call::get(url)).await?;
        found
            .value
            .into_iter()
            .next()
            .map(|p| p.policy_id)
            .ok_or_else(|| {
                GraphError::InvalidResponse(format!(
                    "Graph named no policy for {} '{policy_name}'",
                    policy_type.graph_name()
                ))
            })
    }

    /// Grants the policy named `policy_name` directly to the user
    /// (`POST /admin/teams/policy/userAssignments/assign`, after looking up its id).
    pub async fn assign_policy(
        &self,
        user_id: &str,
        policy_type: PolicyType,
        policy_name: &str,
    ) -> Result<(), GraphError> {
        let policy_id = self.policy_id(policy_type, policy_name).await?;
        let body = json!({"value": [{
            "userId": segment("user id", user_id)?,
            "policyType": policy_type,
            "policyId": policy_id,
        }]});
        self.policy_write("assign", &body).await
    }

    /// Removes the user's direct grant of `policy_type`
    /// (`POST /admin/teams/policy/userAssignments/unassign`); the tenant's default applies.
    pub async fn unassign_policy(
        &self,
        user_id: &str,
        policy_type: PolicyType,
    ) -> Result<(), GraphError> {
        let body = json!({"value": [{
            "userId": segment("user id", user_id)?,
            "policyType": policy_type,
        }]});
        self.policy_write("unassign", &body).await
    }

    /// Setting a grant twice leaves the same grant, so a failed attempt may be repeated.
    async fn policy_write(&self, action: &str, body: &Value) -> Result<(), GraphError> {
        let url = self.url(&format!("admin/teams/policy/userAssignments/{action}"))?;
        self.send(Call::new(Method::POST, url, Some(body)).idempotent(true))
            .await
            .map(drop)
    }

    /// Starts a number operation and follows it to its end. The POST is not repeated
    /// after a 5xx or a lost answer (a second operation could be queued); the caller
    /// gets [`GraphError::Unconfirmed`] and checks the user before trying again.
    async fn number_operation(&self, action: &str, body: &Value) -> Result<(), GraphError> {
        let url = self.url(&format!("{NUMBER_ASSIGNMENTS}/{action}"))?;
        let accepted = self.send(Call::new(Method::POST, url, Some(body))).await?;
        let location = accepted
            .headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| GraphError::Unconfirmed {
                action: action.to_string(),
                cause: Box::new(GraphError::InvalidResponse(
                    "Graph accepted the change without naming its operation".into(),
                )),
            })?;
        let location = self.link(location)?;
        let mut polls = 0;
        loop {
            let operation: NumberOperation = self.json(Call::get(location.clone())).await?;
            polls += 1;
            let operation_id = || operation.id.clone().unwrap_or_else(|| location.to_string());
            match operation.status {
                OperationStatus::Succeeded | OperationStatus::Skipped => return Ok(()),
                OperationStatus::Failed => {
                    return Err(GraphError::OperationFailed {
                        operation_id: operation_id(),
                        message: operation
                            .failure_detail()
                            .unwrap_or_else(|| "Microsoft gave no reason.".into()),
                    })
                }
                OperationStatus::NotStarted
                | OperationStatus::Running
                | OperationStatus::Unknown
                    if polls >= self.polling.max_polls =>
                {
                    return Err(GraphError::OperationPending {
                        operation_id: operation_id(),
                        polls,
                    })
                }
                OperationStatus::NotStarted
                | OperationStatus::Running
                | OperationStatus::Unknown => pause(self.polling.interval, &self.cancel).await?,
            }
        }
    }
}
