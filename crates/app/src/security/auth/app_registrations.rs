//! The App registrations tab: each tenant's client id, write-only client secret (kept
//! in the keychain, never returned) and redirect URI.

use switchboard_cache::Tenant;
use switchboard_domain::{AuthMethod, AuthStatus, ClientId, TenantId};
use switchboard_secrets::{ExposeSecret, SecretString};

use crate::context::AppContext;
use crate::error::{ApiError, FieldError};
use crate::security::auth::tenant_login::stored_ref;
use crate::security::auth::views::{AppRegistrationInput, AppRegistrationView};

/// Where the tenant's own settings are kept: keys under this prefix, deleted with it.
pub(crate) fn tenant_settings_prefix(tenant: TenantId) -> String {
    format!("tenant.{tenant}.")
}

/// The redirect URI has no column of its own; it is a per-tenant setting.
fn redirect_setting(tenant: TenantId) -> String {
    format!("{}redirectUri", tenant_settings_prefix(tenant))
}

/// The form after validation; nothing is stored yet. (`SecretString` hides itself in `Debug`.)
#[derive(Debug)]
struct ValidRegistration {
    client_id: ClientId,
    secret: Option<SecretString>,
    redirect_uri: Option<String>,
}

fn validate(input: &AppRegistrationInput) -> Result<ValidRegistration, ApiError> {
    let mut fields = Vec::new();
    let client_id = ClientId::parse(&input.client_id)
        .map_err(|e| fields.push(FieldError::from(e)))
        .ok();
    let redirect_uri = input
        .redirect_uri
        .as_deref()
        .map(str::trim)
        .filter(|uri| !uri.is_empty());
    if let Some(uri) = redirect_uri {
        let valid = reqwest::Url::parse(uri)
            .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some());
        if !valid {
            fields.push(FieldError {
                field: "redirectUri".into(),
                code: "redirectUri.invalid".into(),
                message: format!(
                    "The redirect URI must be an http or https address such as https://switchboard.example.com/auth (got '{uri}')."
                ),
            });
        }
    }
    let secret = input
        .client_secret
        .as_ref()
        .filter(|s| !s.expose_secret().is_empty());
    if secret.is_some_and(|s| s.expose_secret().trim().is_empty()) {
        fields.push(FieldError {
            field: "clientSecret".into(),
            code: "clientSecret.blank".into(),
            message: "The client secret cannot be only spaces.".into(),
        });
    }
    match client_id {
        Some(client_id) if fields.is_empty() => Ok(ValidRegistration {
            client_id,
            secret: secret.cloned(),
            redirect_uri: redirect_uri.map(str::to_owned),
        }),
        _ => Err(ApiError::validation(fields)),
    }
}

impl AppContext {
    /// Every tenant that connects to Microsoft 365, with its app registration.
    pub fn list_app_registrations(&self) -> Result<Vec<AppRegistrationView>, ApiError> {
        self.cache()
            .list_tenants(None)?
            .into_iter()
            .map(|summary| summary.tenant)
            .filter(|tenant| tenant.licence_type.connects_to_m365())
            .map(|tenant| self.registration_view(&tenant))
            .collect()
    }

    /// Saves the tenant's app registration. A new secret replaces the stored one in the
    /// keychain; an empty one keeps it. Bad input changes nothing.
    pub fn save_app_registration(
        &self,
        input: &AppRegistrationInput,
    ) -> Result<AppRegistrationView, ApiError> {
        let valid = validate(input)?;
        let tenant = self.cache().tenant(input.tenant_id)?;
        let mut auth = self.cache().tenant_auth(tenant.id)?;
        let existing = stored_ref(auth.client_secret_ref.as_deref())?;
        let created = match (&valid.secret, &existing) {
            (Some(secret), Some(reference)) => {
                self.secrets().put(reference, secret)?;
                None
            }
            (Some(secret), None) => Some(self.secrets().create(secret)?),
            (None, _) => None,
        };
        let changed =
            valid.secret.is_some() || auth.client_id.as_deref() != Some(valid.client_id.as_str());
        auth.client_id = Some(valid.client_id.as_str().to_owned());
        if let Some(reference) = &created {
            auth.client_secret_ref = Some(reference.to_string());
        }
        if auth.method == AuthMethod::None {
            auth.method = AuthMethod::AppRegistration;
        }
        // New credentials have not been tried yet.
        if changed && auth.method == AuthMethod::AppRegistration {
            auth.status = AuthStatus::NeverConnected;
            (auth.valid_until, auth.verified_at) = (None, None);
        }
        if let Err(error) = self.cache().set_tenant_auth(tenant.id, &auth) {
            if let Some(reference) = created {
                let _ = self.secrets().delete(&reference);
            }
            return Err(error.into());
        }
        self.cache().set_setting(
            &redirect_setting(tenant.id),
            valid.redirect_uri.as_deref().unwrap_or_default(),
        )?;
        tracing::info!(tenant = %tenant.id, secret_replaced = valid.secret.is_some(), "app registration saved");
        if valid.secret.is_some() {
            self.replicate_with_new_credentials(tenant.id);
        } else if changed {
            self.renew_replication(tenant.id);
        }
        self.registration_view(&tenant)
    }

    fn registration_view(&self, tenant: &Tenant) -> Result<AppRegistrationView, ApiError> {
        let auth = self.cache().tenant_auth(tenant.id)?;
        let redirect_uri = self
            .cache()
            .setting(&redirect_setting(tenant.id))?
            .filter(|uri| !uri.is_empty());
        Ok(AppRegistrationView {
            tenant_id: tenant.id,
            short_name: tenant.short_name.as_str().to_owned(),
            client_id: auth.client_id,
            has_client_secret: auth.client_secret_ref.is_some(),
            redirect_uri,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(
        client_id: &str,
        secret: Option<&str>,
        redirect: Option<&str>,
    ) -> AppRegistrationInput {
        AppRegistrationInput {
            tenant_id: TenantId::new(1),
            client_id: client_id.into(),
            client_secret: secret.map(SecretString::from),
            redirect_uri: redirect.map(str::to_owned),
        }
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let err = validate(&input("not-a-guid", Some("   "), Some("ftp://x"))).unwrap_err();
        let fields: Vec<&str> = err.fields.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            fields,
            [
                "clientId.invalid",
                "redirectUri.invalid",
                "clientSecret.blank"
            ]
        );
    }

    #[test]
    fn an_empty_secret_keeps_the_stored_one_and_guids_are_normalised() {
        let valid = validate(&input(
            " 1B2C3D4E-0000-4000-8000-00000000ABCD ",
            Some(""),
            Some(" http://localhost "),
        ))
        .unwrap();
        assert_eq!(
            valid.client_id.as_str(),
            "1b2c3d4e-0000-4000-8000-00000000abcd"
        );
        assert!(valid.secret.is_none());
        assert_eq!(valid.redirect_uri.as_deref(), Some("http://localhost"));
    }
}
