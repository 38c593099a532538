//! Writes a sync run's result into the cache.
//!
//! A full snapshot goes through `Cache::replace_users`, one transaction: readers see
//! either the previous user list or the new one, never an empty or half-written tenant.
//! Nothing is written before every page has been downloaded, so a failure or
//! cancellation during the download leaves the previous snapshot untouched.

use switchboard_cache::{Cache, CacheError, UserRecord};
use switchboard_domain::TenantId;

/// Makes `users` the tenant's whole user list; returns (written, removed).
pub(crate) fn replace_users(
    cache: &Cache,
    tenant: TenantId,
    users: &[UserRecord],
) -> Result<(usize, usize), CacheError> {
    let outcome = cache.replace_users(tenant, users)?;
    Ok((outcome.written, outcome.removed))
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
