//! The tenant, users and groups.

use futures::StreamExt;
use reqwest::Method;
use serde_json::Value;

use super::paging::{ListQuery, PageStream};
use super::transport::{Call, GraphClient};
use crate::error::GraphError;
use crate::models::{DirectoryObject, Group, NewUser, Organization, User};

/// An id or UPN as one path segment: anything that could leave the segment is refused.
pub(super) fn segment<'a>(what: &str, value: &'a str) -> Result<&'a str, GraphError> {
    let value = value.trim();
    let bad = value.is_empty()
        || value == "."
        || value == ".."
        || value.chars().any(|c| {
            matches!(c, '/' | '\\' | '?' | '#' | '%') || c.is_whitespace() || c.is_control()
        });
    if bad {
        return Err(GraphError::InvalidInput(format!(
            "'{value}' is not a valid {what}"
        )));
    }
    Ok(value)
}

impl GraphClient {
    /// `GET /organization`: the signed-in tenant.
    pub async fn organization(&self) -> Result<Organization, GraphError> {
        let mut pages = self.pages::<Organization>("organization", &ListQuery::default());
        match pages.next().await {
            Some(page) => page?
                .into_iter()
                .next()
                .ok_or_else(|| GraphError::InvalidResponse("Graph listed no organization".into())),
            None => Err(GraphError::InvalidResponse(
                "Graph listed no organization".into(),
            )),
        }
    }

    /// `GET /users`, page by page.
    pub fn users(&self, query: &ListQuery) -> PageStream<'_, User> {
        self.pages("users", query)
    }

    /// `POST /users`.
    pub async fn create_user(&self, user: &NewUser) -> Result<User, GraphError> {
        let body = serde_json::to_value(user).map_err(|e| {
            GraphError::InvalidInput(format!("the new user could not be encoded ({e})"))
        })?;
        self.post_json("users", &body).await
    }

    /// `GET /groups`, page by page.
    pub fn groups(&self, query: &ListQuery) -> PageStream<'_, Group> {
        self.pages("groups", query)
    }

    /// `GET /groups/{id}/members`, page by page.
    pub fn group_members(
        &self,
        group_id: &str,
        query: &ListQuery,
    ) -> PageStream<'_, DirectoryObject> {
        match segment("group id", group_id) {
            Ok(id) => self.pages(&format!("groups/{id}/members"), query),
            Err(error) => futures::stream::once(async move { Err(error) }).boxed(),
        }
    }

    /// Collects a whole collection, for the callers that need it all at once.
    pub async fn collect_all<T: Send>(pages: PageStream<'_, T>) -> Result<Vec<T>, GraphError> {
        let mut all = Vec::new();
        let mut pages = pages;
        while let Some(page) = pages.next().await {
            all.extend(page?);
        }
        Ok(all)
    }

    pub(super) async fn post_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
    ) -> Result<T, GraphError> {
        self.json(Call::new(Method::POST, self.url(path)?, Some(body)))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(
            segment("user", " ann@contoso.com ").unwrap(),
            "ann@contoso.com"
        );
        for bad in ["", "..", "a/b", "a?b", "a b", "a%2fb"] {
            assert!(segment("user", bad).is_err(), "{bad}");
        }
    }
}
