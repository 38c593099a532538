//! The Voice routing screen's commands: a tenant's Direct Routing objects from the
//! cache (offline), changes to them prepared as queued tasks, a read on demand, and
//! the route simulator and dial plan tester.

pub mod views;

use std::time::Duration;

use switchboard_cache::{TaskFilter, TaskRecord};
use switchboard_domain::{TaskKind, TaskState, TenantId};
use switchboard_sync::{
    cached_voice_config, read_voice_config, store_voice_config, VoiceReadError, VoiceReader,
};
use switchboard_teams::{CancellationToken, TeamsError};
use switchboard_voice::{check_pattern, normalize, simulate, Holders, Normalization, VoiceConfig};

use crate::context::AppContext;
use crate::error::{ApiError, ErrorCode};
use crate::sbcs::connection::wait_on;
use crate::tasks::payload::TaskPayload;
use crate::tasks::requests::ChangeRequest;
use crate::tasks::views::PreparedChange;
use crate::voice::views::{
    HeldPolicyKind, NormalizationTestInput, PatternCheck, PendingVoiceChange, PolicyHolders,
    RouteSimulationInput, RouteSimulationView, UsageLinks, VoiceChangeInput, VoiceView,
};

/// A read loads the MicrosoftTeams module first, which alone can take half a minute.
pub(crate) const VOICE_READ_TIMEOUT: Duration = Duration::from_secs(300);

/// Task states that still belong on the object's row.
const PENDING: [TaskState; 5] = [
    TaskState::Draft,
    TaskState::Queued,
    TaskState::Executing,
    TaskState::Postponed,
    TaskState::Failed,
];

impl AppContext {
    /// The tenant's Direct Routing objects as last read; works offline.
    pub fn voice_config(&self, tenant_id: TenantId) -> Result<VoiceView, ApiError> {
        let tenant = self.cache().tenant(tenant_id)?;
        let (config, stored) = cached_voice_config(self.cache(), tenant_id)?;
        let usages = config
            .usages
            .iter()
            .map(|usage| UsageLinks {
                usage: usage.clone(),
                routes: config
                    .routes_using(usage)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                policies: config
                    .policies_using(usage)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            })
            .collect();
        let counts = self.cache().policy_holder_counts(tenant_id)?;
        let holders = [
            (
                HeldPolicyKind::VoiceRoutingPolicy,
                counts.voice_routing_policies,
            ),
            (HeldPolicyKind::DialPlan, counts.tenant_dial_plans),
            (HeldPolicyKind::CallingPolicy, counts.calling_policies),
        ]
        .into_iter()
        .flat_map(|(kind, list)| {
            list.into_iter().map(move |(name, users)| PolicyHolders {
                kind,
                name,
                users: users.try_into().unwrap_or(u32::MAX),
            })
        })
        .collect();
        Ok(VoiceView {
            tenant_id,
            tenant_name: tenant.short_name.as_str().to_owned(),
            read_at: stored.read_at,
            read_error: stored.error,
            config,
            usages,
            holders,
            pending: self.pending_voice_changes(tenant_id)?,
        })
    }

    /// Reads the tenant's objects from Teams now, through Teams PowerShell.
    pub fn read_voice_now(&self, tenant_id: TenantId) -> Result<VoiceView, ApiError> {
        let tenant = self.cache().tenant(tenant_id)?;
        let host = self.remote().powershell_host()?;
        let graph = self
            .remote()
            .tenant_graph(&tenant, self.replication().http())?;
        let reader = VoiceReader {
            host,
            timeout: VOICE_READ_TIMEOUT,
        };
        let read = wait_on(
            self.runtime_handle(),
            read_voice_config(&graph, &reader, &CancellationToken::new()),
        );
        let now = chrono::Utc::now();
        match read {
            Ok(config) => {
                store_voice_config(self.cache(), tenant_id, &config, now)?;
            }
            Err(error) => {
                let message = error.user_message();
                self.cache()
                    .record_voice_read_failure(tenant_id, &message)?;
                return Err(ApiError::new(
                    read_error_code(&error),
                    format!(
                        "The Direct Routing objects of {} could not be read: {message}",
                        tenant.short_name
                    ),
                ));
            }
        }
        self.voice_config(tenant_id)
    }

    /// Checks a change against the cached objects and prepares it as a draft task.
    pub fn prepare_voice_change(
        &self,
        input: &VoiceChangeInput,
    ) -> Result<PreparedChange, ApiError> {
        self.prepare(&[ChangeRequest::Voice {
            tenant_id: input.tenant_id,
            change: input.change.clone(),
        }])
    }

