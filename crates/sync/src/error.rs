//! The one error type of a sync run, with the sentence the UI shows.

use chrono::{DateTime, Utc};
use switchboard_cache::CacheError;
use switchboard_graph::GraphError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Microsoft 365 could not be reached at all (connection refused, timeout).
    /// `since` is when the cached data was last refreshed successfully.
    #[error("Microsoft 365 is unreachable ({detail})")]
    Offline {
        since: Option<DateTime<Utc>>,
        detail: String,
    },
    #[error("the sync was cancelled")]
    Cancelled,
    #[error("Microsoft Graph: {0}")]
    Graph(GraphError),
    #[error("cache: {0}")]
    Cache(#[from] CacheError),
}

impl SyncError {
    /// Sorts a Graph failure: transport failures mean offline, cancellation is its own case.
    pub(crate) fn from_graph(error: GraphError, last_success: Option<DateTime<Utc>>) -> Self {
        match error {
            GraphError::Cancelled => SyncError::Cancelled,
            GraphError::Network(detail) => SyncError::Offline {
                since: last_success,
                detail,
            },
            GraphError::Timeout(after) => SyncError::Offline {
                since: last_success,
                detail: format!("no answer within {after:?}"),
            },
            other => SyncError::Graph(other),
        }
    }

    /// Microsoft refused the tenant's stored credential: retrying with it is pointless
    /// until it is replaced (see `SignInBackoff`).
    pub fn is_refused_sign_in(&self) -> bool {
        matches!(self, SyncError::Graph(error) if error.is_refused_sign_in())
    }

    pub fn is_offline(&self) -> bool {
        matches!(self, SyncError::Offline { .. })
    }

    /// One sentence for the status bar / Tenants table.
    pub fn user_message(&self) -> String {
        match self {
            SyncError::Offline { since: Some(at), .. } => format!(
                "Offline — showing data from {}.",
                at.format("%Y-%m-%d %H:%M UTC")
            ),
            SyncError::Offline { since: None, .. } => {
                "Offline — Microsoft 365 could not be reached and nothing has been cached for this customer yet.".into()
            }
            SyncError::Cancelled => "The sync was cancelled; the previous data is still shown.".into(),
            SyncError::Graph(error) => error.user_message(),
            SyncError::Cache(error) => format!("The local cache could not be updated: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn transport_failures_become_offline_with_the_data_time() {
        let at = DateTime::parse_from_rfc3339("2026-11-20T09:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let refused =
            SyncError::from_graph(GraphError::Network("connection refused".into()), Some(at));
        assert!(refused.is_offline());
        assert_eq!(
            refused.user_message(),
            "Offline — showing data from 2026-11-20 09:30 UTC."
        );
        let slow = SyncError::from_graph(GraphError::Timeout(Duration::from_secs(3)), None);
        assert!(matches!(slow, SyncError::Offline { since: None, .. }));
        assert!(matches!(
            SyncError::from_graph(GraphError::Cancelled, None),
            SyncError::Cancelled
        ));
        let api = SyncError::from_graph(GraphError::InvalidResponse("x".into()), Some(at));
        assert!(!api.is_offline());
    }
}
