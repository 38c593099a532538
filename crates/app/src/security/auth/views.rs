//! What the Security screens show and send: each tenant's sign-in state, the progress
//! of a "verify all", a device-code sign-in in progress, and app registrations.
//! Only the app registration form carries a secret, on its way to the keychain; no type
//! here carries a token.

use serde::{Deserialize, Serialize};
use switchboard_domain::{AuthMethod, AuthStatus, TenantId};
use switchboard_secrets::SecretString;
use ts_rs::TS;

use crate::security::auth::capabilities::ConnectionCapabilities;

/// One row of the Authentication Status table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantAuthRow {
    pub tenant_id: TenantId,
    pub short_name: String,
    pub full_name: String,
    pub method: AuthMethod,
    pub status: AuthStatus,
    /// The app registration's client id that signs in (by secret or by device code).
    pub client_id: Option<String>,
    /// When the access token obtained by the last verification stops being valid (RFC 3339).
    pub valid_until: Option<String>,
    /// When the sign-in was last checked (RFC 3339).
    pub verified_at: Option<String>,
    pub has_client_secret: bool,
    pub has_refresh_token: bool,
    /// The last verification's message this session, e.g. why it failed.
    pub last_message: Option<String>,
    /// What the last successful verification this session found the connection can do.
    pub capabilities: Option<ConnectionCapabilities>,
}

/// Where one tenant stands in a "verify all" run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum VerifyOutcome {
    Waiting,
    Running,
    Ok,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantVerification {
    pub tenant_id: TenantId,
    pub short_name: String,
    pub outcome: VerifyOutcome,
    /// What Microsoft said, in a sentence a person can act on (set once finished).
    pub message: Option<String>,
}

/// The progress list of the latest "verify all" (empty before the first one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerificationStatus {
    pub running: bool,
    pub tenants: Vec<TenantVerification>,
}

/// What the device-code dialog shows while the admin signs in elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCodePromptView {
    pub tenant_id: TenantId,
    pub user_code: String,
    pub verification_uri: String,
    pub expires_in_secs: u32,
    pub interval_secs: u32,
    /// Sandbox mode only: the demo admin account that may approve the code on the
    /// emulator's sign-in page.
    pub sandbox_admin: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DeviceCodeState {
    Pending,
    Approved,
    Declined,
    Expired,
    Cancelled,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCodeStatus {
    pub tenant_id: TenantId,
    pub state: DeviceCodeState,
    /// What happened, once the sign-in has ended.
    pub message: Option<String>,
}

/// A tenant's app registration as shown: the secret is write-only, so only whether one
/// is stored comes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppRegistrationView {
    pub tenant_id: TenantId,
    pub short_name: String,
    pub client_id: Option<String>,
    pub has_client_secret: bool,
    pub redirect_uri: Option<String>,
}

/// The App registrations form. An empty or missing `clientSecret` keeps the stored one.
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppRegistrationInput {
    pub tenant_id: TenantId,
    pub client_id: String,
    // A `SecretString`, so that `Debug` (logs, panic messages) shows it redacted.
    #[ts(optional, type = "string")]
    pub client_secret: Option<SecretString>,
    #[ts(optional)]
    pub redirect_uri: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_client_secret() {
        let input: AppRegistrationInput = serde_json::from_value(serde_json::json!({
            "tenantId": 1,
            "clientId": "1b2c3d4e-0000-4000-8000-00000000abcd",
            "clientSecret": "Abc8Q~client-secret-value",
        }))
        .unwrap();
        let shown = format!("{input:?}");
        assert!(
            shown.contains("1b2c3d4e"),
            "the other fields still show: {shown}"
        );
        assert!(!shown.contains("client-secret-value"), "{shown}");
    }
}
