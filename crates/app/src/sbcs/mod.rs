//! The SBC commands of `AppContext`: the device list, add / edit / delete with the
//! admin password kept in the secrets store, "Test connection" and certificate trust.

pub(crate) mod access;
pub(crate) mod alarms;
pub(crate) mod check;
pub(crate) mod connection;
pub(crate) mod detail_views;
pub(crate) mod facts;
pub(crate) mod import;
pub(crate) mod prefixes;
pub(crate) mod sites;
pub(crate) mod status_checks;
pub(crate) mod views;

use switchboard_cache::{NewSbc, SbcId, SbcUpdate};
use switchboard_sbc::Sha256Fingerprint;
use switchboard_secrets::{ExposeSecret, SecretRef};

use crate::context::AppContext;
use crate::error::{ApiError, FieldError};
use crate::sbcs::connection::wait_on;
use crate::sbcs::views::{SbcCheckResult, SbcInput, SbcRow};

impl AppContext {
    pub fn list_sbcs(&self) -> Result<Vec<SbcRow>, ApiError> {
        Ok(self
            .cache()
            .list_sbcs()?
            .into_iter()
            .map(SbcRow::from)
            .collect())
    }

    /// Adds a device; the password goes to the secrets store, the cache keeps its reference.
    pub fn add_sbc(&self, input: &SbcInput) -> Result<SbcRow, ApiError> {
        let fields = input.validate(true).map_err(ApiError::validation)?;
        let password_ref = self.secrets().create(&input.password)?;
        let new = NewSbc {
            fields,
            password_ref: Some(password_ref.to_string()),
            pinned_cert_sha256: None,
        };
        match self.cache().create_sbc(&new) {
            Ok(device) => {
                tracing::info!(sbc = %device.id, name = %device.fields.name, "SBC added");
                Ok(device.into())
            }
            Err(error) => {
                self.forget_password(Some(&password_ref.to_string()));
                Err(error.into())
            }
        }
    }

    /// Changes a device; an empty password keeps the stored one.
    pub fn update_sbc(&self, sbc_id: i64, input: &SbcInput) -> Result<SbcRow, ApiError> {
        let id = SbcId::new(sbc_id);
        let fields = input.validate(false).map_err(ApiError::validation)?;
        let before = self.cache().sbc(id)?;
        let new_ref = match input.password.expose_secret().is_empty() {
            true => None,
            false => Some(self.secrets().create(&input.password)?.to_string()),
        };
        match self.cache().update_sbc(
            id,
            &SbcUpdate {
                fields,
                password_ref: new_ref.clone(),
            },
        ) {
            Ok(device) => {
                if new_ref.is_some() {
                    self.forget_password(before.password_ref.as_deref());
                }
                tracing::info!(sbc = %device.id, name = %device.fields.name, "SBC changed");
                Ok(device.into())
            }
            Err(error) => {
                self.forget_password(new_ref.as_deref());
                Err(error.into())
            }
        }
    }

    pub fn delete_sbc(&self, sbc_id: i64) -> Result<(), ApiError> {
        let id = SbcId::new(sbc_id);
        let device = self.cache().sbc(id)?;
        self.refuse_while_changing(
            switchboard_cache::TaskFilter {
                sbc: Some(id),
                ..Default::default()
            },
            &device.fields.name,
        )?;
        self.cache().delete_sbc(id)?;
        self.forget_password(device.password_ref.as_deref());
        tracing::info!(sbc = %id, name = %device.fields.name, "SBC deleted");
        Ok(())
    }

    /// Asks the device for its status, records the outcome, and says what happened.
    /// A failure to connect is an answer, not an error: only a missing SBC or a broken
    /// cache make the command fail.
    pub fn test_sbc_connection(&self, sbc_id: i64) -> Result<SbcCheckResult, ApiError> {
        let planned = self.plan_sbc_check(self.cache().sbc(SbcId::new(sbc_id))?)?;
        let outcome = wait_on(self.runtime_handle(), planned.run());
        planned.record(self.cache(), outcome)
    }

    /// Trusts exactly the certificate with this SHA-256 fingerprint for the device.
    pub fn trust_sbc_certificate(
        &self,
        sbc_id: i64,
        fingerprint: &str,
    ) -> Result<SbcRow, ApiError> {
        let pin = fingerprint.parse::<Sha256Fingerprint>().map_err(|error| {
            ApiError::validation(vec![FieldError {
                field: "fingerprint".to_owned(),
                code: "fingerprint.invalid".to_owned(),
                message: error.user_message(),
            }])
        })?;
        let device = self
            .cache()
            .set_sbc_pin(SbcId::new(sbc_id), Some(&pin.to_string()))?;
        tracing::info!(sbc = %device.id, fingerprint = %pin, "SBC certificate trusted");
        Ok(device.into())
    }

    /// Removing a secret is best effort: a leftover entry is harmless, a failed command is not.
    fn forget_password(&self, reference: Option<&str>) {
        let Some(Ok(reference)) = reference.map(str::parse::<SecretRef>) else {
            return;
        };
        if let Err(error) = self.secrets().delete(&reference) {
            tracing::warn!(%error, "SBC password could not be removed from the keychain");
        }
    }
}
