//! The Users screen commands of `AppContext`, answered from the local cache only.

pub(crate) mod cursor;
pub(crate) mod query_input;
pub(crate) mod views;

use std::collections::HashMap;

use switchboard_cache::{CacheError, UserFacets};
use switchboard_domain::{DomainError, TenantId};

use crate::context::AppContext;
use crate::error::{ApiError, ErrorCode};
use crate::users::query_input::UsersQueryInput;
use crate::users::views::{UserDetailView, UserRowView, UsersPageView};

impl AppContext {
    /// One page of users matching the search and filters. An unknown tenant is an error
    /// rather than an empty page, so a stale tenant picker is noticed.
    pub fn query_users(&self, input: &UsersQueryInput) -> Result<UsersPageView, ApiError> {
        let query = input.validate().map_err(ApiError::validation)?;
        if let Some(tenant) = query.tenant {
            self.cache().tenant(tenant)?;
        }
        let page = self.cache().query_users(&query)?;
        let mut short_names = HashMap::new();
        let users = page
            .users
            .into_iter()
            .map(|user| {
                let short_name = self.short_name(&mut short_names, user.tenant_id)?;
                Ok(UserRowView::new(user, short_name))
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(UsersPageView {
            users,
            total: page.total,
            next_cursor: page
                .next
                .map(|next| cursor::encode(query.sort, query.descending, &next)),
        })
    }

    /// Every cached field of one user.
    pub fn user_detail(&self, tenant_id: i64, object_id: &str) -> Result<UserDetailView, ApiError> {
        let object_id = object_id.trim();
        if object_id.is_empty() {
            return Err(DomainError::new("objectId", "empty", "Say which user to show.").into());
        }
        let tenant = self.cache().tenant(TenantId::new(tenant_id))?;
        let user = match self.cache().user(tenant.id, object_id) {
            Ok(user) => user,
            Err(CacheError::NotFound { .. }) => {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!(
                        "User {object_id} is not cached for {}; a later sync may have removed it.",
                        tenant.short_name.as_str()
                    ),
                ))
            }
            Err(other) => return Err(other.into()),
        };
        let groups = self.cache().groups_of(tenant.id, object_id)?;
        let confirmed_at = switchboard_sync::last_success_at(self.cache(), tenant.id)?;
        let (voice, _) = switchboard_sync::cached_voice_config(self.cache(), tenant.id)?;
        let policy = user
            .record
            .voice_routing_policy
            .as_deref()
            .unwrap_or("Global");
        let gateways = voice.gateways_of_policy(policy);
        let site_location = gateways
            .iter()
            .find_map(|fqdn| voice.gateway(fqdn).and_then(|g| g.site_id.clone()));
        Ok(UserDetailView {
            tenant_short_name: tenant.short_name.as_str().to_owned(),
            groups,
            confirmed_at,
            online_pstn_gateways: gateways.into_iter().map(str::to_owned).collect(),
            site_location,
            user,
        })
    }

    /// The policies and usage locations the filters can offer, with user counts, for
    /// one tenant or (`None`) every tenant. An unknown tenant is an error, as in
    /// `query_users`.
    pub fn user_facets(&self, tenant_id: Option<i64>) -> Result<UserFacets, ApiError> {
        let tenant = tenant_id.map(TenantId::new);
        if let Some(tenant) = tenant {
            self.cache().tenant(tenant)?;
        }
        Ok(self.cache().user_facets(tenant)?)
    }

    fn short_name(
        &self,
        known: &mut HashMap<i64, String>,
        tenant: TenantId,
    ) -> Result<String, ApiError> {
        if let Some(name) = known.get(&tenant.get()) {
            return Ok(name.clone());
        }
        let name = self.cache().tenant(tenant)?.short_name.as_str().to_owned();
        known.insert(tenant.get(), name.clone());
        Ok(name)
    }
}
