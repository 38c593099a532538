//! What the Voice routing screen shows and sends.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use switchboard_cache::TaskId;
use switchboard_domain::{TaskState, TenantId};
use switchboard_voice::{
    NormalizationRule, ObjectKind, Simulation, Verb, VoiceChange, VoiceConfig,
};
use ts_rs::TS;

/// A tenant's Direct Routing objects as last read, with what the screen derives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VoiceView {
    pub tenant_id: TenantId,
    pub tenant_name: String,
    /// When the objects were last read from Teams (None: never).
    pub read_at: Option<DateTime<Utc>>,
    /// Why the last read failed, when it did; the objects shown are the older ones.
    pub read_error: Option<String>,
    pub config: VoiceConfig,
    /// Each usage with the routes and policies that use it.
    pub usages: Vec<UsageLinks>,
    /// Cached users per voice routing policy, dial plan and calling policy.
    pub holders: Vec<PolicyHolders>,
    /// Changes to these objects waiting in the queue (drafts, queued, running, failed).
    pub pending: Vec<PendingVoiceChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageLinks {
    pub usage: String,
    pub routes: Vec<String>,
    pub policies: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum HeldPolicyKind {
    VoiceRoutingPolicy,
    DialPlan,
    CallingPolicy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyHolders {
    pub kind: HeldPolicyKind,
    pub name: String,
    pub users: u32,
}

/// A queued change, shown on the row of the object it changes ("Queued: New").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PendingVoiceChange {
    pub task_id: TaskId,
    pub state: TaskState,
    pub change: VoiceChange,
    /// The object it touches, and how: what the screen matches rows by.
    pub kind: ObjectKind,
    pub verb: Verb,
    pub name: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VoiceChangeInput {
    pub tenant_id: TenantId,
    pub change: VoiceChange,
}

/// A number to try, as a user dials it (their policy and dial plan) or against a
/// chosen policy and dial plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RouteSimulationInput {
    pub tenant_id: TenantId,
    pub dialed: String,
    /// The user whose effective policy and dial plan apply.
    pub user_object_id: Option<String>,
    /// Used when no user is given; the tenant's Global policy when null.
    pub policy: Option<String>,
    /// Used when no user is given; the tenant's Global dial plan when null.
    pub dial_plan: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RouteSimulationView {
    /// The user's sign-in name, when the simulation was for a user.
    pub user: Option<String>,
    /// The dial plan whose rules normalised the number (None: no rules applied).
    pub dial_plan: Option<String>,
    pub simulation: Simulation,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NormalizationTestInput {
    pub rules: Vec<NormalizationRule>,
    pub dialed: String,
}

/// Whether a number pattern compiles, checked as it is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PatternCheck {
    pub valid: bool,
    pub message: Option<String>,
}
