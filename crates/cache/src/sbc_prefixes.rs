//! SBC dial plan rules as last read from the device, and which customer each belongs
//! to once imported. A customer is identified on the device by dial plan, rule name
//! and tag, so the link to a tenant is kept per (dial plan, name, tag) across re-reads.

use chrono::{DateTime, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Row};
use serde::Serialize;
use switchboard_domain::{DeploymentState, ShortName, TenantId};
use ts_rs::TS;

use crate::sbc_devices::SbcId;
use crate::sbc_sites::{insert_site, NewSiteLocation};
use crate::sql_values::{now_text, parsed_opt, time_opt};
use crate::tenants::{insert_tenant, load_tenant};
use crate::{Cache, CacheError, NewTenant, Tenant};

/// One dial plan rule as the device has it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRule {
    pub dial_plan: String,
    pub index: u32,
    pub name: String,
    pub prefix: String,
    /// Empty when the rule has no tag.
    pub tag: String,
}

/// One cached rule, with the customer it was imported into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SbcPrefix {
    pub dial_plan: String,
    /// The rule's index on the device.
    pub rule_index: Option<u32>,
    pub rule_name: String,
    pub prefix: String,
    pub tag: String,
    pub tenant_id: Option<TenantId>,
    /// The short name of that customer.
    pub tenant_short_name: Option<ShortName>,
    #[ts(type = "string | null")]
    pub synced_at: Option<DateTime<Utc>>,
}

/// A device customer (dial plan, rule name, tag) already linked to a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRule {
    pub dial_plan: String,
    pub rule_name: String,
    pub tag: String,
}

/// One customer to import: the tenant to create (or the existing one of that short
/// name to reuse, as the same name with another tag is the same customer), its rules
/// and its site on the SBC.
#[derive(Debug, Clone)]
pub struct CustomerImport {
    pub tenant: NewTenant,
    pub rules: Vec<DeviceRule>,
    pub site: ImportSite,
}

/// The site an imported customer gets on the SBC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSite {
    pub site_name: String,
    pub configuration: crate::SiteConfiguration,
    pub pstn_gateway_fqdn: Option<String>,
    pub m365_state: Option<DeploymentState>,
}

/// What importing did for one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedCustomer {
    pub tenant: Tenant,
    /// `false` when an existing customer of that short name received the rules.
    pub created: bool,
}

fn prefix_from_row(row: &Row<'_>) -> rusqlite::Result<SbcPrefix> {
    Ok(SbcPrefix {
        dial_plan: row.get(0)?,
        rule_index: row.get(1)?,
        rule_name: row.get(2)?,
        prefix: row.get(3)?,
        tag: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
        tenant_id: row.get::<_, Option<i64>>(5)?.map(TenantId::new),
        tenant_short_name: parsed_opt(row, 6)?,
        synced_at: time_opt(row, 7)?,
    })
}

