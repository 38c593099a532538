//! `GET /users/delta`: a full round then rounds of changes, each ending in a delta link
//! the caller stores. An expired link is `GraphError::DeltaExpired`: run a full round.

use futures::stream::{BoxStream, StreamExt};
use serde_json::Value;

use super::paging::ListQuery;
use super::transport::GraphClient;
use crate::error::GraphError;
use crate::models::User;

/// The link that resumes change tracking; the caller persists it per tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeltaLink(String);

impl DeltaLink {
    pub fn new(link: impl Into<String>) -> Self {
        Self(link.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a delta round starts.
#[derive(Debug, Clone, Copy)]
pub enum DeltaStart<'a> {
    /// Every user (`$select` of the query is carried into later links).
    Full(&'a ListQuery),
    /// The changes since a stored link.
    Since(&'a DeltaLink),
}

// Nearly every change is an upsert, so boxing the user would only add allocations.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum UserChange {
    /// Added or changed (a full round lists every user this way).
    Upserted(User),
    Removed {
        id: String,
        reason: String,
    },
}

/// One page of a round; the last page carries the new delta link.
#[derive(Debug, Clone, PartialEq)]
pub struct DeltaPage {
    pub changes: Vec<UserChange>,
    pub delta_link: Option<DeltaLink>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeltaRound {
    pub changes: Vec<UserChange>,
    pub delta_link: DeltaLink,
}

fn change(value: Value) -> Result<UserChange, GraphError> {
    if let Some(removed) = value.get("@removed") {
        let id = value
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| GraphError::InvalidResponse("a removed user had no id".into()))?;
        let reason = removed
            .get("reason")
            .and_then(Value::as_str)
            .unwrap_or("deleted");
        return Ok(UserChange::Removed {
            id: id.to_string(),
            reason: reason.to_string(),
        });
    }
    serde_json::from_value(value)
        .map(UserChange::Upserted)
        .map_err(|e| GraphError::InvalidResponse(format!("a changed user could not be read ({e})")))
}

impl GraphClient {
    /// A delta round page by page.
    pub fn users_delta_pages(
        &self,
        start: DeltaStart<'_>,
    ) -> BoxStream<'_, Result<DeltaPage, GraphError>> {
        let first = match start {
            DeltaStart::Full(query) => {
                let query = ListQuery {
                    filter: None,
                    ..query.clone()
                };
                self.url("users/delta")
                    .and_then(|mut url| query.apply(&mut url).map(|()| url))
            }
            DeltaStart::Since(link) => self.link(link.as_str()),
        };
        self.raw_pages::<Value>(first)
            .map(|page| {
                let page = page?;
                Ok(DeltaPage {
                    changes: page
                        .value
                        .into_iter()
                        .map(change)
                        .collect::<Result<_, _>>()?,
                    delta_link: page.delta_link.map(DeltaLink),
                })
            })
            .boxed()
    }

    /// A whole delta round: its changes and the link for the next one.
    pub async fn users_delta(&self, start: DeltaStart<'_>) -> Result<DeltaRound, GraphError> {
        let mut pages = self.users_delta_pages(start);
        let mut changes = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page?;
            changes.extend(page.changes);
            if let Some(delta_link) = page.delta_link {
                return Ok(DeltaRound {
                    changes,
                    delta_link,
                });
            }
        }
        Err(GraphError::InvalidResponse(
            "the delta round ended without a delta link".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn removed_and_changed_users_are_told_apart() {
        let removed = change(json!({"id": "u1", "@removed": {"reason": "deleted"}})).unwrap();
        assert_eq!(
            removed,
            UserChange::Removed {
                id: "u1".into(),
                reason: "deleted".into()
            }
        );
        let changed = change(json!({"id": "u2", "displayName": "Bo"})).unwrap();
        assert!(
            matches!(changed, UserChange::Upserted(u) if u.display_name.as_deref() == Some("Bo"))
        );
        assert!(change(json!({"@removed": {}})).is_err());
    }
}
