//! `$select`/`$filter`/`$top` and following `@odata.nextLink` to the end, one page at a
//! time, so a 100,000-user tenant is never held in memory twice.

use std::collections::HashSet;

use futures::stream::{self, BoxStream, StreamExt};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use url::Url;

use super::transport::{Call, GraphClient};
use crate::error::GraphError;

/// Graph's largest page for directory objects.
pub const MAX_PAGE_SIZE: u32 = 999;

/// More pages than this in one listing means a service stuck handing out links: at
/// Graph's default page of 100 it is two million objects, far beyond any tenant here.
pub const MAX_PAGES: usize = 20_000;

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

/// The links one listing has followed, to stop it when Graph goes round in circles.
#[derive(Default)]
struct Followed(HashSet<Url>);

impl Followed {
    fn admit(&mut self, url: &Url) -> Result<(), GraphError> {
        if self.0.len() >= MAX_PAGES {
            return Err(GraphError::InvalidResponse(format!(
                "Graph kept handing out next links after {MAX_PAGES} pages of {}; the listing was stopped",
                url.path()
            )));
        }
        if !self.0.insert(url.clone()) {
            return Err(GraphError::InvalidResponse(format!(
                "Graph handed out the same next link twice while listing {}; the listing was stopped",
                url.path()
            )));
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
    /// Raw pages from `first` on, following next links until none is left. A link
    /// seen before, or more than `MAX_PAGES` pages, ends the listing with an error
    /// instead of reading forever.
    pub(super) fn raw_pages<T>(
        &self,
        first: Result<Url, GraphError>,
    ) -> BoxStream<'_, Result<Page<T>, GraphError>>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let start = (Some(first), Followed::default());
        stream::try_unfold(start, move |(next, mut followed)| async move {
            let Some(url) = next else {
                return Ok(None);
            };
            let url = url?;
            followed.admit(&url)?;
            let page: Page<T> = self.json(Call::get(url)).await?;
            let next = page.next_link.as_deref().map(|link| self.link(link));
            Ok(Some((page, (next, followed))))
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

    #[test]
    fn a_repeated_link_or_an_absurd_page_count_stops_the_listing() {
        let page = |n: usize| {
            Url::parse(&format!(
                "https://graph.microsoft.com/v1.0/users?$skiptoken={n}"
            ))
            .unwrap()
        };
        let mut followed = Followed::default();
        followed.admit(&page(0)).unwrap();
        followed.admit(&page(1)).unwrap();
        let again = followed.admit(&page(0)).unwrap_err();
        assert!(
            again.to_string().contains("same next link twice"),
            "{again}"
        );

        let mut followed = Followed::default();
        for n in 0..MAX_PAGES {
            followed.admit(&page(n)).unwrap();
        }
        let endless = followed.admit(&page(MAX_PAGES)).unwrap_err();
        assert!(endless.to_string().contains("20000 pages"), "{endless}");
    }
}
