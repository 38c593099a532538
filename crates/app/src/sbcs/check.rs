//! One status check of one SBC, shared by "Test connection" (which waits for it) and the
//! list's background check (which runs several at once): plan it from the cache while on
//! the command's thread, ask the device on the services runtime, record the outcome.

use chrono::Utc;
use switchboard_cache::{Cache, SbcConnectionStatus, SbcCounts, SbcDevice};
use switchboard_sbc::{probe_certificate, SbcClient, SbcError, TlsFailure};

use crate::context::AppContext;
use crate::error::ApiError;
use crate::sbcs::connection::client_for;
use crate::sbcs::facts::device_facts;
use crate::sbcs::views::{SbcCheckResult, SbcRow};

/// A device and the client to ask it with, or why no client could be made.
pub(crate) struct PlannedCheck {
    pub device: SbcDevice,
    client: Result<SbcClient, CheckFailure>,
}

/// What the device said, with its alarm and SIP account counts when it gave them.
pub(crate) struct LiveCheck {
    message: String,
    save_needed: bool,
    counts: SbcCounts,
}

pub(crate) struct CheckFailure {
    message: String,
    certificate: Option<String>,
}

impl CheckFailure {
    fn message(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            certificate: None,
        }
    }
}

impl AppContext {
    /// The client for `device` with its stored password (nothing is sent yet).
    pub(crate) fn plan_sbc_check(&self, device: SbcDevice) -> Result<PlannedCheck, ApiError> {
        let client = match self.remote().sbc_password(&device) {
            Some(password) => client_for(&device, password)
                .map_err(|error| CheckFailure::message(error.user_message())),
            None => Err(CheckFailure::message(
                "No password is stored for this SBC. Edit it and enter the admin password.",
            )),
        };
        Ok(PlannedCheck { device, client })
    }
}

impl PlannedCheck {
    /// Asks the device. A failure to connect is an answer, not an error.
    pub(crate) async fn run(&self) -> Result<LiveCheck, CheckFailure> {
        let client = self.client.as_ref().map_err(|failure| CheckFailure {
            message: failure.message.clone(),
            certificate: None,
        })?;
        match client.status().await {
            Ok(status) => Ok(LiveCheck {
                message: format!(
                    "Connected to {} (version {}).",
                    status.product_type, status.version_id
                ),
                save_needed: status.save_needed,
                counts: device_facts(client).await,
            }),
            Err(error) => Err(CheckFailure {
                certificate: self.presented_certificate(&error).await,
                message: error.user_message(),
            }),
        }
    }

    /// The certificate the device presented, when the check failed because it is not
    /// the trusted one: shown to the user before they choose to trust it.
    async fn presented_certificate(&self, error: &SbcError) -> Option<String> {
        let SbcError::Tls {
            kind: TlsFailure::Untrusted | TlsFailure::PinMismatch,
            ..
        } = error
        else {
            return None;
        };
        let fields = &self.device.fields;
        probe_certificate(&fields.host, fields.port)
            .await
            .ok()
            .map(|info| info.sha256.to_string())
    }

    /// Stores the outcome on the device (counts it gave replace the last known ones; a
    /// failure keeps them) and says what happened.
    pub(crate) fn record(
        &self,
        cache: &Cache,
        outcome: Result<LiveCheck, CheckFailure>,
    ) -> Result<SbcCheckResult, ApiError> {
        let device = &self.device;
        let (status, message, save_needed, untrusted_certificate, counts) = match outcome {
            Ok(live) => (
                SbcConnectionStatus::Connected,
                live.message,
                live.save_needed,
                None,
                live.counts,
            ),
            Err(failure) => (
                SbcConnectionStatus::Failed,
                failure.message,
                device.save_needed,
                failure.certificate,
                SbcCounts::default(),
            ),
        };
        let recorded =
            cache.record_sbc_check(device.id, status, Utc::now(), save_needed, counts)?;
        tracing::info!(sbc = %device.id, status = status.as_str(), "SBC connection checked");
        let sbc = SbcRow::from(recorded);
        Ok(SbcCheckResult {
            status,
            message,
            // As stored (milliseconds), so it equals the row's time.
            checked_at: sbc.last_checked_at.clone().unwrap_or_default(),
            save_needed,
            untrusted_certificate,
            active_alarms: counts.active_alarms,
            sip_users: counts.sip_users,
            sbc,
        })
    }
}
