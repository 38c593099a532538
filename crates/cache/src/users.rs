//! Cached Microsoft 365 / Teams users and their bulk upsert from a sync run.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use switchboard_domain::{DomainError, TenantId};
use ts_rs::TS;

use crate::sql_values::{json, now_text, parsed, time_opt, time_text};
use crate::tenants::load_tenant;
use crate::{Cache, CacheError};

/// One user as read from Graph and Get-CsOnlineUser. Values are kept as Microsoft
/// returned them; the cache only requires an object id, it does not validate the rest.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserRecord {
    pub object_id: String,
    pub upn: String,
    pub sip_address: Option<String>,
    pub display_name: String,
    pub given_name: Option<String>,
    pub surname: Option<String>,
    pub department: Option<String>,
    pub city: Option<String>,
    /// ISO country code where Enterprise Voice is enabled.
    pub usage_location: Option<String>,
    /// Interpreted user type, e.g. `TeamsOnly`.
    pub user_type: Option<String>,
    pub feature_types: Vec<String>,
    /// Teams `LineURI`, e.g. `tel:+442079460018;ext=12`.
    pub line_uri: Option<String>,
    pub enterprise_voice: bool,
    pub voice_routing_policy: Option<String>,
    pub tenant_dial_plan: Option<String>,
    pub calling_policy: Option<String>,
    /// Every other policy assignment: policy type → policy name.
    pub policies: BTreeMap<String, String>,
    /// SKU part numbers of assigned licences.
    pub licences: Vec<String>,
    pub account_enabled: bool,
    pub source_modified_at: Option<DateTime<Utc>>,
}

/// A user as stored: the record plus where and when it was cached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CachedUser {
    #[ts(type = "number")]
    pub id: i64,
    pub tenant_id: TenantId,
    pub synced_at: DateTime<Utc>,
    #[serde(flatten)]
    pub record: UserRecord,
}

/// Digits of a line URI's number part (no scheme, `+` or extension), for search.
pub(crate) fn phone_digits(line_uri: Option<&str>) -> String {
    let Some(uri) = line_uri else {
        return String::new();
    };
    let number = strip_tel(uri.split(';').next().unwrap_or_default());
    number.chars().filter(char::is_ascii_digit).collect()
}

/// `s` without a leading `tel:` scheme (any case).
pub(crate) fn strip_tel(s: &str) -> &str {
    const SCHEME: &str = "tel:";
    match s.get(..SCHEME.len()) {
        Some(head) if head.eq_ignore_ascii_case(SCHEME) => &s[SCHEME.len()..],
        _ => s,
    }
}

pub(crate) fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

pub(crate) const USER_COLUMNS: &str = "u.id, u.tenant_id, u.synced_at, u.object_id, u.upn, \
    u.sip_address, u.display_name, u.given_name, u.surname, u.department, u.city, \
    u.usage_location, u.user_type, u.feature_types, u.line_uri, u.enterprise_voice, \
    u.voice_routing_policy, u.tenant_dial_plan, u.calling_policy, u.policies, u.licences, \
    u.account_enabled, u.source_modified_at";

pub(crate) fn user_from_row(row: &Row<'_>) -> rusqlite::Result<CachedUser> {
    Ok(CachedUser {
        id: row.get(0)?,
        tenant_id: TenantId::new(row.get(1)?),
        synced_at: parsed(row, 2)?,
        record: UserRecord {
            object_id: row.get(3)?,
            upn: row.get(4)?,
            sip_address: row.get(5)?,
            display_name: row.get(6)?,
            given_name: row.get(7)?,
            surname: row.get(8)?,
            department: row.get(9)?,
            city: row.get(10)?,
            usage_location: row.get(11)?,
            user_type: row.get(12)?,
            feature_types: json(row, 13)?,
            line_uri: row.get(14)?,
            enterprise_voice: row.get(15)?,
            voice_routing_policy: row.get(16)?,
            tenant_dial_plan: row.get(17)?,
            calling_policy: row.get(18)?,
            policies: json(row, 19)?,
            licences: json(row, 20)?,
            account_enabled: row.get(21)?,
            source_modified_at: time_opt(row, 22)?,
        },
    })
}

