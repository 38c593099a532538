//! `$select`/`$filter`/`$top` and following `@odata.nextLink` to the end, one page at a
//! time, so a 100,000-user tenant is never held in memory twice.

use futures::stream::{self, BoxStream, StreamExt};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use url::Url;

use super::transport::GraphClient;
use crate::error::GraphError;

/// Graph's largest page for directory objects.
pub const MAX_PAGE_SIZE: u32 = 999;

/// A stream of pages; each item is one page's objects.
pub type PageStream<'a, T> = BoxStream<'a, Result<Vec<T>, GraphError>>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub select: Vec<String>,
    pub filter: Option<String>,
    /// Page size, 1 to 999.
    pub top: Option<u32>,
}

impl ListQuery {
    pub fn select(fields: &[&str]) -> Self {
        Self {
            select: fields.iter().map(|f| f.to_string()).collect(),
            ..Self::default()
        }
    }

    pub fn with_filter(mut self, filter: &str) -> Self {
        self.filter = Some(filter.to_string());
        self
    }

    pub fn with_top(mut self, top: u32) -> Self {
        self.top = Some(top);
        self
    }

    pub(super) fn apply(&self, url: &mut Url) -> Result<(), GraphError> {
        if let Some(top) = self.top {
            if !(1..=MAX_PAGE_SIZE).contains(&top) {
                return Err(GraphError::InvalidInput(format!(
                    "a page size of {top} is out of range; Graph takes 1 to {MAX_PAGE_SIZE}"
                )));
            }
        }
        if let Some(bad) = self
            .select
            .iter()
            .find(|f| f.is_empty() || !f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return Err(GraphError::InvalidInput(format!(
                "'{bad}' is not a property name to select"
            )));
        }
        let mut pairs = url.query_pairs_mut();
        if !self.select.is_empty() {
            pairs.append_pair("$select", &self.select.join(","));
        }
        if let Some(filter) = &self.filter {
            pairs.append_pair("$filter", filter);
        }
        if let Some(top) = self.top {
            pairs.append_pair("$top", &top.to_string());
        }
        Ok(())
    }
}

#[derive(Deserialize)]
pub(super) struct Page<T> {
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    #[serde(rename = "@odata.nextLink")]
    pub next_link: Option<String>,
    #[serde(rename = "@odata.deltaLink")]
    pub delta_link: Option<String>,
}

impl GraphClient {
    /// Raw pages from `first` on, following next links until none is left.
    pub(super) fn raw_pages<T>(
        &self,
        first: Result<Url, GraphError>,
    ) -> BoxStream<'_, Result<Page<T>, GraphError>>
    where
        T: DeserializeOwned + Send + 'static,
    {
        stream::try_unfold(Some(first), move |next| async move {
            let Some(url) = next else {
                return Ok(None);
            };
            let page: Page<T> = self.json(Method::GET, url?, None).await?;
            let next = page.next_link.as_deref().map(|link| self.link(link));
            Ok(Some((page, next)))
        })
        .boxed()
    }

    /// The objects of every page of a collection at `path` with `query`.
    pub(super) fn pages<T>(&self, path: &str, query: &ListQuery) -> PageStream<'_, T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let first = self
            .url(path)
            .and_then(|mut url| query.apply(&mut url).map(|()| url));
        self.values(first)
    }

    /// The objects of every page from `first` on.
    pub(super) fn values<T>(&self, first: Result<Url, GraphError>) -> PageStream<'_, T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.raw_pages(first)
            .map(|page| page.map(|p| p.value))
            .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_encoded_and_a_bad_one_refused() {
        let mut url = Url::parse("https://graph.microsoft.com/v1.0/users").unwrap();
        ListQuery::select(&["id", "displayName"])
            .with_filter("department eq 'Sales'")
            .with_top(999)
            .apply(&mut url)
            .unwrap();
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(pairs[0], ("$select".into(), "id,displayName".into()));
        assert_eq!(pairs[1], ("$filter".into(), "department eq 'Sales'".into()));
        assert_eq!(pairs[2], ("$top".into(), "999".into()));
        assert!(ListQuery::default()
            .with_top(1000)
            .apply(&mut url.clone())
            .is_err());
        assert!(ListQuery::default()
            .with_top(0)
            .apply(&mut url.clone())
            .is_err());
        assert!(ListQuery::select(&["id,mail"]).apply(&mut url).is_err());
    }
}
