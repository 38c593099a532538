//! Maps blocks under `configure voip` to the tables the app knows. Rows appear either
//! at section level (`proxy-ip 0/1`, `sbc dial-plan-rule 2/0`) or nested in their
//! parent row (`proxy-ip 1`, `dial-plan-rule 0`); both forms are read.

use std::collections::BTreeMap;

use switchboard_sbc_cli::{table_at, Table, TableId, ValueKind, TABLES};

use super::blocks::Block;
use super::model::{
    DialPlan, DialPlanRule, IpGroup, IpGroupType, ProxyAddress, ProxySet, RunningConfig, SipAccount,
};
use crate::ParseError;

/// The table addressed by exactly these words from `configure voip`.
fn table_by_path(path: &[String]) -> Option<&'static Table> {
    table_at(path)
        .filter(|(_, rest)| rest.is_empty())
        .map(|(table, _)| table)
}

#[derive(Debug, Clone, Copy)]
enum Key {
    Single(u32),
    Nested(u32, u32),
}

fn parse_key(word: &str) -> Option<Key> {
    match word.split_once('/') {
        Some((parent, index)) => Some(Key::Nested(parent.parse().ok()?, index.parse().ok()?)),
        None => word.parse().ok().map(Key::Single),
    }
}

/// Whether a line opens a row of a known table, or any `<words> <set>/<row>` line:
/// used where indentation cannot tell.
pub(super) fn is_row_opener(words: &[String]) -> bool {
    let Some((last, path)) = words.split_last() else {
        return false;
    };
    match parse_key(last) {
        Some(Key::Nested(..)) => !path.is_empty(),
        Some(Key::Single(_)) => {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            !path.is_empty() && TABLES.iter().any(|table| table.path.ends_with(&path))
        }
        None => false,
    }
}

#[derive(Debug, Default)]
struct RowData {
    /// Where the row first appeared, for error messages.
    line: u32,
    values: BTreeMap<String, String>,
}

impl RowData {
    fn get(&self, attribute: &str) -> String {
        self.values.get(attribute).cloned().unwrap_or_default()
    }
}

#[derive(Default)]
struct Collector {
    rows: BTreeMap<(TableId, Option<u32>, u32), RowData>,
}

pub(super) fn collect(roots: &[Block]) -> Result<RunningConfig, ParseError> {
    let mut collector = Collector::default();
    for root in roots {
        if root.words == ["configure", "voip"] {
            collector.section(&root.children, &[])?;
        }
    }
    collector.finish()
}

impl Collector {
    fn section(&mut self, blocks: &[Block], prefix: &[String]) -> Result<(), ParseError> {
        for block in blocks {
            let mut path = prefix.to_vec();
            match block.words.split_last() {
                Some((last, head)) if !head.is_empty() && parse_key(last).is_some() => {
                    path.extend(head.iter().cloned());
                    if let (Some(table), Some(key)) = (table_by_path(&path), parse_key(last)) {
                        self.row(table, key, None, block)?;
                    }
                }
                _ => {
                    path.extend(block.words.iter().cloned());
                    self.section(&block.children, &path)?;
                }
            }
        }
        Ok(())
    }

