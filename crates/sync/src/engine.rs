//! One replication run for one tenant: full snapshot or Graph delta round.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt};
use secrecy::SecretString;
use switchboard_cache::{Cache, GroupRecord, ReplicationOutcome, UserRecord};
use switchboard_domain::TenantId;
use switchboard_graph::models::User;
use switchboard_graph::{
    AppRegistration, Authority, ClientCredentials, CloudEndpoints, DeltaLink, DeltaStart,
    GraphClient, GraphError, ListQuery, RetryPolicy, SignIn, TenantRef, TokenCache, UserChange,
    MAX_PAGE_SIZE,
};
use tokio_util::sync::CancellationToken;

use crate::groups::read_groups;
use crate::progress::{SyncPhase, SyncProgress};
use crate::records::{user_record, SkuNames, USER_FIELDS};
use crate::store::{apply_changes, replace_users};
use crate::teams_config::{TeamsConfigClient, UserConfiguration};
use crate::SyncError;

/// Teams configurations fetched at once during a delta round.
const VOICE_LOOKUPS_IN_FLIGHT: usize = 8;
const SUCCESS: &str = "Success";
const FAILED: &str = "Failed";

/// What every run shares: the cache the results go into.
#[derive(Clone)]
pub struct SyncContext {
    pub cache: Arc<Cache>,
}

/// A tenant's identity in the cache plus signed-in clients for its Microsoft 365.
#[derive(Clone)]
pub struct TenantSource {
    pub id: TenantId,
    pub graph: GraphClient,
    pub teams: TeamsConfigClient,
}

