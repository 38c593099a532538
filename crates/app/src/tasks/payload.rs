//! The typed payload of every task kind, stored as JSON with the task. Everything an
//! executor needs is here, fixed when the task is queued: a later edit of a template
//! or an SBC's name does not change what a queued task will do.

use serde::{Deserialize, Serialize};
use switchboard_cache::{DeviceRule, SbcId};
use switchboard_domain::TaskKind;
use switchboard_graph::models::{NumberType, PolicyType};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub(crate) enum TaskPayload {
    SbcScript {
        sbc_id: SbcId,
        script: ScriptText,
        /// Save the configuration to flash after the script.
        save: bool,
    },
    SbcPrefixAdd {
        sbc_id: SbcId,
        dial_plan: String,
        /// The rules' name on the device: the customer's site on the SBC.
        rule_name: String,
        rules: Vec<PrefixRule>,
        /// The rendered add-prefix template.
        script: String,
    },
    SbcPrefixRemove {
        sbc_id: SbcId,
        dial_plan: String,
        rules: Vec<DeviceRule>,
        /// The rendered remove-prefix template.
        script: String,
    },
    NumberAssign {
        user: UserRef,
        /// E.164.
        number: String,
        number_type: NumberType,
        /// Granted with the number, as Direct Routing needs both; `None` leaves it.
        voice_routing_policy: Option<String>,
    },
    NumberUnassign {
        user: UserRef,
        number: String,
        number_type: NumberType,
    },
    PolicyGrant {
        user: UserRef,
        policy_type: PolicyType,
        /// `None` takes the policy away (the user falls back to the tenant's global one).
        policy_name: Option<String>,
    },
}

/// An SBC script as stored: in the open, or sealed in the secret store when it sets a
/// secret (a SIP account password), which must never sit in the cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum ScriptText {
    Plain(String),
    /// A secret reference (`SecretRef`) in the keychain-backed store.
    Sealed(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PrefixRule {
    pub prefix: String,
    pub tag: String,
}

/// A Teams user as Graph addresses them, with the sign-in name people read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserRef {
    pub object_id: String,
    pub upn: String,
}

impl TaskPayload {
    pub(crate) fn kind(&self) -> TaskKind {
        match self {
            TaskPayload::SbcScript { .. } => TaskKind::SbcScript,
            TaskPayload::SbcPrefixAdd { .. } => TaskKind::SbcPrefixAdd,
            TaskPayload::SbcPrefixRemove { .. } => TaskKind::SbcPrefixRemove,
            TaskPayload::NumberAssign { .. } => TaskKind::NumberAssign,
            TaskPayload::NumberUnassign { .. } => TaskKind::NumberUnassign,
            TaskPayload::PolicyGrant { .. } => TaskKind::PolicyGrant,
        }
    }

    /// Whether the task changes an SBC (rather than a tenant).
    pub(crate) fn is_sbc(&self) -> bool {
        matches!(
            self,
            TaskPayload::SbcScript { .. }
                | TaskPayload::SbcPrefixAdd { .. }
                | TaskPayload::SbcPrefixRemove { .. }
        )
    }

    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(self).expect("payloads serialize")
    }

    pub(crate) fn from_json(text: &str) -> Result<TaskPayload, String> {
        serde_json::from_str(text)
            .map_err(|e| format!("The task's stored payload is unreadable: {e}"))
    }
}