    fn row(
        &mut self,
        table: &'static Table,
        key: Key,
        enclosing: Option<u32>,
        block: &Block,
    ) -> Result<(), ParseError> {
        let error = |reason: String| ParseError {
            line: block.line,
            reason,
        };
        let opening = block.words.join(" ");
        let (parent, index) = match (table.parent.is_some(), key, enclosing) {
            (true, Key::Nested(parent, index), _) => (Some(parent), index),
            (true, Key::Single(index), Some(parent)) => (Some(parent), index),
            (true, Key::Single(_), None) => {
                return Err(error(format!(
                "'{opening}' names no parent row: write it as <parent>/<row> or inside its parent"
            )))
            }
            (false, Key::Single(index), _) => (None, index),
            (false, Key::Nested(..), _) => {
                return Err(error(format!(
                    "'{opening}': rows of this table have a single index"
                )))
            }
        };
        let data = self
            .rows
            .entry((table.id, parent, index))
            .or_insert_with(|| RowData {
                line: block.line,
                ..RowData::default()
            });
        for line in &block.attributes {
            // Only the attributes the schema knows are kept, and never a secret: the
            // device shows those as `*` anyway.
            if let [name, value @ ..] = line.as_slice() {
                let kept = table
                    .attribute(name)
                    .is_some_and(|attribute| !matches!(attribute.kind, ValueKind::Secret(_)));
                if kept && !value.is_empty() {
                    data.values.insert(name.clone(), value.join(" "));
                }
            }
        }
        let Some(sub_table) = table.sub_table() else {
            return Ok(());
        };
        for child in &block.children {
            match (sub_table.parent, child.words.as_slice()) {
                (Some((_, word)), [first, key]) if first == word => {
                    if let Some(key) = parse_key(key) {
                        self.row(sub_table, key, Some(index), child)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn rows_of(&self, table: TableId) -> impl Iterator<Item = (Option<u32>, u32, &RowData)> {
        self.rows
            .iter()
            .filter(move |((of, _, _), _)| *of == table)
            .map(|((_, parent, index), data)| (*parent, *index, data))
    }

    /// Every sub-row's parent must exist.
    fn check_parents(
        &self,
        sub: TableId,
        parent: TableId,
        parent_name: &str,
    ) -> Result<(), ParseError> {
        for (parent_index, index, data) in self.rows_of(sub) {
            let parent_index = parent_index.unwrap_or_default();
            if self
                .rows_of(parent)
                .all(|(_, existing, _)| existing != parent_index)
            {
                return Err(ParseError {
                    line: data.line,
                    reason: format!(
                        "row {parent_index}/{index} belongs to {parent_name} {parent_index}, which the configuration does not have"
                    ),
                });
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<RunningConfig, ParseError> {
        self.check_parents(TableId::ProxyIp, TableId::ProxySet, "proxy set")?;
        self.check_parents(TableId::DialPlanRule, TableId::DialPlan, "dial plan")?;
        let proxy_sets = self
            .rows_of(TableId::ProxySet)
            .map(|(_, index, set)| ProxySet {
                index,
                name: set.get("proxy-name"),
                sip_interface_name: set.get("sbcipv4-sip-int-name"),
                addresses: self
                    .rows_of(TableId::ProxyIp)
                    .filter(|(parent, _, _)| *parent == Some(index))
                    .map(|(_, index, address)| ProxyAddress {
                        index,
                        address: address.get("proxy-address"),
                        transport_type: address.get("transport-type"),
                    })
                    .collect(),
            })
            .collect();
        let ip_groups = self
            .rows_of(TableId::IpGroup)
            .map(|(_, index, group)| IpGroup {
                index,
                name: group.get("name"),
                group_type: IpGroupType::from(group.get("type").as_str()),
                proxy_set_name: group.get("proxy-set-name"),
                tags: group.get("tags"),
                sip_group_name: group.get("sip-group-name"),
            })
            .collect();
        let sip_accounts = self
            .rows_of(TableId::SipAccount)
            .map(|(_, index, account)| SipAccount {
                index,
                account_name: account.get("account-name"),
                served_ip_group_name: account.get("served-ip-group-name"),
                serving_ip_group_name: account.get("serving-ip-group-name"),
                user_name: account.get("user-name"),
                host_name: account.get("host-name"),
            })
            .collect();
        let dial_plans = self
            .rows_of(TableId::DialPlan)
            .map(|(_, index, plan)| {
                let name = plan.get("name");
                DialPlan {
                    index,
                    rules: self
                        .rows_of(TableId::DialPlanRule)
                        .filter(|(parent, _, _)| *parent == Some(index))
                        .map(|(_, index, rule)| DialPlanRule {
                            dial_plan: name.clone(),
                            index,
                            name: rule.get("name"),
                            prefix: rule.get("prefix"),
                            tag: rule.get("tag"),
                        })
                        .collect(),
                    name,
                }
            })
            .collect();
        Ok(RunningConfig {
            proxy_sets,
            ip_groups,
            sip_accounts,
            dial_plans,
        })
    }
}
