//! Reconnecting a tenant by device code: the prompt is shown while a background task
//! polls Microsoft; on approval the refresh token goes to the keychain (never the
//! cache) and the tenant switches to the device-code method, valid until the access
//! token expires. The access token itself is dropped: checks fetch their own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime};

use chrono::Utc;
use switchboard_cache::Cache;
use switchboard_domain::{AuthMethod, AuthStatus, TenantId};
use switchboard_graph::{GraphError, SignIn, TokenSet};
use switchboard_secrets::SecretStore;
use tokio::runtime::Handle;
use tokio_util::sync::CancellationToken;

use crate::security::auth::tenant_login::stored_ref;
use crate::security::auth::views::{DeviceCodePromptView, DeviceCodeState, DeviceCodeStatus};

struct Flow {
    /// Tells a flow from a later one of the same tenant.
    id: u64,
    state: DeviceCodeState,
    message: Option<String>,
    /// An approval already reported by `take_approval`.
    handed_over: bool,
    cancel: CancellationToken,
}

type Flows = Arc<Mutex<HashMap<TenantId, Flow>>>;

pub(crate) struct DeviceSignIns {
    cache: Arc<Cache>,
    secrets: Arc<dyn SecretStore>,
    runtime: Handle,
    flows: Flows,
    next_id: AtomicU64,
    shutdown: CancellationToken,
}

impl DeviceSignIns {
    pub(crate) fn new(runtime: &Handle, cache: Arc<Cache>, secrets: Arc<dyn SecretStore>) -> Self {
        Self {
            cache,
            secrets,
            runtime: runtime.clone(),
            flows: Flows::default(),
            next_id: AtomicU64::new(1),
            shutdown: CancellationToken::new(),
        }
    }

    /// Asks Microsoft for a code and starts polling; an earlier sign-in of the same
    /// tenant is cancelled.
    pub(crate) fn start(
        &self,
        tenant: TenantId,
        sign_in: SignIn,
        sandbox_admin: Option<String>,
    ) -> Result<DeviceCodePromptView, GraphError> {
        let session = crate::sbcs::connection::wait_on(
            &self.runtime,
            sign_in.start_device_code(switchboard_graph::Resource::Graph),
        )?;
        let prompt = session.prompt().clone();
        let cancel = self.shutdown.child_token();
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        if let Some(previous) = lock(&self.flows).insert(
            tenant,
            Flow {
                id,
                state: DeviceCodeState::Pending,
                message: None,
                handed_over: false,
                cancel: cancel.clone(),
            },
        ) {
            previous.cancel.cancel();
        }
        tracing::info!(%tenant, "device-code sign-in started");
        let (cache, secrets, flows) =
            (self.cache.clone(), self.secrets.clone(), self.flows.clone());
        self.runtime.spawn(async move {
            let result = sign_in.finish_device_code(&session, &cancel).await;
            let (state, message) = conclude(&cache, secrets.as_ref(), tenant, result);
            let mut flows = lock(&flows);
            // A newer sign-in of the same tenant replaced this one, or it was cancelled:
            // leave the entry alone.
            if let Some(flow) = flows
                .get_mut(&tenant)
                .filter(|f| f.id == id && f.state == DeviceCodeState::Pending)
            {
                flow.state = state;
                flow.message = Some(message);
            }
        });
        let expires_in = prompt
            .expires_at
            .duration_since(SystemTime::now())
            .unwrap_or_default();
        Ok(DeviceCodePromptView {
            tenant_id: tenant,
            user_code: prompt.user_code,
            verification_uri: prompt.verification_uri,
            expires_in_secs: u32::try_from(expires_in.as_secs()).unwrap_or(u32::MAX),
            interval_secs: u32::try_from(prompt.interval.as_secs()).unwrap_or(u32::MAX),
            sandbox_admin,
        })
    }

    pub(crate) fn status(&self, tenant: TenantId) -> Option<DeviceCodeStatus> {
        lock(&self.flows).get(&tenant).map(|flow| DeviceCodeStatus {
            tenant_id: tenant,
            state: flow.state,
            message: flow.message.clone(),
        })
    }

