//! Invitations sent to customer admins: who was invited for which customer, when the
//! mail went out, until when it is valid and what became of it.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use switchboard_domain::{TenantId, UnknownVariant};
use ts_rs::TS;

use crate::sql_values::{parsed, time, time_opt, time_text};
use crate::tenants::load_tenant;
use crate::{Cache, CacheError};

/// Row id of an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "number")]
pub struct InvitationRowId(i64);

impl InvitationRowId {
    pub fn new(id: i64) -> Self {
        Self(id)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for InvitationRowId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where an invitation stands. Only `Pending`, `Authenticated` and `Revoked` are
/// stored; `Expired` is a pending invitation past its expiry time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum InvitationStatus {
    Pending,
    Authenticated,
    Expired,
    Revoked,
}

impl InvitationStatus {
    const STORED: [InvitationStatus; 3] = [Self::Pending, Self::Authenticated, Self::Revoked];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Authenticated => "authenticated",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }
}

impl FromStr for InvitationStatus {
    type Err = UnknownVariant;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::STORED
            .into_iter()
            .find(|status| status.as_str() == text)
            .ok_or_else(|| UnknownVariant {
                kind: "InvitationStatus",
                value: text.to_owned(),
            })
    }
}

/// An invitation whose mail has just been sent; recorded only after sending worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub tenant_id: TenantId,
    pub admin_email: String,
    /// The random id quoted in the mail.
    pub invitation_id: String,
    pub sent_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: InvitationRowId,
    pub tenant_id: TenantId,
    pub short_name: String,
    pub admin_email: String,
    pub invitation_id: String,
    /// The stored status; see [`Invitation::status_at`] for what to show.
    pub stored_status: InvitationStatus,
    pub resend_count: u32,
    pub created_at: DateTime<Utc>,
    pub sent_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl Invitation {
    /// Resending and revoking need a pending (possibly expired) invitation; `action`
    /// completes "cannot be …" in the message.
    pub fn ensure_pending(&self, now: DateTime<Utc>, action: &str) -> Result<(), CacheError> {
        if self.stored_status == InvitationStatus::Pending {
            return Ok(());
        }
        Err(CacheError::Conflict {
            field: "status".into(),
            message: format!(
                "The invitation for {} is {} and cannot be {action}.",
                self.admin_email,
                self.status_at(now).as_str()
            ),
        })
    }

    /// The status at `now`: a pending invitation past its expiry has expired.
    pub fn status_at(&self, now: DateTime<Utc>) -> InvitationStatus {
        match self.stored_status {
            InvitationStatus::Pending if now >= self.expires_at => InvitationStatus::Expired,
            stored => stored,
        }
    }
}

const COLUMNS: &str = "i.id, i.tenant_id, t.short_name, i.admin_email, i.invitation_id, i.status,
    i.resend_count, i.created_at, i.sent_at, i.expires_at, i.decided_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Invitation> {
    Ok(Invitation {
        id: InvitationRowId(row.get(0)?),
        tenant_id: TenantId::new(row.get(1)?),
        short_name: row.get(2)?,
        admin_email: row.get(3)?,
        invitation_id: row.get(4)?,
        stored_status: parsed(row, 5)?,
        resend_count: row.get(6)?,
        created_at: time(row, 7)?,
        sent_at: time(row, 8)?,
        expires_at: time(row, 9)?,
        decided_at: time_opt(row, 10)?,
    })
}

fn load(conn: &Connection, id: InvitationRowId) -> Result<Invitation, CacheError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM customer_invitations i JOIN tenants t ON t.id = i.tenant_id
         WHERE i.id = ?1"
    );
    conn.query_row(&sql, [id.0], from_row)
        .optional()?
        .ok_or_else(|| CacheError::NotFound {
            what: format!("Invitation {id}"),
        })
}

impl Cache {
    /// Records a sent invitation; the customer must exist.
    pub fn insert_invitation(&self, new: &NewInvitation) -> Result<Invitation, CacheError> {
        let conn = self.conn();
        load_tenant(&conn, new.tenant_id)?;
        conn.execute(
            "INSERT INTO customer_invitations
                (tenant_id, admin_email, invitation_id, created_at, sent_at, expires_at)
             VALUES (:tenant, :email, :invitation, :sent, :sent, :expires)",
            named_params! {
                ":tenant": new.tenant_id.get(),
                ":email": new.admin_email,
                ":invitation": new.invitation_id,
                ":sent": time_text(new.sent_at),
                ":expires": time_text(new.expires_at),
            },
        )?;
        load(&conn, InvitationRowId(conn.last_insert_rowid()))
    }

    pub fn invitation(&self, id: InvitationRowId) -> Result<Invitation, CacheError> {
        load(&self.conn(), id)
    }