fn load_prefixes(conn: &Connection, sbc: SbcId) -> Result<Vec<SbcPrefix>, CacheError> {
    let mut stmt = conn.prepare(
        "SELECT p.dial_plan, p.rule_index, p.rule_name, p.prefix, p.tag, p.tenant_id,
                t.short_name, p.synced_at
         FROM sbc_prefixes p LEFT JOIN tenants t ON t.id = p.tenant_id
         WHERE p.sbc_device_id = ?1
         ORDER BY p.dial_plan, p.rule_index, p.rule_name, p.prefix",
    )?;
    let rows = stmt.query_map([sbc.get()], prefix_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The tenant a (dial plan, name, tag) customer was linked to, if any.
fn linked_tenant(links: &[(ImportedRule, TenantId)], rule: &DeviceRule) -> Option<TenantId> {
    links
        .iter()
        .find(|(known, _)| {
            known.dial_plan == rule.dial_plan
                && known.rule_name.eq_ignore_ascii_case(&rule.name)
                && known.tag.trim().eq_ignore_ascii_case(rule.tag.trim())
        })
        .map(|(_, tenant)| *tenant)
}

/// Every imported (dial plan, name, tag) customer with its tenant, from any SBC: two
/// entries for one device, or a customer moved between SBCs, are still one customer.
fn load_links(conn: &Connection) -> Result<Vec<(ImportedRule, TenantId)>, CacheError> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT dial_plan, rule_name, coalesce(tag, ''), tenant_id FROM sbc_prefixes
         WHERE tenant_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((
            ImportedRule {
                dial_plan: row.get(0)?,
                rule_name: row.get(1)?,
                tag: row.get(2)?,
            },
            TenantId::new(row.get(3)?),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn insert_rule(
    conn: &Connection,
    sbc: SbcId,
    rule: &DeviceRule,
    tenant: Option<TenantId>,
    now: &str,
) -> Result<(), CacheError> {
    conn.execute(
        "INSERT INTO sbc_prefixes
            (sbc_device_id, tenant_id, dial_plan, rule_index, rule_name, prefix, tag, synced_at)
         VALUES (:sbc, :tenant, :plan, :index, :name, :prefix, :tag, :now)
         ON CONFLICT (sbc_device_id, dial_plan, rule_name, prefix, tag) DO UPDATE SET
            tenant_id = coalesce(excluded.tenant_id, tenant_id),
            rule_index = excluded.rule_index, synced_at = excluded.synced_at",
        named_params! {
            ":sbc": sbc.get(),
            ":tenant": tenant.map(TenantId::get),
            ":plan": rule.dial_plan,
            ":index": rule.index,
            ":name": rule.name,
            ":prefix": rule.prefix,
            ":tag": rule.tag,
            ":now": now,
        },
    )?;
    Ok(())
}

impl Cache {
    /// The rules as last read from the device.
    pub fn sbc_prefixes(&self, sbc: SbcId) -> Result<Vec<SbcPrefix>, CacheError> {
        load_prefixes(&self.conn(), sbc)
    }

    /// Replaces the device's cached rules with `rules` in one transaction; rules of an
    /// imported customer are linked to its tenant.
    pub fn replace_sbc_prefixes(
        &self,
        sbc: SbcId,
        rules: &[DeviceRule],
    ) -> Result<Vec<SbcPrefix>, CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let links = load_links(&tx)?;
        tx.execute(
            "DELETE FROM sbc_prefixes WHERE sbc_device_id = ?1",
            [sbc.get()],
        )?;
        let now = now_text();
        for rule in rules {
            insert_rule(&tx, sbc, rule, linked_tenant(&links, rule), &now)?;
        }
        let stored = load_prefixes(&tx, sbc)?;
        tx.commit()?;
        Ok(stored)
    }

    /// The device customers (dial plan, rule name, tag) already imported, from any SBC.
    pub fn imported_sbc_rules(&self) -> Result<Vec<ImportedRule>, CacheError> {
        Ok(load_links(&self.conn())?
            .into_iter()
            .map(|(rule, _)| rule)
            .collect())
    }

    /// Imports the customers in one transaction: each short name becomes a tenant at
    /// most once, its rules are linked to it and its site on the SBC is recorded.
    pub fn import_sbc_customers(
        &self,
        sbc: SbcId,
        imports: &[CustomerImport],
    ) -> Result<Vec<ImportedCustomer>, CacheError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let now = now_text();
        let mut done = Vec::with_capacity(imports.len());
        for import in imports {
            let (tenant, created) = match tenant_by_short_name(&tx, &import.tenant.short_name)? {
                Some(existing) => (existing, false),
                None => (insert_tenant(&tx, &import.tenant)?, true),
            };
            for rule in &import.rules {
                insert_rule(&tx, sbc, rule, Some(tenant.id), &now)?;
            }
            insert_site(
                &tx,
                &NewSiteLocation {
                    tenant_id: tenant.id,
                    sbc_id: Some(sbc),
                    site_name: import.site.site_name.clone(),
                    configuration: import.site.configuration,
                    pstn_gateway_fqdn: import.site.pstn_gateway_fqdn.clone(),
                    sbc_state: Some(DeploymentState::Deployed),
                    m365_state: import.site.m365_state,
                },
            )?;
            done.push(ImportedCustomer { tenant, created });
        }
        tx.commit()?;
        Ok(done)
    }
}

fn tenant_by_short_name(
    conn: &Connection,
    short_name: &ShortName,
) -> Result<Option<Tenant>, CacheError> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM tenants WHERE short_name = ?1",
            [short_name.as_str()],
            |row| row.get(0),
        )
        .optional()?;
    id.map(|id| load_tenant(conn, TenantId::new(id)))
        .transpose()
}