fn to_json<T: Serialize>(value: &T) -> Result<String, CacheError> {
    serde_json::to_string(value)
        .map_err(|e| CacheError::Storage(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))
}

/// What a whole-snapshot replace did to the tenant's cached users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplaceOutcome {
    /// Records of the snapshot now cached (inserted, updated or found unchanged).
    pub written: usize,
    /// Cached users deleted because the snapshot no longer lists them.
    pub removed: usize,
}

/// Inserts a user or updates it by object id. The `WHERE` of the update skips rows whose
/// cached values already match: a repeated full sync then costs one index lookup per
/// unchanged user instead of rewriting a dozen index entries. `synced_at` therefore
/// tells when a user's values were last written, as it does after a delta round.
/// The NOCASE columns are compared as BINARY so that a change of case is still written.
const UPSERT_USER: &str = "INSERT INTO users (tenant_id, object_id, upn, sip_address,
        display_name, given_name, surname, department, city, usage_location, user_type,
        feature_types, line_uri, phone_digits, phone_digits_rev, enterprise_voice,
        voice_routing_policy, tenant_dial_plan, calling_policy, policies, licences,
        account_enabled, source_modified_at, synced_at)
     VALUES (:tenant, :object_id, :upn, :sip, :display_name, :given_name, :surname,
        :department, :city, :usage_location, :user_type, :feature_types, :line_uri,
        :digits, :digits_rev, :ev, :vrp, :dial_plan, :calling, :policies, :licences,
        :enabled, :modified, :synced)
     ON CONFLICT (tenant_id, object_id) DO UPDATE SET
        upn = excluded.upn, sip_address = excluded.sip_address,
        display_name = excluded.display_name, given_name = excluded.given_name,
        surname = excluded.surname, department = excluded.department,
        city = excluded.city, usage_location = excluded.usage_location,
        user_type = excluded.user_type, feature_types = excluded.feature_types,
        line_uri = excluded.line_uri, phone_digits = excluded.phone_digits,
        phone_digits_rev = excluded.phone_digits_rev,
        enterprise_voice = excluded.enterprise_voice,
        voice_routing_policy = excluded.voice_routing_policy,
        tenant_dial_plan = excluded.tenant_dial_plan,
        calling_policy = excluded.calling_policy, policies = excluded.policies,
        licences = excluded.licences, account_enabled = excluded.account_enabled,
        source_modified_at = excluded.source_modified_at,
        synced_at = excluded.synced_at
     WHERE (users.upn COLLATE BINARY, users.sip_address,
            users.display_name COLLATE BINARY, users.given_name COLLATE BINARY,
            users.surname COLLATE BINARY, users.department, users.city,
            users.usage_location, users.user_type, users.feature_types, users.line_uri,
            users.enterprise_voice, users.voice_routing_policy, users.tenant_dial_plan,
            users.calling_policy, users.policies, users.licences, users.account_enabled,
            users.source_modified_at)
        IS NOT (excluded.upn, excluded.sip_address, excluded.display_name,
            excluded.given_name, excluded.surname, excluded.department, excluded.city,
            excluded.usage_location, excluded.user_type, excluded.feature_types,
            excluded.line_uri, excluded.enterprise_voice, excluded.voice_routing_policy,
            excluded.tenant_dial_plan, excluded.calling_policy, excluded.policies,
            excluded.licences, excluded.account_enabled, excluded.source_modified_at)";

