//! The Users screen commands of `AppContext`, answered from the local cache only.

use std::collections::HashMap;

use switchboard_cache::{CachedUser, UserQuery, UserSort};
use switchboard_domain::{DomainError, TenantId};

use crate::context::AppContext;
use crate::error::{codes, ApiError};
use crate::user_cursor;
use crate::user_query_input::{UsersQueryInput, MAX_USERS_PAGE};
use crate::user_views::{UserDetailView, UserRowView, UsersPageView};

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
            next_cursor: page.next.map(|next| user_cursor::encode(query.sort, &next)),
        })
    }

    /// Every cached field of one user.
    pub fn user_detail(&self, tenant_id: i64, object_id: &str) -> Result<UserDetailView, ApiError> {
        let object_id = object_id.trim();
        if object_id.is_empty() {
            return Err(DomainError::new("objectId", "empty", "Say which user to show.").into());
        }
        let tenant = self.cache().tenant(TenantId::new(tenant_id))?;
        let user = self.find_user(tenant.id, object_id)?.ok_or_else(|| {
            ApiError::new(
                codes::NOT_FOUND,
                format!(
                    "User {object_id} is not cached for {}; a later sync may have removed it.",
                    tenant.short_name.as_str()
                ),
            )
        })?;
        Ok(UserDetailView {
            tenant_short_name: tenant.short_name.as_str().to_owned(),
            user,
        })
    }

    /// The cache has no lookup by object id yet, so this walks the tenant's users in
    /// large pages; a customer tenant holds a few thousand users at most.
    fn find_user(&self, tenant: TenantId, object_id: &str) -> Result<Option<CachedUser>, ApiError> {
        let mut query = UserQuery {
            tenant: Some(tenant),
            sort: UserSort::Upn,
            limit: MAX_USERS_PAGE,
            ..UserQuery::default()
        };
        loop {
            let page = self.cache().query_users(&query)?;
            if let Some(found) = page
                .users
                .into_iter()
                .find(|u| u.record.object_id == object_id)
            {
                return Ok(Some(found));
            }
            match page.next {
                Some(next) => query.after = Some(next),
                None => return Ok(None),
            }
        }
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
