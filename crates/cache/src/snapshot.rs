//! A full replication run's write: users, groups and the delta link that resumes change
//! tracking go in one transaction, so a failure part-way (a constraint, a full disk)
//! leaves the previous snapshot and its delta link exactly as they were. Were they
//! separate, new users could sit next to old groups, or a new delta link next to old
//! users, and the next delta round would skip the changes in between.

use std::time::{Duration, Instant};

use rusqlite::params;
use switchboard_domain::TenantId;

use crate::groups::replace_groups_in;
use crate::sql_values::now_text;
use crate::users::replace_users_in;
use crate::{Cache, CacheError, GroupRecord, ReplaceOutcome, UserRecord};

/// Everything a full run read from Microsoft 365 for one tenant.
#[derive(Debug, Clone, Copy)]
pub struct FullSnapshot<'a> {
    /// The tenant's whole user list.
    pub users: &'a [UserRecord],
    /// The tenant's whole group list, memberships included.
    pub groups: &'a [GroupRecord],
    /// Where the next delta round starts.
    pub users_delta_link: &'a str,
}

/// What `write_full_snapshot` did and where its time went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotWritten {
    pub users: ReplaceOutcome,
    pub users_took: Duration,
    pub groups_took: Duration,
}

impl Cache {
    /// Makes `snapshot` the tenant's users, groups and delta link at once: readers see
    /// the previous snapshot or the new one, and on error nothing changes.
    pub fn write_full_snapshot(
        &self,
        tenant: TenantId,
        snapshot: &FullSnapshot<'_>,
    ) -> Result<SnapshotWritten, CacheError> {
        self.bulk_transaction(|tx| {
            let started = Instant::now();
            let users = replace_users_in(tx, tenant, snapshot.users)?;
            let users_took = started.elapsed();
            let started = Instant::now();
            replace_groups_in(tx, tenant, snapshot.groups)?;
            let groups_took = started.elapsed();
            tx.execute(
                "UPDATE tenants SET users_delta_link = ?2, updated_at = ?3 WHERE id = ?1",
                params![tenant.get(), snapshot.users_delta_link, now_text()],
            )?;
            Ok(SnapshotWritten {
                users,
                users_took,
                groups_took,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tenant::cache_with_tenant;

    fn user(object_id: &str) -> UserRecord {
        UserRecord {
            object_id: object_id.into(),
            upn: format!("{object_id}@acme.com"),
            display_name: object_id.into(),
            account_enabled: true,
            ..UserRecord::default()
        }
    }

    fn group(object_id: &str, members: &[&str]) -> GroupRecord {
        GroupRecord {
            object_id: object_id.into(),
            display_name: object_id.into(),
            members: members.iter().map(|m| m.to_string()).collect(),
            ..GroupRecord::default()
        }
    }

    fn user_ids(cache: &Cache, tenant: TenantId) -> Vec<String> {
        let mut ids: Vec<String> = cache
            .conn()
            .prepare("SELECT object_id FROM users WHERE tenant_id = ?1")
            .unwrap()
            .query_map([tenant.get()], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        ids.sort();
        ids
    }

    #[test]
    fn users_groups_and_the_delta_link_are_written_together() {
        let (cache, tenant) = cache_with_tenant("acme");
        let users = [user("u1"), user("u2")];
        let groups = [group("g1", &["u1"])];
        let written = cache
            .write_full_snapshot(
                tenant,
                &FullSnapshot {
                    users: &users,
                    groups: &groups,
                    users_delta_link: "link-1",
                },
            )
            .unwrap();
        assert_eq!(
            written.users,
            ReplaceOutcome {
                written: 2,
                removed: 0
            }
        );
        assert_eq!(user_ids(&cache, tenant), ["u1", "u2"]);
        assert_eq!(cache.groups(tenant).unwrap(), groups);
        assert_eq!(
            cache.users_delta_link(tenant).unwrap().as_deref(),
            Some("link-1")
        );
    }

    #[test]
    fn a_write_failing_after_the_users_leaves_the_previous_snapshot_and_link() {
        let (cache, tenant) = cache_with_tenant("acme");
        let old_users = [user("u1"), user("u2")];
        let old_groups = [group("g1", &["u1"])];
        cache
            .write_full_snapshot(
                tenant,
                &FullSnapshot {
                    users: &old_users,
                    groups: &old_groups,
                    users_delta_link: "old-link",
                },
            )
            .unwrap();

        // The users are written first; the second group breaks UNIQUE(tenant, object id)
        // afterwards, so the failure comes with the new users already in the transaction.
        let new_users = [user("u3")];
        let clashing = [group("g2", &["u3"]), group("g2", &["u3"])];
        let failed = cache.write_full_snapshot(
            tenant,
            &FullSnapshot {
                users: &new_users,
                groups: &clashing,
                users_delta_link: "new-link",
            },
        );

        assert!(failed.is_err(), "the clashing groups were accepted");
        assert_eq!(user_ids(&cache, tenant), ["u1", "u2"], "users rolled back");
        assert_eq!(cache.groups(tenant).unwrap(), old_groups);
        assert_eq!(
            cache.users_delta_link(tenant).unwrap().as_deref(),
            Some("old-link")
        );
    }
}