    /// True once per approved sign-in: its new refresh token is stored, and the caller
    /// hands it to replication.
    pub(crate) fn take_approval(&self, tenant: TenantId) -> bool {
        lock(&self.flows).get_mut(&tenant).is_some_and(|flow| {
            let fresh = flow.state == DeviceCodeState::Approved && !flow.handed_over;
            flow.handed_over |= fresh;
            fresh
        })
    }

    /// Stops polling; the tenant keeps the sign-in it had.
    pub(crate) fn cancel(&self, tenant: TenantId) -> Option<DeviceCodeStatus> {
        {
            let mut flows = lock(&self.flows);
            let flow = flows.get_mut(&tenant)?;
            if flow.state == DeviceCodeState::Pending {
                flow.cancel.cancel();
                flow.state = DeviceCodeState::Cancelled;
                flow.message = Some("The sign-in was cancelled; nothing was changed.".into());
            }
        }
        self.status(tenant)
    }
}

impl Drop for DeviceSignIns {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// The state and message the dialog shows once polling has ended.
fn conclude(
    cache: &Cache,
    secrets: &dyn SecretStore,
    tenant: TenantId,
    result: Result<TokenSet, GraphError>,
) -> (DeviceCodeState, String) {
    match result {
        Ok(tokens) => match save(cache, secrets, tenant, tokens) {
            Ok(()) => {
                tracing::info!(%tenant, "device-code sign-in approved");
                (
                    DeviceCodeState::Approved,
                    "Signed in. The tenant now uses the device-code sign-in.".into(),
                )
            }
            Err(message) => (DeviceCodeState::Failed, message),
        },
        Err(error) => {
            tracing::info!(%tenant, %error, "device-code sign-in ended");
            let state = match error {
                GraphError::SignInDeclined => DeviceCodeState::Declined,
                GraphError::SignInExpired => DeviceCodeState::Expired,
                GraphError::Cancelled => DeviceCodeState::Cancelled,
                _ => DeviceCodeState::Failed,
            };
            (state, error.user_message())
        }
    }
}

/// Refresh token into the keychain, then the tenant's method and state into the cache;
/// the previous refresh token is removed once nothing points at it.
fn save(
    cache: &Cache,
    secrets: &dyn SecretStore,
    tenant: TenantId,
    tokens: TokenSet,
) -> Result<(), String> {
    let refresh = tokens.refresh_token.ok_or_else(|| {
        "Microsoft signed the admin in but sent no refresh token, so the sign-in cannot be kept. Check that the app registration allows offline access.".to_string()
    })?;
    let reference = secrets
        .create(&refresh)
        .map_err(|e| format!("The sign-in worked but could not be saved in the keychain: {e}"))?;
    let left = tokens
        .access
        .expires_at()
        .saturating_duration_since(Instant::now());
    let stored = cache.tenant_auth(tenant).and_then(|mut auth| {
        let previous = auth.refresh_token_ref.replace(reference.to_string());
        auth.method = AuthMethod::DeviceCode;
        auth.status = AuthStatus::Valid;
        auth.valid_until = Some(Utc::now() + chrono::Duration::from_std(left).unwrap_or_default());
        auth.verified_at = Some(Utc::now());
        cache.set_tenant_auth(tenant, &auth).map(|_| previous)
    });
    match stored {
        Ok(previous) => {
            crate::security::invitations::record_sign_in(cache, tenant);
            if let Ok(Some(old)) = stored_ref(previous.as_deref()) {
                if let Err(error) = secrets.delete(&old) {
                    tracing::warn!(%tenant, %error, "the replaced refresh token could not be removed");
                }
            }
            Ok(())
        }
        Err(error) => {
            // Nothing points at the new token: do not leave it behind.
            let _ = secrets.delete(&reference);
            Err(format!(
                "The sign-in worked but could not be recorded: {error}"
            ))
        }
    }
}

/// A poisoned lock only means a task panicked; the map is still consistent.
fn lock(flows: &Flows) -> MutexGuard<'_, HashMap<TenantId, Flow>> {
    flows
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
