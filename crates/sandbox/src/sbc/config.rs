//! The SBC's configuration model, its rendering as CLI text, and a reader for that text.
//!
//! A row stores only the attributes that differ from their defaults, so rendering lists
//! exactly what was configured and removing what a script added restores the text
//! byte for byte.

use std::collections::BTreeMap;
use std::fmt;

use super::interpreter::{self, Strictness};
use super::lexer::quote;
use super::schema::{table, TableId, ValueKind, TABLES};
use super::ScriptError;

/// Where a row sits: its index, and for a sub-table row the index of its parent row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowKey {
    pub parent: Option<u32>,
    pub index: u32,
}

impl fmt::Display for RowKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parent {
            Some(parent) => write!(f, "{parent}/{}", self.index),
            None => write!(f, "{}", self.index),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    table: TableId,
    values: BTreeMap<&'static str, String>,
}

impl Row {
    pub fn new(table: TableId) -> Self {
        Self {
            table,
            values: BTreeMap::new(),
        }
    }

    pub fn table(&self) -> TableId {
        self.table
    }

    /// The attribute's value, or its default when it was never set (empty for an
    /// attribute the table does not have).
    pub fn get(&self, attribute: &str) -> &str {
        match self.values.get(attribute) {
            Some(value) => value,
            None => table(self.table)
                .attribute(attribute)
                .map_or("", |a| a.default),
        }
    }

    /// Stores a value that has already been validated; the default is stored as "unset".
    pub(crate) fn set(&mut self, attribute: &'static str, value: String) {
        let is_default = table(self.table)
            .attribute(attribute)
            .is_some_and(|a| a.default == value);
        if is_default {
            self.values.remove(attribute);
        } else {
            self.values.insert(attribute, value);
        }
    }

    pub(crate) fn reset(&mut self, attribute: &str) {
        self.values.remove(attribute);
    }

