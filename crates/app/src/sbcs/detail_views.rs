//! What the SBC detail views take and return: import candidates and choices, the
//! result of running a script, and active alarms.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a dial plan rule's tag says about the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportTagKind {
    /// Direct Routing: the customer's PSTN gateway FQDN.
    PstnGateway,
    /// Operator Connect: the customer's Azure tenant id.
    AzureTenant,
    Other,
    None,
}

/// One customer the SBC's dial plans offer for import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportCandidateView {
    pub dial_plan: String,
    pub rule_name: String,
    /// The short name derived from the rule name, when one could be.
    pub short_name: Option<String>,
    /// Why no short name could be derived; the person must type one.
    pub short_name_problem: Option<String>,
    /// The editable full name's initial value.
    pub full_name: String,
    pub prefixes: Vec<String>,
    /// The tag as configured on the device.
    pub tag: String,
    pub tag_kind: ImportTagKind,
    /// The gateway FQDN or Azure tenant id read from the tag.
    pub tag_value: Option<String>,
    /// Why the prefixes cannot be imported (wildcards, bad ranges ...).
    pub prefix_problem: Option<String>,
}

/// One candidate the person chose to import, identified as the device identifies a
/// customer: dial plan, rule name and tag.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSelection {
    pub dial_plan: String,
    pub rule_name: String,
    pub tag: String,
    /// Overrides the derived short name (required when none could be derived).
    pub short_name: Option<String>,
    pub full_name: String,
}

/// What "Import" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// Short names of the customers created.
    pub created: Vec<String>,
    /// Short names of existing customers that received the rules (same name, other tag).
    pub linked: Vec<String>,
    /// Rule names that were imported before (for example from another window).
    pub already_imported: Vec<String>,
}

/// One active alarm of an SBC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SbcAlarmView {
    pub id: u32,
    /// `critical`, `major`, `minor`, `warning`, `indeterminate`, `cleared` or the
    /// device's own word.
    pub severity: String,
    pub source: String,
    pub description: String,
    /// RFC 3339, when the device's date could be read.
    pub raised_at: Option<String>,
    /// The date as the device wrote it.
    pub date_text: String,
}