    /// Every invitation, newest first.
    pub fn list_invitations(&self) -> Result<Vec<Invitation>, CacheError> {
        let conn = self.conn();
        let sql = format!(
            "SELECT {COLUMNS} FROM customer_invitations i JOIN tenants t ON t.id = i.tenant_id
             ORDER BY i.created_at DESC, i.id DESC"
        );
        let mut statement = conn.prepare(&sql)?;
        let rows = statement.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records that the mail was sent again with a new expiry. Pending and expired
    /// invitations can be resent; authenticated and revoked ones cannot.
    pub fn record_resend(
        &self,
        id: InvitationRowId,
        sent_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<Invitation, CacheError> {
        let conn = self.conn();
        load(&conn, id)?.ensure_pending(sent_at, "resent")?;
        conn.execute(
            "UPDATE customer_invitations
             SET sent_at = ?2, expires_at = ?3, resend_count = resend_count + 1
             WHERE id = ?1",
            rusqlite::params![id.0, time_text(sent_at), time_text(expires_at)],
        )?;
        load(&conn, id)
    }

    /// Revokes a pending (or expired) invitation.
    pub fn revoke_invitation(
        &self,
        id: InvitationRowId,
        now: DateTime<Utc>,
    ) -> Result<Invitation, CacheError> {
        let conn = self.conn();
        load(&conn, id)?.ensure_pending(now, "revoked")?;
        conn.execute(
            "UPDATE customer_invitations SET status = 'revoked', decided_at = ?2 WHERE id = ?1",
            rusqlite::params![id.0, time_text(now)],
        )?;
        load(&conn, id)
    }

    /// The customer's admin signed in: every invitation of that customer still valid at
    /// `now` becomes authenticated. Returns how many changed.
    pub fn authenticate_invitations(
        &self,
        tenant: TenantId,
        now: DateTime<Utc>,
    ) -> Result<usize, CacheError> {
        let now = time_text(now);
        Ok(self.conn().execute(
            "UPDATE customer_invitations SET status = 'authenticated', decided_at = ?2
             WHERE tenant_id = ?1 AND status = 'pending' AND expires_at > ?2",
            rusqlite::params![tenant.get(), now],
        )?)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::test_tenant::cache_with_tenant;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap()
    }

    fn new(tenant: TenantId, invitation_id: &str, sent: DateTime<Utc>) -> NewInvitation {
        NewInvitation {
            tenant_id: tenant,
            admin_email: "admin@contoso.example".into(),
            invitation_id: invitation_id.into(),
            sent_at: sent,
            expires_at: sent + Duration::days(7),
        }
    }

    #[test]
    fn inserted_invitations_read_back_pending_and_expire_after_their_time() {
        let (cache, tenant) = cache_with_tenant("contoso");
        let stored = cache
            .insert_invitation(&new(tenant, "inv-1", at(1)))
            .unwrap();
        assert_eq!(stored.short_name, "contoso");
        assert_eq!(stored.created_at, at(1));
        assert_eq!(stored.expires_at, at(8));
        assert_eq!(stored.resend_count, 0);
        assert_eq!(stored.status_at(at(7)), InvitationStatus::Pending);
        assert_eq!(stored.status_at(at(8)), InvitationStatus::Expired);
        assert_eq!(cache.list_invitations().unwrap(), vec![stored]);
    }

    #[test]
    fn an_unknown_customer_is_refused_and_nothing_is_stored() {
        let (cache, _) = cache_with_tenant("contoso");
        let err = cache
            .insert_invitation(&new(TenantId::new(99), "inv-1", at(1)))
            .unwrap_err();
        assert!(matches!(err, CacheError::NotFound { .. }), "{err:?}");
        assert!(cache.list_invitations().unwrap().is_empty());
    }

    #[test]
    fn resending_moves_the_expiry_and_counts_even_after_expiry() {
        let (cache, tenant) = cache_with_tenant("contoso");
        let id = cache
            .insert_invitation(&new(tenant, "inv-1", at(1)))
            .unwrap()
            .id;
        let resent = cache.record_resend(id, at(10), at(17)).unwrap();
        assert_eq!(resent.resend_count, 1);
        assert_eq!(resent.sent_at, at(10));
        assert_eq!(resent.created_at, at(1));
        assert_eq!(resent.status_at(at(11)), InvitationStatus::Pending);
    }

    #[test]
    fn revoked_invitations_cannot_be_resent_or_revoked_again() {
        let (cache, tenant) = cache_with_tenant("contoso");
        let id = cache
            .insert_invitation(&new(tenant, "inv-1", at(1)))
            .unwrap()
            .id;
        let revoked = cache.revoke_invitation(id, at(2)).unwrap();
        assert_eq!(revoked.status_at(at(3)), InvitationStatus::Revoked);
        assert_eq!(revoked.decided_at, Some(at(2)));
        for err in [
            cache.record_resend(id, at(3), at(10)).unwrap_err(),
            cache.revoke_invitation(id, at(3)).unwrap_err(),
        ] {
            assert!(matches!(err, CacheError::Conflict { .. }), "{err:?}");
        }
        assert_eq!(cache.invitation(id).unwrap(), revoked);
    }

    #[test]
    fn a_sign_in_authenticates_only_the_customers_valid_invitations() {
        let (cache, tenant) = cache_with_tenant("contoso");
        let valid = cache
            .insert_invitation(&new(tenant, "inv-1", at(5)))
            .unwrap()
            .id;
        let expired = cache
            .insert_invitation(&new(tenant, "inv-2", at(1)))
            .unwrap()
            .id;
        let revoked = cache
            .insert_invitation(&new(tenant, "inv-3", at(5)))
            .unwrap()
            .id;
        cache.revoke_invitation(revoked, at(6)).unwrap();
        assert_eq!(cache.authenticate_invitations(tenant, at(9)).unwrap(), 1);
        let status = |id| cache.invitation(id).unwrap().status_at(at(9));
        assert_eq!(status(valid), InvitationStatus::Authenticated);
        assert_eq!(status(expired), InvitationStatus::Expired);
        assert_eq!(status(revoked), InvitationStatus::Revoked);
        assert_eq!(
            cache
                .authenticate_invitations(TenantId::new(99), at(9))
                .unwrap(),
            0
        );
    }

    #[test]
    fn invitation_ids_are_unique() {
        let (cache, tenant) = cache_with_tenant("contoso");
        cache
            .insert_invitation(&new(tenant, "inv-1", at(1)))
            .unwrap();
        assert!(cache
            .insert_invitation(&new(tenant, "inv-1", at(2)))
            .is_err());
        assert_eq!(cache.list_invitations().unwrap().len(), 1);
    }
}
