//! The one HTTP client sign-ins and replication share. It is rebuilt when the proxy
//! setting changes; holders ask for the current client each time they start work.

use std::sync::{Arc, RwLock};

use switchboard_graph::{build_http_client, HttpSettings};

use crate::error::ApiError;

#[derive(Clone)]
pub(crate) struct OutboundHttp(Arc<RwLock<reqwest::Client>>);

impl OutboundHttp {
    pub(crate) fn new(settings: &HttpSettings) -> Result<Self, ApiError> {
        Ok(Self(Arc::new(RwLock::new(build(settings)?))))
    }

    pub(crate) fn current(&self) -> reqwest::Client {
        // A poisoned lock only means a writer panicked between two whole clients.
        self.0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Uses `client` from now on; work already holding the old one finishes with it.
    pub(crate) fn replace(&self, client: reqwest::Client) {
        *self
            .0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = client;
    }
}

pub(crate) fn build(settings: &HttpSettings) -> Result<reqwest::Client, ApiError> {
    build_http_client(settings).map_err(|e| {
        ApiError::internal(format!(
            "Switchboard could not prepare its HTTP client: {}",
            e.user_message()
        ))
    })
}