#[cfg(test)]
mod tests {
    use switchboard_domain::{FullName, Licence, LicenceType};

    use super::*;
    use crate::{NewSbc, SbcFields, SiteConfiguration};

    fn sbc(cache: &Cache, name: &str) -> SbcId {
        cache
            .create_sbc(&NewSbc {
                fields: SbcFields {
                    name: name.into(),
                    host: "192.0.2.10".into(),
                    device_fqdn: None,
                    port: None,
                    https: true,
                    nat_ip: None,
                    admin_user: "Admin".into(),
                    plain_http_confirmed_for: None,
                },
                password_ref: None,
                pinned_cert_sha256: None,
            })
            .unwrap()
            .id
    }

    fn rule(index: u32, name: &str, prefix: &str, tag: &str) -> DeviceRule {
        DeviceRule {
            dial_plan: "CustDialPlan".into(),
            index,
            name: name.into(),
            prefix: prefix.into(),
            tag: tag.into(),
        }
    }

    fn import(short_name: &str, rules: Vec<DeviceRule>) -> CustomerImport {
        CustomerImport {
            tenant: NewTenant {
                short_name: ShortName::parse(short_name).unwrap(),
                full_name: FullName::parse(short_name).unwrap(),
                azure_tenant_id: None,
                licence: Licence::new(LicenceType::HostedEssentials, 0).unwrap(),
            },
            rules,
            site: ImportSite {
                site_name: short_name.into(),
                configuration: SiteConfiguration::SipTrunk,
                pstn_gateway_fqdn: None,
                m365_state: None,
            },
        }
    }

    #[test]
    fn one_short_name_becomes_one_tenant_and_links_survive_a_re_read() {
        let cache = Cache::open_in_memory().unwrap();
        let edge = sbc(&cache, "edge-1");
        let first = rule(0, "Acme", "+3120", "gw1.acme.example");
        let second = rule(1, "Acme", "+3130", "gw2.acme.example");
        cache
            .replace_sbc_prefixes(edge, &[first.clone(), second.clone()])
            .unwrap();

        let done = cache
            .import_sbc_customers(
                edge,
                &[
                    import("Acme", vec![first.clone()]),
                    import("Acme", vec![second.clone()]),
                ],
            )
            .unwrap();
        assert_eq!(
            done.iter().map(|d| d.created).collect::<Vec<_>>(),
            [true, false]
        );
        assert_eq!(done[0].tenant.id, done[1].tenant.id);
        assert_eq!(cache.sbc_sites(edge).unwrap().len(), 1, "one site per name");

        // The device renumbered its rules and gained one: links follow (plan, name, tag).
        let moved = rule(5, "Acme", "+3120", "gw1.acme.example");
        let stored = cache
            .replace_sbc_prefixes(
                edge,
                &[moved, rule(6, "Other", "+3140", "gw.other.example")],
            )
            .unwrap();
        assert_eq!(stored.len(), 2);
        let acme = stored.iter().find(|r| r.rule_name == "Acme").unwrap();
        assert_eq!(acme.rule_index, Some(5));
        assert_eq!(acme.tenant_id, Some(done[0].tenant.id));
        assert_eq!(
            acme.tenant_short_name.as_ref().map(ShortName::as_str),
            Some("Acme")
        );
        let other = stored.iter().find(|r| r.rule_name == "Other").unwrap();
        assert_eq!(other.tenant_id, None);

        // A second entry for the same device sees the customer as imported already.
        let twin = sbc(&cache, "edge-1-twin");
        let twin_rules = cache
            .replace_sbc_prefixes(twin, &[rule(0, "Acme", "+3120", "gw1.acme.example")])
            .unwrap();
        assert_eq!(twin_rules[0].tenant_id, Some(done[0].tenant.id));
        // The gw2 rule left the device, so only (Acme, gw1) is still known.
        assert_eq!(
            cache.imported_sbc_rules().unwrap(),
            [ImportedRule {
                dial_plan: "CustDialPlan".into(),
                rule_name: "Acme".into(),
                tag: "gw1.acme.example".into(),
            }]
        );
    }
}
