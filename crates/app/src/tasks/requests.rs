//! A change an engineer asks for, before it is planned into tasks: what the screens send,
//! and what an audit entry keeps to undo its change.

use serde::{Deserialize, Serialize};
use switchboard_cache::{DeviceRule, SbcId};
use switchboard_domain::TenantId;
use switchboard_graph::models::{NumberType, PolicyType};
use switchboard_voice::VoiceChange;

use crate::tasks::payload::{PrefixRule, ScriptText, UserRef};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub(crate) enum ChangeRequest {
    SbcScript {
        sbc_id: SbcId,
        script: ScriptText,
        /// Save the configuration to flash after the script.
        save: bool,
    },
    PrefixAdd {
        sbc_id: SbcId,
        dial_plan: String,
        rule_name: String,
        rules: Vec<PrefixRule>,
    },
    PrefixRemove {
        sbc_id: SbcId,
        dial_plan: String,
        rules: Vec<DeviceRule>,
    },
    NumberAssign {
        tenant_id: TenantId,
        user: UserRef,
        number: String,
        number_type: NumberType,
        voice_routing_policy: Option<String>,
    },
    NumberUnassign {
        tenant_id: TenantId,
        user: UserRef,
        number: String,
        number_type: NumberType,
    },
    PolicyGrant {
        tenant_id: TenantId,
        user: UserRef,
        policy_type: PolicyType,
        policy_name: Option<String>,
    },
    Voice {
        tenant_id: TenantId,
        change: VoiceChange,
    },
}

impl ChangeRequest {
    /// Whether the change is to an SBC (rather than a tenant).
    pub(crate) fn is_sbc(&self) -> bool {
        matches!(
            self,
            ChangeRequest::SbcScript { .. }
                | ChangeRequest::PrefixAdd { .. }
                | ChangeRequest::PrefixRemove { .. }
        )
    }
}