    /// What happens to a dialled number: for a user (their effective policy and dial
    /// plan) or for a chosen policy and dial plan.
    pub fn simulate_route(
        &self,
        input: &RouteSimulationInput,
    ) -> Result<RouteSimulationView, ApiError> {
        let (config, _) = cached_voice_config(self.cache(), input.tenant_id)?;
        let (user, policy, dial_plan) = match &input.user_object_id {
            Some(object_id) => {
                let user = self.cache().user(input.tenant_id, object_id)?.record;
                (
                    Some(user.upn),
                    user.voice_routing_policy,
                    user.tenant_dial_plan,
                )
            }
            None => (None, input.policy.clone(), input.dial_plan.clone()),
        };
        let policy = policy
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "Global".to_owned());
        let plan = effective_dial_plan(&config, dial_plan.as_deref())?;
        let rules = plan.map(|p| p.rules.clone()).unwrap_or_default();
        let simulation = simulate(&config, &policy, &rules, &input.dialed)?;
        Ok(RouteSimulationView {
            user,
            dial_plan: plan.map(|p| p.name.clone()),
            simulation,
        })
    }

    /// Runs a number through a set of normalization rules (a dial plan being edited).
    pub fn test_normalization(
        &self,
        input: &NormalizationTestInput,
    ) -> Result<Normalization, ApiError> {
        Ok(normalize(&input.rules, &input.dialed)?)
    }

    /// Checks a number pattern or a rule pattern as Teams would compile it.
    pub fn check_voice_pattern(&self, pattern: &str) -> PatternCheck {
        match check_pattern("pattern", pattern) {
            Ok(_) => PatternCheck {
                valid: true,
                message: None,
            },
            Err(error) => PatternCheck {
                valid: false,
                message: Some(error.to_string()),
            },
        }
    }

    /// The cached configuration and policy holders a change is checked against.
    pub(crate) fn voice_check_basis(
        &self,
        tenant_id: TenantId,
    ) -> Result<(VoiceConfig, Holders), ApiError> {
        let (config, _) = cached_voice_config(self.cache(), tenant_id)?;
        let counts = self.cache().policy_holder_counts(tenant_id)?;
        let map = |list: Vec<(String, u64)>| {
            list.into_iter()
                .map(|(name, users)| (name.to_lowercase(), users as usize))
                .collect()
        };
        Ok((
            config,
            Holders {
                voice_routing_policies: map(counts.voice_routing_policies),
                dial_plans: map(counts.tenant_dial_plans),
                calling_policies: map(counts.calling_policies),
            },
        ))
    }

    fn pending_voice_changes(
        &self,
        tenant_id: TenantId,
    ) -> Result<Vec<PendingVoiceChange>, ApiError> {
        let tasks = self.cache().list_tasks(&TaskFilter {
            tenant: Some(tenant_id),
            states: PENDING.to_vec(),
            kind: Some(TaskKind::VoiceChange),
            ..TaskFilter::default()
        })?;
        Ok(tasks.iter().filter_map(pending_change).collect())
    }
}

/// A refused sign-in and a missing PowerShell are told apart from a read that failed.
fn read_error_code(error: &VoiceReadError) -> ErrorCode {
    match error {
        VoiceReadError::Token(_) => ErrorCode::AuthFailed,
        VoiceReadError::Teams(
            TeamsError::PowerShellNotFound { .. }
            | TeamsError::HostStart { .. }
            | TeamsError::ModuleMissing,
        ) => ErrorCode::PowerShellUnavailable,
        _ => ErrorCode::VoiceReadFailed,
    }
}

fn pending_change(task: &TaskRecord) -> Option<PendingVoiceChange> {
    let ChangeRequest::Voice { change, .. } = TaskPayload::from_json(&task.payload).ok()?.change
    else {
        return None;
    };
    let (verb, kind, name) = change.target();
    let name = name.to_owned();
    Some(PendingVoiceChange {
        task_id: task.id,
        state: task.state,
        kind,
        verb,
        name,
        change,
        summary: task.summary.clone(),
    })
}

/// The named dial plan, else the tenant's Global one; none when the tenant has neither
/// (Teams then leaves the number as dialled).
fn effective_dial_plan<'a>(
    config: &'a VoiceConfig,
    name: Option<&str>,
) -> Result<Option<&'a switchboard_voice::DialPlan>, ApiError> {
    match name.filter(|n| !n.is_empty()) {
        Some(name) => config.dial_plan(name).map(Some).ok_or_else(|| {
            ApiError::new(
                ErrorCode::VoiceNotFound,
                format!("There is no dial plan named '{name}' in the cached configuration."),
            )
        }),
        None => Ok(config.dial_plan("Global")),
    }
}
