//! "Verify all": checks every tenant's sign-in on the services runtime, a few at a
//! time, and keeps a progress list (waiting / running / OK / failed with Microsoft's
//! reason) for the Security screen to poll. Also remembers each tenant's last message.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use futures::StreamExt;
use switchboard_cache::Cache;
use switchboard_domain::TenantId;
use switchboard_secrets::SecretStore;
use tokio::runtime::Handle;
use tokio_util::sync::CancellationToken;

use crate::outbound_http::OutboundHttp;
use crate::security::auth::check::{self, AuthCheck};
use crate::security::auth::views::{TenantVerification, VerificationStatus, VerifyOutcome};

/// Checks at once: enough to be quick, few enough not to look like a storm to Microsoft.
const CHECKS_IN_FLIGHT: usize = 4;

/// A tenant to check, or the reason it cannot be checked at all.
pub(crate) struct Planned {
    pub tenant_id: TenantId,
    pub short_name: String,
    pub check: Result<AuthCheck, String>,
}

#[derive(Default)]
struct Board {
    status: VerificationStatus,
    last_messages: HashMap<TenantId, String>,
}

pub(crate) struct VerificationService {
    http: OutboundHttp,
    cache: Arc<Cache>,
    secrets: Arc<dyn SecretStore>,
    runtime: Handle,
    board: Arc<Mutex<Board>>,
    /// Stops a running "verify all" when the app closes.
    shutdown: CancellationToken,
}

impl VerificationService {
    pub(crate) fn new(
        runtime: &Handle,
        cache: Arc<Cache>,
        secrets: Arc<dyn SecretStore>,
        http: OutboundHttp,
    ) -> Self {
        Self {
            http,
            cache,
            secrets,
            runtime: runtime.clone(),
            board: Arc::default(),
            shutdown: CancellationToken::new(),
        }
    }

    /// The client with the current proxy setting.
    pub(crate) fn http(&self) -> reqwest::Client {
        self.http.current()
    }

    pub(crate) fn status(&self) -> VerificationStatus {
        lock(&self.board).status.clone()
    }

    pub(crate) fn last_message(&self, tenant: TenantId) -> Option<String> {
        lock(&self.board).last_messages.get(&tenant).cloned()
    }

    pub(crate) fn remember(&self, tenant: TenantId, message: String) {
        lock(&self.board).last_messages.insert(tenant, message);
    }

    pub(crate) fn forget_message(&self, tenant: TenantId) {
        lock(&self.board).last_messages.remove(&tenant);
    }

    /// Checks one tenant and waits for the answer (the caller is not on the runtime).
    pub(crate) fn check_now(&self, check: AuthCheck) -> Result<String, String> {
        let (http, secrets, cache) = (self.http(), self.secrets.clone(), self.cache.clone());
        let (tenant, name) = (check.tenant_id, check.short_name.clone());
        let outcome = crate::sbcs::connection::wait_on(&self.runtime, async move {
            let result = check::run_bounded(check, http, cache.clone(), secrets).await;
            finish(&cache, tenant, &name, result)
        });
        self.remember(tenant, outcome.clone().unwrap_or_else(|e| e));
        outcome
    }

    /// Starts checking `planned` unless a run is going; returns the progress list.
    pub(crate) fn start_all(&self, planned: Vec<Planned>) -> VerificationStatus {
        let mut board = lock(&self.board);
        if board.status.running {
            return board.status.clone();
        }
        board.status = VerificationStatus {
            running: true,
            tenants: planned
                .iter()
                .map(|p| TenantVerification {
                    tenant_id: p.tenant_id,
                    short_name: p.short_name.clone(),
                    outcome: VerifyOutcome::Waiting,
                    message: None,
                })
                .collect(),
        };
        let started = board.status.clone();
        drop(board);
        let (http, secrets, cache, board) = (
            self.http(),
            self.secrets.clone(),
            self.cache.clone(),
            self.board.clone(),
        );
        let stop = self.shutdown.clone();
        self.runtime.spawn(async move {
            let checks =
                futures::stream::iter(planned).for_each_concurrent(CHECKS_IN_FLIGHT, |planned| {
                    let (http, secrets, cache, board) =
                        (http.clone(), secrets.clone(), cache.clone(), board.clone());
                    async move {
                        let outcome = match planned.check {
                            Err(reason) => Err(reason),
                            Ok(check) => {
                                mark(&board, planned.tenant_id, VerifyOutcome::Running, None);
                                let result =
                                    check::run_bounded(check, http, cache.clone(), secrets).await;
                                finish(&cache, planned.tenant_id, &planned.short_name, result)
                            }
                        };
                        let (state, message) = match outcome {
                            Ok(message) => (VerifyOutcome::Ok, message),
                            Err(message) => (VerifyOutcome::Failed, message),
                        };
                        lock(&board)
                            .last_messages
                            .insert(planned.tenant_id, message.clone());
                        mark(&board, planned.tenant_id, state, Some(message));
                    }
                });
            tokio::select! {
                () = checks => {}
                () = stop.cancelled() => {}
            }
            lock(&board).status.running = false;
        });
        started
    }
}

impl Drop for VerificationService {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Records the outcome on the tenant and words it for the progress list.
fn finish(
    cache: &Cache,
    tenant: TenantId,
    name: &str,
    result: Result<chrono::DateTime<chrono::Utc>, switchboard_graph::GraphError>,
) -> Result<String, String> {
    if let Err(error) = check::record(cache, tenant, &result) {
        tracing::warn!(%tenant, %error, "sign-in check not recorded");
    }
    match result {
        Ok(until) => {
            tracing::info!(%tenant, "sign-in verified");
            Ok(format!(
                "Signed in to {name}; the token is valid until {}.",
                until.format("%Y-%m-%d %H:%M UTC")
            ))
        }
        Err(error) => {
            tracing::warn!(%tenant, %error, "sign-in check failed");
            Err(error.user_message())
        }
    }
}

fn mark(board: &Mutex<Board>, tenant: TenantId, outcome: VerifyOutcome, message: Option<String>) {
    if let Some(row) = lock(board)
        .status
        .tenants
        .iter_mut()
        .find(|row| row.tenant_id == tenant)
    {
        row.outcome = outcome;
        row.message = message;
    }
}

/// A poisoned lock only means a check panicked; the board is still consistent.
fn lock(board: &Mutex<Board>) -> MutexGuard<'_, Board> {
    board
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
