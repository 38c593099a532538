//! The Users screen query: search, filters, sort and keyset paging, shaped so every
//! predicate can use one of the `users_*` indexes (see migrations/001_initial.sql).

use rusqlite::types::Value;
use rusqlite::ToSql;
use serde::{Deserialize, Serialize};
use switchboard_domain::TenantId;
use ts_rs::TS;

use crate::users::{phone_digits, reversed, strip_tel, user_from_row, CachedUser, USER_COLUMNS};
use crate::{Cache, CacheError};

const MAX_PAGE: u32 = 1000;
/// Fewer digits than this is treated as a name search ("Agent 7" should not match
/// every number containing a 7).
const MIN_NUMBER_DIGITS: usize = 3;
/// Upper bound for prefix ranges: sorts after any character a name can contain.
const PREFIX_END: char = char::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum UserSort {
    #[default]
    DisplayName,
    Upn,
    PhoneNumber,
}

impl UserSort {
    fn column(self) -> &'static str {
        match self {
            UserSort::DisplayName => "u.display_name",
            UserSort::Upn => "u.upn",
            UserSort::PhoneNumber => "u.phone_digits",
        }
    }

    fn key(self, user: &CachedUser) -> String {
        match self {
            UserSort::DisplayName => user.record.display_name.clone(),
            UserSort::Upn => user.record.upn.clone(),
            UserSort::PhoneNumber => phone_digits(user.record.line_uri.as_deref()),
        }
    }
}

/// Where the next page starts: the last row's sort key and row id. Opaque to the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserCursor {
    pub sort_key: String,
    #[ts(type = "number")]
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct UserQuery {
    /// `None` searches across every tenant.
    pub tenant: Option<TenantId>,
    /// Name / UPN / surname prefix, or (if it looks like a number) a number prefix
    /// or suffix; national format with a leading 0 matches by suffix.
    pub search: Option<String>,
    pub voice_routing_policy: Option<String>,
    pub usage_location: Option<String>,
    pub enterprise_voice: Option<bool>,
    /// `Some(true)`: only users with a phone number; `Some(false)`: only users without.
    pub has_number: Option<bool>,
    pub sort: UserSort,
    /// Largest key first. `after` must come from a page read in the same direction.
    pub descending: bool,
    /// Page size, clamped to 1..=1000.
    pub limit: u32,
    pub after: Option<UserCursor>,
}

