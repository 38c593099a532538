//! Cached Microsoft 365 groups and their direct members, replaced as a whole by each
//! sync: groups are few next to users, so a snapshot is simpler than a delta and
//! cannot drift.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Transaction};
use switchboard_domain::TenantId;

use crate::sql_values::{time_opt, time_text};
use crate::tenants::load_tenant;
use crate::{Cache, CacheError};

/// One group as read from Graph, with the object ids of its direct members.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupRecord {
    pub object_id: String,
    pub display_name: String,
    pub mail: Option<String>,
    pub security_enabled: bool,
    pub members: Vec<String>,
}

impl Cache {
    /// Makes `groups` the tenant's whole group list, memberships included, in one
    /// transaction; returns how many groups are cached now.
    pub fn replace_groups(
        &self,
        tenant: TenantId,
        groups: &[GroupRecord],
    ) -> Result<usize, CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let count = replace_groups_in(&tx, tenant, groups)?;
        tx.commit()?;
        Ok(count)
    }

    /// When the tenant's groups snapshot was taken; `None` when no group is cached.
    pub fn groups_synced_at(&self, tenant: TenantId) -> Result<Option<DateTime<Utc>>, CacheError> {
        let conn = self.conn();
        Ok(conn.query_row(
            "SELECT MIN(synced_at) FROM groups WHERE tenant_id = ?1",
            [tenant.get()],
            |row| time_opt(row, 0),
        )?)
    }

    /// Display names of the cached groups `member` belongs to directly, sorted.
    pub fn groups_of(&self, tenant: TenantId, member: &str) -> Result<Vec<String>, CacheError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT g.display_name FROM group_members m
             JOIN groups g ON g.id = m.group_id
             WHERE g.tenant_id = ?1 AND m.member_object_id = ?2
             ORDER BY g.display_name",
        )?;
        let names = stmt
            .query_map(params![tenant.get(), member], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(names)
    }

    /// Every cached group of the tenant with its members, both sorted by object id.
    pub fn groups(&self, tenant: TenantId) -> Result<Vec<GroupRecord>, CacheError> {
        load_groups(&self.conn(), tenant)
    }
}

/// `replace_groups` inside the caller's transaction.
pub(crate) fn replace_groups_in(
    tx: &Transaction<'_>,
    tenant: TenantId,
    groups: &[GroupRecord],
) -> Result<usize, CacheError> {
    load_tenant(tx, tenant)?;
    let synced_at = time_text(Utc::now());
    // Memberships rarely change between runs; rewriting hundreds of thousands of
    // rows to store the same snapshot again would cost more than comparing it.
    if load_groups(tx, tenant)? == sorted(groups) {
        tx.execute(
            "UPDATE groups SET synced_at = ?2 WHERE tenant_id = ?1",
            params![tenant.get(), synced_at],
        )?;
        return Ok(groups.len());
    }
    // Members go with their group through ON DELETE CASCADE.
    tx.execute("DELETE FROM groups WHERE tenant_id = ?1", [tenant.get()])?;
    {
        let mut group_stmt = tx.prepare(
            "INSERT INTO groups (tenant_id, object_id, display_name, mail, security_enabled, synced_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut member_stmt = tx.prepare(
            "INSERT OR IGNORE INTO group_members (group_id, member_object_id) VALUES (?1, ?2)",
        )?;
        for group in groups {
            group_stmt.execute(params![
                tenant.get(),
                group.object_id,
                group.display_name,
                group.mail,
                group.security_enabled,
                synced_at,
            ])?;
            let group_id = tx.last_insert_rowid();
            for member in &group.members {
                member_stmt.execute(params![group_id, member])?;
            }
        }
    }
    Ok(groups.len())
}

fn load_groups(conn: &Connection, tenant: TenantId) -> Result<Vec<GroupRecord>, CacheError> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.object_id, g.display_name, g.mail, g.security_enabled,
                (SELECT group_concat(member_object_id, ' ') FROM
                    (SELECT member_object_id FROM group_members WHERE group_id = g.id
                     ORDER BY member_object_id))
         FROM groups g WHERE g.tenant_id = ?1 ORDER BY g.object_id",
    )?;
    let groups = stmt
        .query_map([tenant.get()], |row| {
            let members: Option<String> = row.get(4)?;
            Ok(GroupRecord {
                object_id: row.get(0)?,
                display_name: row.get(1)?,
                mail: row.get(2)?,
                security_enabled: row.get(3)?,
                members: members
                    .map(|m| m.split(' ').map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(groups)
}

/// `groups` in the order `load_groups` returns them, members deduplicated as stored.
fn sorted(groups: &[GroupRecord]) -> Vec<GroupRecord> {
    let mut sorted: Vec<GroupRecord> = groups
        .iter()
        .map(|g| {
            let mut g = g.clone();
            g.members.sort();
            g.members.dedup();
            g
        })
        .collect();
    sorted.sort_by(|a, b| a.object_id.cmp(&b.object_id));
    sorted
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::test_tenant::cache_with_tenant;

    fn group(id: &str, name: &str, members: &[&str]) -> GroupRecord {
        GroupRecord {
            object_id: id.into(),
            display_name: name.into(),
            mail: None,
            security_enabled: true,
            members: members.iter().map(|m| (*m).to_owned()).collect(),
        }
    }

    #[test]
    fn a_new_snapshot_replaces_groups_and_memberships() {
        let (cache, tenant) = cache_with_tenant("acme");
        let first = [
            group("g1", "Sales", &["u1", "u2"]),
            group("g2", "Support", &["u2"]),
        ];
        assert_eq!(cache.replace_groups(tenant, &first).unwrap(), 2);
        assert_eq!(cache.groups(tenant).unwrap(), first);
        assert_eq!(cache.groups_of(tenant, "u2").unwrap(), ["Sales", "Support"]);
        let taken = cache
            .groups_synced_at(tenant)
            .unwrap()
            .expect("a snapshot time");
        assert!((Utc::now() - taken).num_seconds() < 60);

        // The same snapshot again: nothing rewritten, the snapshot time moves on.
        let changes = |cache: &Cache| -> i64 {
            cache
                .conn()
                .query_row("SELECT total_changes()", [], |r| r.get(0))
                .unwrap()
        };
        let before = changes(&cache);
        let shuffled = [
            group("g2", "Support", &["u2"]),
            group("g1", "Sales", &["u2", "u1"]),
        ];
        cache.replace_groups(tenant, &shuffled).unwrap();
        assert_eq!(changes(&cache) - before, 2, "only the two snapshot times");
        assert!(cache.groups_synced_at(tenant).unwrap().unwrap() >= taken);

        let second = [group("g2", "Support", &["u1"]), group("g3", "Empty", &[])];
        cache.replace_groups(tenant, &second).unwrap();
        assert_eq!(cache.groups(tenant).unwrap(), second);
        assert!(cache.groups_of(tenant, "u2").unwrap().is_empty());
        assert_eq!(cache.groups_of(tenant, "u1").unwrap(), ["Support"]);
    }

    #[test]
    fn an_unknown_tenant_changes_nothing() {
        let (cache, tenant) = cache_with_tenant("acme");
        assert_eq!(cache.groups_synced_at(tenant).unwrap(), None);
        let groups = [group("g1", "Sales", &["u1"])];
        cache.replace_groups(tenant, &groups).unwrap();
        let unknown = TenantId::new(tenant.get() + 1);
        assert!(matches!(
            cache.replace_groups(unknown, &[]),
            Err(CacheError::NotFound { .. })
        ));
        assert_eq!(cache.groups(tenant).unwrap(), groups);
    }
}
