//! A script template: its body and what it is for.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A stable template id such as `sbc-onboarding-sip-trunk`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(transparent)]
pub struct TemplateId(pub String);

impl fmt::Display for TemplateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a rendered script runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateKind {
    /// An AudioCodes CLI script pushed to the SBC.
    Sbc,
    /// A PowerShell script run against the customer's Teams tenant.
    M365,
}

/// What a script does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ScriptType {
    Onboarding,
    Cleanup,
    AddPrefix,
    RemovePrefix,
    AddIpPbxUser,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateMeta {
    pub id: TemplateId,
    pub name: String,
    pub kind: TemplateKind,
    #[serde(rename = "type")]
    pub script_type: ScriptType,
    pub description: String,
    /// For a cleanup template: the onboarding template it undoes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<TemplateId>,
    /// Names usable as `CustomVar.<name>`; the wizard asks for their values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customer_variables: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptTemplate {
    pub meta: TemplateMeta,
    pub body: String,
}
