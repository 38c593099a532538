//! Site locations: where a customer's calls enter the provider's network, and through
//! which SBC. The SBC screen lists the sites one device carries.

use std::fmt;
use std::str::FromStr;

use rusqlite::{named_params, Connection, Row};
use serde::{Deserialize, Serialize};
use switchboard_domain::{DeploymentState, FullName, ShortName, TenantId, UnknownVariant};
use ts_rs::TS;

use crate::sbc_devices::SbcId;
use crate::sql_values::{now_text, parsed, parsed_opt};
use crate::{Cache, CacheError};

/// How the customer's site is connected (the product's "Configuration" column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SiteConfiguration {
    SipTrunk,
    IpPbx,
    Byoc,
}

impl SiteConfiguration {
    pub const ALL: [SiteConfiguration; 3] = [Self::SipTrunk, Self::IpPbx, Self::Byoc];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SipTrunk => "sipTrunk",
            Self::IpPbx => "ipPbx",
            Self::Byoc => "byoc",
        }
    }
}

impl fmt::Display for SiteConfiguration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SiteConfiguration {
    type Err = UnknownVariant;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|configuration| configuration.as_str() == text)
            .ok_or_else(|| UnknownVariant {
                kind: "SiteConfiguration",
                value: text.to_owned(),
            })
    }
}

/// A site to record; an existing site of the same customer and name is left as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSiteLocation {
    pub tenant_id: TenantId,
    pub sbc_id: Option<SbcId>,
    pub site_name: String,
    pub configuration: SiteConfiguration,
    pub pstn_gateway_fqdn: Option<String>,
    pub sbc_state: Option<DeploymentState>,
    pub m365_state: Option<DeploymentState>,
}

/// One line of an SBC's "Sites" view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SbcSite {
    #[ts(type = "number")]
    pub id: i64,
    pub site_name: String,
    pub tenant_id: TenantId,
    pub customer_short_name: ShortName,
    pub customer_full_name: FullName,
    pub configuration: SiteConfiguration,
    pub pstn_gateway_fqdn: Option<String>,
    pub sbc_state: Option<DeploymentState>,
    pub m365_state: Option<DeploymentState>,
}

fn site_from_row(row: &Row<'_>) -> rusqlite::Result<SbcSite> {
    Ok(SbcSite {
        id: row.get(0)?,
        site_name: row.get(1)?,
        tenant_id: TenantId::new(row.get(2)?),
        customer_short_name: parsed(row, 3)?,
        customer_full_name: parsed(row, 4)?,
        configuration: parsed(row, 5)?,
        pstn_gateway_fqdn: row.get(6)?,
        sbc_state: parsed_opt(row, 7)?,
        m365_state: parsed_opt(row, 8)?,
    })
}

/// Records the site unless the customer already has one of that name. Returns whether
/// a row was added.
pub(crate) fn insert_site(conn: &Connection, site: &NewSiteLocation) -> Result<bool, CacheError> {
    let added = conn.execute(
        "INSERT OR IGNORE INTO site_locations
            (tenant_id, sbc_device_id, site_name, configuration_type, pstn_gateway_fqdn,
             sbc_state, m365_state, created_at, updated_at)
         VALUES (:tenant, :sbc, :name, :configuration, :gateway, :sbc_state, :m365_state, :now, :now)",
        named_params! {
            ":tenant": site.tenant_id.get(),
            ":sbc": site.sbc_id.map(SbcId::get),
            ":name": site.site_name.trim(),
            ":configuration": site.configuration.as_str(),
            ":gateway": site.pstn_gateway_fqdn,
            ":sbc_state": site.sbc_state.map(DeploymentState::as_str),
            ":m365_state": site.m365_state.map(DeploymentState::as_str),
            ":now": now_text(),
        },
    )?;
    Ok(added > 0)
}

impl Cache {
    /// Records a site location (kept as it is when the customer already has that site).
    pub fn add_site_location(&self, site: &NewSiteLocation) -> Result<bool, CacheError> {
        insert_site(&self.conn(), site)
    }

    /// The sites whose calls the SBC carries, by customer and site name.
    pub fn sbc_sites(&self, sbc: SbcId) -> Result<Vec<SbcSite>, CacheError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT l.id, l.site_name, t.id, t.short_name, t.full_name, l.configuration_type,
                    l.pstn_gateway_fqdn, l.sbc_state, l.m365_state
             FROM site_locations l JOIN tenants t ON t.id = l.tenant_id
             WHERE l.sbc_device_id = ?1
             ORDER BY t.short_name, l.site_name",
        )?;
        let rows = stmt.query_map([sbc.get()], site_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configurations_round_trip() {
        for configuration in SiteConfiguration::ALL {
            assert_eq!(
                configuration.as_str().parse::<SiteConfiguration>(),
                Ok(configuration)
            );
        }
        assert!("SipTrunk".parse::<SiteConfiguration>().is_err());
    }
}
