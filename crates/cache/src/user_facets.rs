//! The values the Users screen offers in its filter drop-downs, with how many users
//! carry each, so the filters list only choices that match something.

use rusqlite::types::Value;
use serde::Serialize;
use switchboard_domain::TenantId;
use ts_rs::TS;

use crate::{Cache, CacheError};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserFacets {
    /// `(policy name, users)`, by name ignoring case; users without a policy assignment are left out.
    #[ts(type = "Array<[string, number]>")]
    pub voice_routing_policies: Vec<(String, u64)>,
    /// `(ISO country code, users)`, by code; users without one are left out.
    #[ts(type = "Array<[string, number]>")]
    pub usage_locations: Vec<(String, u64)>,
}

/// Columns a facet may be counted over; never user input, so safe to format into SQL.
#[derive(Clone, Copy)]
enum FacetColumn {
    VoiceRoutingPolicy,
    UsageLocation,
    TenantDialPlan,
    CallingPolicy,
}

impl FacetColumn {
    fn name(self) -> &'static str {
        match self {
            FacetColumn::VoiceRoutingPolicy => "voice_routing_policy",
            FacetColumn::UsageLocation => "usage_location",
            FacetColumn::TenantDialPlan => "tenant_dial_plan",
            FacetColumn::CallingPolicy => "calling_policy",
        }
    }
}

/// How many of a tenant's cached users hold each policy, by type: a policy is not
/// removed while users hold it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PolicyHolderCounts {
    pub voice_routing_policies: Vec<(String, u64)>,
    pub tenant_dial_plans: Vec<(String, u64)>,
    pub calling_policies: Vec<(String, u64)>,
}

impl Cache {
    pub fn policy_holder_counts(&self, tenant: TenantId) -> Result<PolicyHolderCounts, CacheError> {
        Ok(PolicyHolderCounts {
            voice_routing_policies: self.facet(FacetColumn::VoiceRoutingPolicy, Some(tenant))?,
            tenant_dial_plans: self.facet(FacetColumn::TenantDialPlan, Some(tenant))?,
            calling_policies: self.facet(FacetColumn::CallingPolicy, Some(tenant))?,
        })
    }

    /// Distinct policies and usage locations with their user counts, for one tenant
    /// (answered from the `users_tenant_policy` / `users_tenant_usage` indexes) or for
    /// all tenants when `tenant` is `None`.
    pub fn user_facets(&self, tenant: Option<TenantId>) -> Result<UserFacets, CacheError> {
        Ok(UserFacets {
            voice_routing_policies: self.facet(FacetColumn::VoiceRoutingPolicy, tenant)?,
            usage_locations: self.facet(FacetColumn::UsageLocation, tenant)?,
        })
    }

    fn facet(
        &self,
        column: FacetColumn,
        tenant: Option<TenantId>,
    ) -> Result<Vec<(String, u64)>, CacheError> {
        let column = column.name();
        // `<> ''` also drops NULLs (the comparison is NULL for them). Names are listed
        // as a person reads them, ignoring case.
        let sql = match tenant {
            Some(_) => format!(
                "SELECT {column}, COUNT(*) FROM users
                 WHERE tenant_id = ?1 AND {column} <> ''
                 GROUP BY {column} ORDER BY {column} COLLATE NOCASE"
            ),
            None => format!(
                "SELECT {column}, COUNT(*) FROM users
                 WHERE {column} <> '' GROUP BY {column} ORDER BY {column} COLLATE NOCASE"
            ),
        };
        let params: Vec<Value> = tenant
            .map(|t| Value::Integer(t.get()))
            .into_iter()
            .collect();
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, u64>(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