/// Upserts every record inside the caller's transaction; returns how many there were.
/// A record without an object id fails the whole call: it could never be matched again
/// by a later sync or removal.
fn write_users<'u>(
    tx: &Transaction<'_>,
    tenant: TenantId,
    users: impl IntoIterator<Item = &'u UserRecord>,
) -> Result<usize, CacheError> {
    let synced_at = now_text();
    let mut stmt = tx.prepare_cached(UPSERT_USER)?;
    let mut written = 0;
    for u in users {
        if u.object_id.trim().is_empty() {
            return Err(DomainError::new(
                "objectId",
                "missing",
                format!("User '{}' has no Entra object id.", u.upn),
            )
            .into());
        }
        let digits = phone_digits(u.line_uri.as_deref());
        stmt.execute(named_params! {
            ":tenant": tenant.get(),
            ":object_id": u.object_id,
            ":upn": u.upn,
            ":sip": u.sip_address,
            ":display_name": u.display_name,
            ":given_name": u.given_name,
            ":surname": u.surname,
            ":department": u.department,
            ":city": u.city,
            ":usage_location": u.usage_location,
            ":user_type": u.user_type,
            ":feature_types": to_json(&u.feature_types)?,
            ":line_uri": u.line_uri,
            ":digits_rev": reversed(&digits),
            ":digits": digits,
            ":ev": u.enterprise_voice,
            ":vrp": u.voice_routing_policy,
            ":dial_plan": u.tenant_dial_plan,
            ":calling": u.calling_policy,
            ":policies": to_json(&u.policies)?,
            ":licences": to_json(&u.licences)?,
            ":enabled": u.account_enabled,
            ":modified": u.source_modified_at.map(time_text),
            ":synced": synced_at,
        })?;
        written += 1;
    }
    Ok(written)
}

/// The records a snapshot writes: one per object id (the last one listed wins, as it
/// would when upserting in list order), in display-name order with ASCII case folded
/// as NOCASE does. Rows written in this order land next to each other in the
/// display-name indexes (and, as a UPN mostly starts with the name, in the UPN indexes)
/// instead of on random pages: a 100k-user snapshot writes about a fifth faster.
fn write_order(users: &[UserRecord]) -> Vec<&UserRecord> {
    let mut latest: HashMap<&str, &UserRecord> = HashMap::with_capacity(users.len());
    for user in users {
        latest.insert(&user.object_id, user);
    }
    let mut ordered: Vec<&UserRecord> = latest.into_values().collect();
    ordered.sort_by_cached_key(|u| (folded(&u.display_name), u.object_id.as_str()));
    ordered
}

fn folded(text: &str) -> Vec<u8> {
    text.bytes().map(|b| b.to_ascii_lowercase()).collect()
}

/// Deletes the tenant's users whose object id is not in `keep`, inside the caller's
/// transaction. The cached ids come from one scan of the (tenant_id, object_id) index and
/// are compared in memory, so only the users that really left cost a delete.
fn delete_users_not_in(
    tx: &Transaction<'_>,
    tenant: TenantId,
    keep: &[&UserRecord],
) -> Result<usize, CacheError> {
    let keep: HashSet<&str> = keep.iter().map(|u| u.object_id.as_str()).collect();
    let mut cached = tx.prepare_cached("SELECT object_id FROM users WHERE tenant_id = ?1")?;
    let mut gone = Vec::new();
    for object_id in cached.query_map([tenant.get()], |row| row.get::<_, String>(0))? {
        let object_id = object_id?;
        if !keep.contains(object_id.as_str()) {
            gone.push(object_id);
        }
    }
    delete_users(tx, tenant, &gone)
}

/// Deletes the listed users of the tenant inside the caller's transaction; unknown ids
/// are ignored. Returns how many rows went.
fn delete_users<S: AsRef<str>>(
    tx: &Transaction<'_>,
    tenant: TenantId,
    object_ids: &[S],
) -> Result<usize, CacheError> {
    let mut stmt =
        tx.prepare_cached("DELETE FROM users WHERE tenant_id = ?1 AND object_id = ?2")?;
    let mut removed = 0;
    for object_id in object_ids {
        removed += stmt.execute(rusqlite::params![tenant.get(), object_id.as_ref()])?;
    }
    Ok(removed)
}

