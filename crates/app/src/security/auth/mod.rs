//! The Authentication Status commands of `AppContext`: the table, verify one or all,
//! reconnect by device code, switch method, forget credentials.

pub(crate) mod app_registrations;
pub(crate) mod capabilities;
pub(crate) mod check;
pub(crate) mod device_sign_in;
pub(crate) mod tenant_login;
pub(crate) mod verification;
pub(crate) mod views;

use switchboard_cache::{Tenant, TenantAuth};
use switchboard_domain::{AuthMethod, AuthStatus, TenantId};

use crate::context::AppContext;
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::security::auth::check::AuthCheck;
use crate::security::auth::tenant_login::{sign_in_error, stored_ref, Credential, TenantLogin};
use crate::security::auth::verification::Planned;
use crate::security::auth::views::{
    DeviceCodePromptView, DeviceCodeStatus, TenantAuthRow, VerificationStatus,
};

impl AppContext {
    /// Every tenant that connects to Microsoft 365, with how it signs in.
    pub fn auth_status(&self) -> Result<Vec<TenantAuthRow>, ApiError> {
        self.cache()
            .list_tenants(None)?
            .into_iter()
            .map(|summary| summary.tenant)
            .filter(|tenant| tenant.licence_type.connects_to_m365())
            .map(|tenant| self.auth_row(&tenant))
            .collect()
    }

    /// Signs in with the stored credential and reads the organization; the row comes
    /// back with the new state and, in `lastMessage`, what Microsoft said.
    pub fn verify_tenant_auth(&self, tenant_id: i64) -> Result<TenantAuthRow, ApiError> {
        let id = TenantId::new(tenant_id);
        let check = self.plan_check(id)?;
        // The outcome is recorded on the tenant and in the row's message.
        let _ = self.verification().check_now(check);
        self.auth_row(&self.cache().tenant(id)?)
    }

    /// Starts checking every tenant that connects to Microsoft 365; poll
    /// `verification_status` for the progress list.
    pub fn verify_all_auth(&self) -> Result<VerificationStatus, ApiError> {
        let planned = self
            .cache()
            .list_tenants(None)?
            .into_iter()
            .map(|summary| summary.tenant)
            .filter(|tenant| tenant.licence_type.connects_to_m365())
            .map(|tenant| Planned {
                tenant_id: tenant.id,
                short_name: tenant.short_name.as_str().to_owned(),
                check: self.plan_check(tenant.id).map_err(|e| e.message),
            })
            .collect();
        Ok(self.verification().start_all(planned))
    }

    pub fn verification_status(&self) -> VerificationStatus {
        self.verification().status()
    }

    /// Asks Microsoft for a device code for the tenant's app and polls in the
    /// background; poll `device_code_status`.
    pub fn start_device_code(&self, tenant_id: i64) -> Result<DeviceCodePromptView, ApiError> {
        let id = TenantId::new(tenant_id);
        let login = TenantLogin::resolve(self.cache(), self.sandbox(), id)?;
        let sign_in = login.sign_in(self.verification().http(), None)?;
        let sandbox_admin = self.sandbox().and_then(|sandbox| {
            sandbox
                .credentials
                .iter()
                .find(|c| {
                    c.tenant_id
                        .eq_ignore_ascii_case(login.authority.tenant().as_str())
                })
                .map(|c| c.admin_upn.clone())
        });
        self.device_sign_ins()
            .start(id, sign_in, sandbox_admin)
            .map_err(|e| sign_in_error(login.name(), &e))
    }

    /// The dialog polls this until the sign-in ends; the poll that first sees it
    /// approved queues the tenant's replication with the new sign-in.
    pub fn device_code_status(&self, tenant_id: i64) -> Result<DeviceCodeStatus, ApiError> {
        let id = TenantId::new(tenant_id);
        let status = self
            .device_sign_ins()
            .status(id)
            .ok_or_else(no_device_code)?;
        if self.device_sign_ins().take_approval(id) {
            self.replicate_with_new_credentials(id);
        }
        Ok(status)
    }

    pub fn cancel_device_code(&self, tenant_id: i64) -> Result<DeviceCodeStatus, ApiError> {
        self.device_sign_ins()
            .cancel(TenantId::new(tenant_id))
            .ok_or_else(no_device_code)
    }