impl TenantSource {
    /// Clients that sign in with the app's client secret (client-credentials grant).
    pub fn client_credentials(
        id: TenantId,
        http: reqwest::Client,
        cloud: &CloudEndpoints,
        azure_tenant: &str,
        client_id: &str,
        client_secret: SecretString,
        retry: RetryPolicy,
    ) -> Result<Self, GraphError> {
        let authority = Authority::new(cloud.clone(), TenantRef::new(azure_tenant)?);
        let sign_in = SignIn::new(
            http.clone(),
            authority,
            AppRegistration::confidential(client_id, client_secret),
        )?;
        let tokens = Arc::new(TokenCache::new(ClientCredentials(sign_in)));
        let graph = GraphClient::new(http.clone(), cloud.graph(), tokens.clone())
            .with_retry_policy(retry.clone());
        let teams = TeamsConfigClient::new(http, cloud.graph(), tokens, retry)?;
        Ok(Self { id, graph, teams })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncMode {
    Full,
    Incremental,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub tenant: TenantId,
    /// The mode that actually ran (an incremental run may have fallen back to full).
    pub mode: SyncMode,
    /// True when an incremental run found no usable delta link and ran full.
    pub fell_back_to_full: bool,
    /// Users (full) or user changes (incremental) read from Graph.
    pub users_read: usize,
    pub voice_read: usize,
    pub written: usize,
    pub removed: usize,
    pub duration: Duration,
    /// When the new snapshot was complete: the time the cached data is from.
    pub finished_at: DateTime<Utc>,
}

/// Runs one sync and records its outcome on the tenant (time, result, error message).
/// Nothing is written to the cache until every page has been read, so a failed or
/// cancelled run leaves the previous snapshot as it was.
pub async fn sync_tenant(
    ctx: &SyncContext,
    source: &TenantSource,
    mode: SyncMode,
    progress: &(dyn Fn(SyncProgress) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<SyncReport, SyncError> {
    let started = Instant::now();
    let last_success = last_success(&ctx.cache, source.id)?;
    let run = Run {
        ctx,
        source,
        graph: source.graph.clone().with_cancellation(cancel.clone()),
        progress,
        cancel,
        last_success,
    };
    let result = run.execute(mode, started).await;
    let finished_at = result
        .as_ref()
        .map_or_else(|_| Utc::now(), |report| report.finished_at);
    let outcome = match &result {
        Ok(_) => ReplicationOutcome {
            finished_at,
            result: SUCCESS.into(),
            error: None,
        },
        Err(error) => ReplicationOutcome {
            finished_at,
            result: FAILED.into(),
            error: Some(error.user_message()),
        },
    };
    ctx.cache.record_replication(source.id, &outcome)?;
    if result.is_ok() {
        remember_success(&ctx.cache, source.id, finished_at)?;
    }
    result
}

/// The tenants table's `last_replication_at` also moves on failure, so the time the
/// data is from is kept apart (in settings) for the "offline — data from" banner.
fn success_key(tenant: TenantId) -> String {
    format!("sync.lastSuccess.{tenant}")
}

fn last_success(cache: &Cache, tenant: TenantId) -> Result<Option<DateTime<Utc>>, SyncError> {
    cache.tenant(tenant)?;
    Ok(cache
        .setting(&success_key(tenant))?
        .and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
        .map(|at| at.with_timezone(&Utc)))
}

fn remember_success(cache: &Cache, tenant: TenantId, at: DateTime<Utc>) -> Result<(), SyncError> {
    cache.set_setting(&success_key(tenant), &at.to_rfc3339())?;
    Ok(())
}

/// Writes run on the blocking pool: a 100k-user transaction must not stall the runtime.
async fn blocking<T: Send + 'static>(
    cache: &Arc<Cache>,
    work: impl FnOnce(&Cache) -> Result<T, switchboard_cache::CacheError> + Send + 'static,
) -> Result<T, SyncError> {
    let cache = cache.clone();
    let joined = tokio::task::spawn_blocking(move || work(&cache)).await;
    match joined {
        Ok(result) => result.map_err(SyncError::from),
        Err(join) => std::panic::resume_unwind(join.into_panic()),
    }
}

/// How old the groups snapshot may get before an incremental run reads it again.
const GROUPS_REFRESH: chrono::TimeDelta = chrono::TimeDelta::minutes(30);

struct Run<'a> {
    ctx: &'a SyncContext,
    source: &'a TenantSource,
    graph: GraphClient,
    progress: &'a (dyn Fn(SyncProgress) + Send + Sync),
    cancel: &'a CancellationToken,
    last_success: Option<DateTime<Utc>>,
}

impl Run<'_> {
    fn graph_error(&self, error: GraphError) -> SyncError {
        SyncError::from_graph(error, self.last_success)
    }

    fn report(&self, phase: SyncPhase, users: usize, voice: usize, written: usize) {
        (self.progress)(SyncProgress {
            phase,
            users,
            voice,
            written,
        });
    }

    fn check_cancel(&self) -> Result<(), SyncError> {
        if self.cancel.is_cancelled() {
            Err(SyncError::Cancelled)
        } else {
            Ok(())
        }
    }

    async fn execute(&self, mode: SyncMode, started: Instant) -> Result<SyncReport, SyncError> {
        self.report(SyncPhase::SigningIn, 0, 0, 0);
        self.source
            .teams
            .sign_in()
            .await
            .map_err(|e| self.graph_error(e))?;
        self.check_cancel()?;
        let mut report = match mode {
            SyncMode::Full => self.full().await?,
            SyncMode::Incremental => {
                let cache = self.ctx.cache.clone();
                let id = self.source.id;
                match blocking(&cache, move |c| c.users_delta_link(id)).await? {
                    None => self.fallback().await?,
                    Some(link) => match self.incremental(DeltaLink::new(link)).await {
                        Err(SyncError::Graph(GraphError::DeltaExpired { .. })) => {
                            tracing::info!(tenant = %id, "delta link expired; running a full sync");
                            self.fallback().await?
                        }
                        other => other?,
                    },
                }
            }
        };
        report.duration = started.elapsed();
        self.report(
            SyncPhase::Done,
            report.users_read,
            report.voice_read,
            report.written,
        );
        Ok(report)
    }

    async fn fallback(&self) -> Result<SyncReport, SyncError> {
        let mut report = self.full().await?;
        report.fell_back_to_full = true;
        Ok(report)
    }

    async fn sku_names(&self) -> Result<SkuNames, SyncError> {
        let skus = self
            .graph
            .subscribed_skus()
            .await
            .map_err(|e| self.graph_error(e))?;
        Ok(skus
            .into_iter()
            .map(|s| (s.sku_id, s.sku_part_number))
            .collect())
    }

    /// The groups snapshot, read after the users so that memberships name users the same
    /// run has seen.
    async fn groups(&self) -> Result<Vec<GroupRecord>, SyncError> {
        self.check_cancel()?;
        read_groups(&self.graph)
            .await
            .map_err(|e| self.graph_error(e))
    }

    /// Graph's user delta says nothing about memberships, and re-reading every group's
    /// members on each few-minute cycle would dwarf the delta itself; so an incremental
    /// run refreshes groups only once the snapshot is `GROUPS_REFRESH` old.
    async fn groups_stale(&self) -> Result<bool, SyncError> {
        let id = self.source.id;
        let synced = blocking(&self.ctx.cache, move |c| c.groups_synced_at(id)).await?;
        Ok(synced.is_none_or(|at| Utc::now() - at >= GROUPS_REFRESH))
    }

    /// Reads a whole delta round page by page, reporting and honouring cancel per page.
    async fn delta_round(
        &self,
        start: DeltaStart<'_>,
    ) -> Result<(Vec<UserChange>, DeltaLink), SyncError> {
        let mut pages = self.graph.users_delta_pages(start);
        let mut changes = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.graph_error(e))?;
            changes.extend(page.changes);
            self.report(SyncPhase::Users, changes.len(), 0, 0);
            self.check_cancel()?;
            if let Some(link) = page.delta_link {
                return Ok((changes, link));
            }
        }
        Err(self.graph_error(GraphError::InvalidResponse(
            "the delta round ended without a delta link".into(),
        )))
    }

    async fn full(&self) -> Result<SyncReport, SyncError> {
        let skus = self.sku_names().await?;
        let query = ListQuery::select(USER_FIELDS).with_top(MAX_PAGE_SIZE);
        let (changes, link) = self.delta_round(DeltaStart::Full(&query)).await?;
        let users: Vec<User> = changes
            .into_iter()
            .filter_map(|change| match change {
                UserChange::Upserted(user) => Some(user),
                UserChange::Removed { .. } => None,
            })
            .collect();
        let users_read = users.len();
        self.report(SyncPhase::Voice, users_read, 0, 0);
        let on_page = |voice: usize| self.report(SyncPhase::Voice, users_read, voice, 0);
        let voice = async {
            self.source
                .teams
                .all(self.cancel, &on_page)
                .await
                .map_err(|e| self.graph_error(e))
        };
        // Groups are independent of the voice pages, so both downloads overlap.
        let (configs, groups) = futures::try_join!(voice, self.groups())?;
        let voice_read = configs.len();
        let mut voice: HashMap<String, UserConfiguration> =
            configs.into_iter().map(|c| (c.id.clone(), c)).collect();
        let records: Vec<UserRecord> = users
            .into_iter()
            .map(|user| {
                let config = voice.remove(&user.id);
                user_record(user, config.as_ref(), &skus)
            })
            .collect();
        // Last point of no return: after this the snapshot is written as a whole.
        self.check_cancel()?;
        self.report(SyncPhase::Writing, users_read, voice_read, 0);
        let id = self.source.id;
        let (written, removed) = blocking(&self.ctx.cache, move |cache| {
            let counts = replace_users(cache, id, &records)?;
            cache.replace_groups(id, &groups)?;
            cache.set_users_delta_link(id, Some(link.as_str()))?;
            cache.optimize()?;
            Ok(counts)
        })
        .await?;
        Ok(SyncReport {
            tenant: id,
            mode: SyncMode::Full,
            fell_back_to_full: false,
            users_read,
            voice_read,
            written,
            removed,
            duration: Duration::ZERO,
            finished_at: Utc::now(),
        })
    }

    async fn incremental(&self, link: DeltaLink) -> Result<SyncReport, SyncError> {
        let (changes, next_link) = self.delta_round(DeltaStart::Since(&link)).await?;
        let users_read = changes.len();
        // A user may appear more than once in a round; the last entry is the current state.
        let mut latest: HashMap<String, UserChange> = HashMap::new();
        for change in changes {
            let id = match &change {
                UserChange::Upserted(user) => user.id.clone(),
                UserChange::Removed { id, .. } => id.clone(),
            };
            latest.insert(id, change);
        }
        let mut upserted = Vec::new();
        let mut removals = Vec::new();
        for change in latest.into_values() {
            match change {
                UserChange::Upserted(user) => upserted.push(user),
                UserChange::Removed { id, .. } => removals.push(id),
            }
        }
        let skus = if upserted.is_empty() {
            SkuNames::new()
        } else {
            self.sku_names().await?
        };
        self.report(SyncPhase::Voice, users_read, 0, 0);
        let teams = &self.source.teams;
        let configs: Vec<Option<UserConfiguration>> = futures::stream::iter(&upserted)
            .map(|user| teams.one(&user.id, self.cancel))
            .buffered(VOICE_LOOKUPS_IN_FLIGHT)
            .try_collect()
            .await
            .map_err(|e| self.graph_error(e))?;
        let voice_read = configs.iter().flatten().count();
        let groups = if self.groups_stale().await? {
            Some(self.groups().await?)
        } else {
            None
        };
        let records: Vec<UserRecord> = upserted
            .into_iter()
            .zip(configs)
            .map(|(user, config)| user_record(user, config.as_ref(), &skus))
            .collect();
        self.check_cancel()?;
        self.report(SyncPhase::Writing, users_read, voice_read, 0);
        let id = self.source.id;
        let (written, removed) = blocking(&self.ctx.cache, move |cache| {
            let counts = apply_changes(cache, id, &records, &removals)?;
            if let Some(groups) = &groups {
                cache.replace_groups(id, groups)?;
            }
            cache.set_users_delta_link(id, Some(next_link.as_str()))?;
            Ok(counts)
        })
        .await?;
        Ok(SyncReport {
            tenant: id,
            mode: SyncMode::Incremental,
            fell_back_to_full: false,
            users_read,
            voice_read,
            written,
            removed,
            duration: Duration::ZERO,
            finished_at: Utc::now(),
        })
    }
}