/// `replace_users` inside the caller's transaction.
pub(crate) fn replace_users_in(
    tx: &Transaction<'_>,
    tenant: TenantId,
    users: &[UserRecord],
) -> Result<ReplaceOutcome, CacheError> {
    load_tenant(tx, tenant)?;
    let snapshot = write_order(users);
    let written = write_users(tx, tenant, snapshot.iter().copied())?;
    let removed = delete_users_not_in(tx, tenant, &snapshot)?;
    Ok(ReplaceOutcome { written, removed })
}

/// Page cache (KiB) for a whole-snapshot write. A snapshot inserts into a dozen users
/// indexes in random key order; with SQLite's default 2 MB cache nearly every row
/// evicts index pages that the next rows need again.
const BULK_CACHE_KIB: i64 = 64 * 1024;

/// Runs `work` with the larger page cache, then gives the memory back (SQLite frees
/// pages above a lowered limit), whether `work` succeeded or not.
fn with_bulk_cache<T>(
    conn: &mut Connection,
    work: impl FnOnce(&mut Connection) -> Result<T, CacheError>,
) -> Result<T, CacheError> {
    let normal: i64 = conn.pragma_query_value(None, "cache_size", |row| row.get(0))?;
    conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
    let result = work(conn);
    let restored = conn.pragma_update(None, "cache_size", normal);
    let value = result?;
    restored?;
    Ok(value)
}