    /// Switches between the app registration (client secret) and the device-code
    /// sign-in. When the new method already has a stored credential it is checked at
    /// once; otherwise the tenant is "never connected" until it is entered or reconnected.
    pub fn switch_auth_method(
        &self,
        tenant_id: i64,
        method: AuthMethod,
    ) -> Result<TenantAuthRow, ApiError> {
        if method == AuthMethod::None {
            return Err(ApiError::validation(vec![FieldError {
                field: "method".into(),
                code: "method.none".into(),
                message: "Choose the app registration or the device-code sign-in.".into(),
            }]));
        }
        let id = TenantId::new(tenant_id);
        let tenant = self.cache().tenant(id)?;
        let mut auth = self.cache().tenant_auth(id)?;
        if auth.method != method {
            auth.method = method;
            auth.status = AuthStatus::NeverConnected;
            (auth.valid_until, auth.verified_at) = (None, None);
            self.cache().set_tenant_auth(id, &auth)?;
            tracing::info!(tenant = %id, method = method.as_str(), "sign-in method switched");
            self.renew_replication(id);
            if let Ok(check) = self.plan_check(id) {
                let _ = self.verification().check_now(check);
            }
        }
        self.auth_row(&tenant)
    }

    /// Removes the tenant's client secret and refresh token from the keychain; the
    /// tenant keeps its client id and method and is "never connected" again.
    pub fn forget_credentials(&self, tenant_id: i64) -> Result<TenantAuthRow, ApiError> {
        let id = TenantId::new(tenant_id);
        let tenant = self.cache().tenant(id)?;
        self.forget_sign_in(id)?;
        self.auth_row(&tenant)
    }

    /// `forget_credentials` without the row: the replication and device-code sign-in stop,
    /// the keychain entries go, and the tenant is "never connected" again.
    pub(crate) fn forget_sign_in(&self, id: TenantId) -> Result<(), ApiError> {
        let auth = self.remove_credentials(id)?;
        self.cache().set_tenant_auth(
            id,
            &TenantAuth {
                status: AuthStatus::NeverConnected,
                valid_until: None,
                verified_at: None,
                ..auth
            },
        )?;
        self.verification().forget_message(id);
        tracing::info!(tenant = %id, "sign-in credentials forgotten");
        Ok(())
    }

    /// Stops whatever signs in as the tenant (a device-code sign-in, its replication),
    /// then takes its keychain references out of the cache and deletes their entries: a
    /// refresh token rotated meanwhile is not saved, its reference no longer being the
    /// tenant's. If the keychain refuses, the cache points at what is left again.
    pub(crate) fn remove_credentials(&self, id: TenantId) -> Result<TenantAuth, ApiError> {
        self.device_sign_ins().cancel(id);
        self.replication().stop(id);
        let auth = self.cache().tenant_auth(id)?;
        let references = [&auth.client_secret_ref, &auth.refresh_token_ref]
            .into_iter()
            .filter_map(|reference| stored_ref(reference.as_deref()).transpose())
            .collect::<Result<Vec<_>, _>>()?;
        let cleared = TenantAuth {
            client_secret_ref: None,
            refresh_token_ref: None,
            ..auth.clone()
        };
        self.cache().set_tenant_auth(id, &cleared)?;
        for reference in references {
            if let Err(error) = self.secrets().delete(&reference) {
                // Deleting a missing entry is no error, so pointing at all of them again
                // lets a retry finish the job.
                if let Err(restore) = self.cache().set_tenant_auth(id, &auth) {
                    tracing::warn!(tenant = %id, %restore, "keychain references not restored");
                }
                return Err(error.into());
            }
        }
        Ok(cleared)
    }

    /// What one check of the tenant needs, or why it cannot be checked.
    fn plan_check(&self, id: TenantId) -> Result<AuthCheck, ApiError> {
        let login = TenantLogin::resolve(self.cache(), self.sandbox(), id)?;
        let credential = login.credential(self.secrets())?;
        let secret = match &credential {
            Credential::ClientSecret(secret) => Some(secret.clone()),
            Credential::RefreshToken { .. } => None,
        };
        let sign_in = login.sign_in(self.verification().http(), secret)?;
        Ok(AuthCheck {
            tenant_id: id,
            short_name: login.name().to_owned(),
            sign_in,
            credential,
            cloud: login.authority.cloud().clone(),
            client_id: login.auth.client_id.clone().unwrap_or_default(),
        })
    }

    fn auth_row(&self, tenant: &Tenant) -> Result<TenantAuthRow, ApiError> {
        let auth = self.cache().tenant_auth(tenant.id)?;
        Ok(TenantAuthRow {
            tenant_id: tenant.id,
            short_name: tenant.short_name.as_str().to_owned(),
            full_name: tenant.full_name.as_str().to_owned(),
            method: auth.method,
            status: auth.status,
            client_id: auth.client_id,
            valid_until: auth.valid_until.map(|t| t.to_rfc3339()),
            verified_at: auth.verified_at.map(|t| t.to_rfc3339()),
            has_client_secret: auth.client_secret_ref.is_some(),
            has_refresh_token: auth.refresh_token_ref.is_some(),
            last_message: self.verification().last_message(tenant.id),
            capabilities: self.verification().capabilities(tenant.id),
        })
    }
}

fn no_device_code() -> ApiError {
    ApiError::new(
        ErrorCode::AuthNoDeviceCode,
        "No device-code sign-in was started for this tenant.",
    )
}
