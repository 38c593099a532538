//! Cached Microsoft 365 / Teams users and their bulk upsert from a sync run.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{named_params, OptionalExtension, Row, Transaction};
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
    /// Records inserted or updated.
    pub written: usize,
    /// Cached users deleted because the snapshot no longer lists them.
    pub removed: usize,
}

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
        synced_at = excluded.synced_at";

/// Upserts every record inside the caller's transaction. A record without an object id
/// fails the whole call: it could never be matched again by a later sync or removal.
fn write_users(
    tx: &Transaction<'_>,
    tenant: TenantId,
    users: &[UserRecord],
) -> Result<usize, CacheError> {
    let synced_at = now_text();
    let mut stmt = tx.prepare(UPSERT_USER)?;
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
    }
    Ok(users.len())
}

/// Deletes the tenant's users whose object id is not in `keep`, inside the caller's
/// transaction. The ids go through a connection-private temp table so the delete is one
/// indexed statement however large the tenant is.
fn delete_users_not_in(
    tx: &Transaction<'_>,
    tenant: TenantId,
    keep: &[UserRecord],
) -> Result<usize, CacheError> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS replace_keep (object_id TEXT PRIMARY KEY) WITHOUT ROWID;
         DELETE FROM temp.replace_keep;",
    )?;
    {
        let mut stmt = tx.prepare("INSERT OR IGNORE INTO temp.replace_keep VALUES (?1)")?;
        for u in keep {
            stmt.execute([&u.object_id])?;
        }
    }
    let removed = tx.execute(
        "DELETE FROM users WHERE tenant_id = ?1
           AND object_id NOT IN (SELECT object_id FROM temp.replace_keep)",
        [tenant.get()],
    )?;
    tx.execute("DELETE FROM temp.replace_keep", [])?;
    Ok(removed)
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
    /// upserted and every cached user it does not list is deleted. Readers see either the
    /// previous snapshot or the new one, never a mix; on error nothing changes.
    pub fn replace_users(
        &self,
        tenant: TenantId,
        users: &[UserRecord],
    ) -> Result<ReplaceOutcome, CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        load_tenant(&tx, tenant)?;
        let written = write_users(&tx, tenant, users)?;
        let removed = delete_users_not_in(&tx, tenant, users)?;
        tx.commit()?;
        Ok(ReplaceOutcome { written, removed })
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
        let mut removed = 0;
        {
            let mut stmt =
                tx.prepare("DELETE FROM users WHERE tenant_id = ?1 AND object_id = ?2")?;
            for object_id in object_ids {
                removed += stmt.execute(rusqlite::params![tenant.get(), object_id])?;
            }
        }
        tx.commit()?;
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
