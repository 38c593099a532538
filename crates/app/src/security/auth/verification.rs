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
use crate::security::auth::capabilities::ConnectionCapabilities;
use crate::security::auth::check::{self, AuthCheck, Verified};
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
    capabilities: HashMap<TenantId, ConnectionCapabilities>,
}

impl Board {
    /// Keeps a finished check's message, and what it found the connection can do.
    fn note(
        &mut self,
        tenant: TenantId,
        outcome: &Result<Checked, String>,
    ) -> Result<String, String> {
        match outcome {
            Ok(checked) => {
                self.capabilities
                    .insert(tenant, checked.capabilities.clone());
                self.last_messages.insert(tenant, checked.message.clone());
                Ok(checked.message.clone())
            }
            Err(message) => {
                self.capabilities.remove(&tenant);
                self.last_messages.insert(tenant, message.clone());
                Err(message.clone())
            }
        }
    }
}

/// A check that worked, worded for the tables.
struct Checked {
    message: String,
    capabilities: ConnectionCapabilities,
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

    pub(crate) fn capabilities(&self, tenant: TenantId) -> Option<ConnectionCapabilities> {
        lock(&self.board).capabilities.get(&tenant).cloned()
    }

    pub(crate) fn forget_message(&self, tenant: TenantId) {
        let mut board = lock(&self.board);
        board.last_messages.remove(&tenant);
        board.capabilities.remove(&tenant);
    }

    /// Checks one tenant and waits for the answer (the caller is not on the runtime).
    pub(crate) fn check_now(&self, check: AuthCheck) -> Result<String, String> {
        let (http, secrets, cache) = (self.http(), self.secrets.clone(), self.cache.clone());
        let (tenant, name) = (check.tenant_id, check.short_name.clone());
        let outcome = crate::sbcs::connection::wait_on(&self.runtime, async move {
            let result = check::run_bounded(check, http, cache.clone(), secrets).await;
            finish(&cache, tenant, &name, result)
        });
        lock(&self.board).note(tenant, &outcome)
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
                        let outcome: Result<Checked, String> = match planned.check {
                            Err(reason) => Err(reason),
                            Ok(check) => {
                                mark(&board, planned.tenant_id, VerifyOutcome::Running, None);
                                let result =
                                    check::run_bounded(check, http, cache.clone(), secrets).await;
                                finish(&cache, planned.tenant_id, &planned.short_name, result)
                            }
                        };
                        let (state, message) = match lock(&board).note(planned.tenant_id, &outcome)
                        {
                            Ok(message) => (VerifyOutcome::Ok, message),
                            Err(message) => (VerifyOutcome::Failed, message),
                        };
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

/// Records the outcome on the tenant and words it for the progress list, naming what
/// the connection lacks.
fn finish(
    cache: &Cache,
    tenant: TenantId,
    name: &str,
    result: Result<Verified, switchboard_graph::GraphError>,
) -> Result<Checked, String> {
    if let Err(error) = check::record(cache, tenant, &result) {
        tracing::warn!(%tenant, %error, "sign-in check not recorded");
    }
    match result {
        Ok(verified) => {
            tracing::info!(%tenant, missing = verified.capabilities.missing.len(), "sign-in verified");
            let signed_in = format!(
                "Signed in to {name}; the token is valid until {}.",
                verified.valid_until.format("%Y-%m-%d %H:%M UTC")
            );
            let message = match verified.capabilities.summary() {
                Some(missing) => format!("{signed_in} {missing}"),
                None => signed_in,
            };
            Ok(Checked {
                message,
                capabilities: verified.capabilities,
            })
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
