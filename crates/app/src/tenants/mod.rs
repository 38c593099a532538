//! The tenant commands of `AppContext`.

pub(crate) mod input;
pub(crate) mod views;

use switchboard_cache::{Tenant, TenantSummary};
use switchboard_domain::TenantId;

use crate::context::AppContext;
use crate::error::{ApiError, FieldError};
use crate::security::auth::app_registrations::tenant_settings_prefix;
use crate::tenants::input::{NewTenantInput, TenantEditInput};
use crate::tenants::views::{TenantList, TenantRow};

impl AppContext {
    pub fn list_tenants(&self, search: Option<&str>) -> Result<TenantList, ApiError> {
        let search = search.map(str::trim).filter(|s| !s.is_empty());
        let cache = self.cache();
        let tenants = cache
            .list_tenants(search)?
            .into_iter()
            .map(|summary| self.row_from_summary(summary))
            .collect();
        Ok(TenantList {
            tenants,
            totals: cache.tenant_totals()?,
        })
    }

    /// The checks of `create_tenant` that need no database, run as the user types; an
    /// empty list means "valid so far" (a taken short name is only found on create).
    pub fn validate_tenant(&self, input: &NewTenantInput) -> Vec<FieldError> {
        input.validate().err().unwrap_or_default()
    }

    pub fn create_tenant(&self, input: &NewTenantInput) -> Result<TenantRow, ApiError> {
        let tenant = input.validate().map_err(ApiError::validation)?;
        let created = self.cache().create_tenant(&tenant)?;
        tracing::info!(tenant = %created.id, short_name = created.short_name.as_str(), "tenant created");
        Ok(TenantRow::from_new_tenant(created))
    }

    /// Changes every editable field at once; bad input changes nothing. A new Azure
    /// tenant id or cloud makes the stored sign-in someone else's: it is forgotten (the
    /// running replication stops with it) before the tenant points elsewhere.
    pub fn update_tenant(
        &self,
        tenant_id: i64,
        input: &TenantEditInput,
    ) -> Result<TenantRow, ApiError> {
        let id = TenantId::new(tenant_id);
        let current = self.cache().tenant(id)?;
        let profile = input
            .validate(current.licence_type)
            .map_err(ApiError::validation)?;
        let moved =
            profile.azure_tenant_id != current.azure_tenant_id || profile.cloud != current.cloud;
        if moved {
            self.forget_sign_in(id)?;
        }
        let updated = self.cache().update_tenant_profile(id, &profile)?;
        tracing::info!(tenant = %id, cloud = updated.cloud.as_str(), sign_in_forgotten = moved, "tenant updated");
        self.row_of(&updated)
    }

    /// Deletes the tenant with its keychain entries and its own settings. Those go
    /// first: a failure leaves the tenant listed, so deleting it again finishes the job.
    pub fn delete_tenant(&self, tenant_id: i64) -> Result<(), ApiError> {
        let id = TenantId::new(tenant_id);
        let tenant = self.cache().tenant(id)?;
        self.refuse_while_changing(
            switchboard_cache::TaskFilter {
                tenant: Some(id),
                ..Default::default()
            },
            tenant.short_name.as_str(),
        )?;
        self.remove_credentials(id)?;
        self.cache()
            .delete_settings_under(&tenant_settings_prefix(id))?;
        self.cache().delete_tenant(id)?;
        self.replication().forget(id);
        self.verification().forget_message(id);
        tracing::info!(tenant = %id, "tenant deleted");
        Ok(())
    }

    /// A table row, "replicating" while the replication service runs the tenant.
    fn row_from_summary(&self, summary: TenantSummary) -> TenantRow {
        let replicating = self.replication().is_active(summary.tenant.id);
        TenantRow::from_summary(summary, replicating)
    }

    /// The table row of one tenant, with its current user and queue counts.
    fn row_of(&self, tenant: &Tenant) -> Result<TenantRow, ApiError> {
        self.cache()
            .list_tenants(Some(tenant.short_name.as_str()))?
            .into_iter()
            .find(|summary| summary.tenant.id == tenant.id)
            .map(|summary| self.row_from_summary(summary))
            .ok_or_else(|| {
                ApiError::internal(format!(
                    "Customer {} vanished while it was being updated.",
                    tenant.short_name.as_str()
                ))
            })
    }
}
