//! The Users screen's query as the UI sends it, and its validation into the cache's
//! `UserQuery`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use switchboard_cache::{UserQuery, UserSort};
use switchboard_domain::{DomainError, TenantId};

use crate::error::FieldError;
use crate::users::cursor;

/// The largest page the cache serves; a bigger request is a bug in the caller.
pub const MAX_USERS_PAGE: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsersQueryInput {
    /// `null` searches every tenant.
    pub tenant_id: Option<TenantId>,
    /// Start of a display name, UPN or surname, or part of a phone number in any common
    /// notation (`+44 20 7946`, `tel:+4420`, `020 7946`).
    pub search: Option<String>,
    pub voice_routing_policy: Option<String>,
    pub usage_location: Option<String>,
    pub enterprise_voice: Option<bool>,
    /// `true`: only users with a phone number; `false`: only users without one.
    pub has_number: Option<bool>,
    pub sort: UserSort,
    /// Largest first; absent or `false` is ascending. A cursor only continues the
    /// direction it was issued for.
    #[ts(optional)]
    pub descending: Option<bool>,
    /// Rows per page, 1 to 1000.
    pub limit: u32,
    /// `nextCursor` of the previous page; `null` for the first page.
    pub cursor: Option<String>,
}

impl UsersQueryInput {
    /// The first `limit` users of every tenant by display name: no search, no filter.
    pub fn first_page(limit: u32) -> Self {
        Self {
            tenant_id: None,
            search: None,
            voice_routing_policy: None,
            usage_location: None,
            enterprise_voice: None,
            has_number: None,
            sort: UserSort::DisplayName,
            descending: None,
            limit,
            cursor: None,
        }
    }

    /// Checks every field and reports all problems at once.
    pub fn validate(&self) -> Result<UserQuery, Vec<FieldError>> {
        let mut errors: Vec<FieldError> = Vec::new();
        if !(1..=MAX_USERS_PAGE).contains(&self.limit) {
            errors.push(
                DomainError::new(
                    "limit",
                    "outOfRange",
                    format!(
                        "Page size must be between 1 and {MAX_USERS_PAGE} (got {}).",
                        self.limit
                    ),
                )
                .into(),
            );
        }
        let descending = self.descending.unwrap_or(false);
        let after = match self.cursor.as_deref() {
            None => None,
            Some(text) => cursor::decode(self.sort, descending, text)
                .map_err(|e| errors.push(e.into()))
                .ok(),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(UserQuery {
            tenant: self.tenant_id,
            search: non_blank(self.search.as_deref()),
            voice_routing_policy: non_blank(self.voice_routing_policy.as_deref()),
            usage_location: non_blank(self.usage_location.as_deref()),
            enterprise_voice: self.enterprise_voice,
            has_number: self.has_number,
            sort: self.sort,
            descending,
            limit: self.limit,
            after,
        })
    }
}

/// A filter the user cleared arrives as an empty string; it means "no filter".
fn non_blank(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> UsersQueryInput {
        UsersQueryInput::first_page(50)
    }

    #[test]
    fn blank_filters_mean_no_filter() {
        let query = UsersQueryInput {
            search: Some("  ".into()),
            voice_routing_policy: Some(" UK-Intl ".into()),
            usage_location: Some(String::new()),
            ..input()
        }
        .validate()
        .expect("valid");
        assert_eq!(query.search, None);
        assert_eq!(query.voice_routing_policy.as_deref(), Some("UK-Intl"));
        assert_eq!(query.usage_location, None);
        assert_eq!(query.limit, 50);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let errors = UsersQueryInput {
            limit: 0,
            cursor: Some("nonsense".into()),
            ..input()
        }
        .validate()
        .expect_err("invalid");
        let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["limit.outOfRange", "cursor.invalid"]);
    }

    #[test]
    fn has_number_and_direction_reach_the_cache_query() {
        let query = UsersQueryInput {
            has_number: Some(false),
            descending: Some(true),
            ..input()
        }
        .validate()
        .expect("valid");
        assert_eq!(query.has_number, Some(false));
        assert!(query.descending);
        assert!(
            !input().validate().expect("valid").descending,
            "absent is ascending"
        );
    }

    #[test]
    fn ascending_is_accepted_explicitly_and_the_page_size_is_capped() {
        assert!(UsersQueryInput {
            descending: Some(false),
            limit: MAX_USERS_PAGE,
            ..input()
        }
        .validate()
        .is_ok());
        let errors = UsersQueryInput {
            limit: MAX_USERS_PAGE + 1,
            ..input()
        }
        .validate()
        .expect_err("too big");
        assert!(errors[0].message.contains("1001"), "{}", errors[0].message);
    }
}
