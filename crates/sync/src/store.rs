//! Writes a sync run's result into the cache.
//!
//! The cache offers per-call transactions only (`upsert_users`, `remove_users`) and no
//! connection, so a full snapshot is written as "upsert everything, then drop the users
//! that are gone": readers always see a complete user list, never an empty tenant.
//! Nothing is written before every page has been downloaded, so a failure or
//! cancellation during the download leaves the previous snapshot untouched.

use std::collections::HashSet;

use switchboard_cache::{Cache, CacheError, UserQuery, UserRecord, UserSort};
use switchboard_domain::TenantId;

/// The largest page `query_users` returns.
const ID_PAGE: u32 = 1000;

/// Makes `users` the tenant's whole user list; returns (written, removed).
pub(crate) fn replace_users(
    cache: &Cache,
    tenant: TenantId,
    users: &[UserRecord],
) -> Result<(usize, usize), CacheError> {
    let written = cache.upsert_users(tenant, users)?;
    let keep: HashSet<&str> = users.iter().map(|u| u.object_id.as_str()).collect();
    let cached = cached_object_ids(cache, tenant)?;
    let gone: Vec<&str> = cached
        .iter()
        .map(String::as_str)
        .filter(|id| !keep.contains(id))
        .collect();
    let removed = if gone.is_empty() {
        0
    } else {
        cache.remove_users(tenant, &gone)?
    };
    Ok((written, removed))
}

/// Applies one delta round: upserts, then removals; returns (written, removed).
pub(crate) fn apply_changes(
    cache: &Cache,
    tenant: TenantId,
    upserts: &[UserRecord],
    removals: &[String],
) -> Result<(usize, usize), CacheError> {
    let written = if upserts.is_empty() {
        0
    } else {
        cache.upsert_users(tenant, upserts)?
    };
    let ids: Vec<&str> = removals.iter().map(String::as_str).collect();
    let removed = if ids.is_empty() {
        0
    } else {
        cache.remove_users(tenant, &ids)?
    };
    Ok((written, removed))
}

/// Every object id cached for the tenant, walked with the Users screen's keyset paging.
pub(crate) fn cached_object_ids(
    cache: &Cache,
    tenant: TenantId,
) -> Result<Vec<String>, CacheError> {
    let mut ids = Vec::new();
    let mut query = UserQuery {
        tenant: Some(tenant),
        sort: UserSort::Upn,
        limit: ID_PAGE,
        ..UserQuery::default()
    };
    loop {
        let page = cache.query_users(&query)?;
        ids.extend(page.users.into_iter().map(|u| u.record.object_id));
        match page.next {
            Some(next) => query.after = Some(next),
            None => return Ok(ids),
        }
    }
}
