//! `subscribedSkus` and `assignLicense`.

use serde_json::json;

use super::directory::segment;
use super::paging::ListQuery;
use super::transport::GraphClient;
use crate::error::GraphError;
use crate::models::{AssignedLicense, SubscribedSku, User};

impl GraphClient {
    /// `GET /subscribedSkus`.
    pub async fn subscribed_skus(&self) -> Result<Vec<SubscribedSku>, GraphError> {
        Self::collect_all(self.pages("subscribedSkus", &ListQuery::default())).await
    }

    /// `POST /users/{id}/assignLicense`; the user needs a usage location first.
    pub async fn assign_license(
        &self,
        user: &str,
        add: &[AssignedLicense],
        remove_sku_ids: &[String],
    ) -> Result<User, GraphError> {
        let user = segment("user id or UPN", user)?;
        let body = json!({"addLicenses": add, "removeLicenses": remove_sku_ids});
        self.post_json(&format!("users/{user}/assignLicense"), &body)
            .await
    }
}