impl Cache {
    /// Inserts or updates (by Entra object id) every record for the tenant in one
    /// transaction; returns how many rows were written.
    pub fn upsert_users(
        &self,
        tenant: TenantId,
        users: &[UserRecord],
    ) -> Result<usize, CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        load_tenant(&tx, tenant)?;
        let written = write_users(&tx, tenant, users)?;
        tx.commit()?;
        Ok(written)
    }

    /// Makes `users` the tenant's whole user list in one transaction: every record is
    /// upserted (rows whose values are unchanged are left as they are) and every cached
    /// user it does not list is deleted. Readers see either the previous snapshot or the
    /// new one, never a mix; on error nothing changes.
    pub fn replace_users(
        &self,
        tenant: TenantId,
        users: &[UserRecord],
    ) -> Result<ReplaceOutcome, CacheError> {
        self.bulk_transaction(|tx| replace_users_in(tx, tenant, users))
    }

    /// Runs `work` in one transaction with the larger page cache of a bulk write; on
    /// error nothing of it is committed.
    pub(crate) fn bulk_transaction<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, CacheError>,
    ) -> Result<T, CacheError> {
        let mut conn = self.conn();
        with_bulk_cache(&mut conn, |conn| {
            let tx = conn.transaction()?;
            let value = work(&tx)?;
            tx.commit()?;
            Ok(value)
        })
    }

    /// One cached user by Entra object id, through the UNIQUE (tenant_id, object_id)
    /// index.
    pub fn user(&self, tenant: TenantId, object_id: &str) -> Result<CachedUser, CacheError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.tenant_id = ?1 AND u.object_id = ?2"
        ))?;
        stmt.query_row(rusqlite::params![tenant.get(), object_id], user_from_row)
            .optional()?
            .ok_or_else(|| CacheError::NotFound {
                what: format!("User {object_id}"),
            })
    }

    /// Removes users that left the tenant (e.g. Graph delta `@removed`); returns how
    /// many were cached. Unknown ids are ignored.
    pub fn remove_users(&self, tenant: TenantId, object_ids: &[&str]) -> Result<usize, CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        load_tenant(&tx, tenant)?;
        let removed = delete_users(&tx, tenant, object_ids)?;
        tx.commit()?;
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_tenant::cache_with_tenant;

    #[test]
    fn phone_digits_drop_scheme_plus_and_extension() {
        assert_eq!(
            phone_digits(Some("tel:+442079460018;ext=12")),
            "442079460018"
        );
        assert_eq!(phone_digits(Some("TEL:+1 (206) 555-0100")), "12065550100");
        assert_eq!(phone_digits(Some("+31255561")), "31255561");
        assert_eq!(phone_digits(None), "");
        assert_eq!(reversed("123"), "321");
    }

    fn record(object_id: &str, display_name: &str) -> UserRecord {
        UserRecord {
            object_id: object_id.into(),
            upn: format!("{object_id}@acme.com"),
            display_name: display_name.into(),
            department: Some("Sales".into()),
            account_enabled: true,
            ..UserRecord::default()
        }
    }

    fn stored(cache: &Cache, tenant: TenantId, object_id: &str) -> CachedUser {
        cache.user(tenant, object_id).unwrap()
    }

    #[test]
    fn a_repeated_snapshot_rewrites_only_the_rows_that_changed() {
        let (cache, tenant) = cache_with_tenant("acme");
        let mut snapshot = vec![record("u1", "Ann"), record("u2", "Bob"), record("u3", "Cy")];
        cache.replace_users(tenant, &snapshot).unwrap();
        let before: Vec<CachedUser> = ["u1", "u2", "u3"]
            .iter()
            .map(|id| stored(&cache, tenant, id))
            .collect();
        // synced_at has millisecond precision: a rewrite now gets a later stamp.
        std::thread::sleep(std::time::Duration::from_millis(5));
        snapshot[1].department = Some("Support".into());
        snapshot[2].upn = "U3@ACME.COM".into();

        let outcome = cache.replace_users(tenant, &snapshot).unwrap();

        assert_eq!(
            outcome,
            ReplaceOutcome {
                written: 3,
                removed: 0
            }
        );
        let unchanged = stored(&cache, tenant, "u1");
        assert_eq!(unchanged, before[0], "an unchanged row is left as it was");
        let moved = stored(&cache, tenant, "u2");
        assert_eq!(moved.record, snapshot[1]);
        assert!(moved.synced_at > before[1].synced_at);
        let recased = stored(&cache, tenant, "u3");
        assert_eq!(
            recased.record.upn, "U3@ACME.COM",
            "a change of case alone is written despite the NOCASE column"
        );
        assert!(recased.synced_at > before[2].synced_at);
        assert_eq!(
            recased.id, before[2].id,
            "updated in place, not re-inserted"
        );
    }

    #[test]
    fn a_user_listed_twice_in_a_snapshot_is_stored_once_as_listed_last() {
        let (cache, tenant) = cache_with_tenant("acme");
        let first = record("u1", "Zed Old Name");
        let last = record("u1", "Ann New Name");
        let outcome = cache
            .replace_users(tenant, &[first, record("u2", "Bob"), last.clone()])
            .unwrap();
        assert_eq!(
            outcome,
            ReplaceOutcome {
                written: 2,
                removed: 0
            }
        );
        assert_eq!(stored(&cache, tenant, "u1").record, last);
    }

    #[test]
    fn a_snapshot_write_gives_its_page_cache_back_even_when_it_fails() {
        let (cache, tenant) = cache_with_tenant("acme");
        let cache_size = |cache: &Cache| -> i64 {
            cache
                .conn()
                .pragma_query_value(None, "cache_size", |row| row.get(0))
                .unwrap()
        };
        let normal = cache_size(&cache);
        assert_ne!(normal, -BULK_CACHE_KIB);
        cache.replace_users(tenant, &[record("u1", "Ann")]).unwrap();
        assert_eq!(cache_size(&cache), normal);
        cache
            .replace_users(tenant, &[record("", "No Id")])
            .unwrap_err();
        assert_eq!(cache_size(&cache), normal);
        assert_eq!(stored(&cache, tenant, "u1").record, record("u1", "Ann"));
    }

    #[test]
    fn snapshots_are_written_in_case_folded_name_order() {
        let users = [
            record("u1", "bob"),
            record("u2", "Ann"),
            record("u3", "Cy"),
            record("u4", "ann"),
        ];
        let order: Vec<&str> = write_order(&users)
            .iter()
            .map(|u| u.object_id.as_str())
            .collect();
        assert_eq!(order, ["u2", "u4", "u1", "u3"]);
    }
}