impl Default for UserQuery {
    fn default() -> Self {
        Self {
            tenant: None,
            search: None,
            voice_routing_policy: None,
            usage_location: None,
            enterprise_voice: None,
            has_number: None,
            sort: UserSort::DisplayName,
            descending: false,
            limit: 100,
            after: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserPage {
    pub users: Vec<CachedUser>,
    /// Rows matching search and filters, across all pages.
    #[ts(type = "number")]
    pub total: u64,
    /// `Some` when more rows follow this page.
    pub next: Option<UserCursor>,
}

/// WHERE clauses and their named parameters, built up per query.
#[derive(Default)]
struct Filter {
    clauses: Vec<String>,
    params: Vec<(&'static str, Value)>,
}

impl Filter {
    fn push(
        &mut self,
        clause: impl Into<String>,
        params: impl IntoIterator<Item = (&'static str, Value)>,
    ) {
        self.clauses.push(clause.into());
        self.params.extend(params);
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    fn named(&self) -> Vec<(&str, &dyn ToSql)> {
        self.params
            .iter()
            .map(|(name, value)| (*name, value as &dyn ToSql))
            .collect()
    }
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{PREFIX_END}")
}

/// Digits of a number-like search ("+44 20 7946", "tel:+1206", "(206) 555"), or
/// `None` when the text contains anything else.
fn number_search(search: &str) -> Option<String> {
    let s = strip_tel(search.trim());
    let numberish = s
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    (numberish && digits.len() >= MIN_NUMBER_DIGITS).then_some(digits)
}

fn search_filter(filter: &mut Filter, search: &str) {
    if let Some(digits) = number_search(search) {
        // A national number drops its trunk 0, so "020 7946 0018" finds +442079460018.
        let suffix = reversed(digits.trim_start_matches('0'));
        filter.push(
            "((u.phone_digits >= :num_lo AND u.phone_digits < :num_hi)
              OR (u.phone_digits_rev >= :rev_lo AND u.phone_digits_rev < :rev_hi))",
            [
                (":num_hi", text(prefix_end(&digits))),
                (":num_lo", text(digits)),
                (":rev_hi", text(prefix_end(&suffix))),
                (":rev_lo", text(suffix)),
            ],
        );
    } else {
        let term = search.trim();
        filter.push(
            "((u.display_name >= :name_lo AND u.display_name < :name_hi)
              OR (u.upn >= :name_lo AND u.upn < :name_hi)
              OR (u.surname >= :name_lo AND u.surname < :name_hi))",
            [
                (":name_lo", text(term)),
                (":name_hi", text(prefix_end(term))),
            ],
        );
    }
}

fn build_filter(query: &UserQuery) -> Filter {
    let mut filter = Filter::default();
    if let Some(tenant) = query.tenant {
        filter.push(
            "u.tenant_id = :tenant",
            [(":tenant", Value::Integer(tenant.get()))],
        );
    }
    if let (true, Some(search)) = (has_search(query), query.search.as_deref()) {
        search_filter(&mut filter, search);
    }
    if let Some(policy) = &query.voice_routing_policy {
        filter.push(
            "u.voice_routing_policy = :vrp",
            [(":vrp", text(policy.as_str()))],
        );
    }
    if let Some(location) = &query.usage_location {
        filter.push(
            "u.usage_location = :usage",
            [(":usage", text(location.as_str()))],
        );
    }
    if let Some(ev) = query.enterprise_voice {
        filter.push(
            "u.enterprise_voice = :ev",
            [(":ev", Value::Integer(i64::from(ev)))],
        );
    }
    if let Some(has_number) = query.has_number {
        // `phone_digits` is '' without a number; `> ''` stays a range on the phone indexes.
        let clause = if has_number {
            "u.phone_digits > ''"
        } else {
            "u.phone_digits = ''"
        };
        filter.push(clause, []);
    }
    filter
}

fn has_search(query: &UserQuery) -> bool {
    query
        .search
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty())
}

/// With a search, `+column` stops the planner from walking the sort index and
/// filtering (fast only when most rows match); it then uses the search indexes and
/// sorts just the matches. `+` keeps the column's NOCASE collation.
fn order_by(query: &UserQuery) -> String {
    let column = query.sort.column();
    let direction = direction(query);
    if has_search(query) {
        format!("+{column} {direction}, u.id {direction}")
    } else {
        format!("{column} {direction}, u.id {direction}")
    }
}

fn direction(query: &UserQuery) -> &'static str {
    if query.descending {
        "DESC"
    } else {
        "ASC"
    }
}

/// Rows strictly after the cursor in the query's direction.
fn after_clause(query: &UserQuery) -> String {
    let column = query.sort.column();
    let comparison = if query.descending { "<" } else { ">" };
    format!("({column}, u.id) {comparison} (:after_key, :after_id)")
}

impl Cache {
    pub fn query_users(&self, query: &UserQuery) -> Result<UserPage, CacheError> {
        let limit = query.limit.clamp(1, MAX_PAGE);
        let mut filter = build_filter(query);
        let conn = self.conn();

        let total: u64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM users u {}", filter.sql()),
            filter.named().as_slice(),
            |row| row.get(0),
        )?;

        if let Some(after) = &query.after {
            filter.push(
                after_clause(query),
                [
                    (":after_key", text(after.sort_key.as_str())),
                    (":after_id", Value::Integer(after.id)),
                ],
            );
        }
        // One extra row tells whether another page follows.
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users u {} ORDER BY {} LIMIT {}",
            filter.sql(),
            order_by(query),
            limit + 1
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut users = stmt
            .query_map(filter.named().as_slice(), user_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        let next = if users.len() > limit as usize {
            users.truncate(limit as usize);
            users.last().map(|u| UserCursor {
                sort_key: query.sort.key(u),
                id: u.id,
            })
        } else {
            None
        };
        Ok(UserPage { users, total, next })
    }

    /// The plan SQLite picks for `query`, for tests and the bench.
    #[doc(hidden)]
    pub fn explain_user_query(&self, query: &UserQuery) -> Result<Vec<String>, CacheError> {
        let filter = build_filter(query);
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT {USER_COLUMNS} FROM users u {} ORDER BY {} LIMIT 100",
            filter.sql(),
            order_by(query)
        );
        let conn = self.conn();
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(filter.named().as_slice(), |row| row.get::<_, String>(3))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_like_searches_are_recognised() {
        assert_eq!(number_search("+44 20 7946").as_deref(), Some("44207946"));
        assert_eq!(number_search("tel:+1206").as_deref(), Some("1206"));
        assert_eq!(number_search("(206) 555-01").as_deref(), Some("20655501"));
        assert_eq!(number_search("12"), None, "too few digits");
        assert_eq!(number_search("Agent 007"), None);
    }
}
