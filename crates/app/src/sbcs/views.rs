//! What the SBC commands take and return. The admin password only ever travels
//! towards the backend: no view carries it, not even masked.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use switchboard_cache::{SbcConnectionStatus, SbcDevice, SbcFields, SbcId};
use switchboard_domain::{confirmed_for, is_loopback_host};
use switchboard_secrets::{ExposeSecret, SecretString};

use crate::error::FieldError;

/// The add / edit form of an SBC.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SbcInput {
    #[serde(flatten)]
    pub fields: SbcFields,
    /// Write-only. On edit, empty keeps the stored password.
    // A `SecretString`, so that `Debug` (logs, panic messages) shows it redacted.
    #[ts(type = "string")]
    pub password: SecretString,
}

impl SbcInput {
    /// Every problem with the form; `new_device` also requires the credentials, which
    /// an edit may leave as they are.
    pub(crate) fn validate(&self, new_device: bool) -> Result<SbcFields, Vec<FieldError>> {
        let fields = self.fields.clone();
        let mut problems: Vec<FieldError> = fields.validate().into_iter().map(Into::into).collect();
        if fields.admin_user.trim().is_empty() {
            problems.push(field_error(
                "adminUser",
                "empty",
                "Enter the SBC's admin user name.",
            ));
        }
        if plain_http_unconfirmed(&fields) {
            problems.push(field_error(
                "https",
                "plainHttpUnconfirmed",
                &format!(
                    "Plain HTTP would send the admin password unencrypted to {}. Turn HTTPS on, or confirm plain HTTP for this host.",
                    fields.host.trim()
                ),
            ));
        }
        if new_device && self.password.expose_secret().is_empty() {
            problems.push(field_error(
                "password",
                "empty",
                "Enter the admin user's password.",
            ));
        }
        if problems.is_empty() {
            Ok(fields)
        } else {
            Err(problems)
        }
    }
}

/// Basic auth over plain HTTP to anything but loopback (where the sandbox runs) needs
/// the user's confirmation for this very host.
fn plain_http_unconfirmed(fields: &SbcFields) -> bool {
    !fields.https
        && !fields.host.trim().is_empty()
        && !is_loopback_host(&fields.host)
        && !confirmed_for(fields.plain_http_confirmed_for.as_deref(), &fields.host)
}

fn field_error(field: &str, code: &str, message: &str) -> FieldError {
    FieldError {
        field: field.to_owned(),
        code: format!("{field}.{code}"),
        message: message.to_owned(),
    }
}

/// One line of the SBCs table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SbcRow {
    pub id: SbcId,
    #[serde(flatten)]
    pub fields: SbcFields,
    /// Whether a password is stored (the password itself is never returned).
    pub has_password: bool,
    /// The trusted certificate's SHA-256, when the device's certificate is pinned.
    pub pinned_cert_sha256: Option<String>,
    pub connection_status: SbcConnectionStatus,
    /// RFC 3339.
    pub last_checked_at: Option<String>,
    pub save_needed: bool,
    pub sites_count: u32,
    /// The last SIP-user and alarm counts the device gave (kept when later checks
    /// fail), and when they were read (RFC 3339).
    pub sip_users: Option<u32>,
    pub active_alarms: Option<u32>,
    pub counts_read_at: Option<String>,
}

impl From<SbcDevice> for SbcRow {
    fn from(device: SbcDevice) -> Self {
        Self {
            id: device.id,
            fields: device.fields,
            has_password: device.password_ref.is_some(),
            pinned_cert_sha256: device.pinned_cert_sha256,
            connection_status: device.connection_status,
            last_checked_at: device.last_checked_at.map(|at| at.to_rfc3339()),
            save_needed: device.save_needed,
            sites_count: device.sites_count,
            sip_users: device.last_counts.sip_users,
            active_alarms: device.last_counts.active_alarms,
            counts_read_at: device.counts_read_at.map(|at| at.to_rfc3339()),
        }
    }
}

/// The answer of "Test connection".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SbcCheckResult {
    /// `connected` or `failed`.
    pub status: SbcConnectionStatus,
    /// What the device said (product and version) or why the check failed.
    pub message: String,
    /// RFC 3339.
    pub checked_at: String,
    pub save_needed: bool,
    /// The certificate the device presented, when the check failed because it is not
    /// trusted: shown to the user before they choose to trust it.
    pub untrusted_certificate: Option<String>,
    /// Active alarms on the device; `None` when it was not reached or did not say.
    pub active_alarms: Option<u32>,
    /// SIP accounts configured on the device; `None` when unknown.
    pub sip_users: Option<u32>,
    pub sbc: SbcRow,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The form arrives as one flat camelCase object, the shape of the generated binding.
    #[test]
    fn the_flat_form_reads_into_fields_and_password() {
        let input: SbcInput = serde_json::from_value(serde_json::json!({
            "name": "edge-1",
            "host": "192.0.2.10",
            "deviceFqdn": null,
            "port": 8443,
            "https": true,
            "natIp": "198.51.100.4",
            "adminUser": "Admin",
            "password": "s3cret",
        }))
        .unwrap();
        assert_eq!(input.fields.port, Some(8443));
        assert_eq!(input.fields.nat_ip.as_deref(), Some("198.51.100.4"));
        assert_eq!(input.password.expose_secret(), "s3cret");
        let too_large_port: Result<SbcInput, _> = serde_json::from_value(serde_json::json!({
            "name": "edge-1", "host": "h", "port": 70000, "https": true,
            "adminUser": "Admin", "password": "",
        }));
        assert!(too_large_port.is_err(), "a port above 65535 is refused");
    }

    #[test]
    fn debug_output_hides_the_password() {
        let input: SbcInput = serde_json::from_value(serde_json::json!({
            "name": "edge-1", "host": "192.0.2.10", "https": true,
            "adminUser": "Admin", "password": "s3cret-Admin-pw",
        }))
        .unwrap();
        let shown = format!("{input:?}");
        assert!(
            shown.contains("edge-1"),
            "the other fields still show: {shown}"
        );
        assert!(!shown.contains("s3cret-Admin-pw"), "{shown}");
    }
}
