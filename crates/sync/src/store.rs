//! Writes a sync run's result into the cache.
//!
//! A full snapshot goes through `Cache::write_full_snapshot`, one transaction for the
//! users, the groups and the delta link: readers see either the previous snapshot or the
//! new one, and a failure part-way leaves the previous one and its delta link untouched.
//! Nothing is written before every page has been downloaded, so a failure or
//! cancellation during the download leaves the previous snapshot untouched too.

use switchboard_cache::{Cache, CacheError, FullSnapshot, GroupRecord, UserRecord};
use switchboard_domain::TenantId;
use switchboard_graph::DeltaLink;

use crate::timings::{timed, SyncTimings};

/// Writes a full run: `users` become the tenant's whole user list and `groups` its
/// groups, the delta link resumes change tracking, and the planner statistics are
/// refreshed after the bulk change. Returns (written, removed); adds each step's time
/// to `timings`.
pub(crate) fn write_snapshot(
    cache: &Cache,
    tenant: TenantId,
    users: &[UserRecord],
    groups: &[GroupRecord],
    link: &DeltaLink,
    timings: &mut SyncTimings,
) -> Result<(usize, usize), CacheError> {
    let snapshot = FullSnapshot {
        users,
        groups,
        users_delta_link: link.as_str(),
    };
    let written = cache.write_full_snapshot(tenant, &snapshot)?;
    timings.write_users += written.users_took;
    timings.write_groups += written.groups_took;
    timed(&mut timings.optimize, || cache.optimize())?;
    Ok((written.users.written, written.users.removed))
}

/// What one delta round writes.
pub(crate) struct Changes<'a> {
    pub upserts: &'a [UserRecord],
    /// Object ids of users that left the tenant.
    pub removals: &'a [String],
    /// A fresh groups snapshot, when the round read one.
    pub groups: Option<&'a [GroupRecord]>,
    pub link: &'a DeltaLink,
}

/// Applies one delta round: upserts, removals, the groups snapshot if any, then the
/// link for the next round. Returns (written, removed); adds each step's time to
/// `timings`.
pub(crate) fn write_changes(
    cache: &Cache,
    tenant: TenantId,
    changes: &Changes<'_>,
    timings: &mut SyncTimings,
) -> Result<(usize, usize), CacheError> {
    let counts = timed(&mut timings.write_users, || {
        apply_user_changes(cache, tenant, changes.upserts, changes.removals)
    })?;
    if let Some(groups) = changes.groups {
        timed(&mut timings.write_groups, || {
            cache.replace_groups(tenant, groups)
        })?;
    }
    cache.set_users_delta_link(tenant, Some(changes.link.as_str()))?;
    Ok(counts)
}

/// Upserts, then removals; returns (written, removed).
fn apply_user_changes(
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