    /// The CLI lines that configure this row (without `activate`), in schema order.
    fn attribute_lines(&self) -> impl Iterator<Item = String> + '_ {
        table(self.table).attributes.iter().filter_map(|attribute| {
            let value = self.values.get(attribute.name)?;
            let rendered = match attribute.kind {
                ValueKind::Keyword(_) | ValueKind::Number(..) => value.clone(),
                // The real device never shows a secret either.
                ValueKind::Secret(_) => "*".to_string(),
                ValueKind::Text(_)
                | ValueKind::Prefix
                | ValueKind::Tags(_)
                | ValueKind::Reference(_) => quote(value),
            };
            Some(format!("{} {rendered}", attribute.name))
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    tables: BTreeMap<TableId, BTreeMap<RowKey, Row>>,
}

impl Config {
    pub fn rows(&self, id: TableId) -> impl Iterator<Item = (RowKey, &Row)> {
        self.tables
            .get(&id)
            .into_iter()
            .flat_map(|rows| rows.iter().map(|(key, row)| (*key, row)))
    }

    pub fn row(&self, id: TableId, key: RowKey) -> Option<&Row> {
        self.tables.get(&id)?.get(&key)
    }

    /// Rows whose attribute equals `value`, restricted to one parent for sub-tables.
    pub fn find(
        &self,
        id: TableId,
        parent: Option<u32>,
        attribute: &str,
        value: &str,
    ) -> Vec<RowKey> {
        self.rows(id)
            .filter(|(key, row)| key.parent == parent && row.get(attribute) == value)
            .map(|(key, _)| key)
            .collect()
    }

    /// The row another row means by naming it (via the table's key attribute).
    pub fn find_by_key(&self, id: TableId, name: &str) -> Option<RowKey> {
        let key_attribute = table(id).key_attribute?;
        self.find(id, None, key_attribute, name).into_iter().next()
    }

    /// The lowest unused index, which is what `new` takes on the device.
    pub fn next_free_index(&self, id: TableId, parent: Option<u32>) -> u32 {
        let used: Vec<u32> = self
            .rows(id)
            .filter(|(key, _)| key.parent == parent)
            .map(|(key, _)| key.index)
            .collect();
        (0..).find(|index| !used.contains(index)).unwrap_or(0)
    }

    pub(crate) fn insert(&mut self, key: RowKey, row: Row) {
        self.tables.entry(row.table).or_default().insert(key, row);
    }

    /// Removes a row and, for a parent table, its sub-table rows.
    pub(crate) fn remove(&mut self, id: TableId, key: RowKey) {
        if let Some(rows) = self.tables.get_mut(&id) {
            rows.remove(&key);
        }
        for child in TABLES
            .iter()
            .filter(|child| child.parent.is_some_and(|(parent, _)| parent == id))
        {
            if let Some(rows) = self.tables.get_mut(&child.id) {
                rows.retain(|child_key, _| child_key.parent != Some(key.index));
            }
        }
        self.tables.retain(|_, rows| !rows.is_empty());
    }

    /// The running configuration as CLI text, in table order then row order.
    pub fn render(&self) -> String {
        let mut text = String::from("configure voip\n");
        for description in TABLES {
            for (key, row) in self.rows(description.id) {
                text.push_str(&format!(" {} {key}\n", description.path_text()));
                for line in row.attribute_lines() {
                    text.push_str(&format!("  {line}\n"));
                }
                text.push_str("  activate\n exit\n");
            }
        }
        text.push_str("exit\n");
        text
    }

    /// Only one table, in the same form as `render` (used by `show voip <table>`).
    pub fn render_table(&self, id: TableId) -> String {
        let description = table(id);
        let mut text = String::new();
        for (key, row) in self.rows(id) {
            text.push_str(&format!("{} {key}\n", description.path_text()));
            for line in row.attribute_lines() {
                text.push_str(&format!(" {line}\n"));
            }
        }
        text
    }

    pub fn ip_groups(&self) -> Vec<IpGroup> {
        self.rows(TableId::IpGroup)
            .map(|(key, row)| IpGroup {
                index: key.index,
                name: row.get("name").to_string(),
                group_type: row.get("type").to_string(),
                proxy_set_name: row.get("proxy-set-name").to_string(),
                tags: row.get("tags").to_string(),
            })
            .collect()
    }

    pub fn proxy_sets(&self) -> Vec<ProxySet> {
        self.rows(TableId::ProxySet)
            .map(|(set_key, set)| ProxySet {
                index: set_key.index,
                name: set.get("proxy-name").to_string(),
                sip_interface_name: set.get("sbcipv4-sip-int-name").to_string(),
                addresses: self
                    .rows(TableId::ProxyIp)
                    .filter(|(key, _)| key.parent == Some(set_key.index))
                    .map(|(key, address)| ProxyAddress {
                        index: key.index,
                        address: address.get("proxy-address").to_string(),
                        transport_type: address.get("transport-type").to_string(),
                    })
                    .collect(),
            })
            .collect()
    }

    pub fn dial_plans(&self) -> Vec<DialPlan> {
        self.rows(TableId::DialPlan)
            .map(|(plan_key, plan)| DialPlan {
                index: plan_key.index,
                name: plan.get("name").to_string(),
                rules: self
                    .rows(TableId::DialPlanRule)
                    .filter(|(key, _)| key.parent == Some(plan_key.index))
                    .map(|(key, rule)| DialPlanRule {
                        index: key.index,
                        name: rule.get("name").to_string(),
                        prefix: rule.get("prefix").to_string(),
                        tag: rule.get("tag").to_string(),
                    })
                    .collect(),
            })
            .collect()
    }

    pub fn sip_accounts(&self) -> Vec<SipAccount> {
        self.rows(TableId::SipAccount)
            .map(|(key, row)| SipAccount {
                index: key.index,
                account_name: row.get("account-name").to_string(),
                served_ip_group_name: row.get("served-ip-group-name").to_string(),
                serving_ip_group_name: row.get("serving-ip-group-name").to_string(),
                user_name: row.get("user-name").to_string(),
                host_name: row.get("host-name").to_string(),
                register: row.get("register").to_string(),
            })
            .collect()
    }
}

/// Reads text in the form `render` (or the device's `GET /files/cliScript`) produces.
/// Every line must be valid and every row must activate cleanly.
pub fn parse_running_config(text: &str) -> Result<Config, ScriptError> {
    let mut config = Config::default();
    interpreter::run(&mut config, text, Strictness::EveryErrorIsFatal)?;
    Ok(config)
}

/// Typed views for callers that only read the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpGroup {
    pub index: u32,
    pub name: String,
    /// `server`, `user` or `gateway`.
    pub group_type: String,
    pub proxy_set_name: String,
    pub tags: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxySet {
    pub index: u32,
    pub name: String,
    pub sip_interface_name: String,
    pub addresses: Vec<ProxyAddress>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyAddress {
    pub index: u32,
    /// `host[:port]`.
    pub address: String,
    /// `not-configured`, `udp`, `tcp` or `tls`.
    pub transport_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialPlan {
    pub index: u32,
    pub name: String,
    pub rules: Vec<DialPlanRule>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialPlanRule {
    pub index: u32,
    pub name: String,
    pub prefix: String,
    pub tag: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipAccount {
    pub index: u32,
    pub account_name: String,
    pub served_ip_group_name: String,
    pub serving_ip_group_name: String,
    pub user_name: String,
    pub host_name: String,
    pub register: String,
}
