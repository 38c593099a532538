//! SBC devices repository: the AudioCodes SBCs Switchboard manages, with the result of
//! the last connection check. Passwords are never stored here, only the opaque
//! reference to the secrets store.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use switchboard_domain::{confirmed_for, DomainError, UnknownVariant};
use ts_rs::TS;

use crate::sql_values::{now_text, parsed, time_opt, time_text};
use crate::tenants::is_constraint;
use crate::{Cache, CacheError};

/// Longest SBC name accepted (the name is shown in narrow table columns and menus).
pub const MAX_SBC_NAME_CHARS: usize = 64;

/// Local row id of an SBC in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "number")]
pub struct SbcId(i64);

impl SbcId {
    pub fn new(id: i64) -> Self {
        Self(id)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for SbcId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The outcome of the last "test connection" (or `Unknown` before the first one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SbcConnectionStatus {
    Unknown,
    Connected,
    Failed,
}

impl SbcConnectionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Connected => "connected",
            Self::Failed => "failed",
        }
    }
}

impl FromStr for SbcConnectionStatus {
    type Err = UnknownVariant;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [Self::Unknown, Self::Connected, Self::Failed]
            .into_iter()
            .find(|status| status.as_str() == text)
            .ok_or_else(|| UnknownVariant {
                kind: "SbcConnectionStatus",
                value: text.to_owned(),
            })
    }
}

/// What the user describes about a device; shared by create, update, the stored device
/// and the form and table views built on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SbcFields {
    pub name: String,
    /// Management IP address or FQDN.
    pub host: String,
    pub device_fqdn: Option<String>,
    /// `None` means the scheme's default port.
    pub port: Option<u16>,
    pub https: bool,
    pub nat_ip: Option<String>,
    pub admin_user: String,
    /// The host for which the user confirmed sending the admin password over plain
    /// HTTP. It covers only that exact host: stored only when it names `host`, and a
    /// device moved to another host loses it.
    #[serde(default)]
    pub plain_http_confirmed_for: Option<String>,
}

impl SbcFields {
    /// Every problem with the fields, one per field, so a form can mark them all.
    /// Uniqueness of the name needs the database and is checked on save.
    pub fn validate(&self) -> Vec<DomainError> {
        let mut problems = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            problems.push(DomainError::new(
                "name",
                "empty",
                "Enter a name for the SBC.",
            ));
        } else if name.chars().count() > MAX_SBC_NAME_CHARS {
            problems.push(DomainError::new(
                "name",
                "tooLong",
                format!("The SBC name can be at most {MAX_SBC_NAME_CHARS} characters."),
            ));
        }
        if self.host.trim().is_empty() {
            problems.push(DomainError::new(
                "host",
                "empty",
                "Enter the SBC's management IP address or FQDN.",
            ));
        }
        if self.port == Some(0) {
            problems.push(DomainError::new(
                "port",
                "outOfRange",
                "The port must be between 1 and 65535.",
            ));
        }
        problems
    }

    /// The confirmation to store: only one that names this very host.
    fn plain_http_confirmation(&self) -> Option<&str> {
        let confirmed = self.plain_http_confirmed_for.as_deref()?;
        confirmed_for(Some(confirmed), &self.host).then(|| self.host.trim())
    }

    fn checked(&self) -> Result<(), CacheError> {
        match self.validate().into_iter().next() {
            Some(problem) => Err(problem.into()),
            None => Ok(()),
        }
    }
}

