//! GETs of Graph paths this crate has no typed call for (e.g. Teams admin resources),
//! through the same request loop as every typed call.

use serde::de::DeserializeOwned;

use super::paging::PageStream;
use super::transport::{Call, GraphClient};
use crate::error::GraphError;

impl GraphClient {
    /// `GET {path_and_query}` relative to `/v1.0/` (e.g. `admin/teams/userConfigurations/{id}`),
    /// decoded as `T`. A path that leaves `/v1.0/` on the Graph host is refused.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        path_and_query: &str,
    ) -> Result<T, GraphError> {
        self.json(Call::get(self.url(path_and_query)?)).await
    }

    /// The `value` objects of every page of the collection at `path_and_query` (relative
    /// to `/v1.0/`, `$top` and the like included), following next links to the end.
    pub fn get_pages<T>(&self, path_and_query: &str) -> PageStream<'_, T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.values(self.url(path_and_query))
    }
}