/// What a device said about itself beyond its status; `None` when it did not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SbcCounts {
    /// SIP accounts in the running configuration (the registered SIP users).
    pub sip_users: Option<u32>,
    pub active_alarms: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSbc {
    pub fields: SbcFields,
    /// The secrets-store reference of the admin password.
    pub password_ref: Option<String>,
    /// Upper-case hex pairs joined by `:`.
    pub pinned_cert_sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SbcUpdate {
    pub fields: SbcFields,
    /// `None` keeps the stored reference (the password was not changed).
    pub password_ref: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SbcDevice {
    pub id: SbcId,
    pub fields: SbcFields,
    pub password_ref: Option<String>,
    pub pinned_cert_sha256: Option<String>,
    pub connection_status: SbcConnectionStatus,
    pub last_checked_at: Option<DateTime<Utc>>,
    pub save_needed: bool,
    /// Site locations whose calls this SBC carries.
    pub sites_count: u32,
    /// The last counts the device gave, kept when later checks fail.
    pub last_counts: SbcCounts,
    /// When `last_counts` were read.
    pub counts_read_at: Option<DateTime<Utc>>,
}

const SBC_SELECT: &str = "SELECT s.id, s.name, s.host, s.device_fqdn, s.port, s.https, s.nat_ip,
        s.admin_user, s.password_ref, s.pinned_cert_sha256, s.connection_status,
        s.last_checked_at, s.save_needed,
        (SELECT COUNT(*) FROM site_locations l WHERE l.sbc_device_id = s.id),
        s.plain_http_confirmed_host, s.sip_users, s.active_alarms, s.counts_read_at
    FROM sbc_devices s";

fn sbc_from_row(row: &Row<'_>) -> rusqlite::Result<SbcDevice> {
    Ok(SbcDevice {
        id: SbcId::new(row.get(0)?),
        fields: SbcFields {
            name: row.get(1)?,
            host: row.get(2)?,
            device_fqdn: row.get(3)?,
            port: row.get(4)?,
            https: row.get(5)?,
            nat_ip: row.get(6)?,
            admin_user: row.get::<_, Option<String>>(7)?.unwrap_or_default(),
            plain_http_confirmed_for: row.get(14)?,
        },
        password_ref: row.get(8)?,
        pinned_cert_sha256: row.get(9)?,
        connection_status: parsed(row, 10)?,
        last_checked_at: time_opt(row, 11)?,
        save_needed: row.get(12)?,
        sites_count: row.get(13)?,
        last_counts: SbcCounts {
            sip_users: row.get(15)?,
            active_alarms: row.get(16)?,
        },
        counts_read_at: time_opt(row, 17)?,
    })
}

fn sbc_not_found(id: SbcId) -> CacheError {
    CacheError::NotFound {
        what: format!("SBC {id}"),
    }
}

fn load_sbc(conn: &Connection, id: SbcId) -> Result<SbcDevice, CacheError> {
    conn.query_row(
        &format!("{SBC_SELECT} WHERE s.id = ?1"),
        [id.get()],
        sbc_from_row,
    )
    .optional()?
    .ok_or_else(|| sbc_not_found(id))
}

/// Trims optional text and turns blank into `None`.
fn optional(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// A duplicate name surfaces as a conflict on the `name` field; the column is
/// `COLLATE NOCASE UNIQUE`, so "Sbc1" and "SBC1" collide.
fn name_conflict(fields: &SbcFields) -> CacheError {
    CacheError::Conflict {
        field: "name".to_owned(),
        message: format!("An SBC named '{}' already exists.", fields.name.trim()),
    }
}

fn ensure_changed(changed: usize, id: SbcId) -> Result<(), CacheError> {
    if changed == 0 {
        return Err(sbc_not_found(id));
    }
    Ok(())
}

impl Cache {
    pub fn create_sbc(&self, new: &NewSbc) -> Result<SbcDevice, CacheError> {
        new.fields.checked()?;
        let f = &new.fields;
        let conn = self.conn();
        let inserted = conn.execute(
            "INSERT INTO sbc_devices (name, host, device_fqdn, nat_ip, https, port, admin_user,
                                      password_ref, pinned_cert_sha256, plain_http_confirmed_host,
                                      created_at, updated_at)
             VALUES (:name, :host, :fqdn, :nat, :https, :port, :user, :password, :pin, :plain,
                     :now, :now)",
            named_params! {
                ":name": f.name.trim(),
                ":host": f.host.trim(),
                ":fqdn": optional(&f.device_fqdn),
                ":nat": optional(&f.nat_ip),
                ":https": f.https,
                ":port": f.port,
                ":user": f.admin_user.trim(),
                ":password": new.password_ref,
                ":pin": new.pinned_cert_sha256,
                ":plain": f.plain_http_confirmation(),
                ":now": now_text(),
            },
        );
        match inserted {
            Ok(_) => load_sbc(&conn, SbcId::new(conn.last_insert_rowid())),
            Err(e) if is_constraint(&e, rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE) => {
                Err(name_conflict(f))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Every SBC, ordered by name.
    pub fn list_sbcs(&self) -> Result<Vec<SbcDevice>, CacheError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!("{SBC_SELECT} ORDER BY s.name, s.id"))?;
        let rows = stmt.query_map([], sbc_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn sbc(&self, id: SbcId) -> Result<SbcDevice, CacheError> {
        load_sbc(&self.conn(), id)
    }

    /// Changes the device's description. Moving it to another address forgets the
    /// pinned certificate and the last check, which belonged to the old address; the
    /// plain-HTTP confirmation is kept only when it names the (new) host. The last
    /// counts stay, with their time, as the device's last known values.
    pub fn update_sbc(&self, id: SbcId, update: &SbcUpdate) -> Result<SbcDevice, CacheError> {
        update.fields.checked()?;
        let f = &update.fields;
        let conn = self.conn();
        let updated = conn.execute(
            "UPDATE sbc_devices SET
                name = :name, device_fqdn = :fqdn, nat_ip = :nat, admin_user = :user,
                password_ref = coalesce(:password, password_ref),
                plain_http_confirmed_host = :plain,
                pinned_cert_sha256 = CASE WHEN host = :host AND port IS :port AND https = :https
                    THEN pinned_cert_sha256 ELSE NULL END,
                connection_status = CASE WHEN host = :host AND port IS :port AND https = :https
                    THEN connection_status ELSE 'unknown' END,
                last_checked_at = CASE WHEN host = :host AND port IS :port AND https = :https
                    THEN last_checked_at ELSE NULL END,
                host = :host, port = :port, https = :https, updated_at = :now
             WHERE id = :id",
            named_params! {
                ":id": id.get(),
                ":name": f.name.trim(),
                ":host": f.host.trim(),
                ":fqdn": optional(&f.device_fqdn),
                ":nat": optional(&f.nat_ip),
                ":https": f.https,
                ":port": f.port,
                ":user": f.admin_user.trim(),
                ":password": update.password_ref,
                ":plain": f.plain_http_confirmation(),
                ":now": now_text(),
            },
        );
        match updated {
            Ok(changed) => {
                ensure_changed(changed, id)?;
                load_sbc(&conn, id)
            }
            Err(e) if is_constraint(&e, rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE) => {
                Err(name_conflict(f))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Trusts exactly this certificate for the device (`None` returns to system trust).
    pub fn set_sbc_pin(
        &self,
        id: SbcId,
        fingerprint: Option<&str>,
    ) -> Result<SbcDevice, CacheError> {
        let conn = self.conn();
        let changed = conn.execute(
            "UPDATE sbc_devices SET pinned_cert_sha256 = ?1, updated_at = ?2 WHERE id = ?3",
            rusqlite::params![fingerprint, now_text(), id.get()],
        )?;
        ensure_changed(changed, id)?;
        load_sbc(&conn, id)
    }

    /// Deletes the device; its prefixes and tasks go with it, its sites stay without SBC.
    pub fn delete_sbc(&self, id: SbcId) -> Result<(), CacheError> {
        let deleted = self
            .conn()
            .execute("DELETE FROM sbc_devices WHERE id = ?1", [id.get()])?;
        ensure_changed(deleted, id)
    }

    /// Records a check. Counts the device gave replace the stored ones (and date them
    /// `checked_at`); unknown counts leave the last known ones as they were.
    pub fn record_sbc_check(
        &self,
        id: SbcId,
        status: SbcConnectionStatus,
        checked_at: DateTime<Utc>,
        save_needed: bool,
        counts: SbcCounts,
    ) -> Result<SbcDevice, CacheError> {
        let conn = self.conn();
        let changed = conn.execute(
            "UPDATE sbc_devices SET connection_status = :status, last_checked_at = :at,
                save_needed = :save_needed,
                sip_users = coalesce(:sip_users, sip_users),
                active_alarms = coalesce(:alarms, active_alarms),
                counts_read_at = CASE WHEN :sip_users IS NULL AND :alarms IS NULL
                    THEN counts_read_at ELSE :at END
             WHERE id = :id",
            named_params! {
                ":status": status.as_str(),
                ":at": time_text(checked_at),
                ":save_needed": save_needed,
                ":sip_users": counts.sip_users,
                ":alarms": counts.active_alarms,
                ":id": id.get(),
            },
        )?;
        ensure_changed(changed, id)?;
        load_sbc(&conn, id)
    }
}
