//! One replication run for one tenant: full snapshot or Graph delta round.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt};
use secrecy::SecretString;
use switchboard_cache::{Cache, GroupRecord, ReplicationOutcome, UserRecord, VoiceObjectsWritten};
use switchboard_domain::TenantId;
use switchboard_graph::models::User;
use switchboard_graph::{
    AppRegistration, Authority, ClientCredentials, CloudEndpoints, DeltaLink, DeltaStart,
    GraphClient, GraphError, ListQuery, RefreshTokenSaver, RefreshTokens, RetryPolicy, SignIn,
    TenantRef, TokenCache, TokenProvider, UserChange, MAX_PAGE_SIZE,
};
use switchboard_voice::VoiceError;
use tokio_util::sync::CancellationToken;

use crate::groups::read_groups;
use crate::progress::{DownloadProgress, SyncPhase, SyncProgress};
use crate::records::{merge_records, user_record, SkuNames, USER_FIELDS};
use crate::store::{write_changes, write_snapshot, Changes};
use crate::teams_config::{TeamsConfigClient, UserConfiguration};
use crate::timings::{timed, timed_async, SyncTimings};
use crate::voice::{read_voice_config, store_voice_config, VoiceReadError, VoiceReader};
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
    /// Teams PowerShell for the Direct Routing objects; without it only users replicate.
    pub voice: Option<VoiceReader>,
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
        Self::with_tokens(id, http, cloud, tokens, retry)
    }

    /// Clients that sign in as a delegated admin with a refresh token (device-code
    /// tenants). Each rotated refresh token is handed to `save`; access tokens stay in memory.
    #[allow(clippy::too_many_arguments)]
    pub fn refresh_token(
        id: TenantId,
        http: reqwest::Client,
        cloud: &CloudEndpoints,
        azure_tenant: &str,
        client_id: &str,
        refresh_token: SecretString,
        save: RefreshTokenSaver,
        retry: RetryPolicy,
    ) -> Result<Self, GraphError> {
        let authority = Authority::new(cloud.clone(), TenantRef::new(azure_tenant)?);
        let sign_in = SignIn::new(http.clone(), authority, AppRegistration::public(client_id))?;
        let tokens = Arc::new(TokenCache::new(RefreshTokens::new(
            sign_in,
            refresh_token,
            save,
        )));
        Self::with_tokens(id, http, cloud, tokens, retry)
    }

    fn with_tokens(
        id: TenantId,
        http: reqwest::Client,
        cloud: &CloudEndpoints,
        tokens: Arc<dyn TokenProvider>,
        retry: RetryPolicy,
    ) -> Result<Self, GraphError> {
        let graph = GraphClient::new(http.clone(), cloud.graph(), tokens.clone())
            .with_retry_policy(retry.clone());
        let teams = TeamsConfigClient::new(http, cloud.graph(), tokens, retry)?;
        Ok(Self {
            id,
            graph,
            teams,
            voice: None,
        })
    }

    /// Also reads the Direct Routing objects, through Teams PowerShell on `reader`.
    pub fn with_voice(mut self, reader: VoiceReader) -> Self {
        self.voice = Some(reader);
        self
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
    /// Where the time went, phase by phase.
    pub timings: SyncTimings,
    /// What the read of the Direct Routing objects changed (None: not read).
    pub voice_objects: Option<VoiceObjectsWritten>,
    /// Why reading them failed; the users were replicated all the same.
    pub voice_error: Option<String>,
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
    let mut result = run.execute(mode, started).await;
    if let (Ok(report), Some(reader)) = (&mut result, &source.voice) {
        // The users' counts stay on show while the Direct Routing objects are read.
        run.report(
            SyncPhase::Voice,
            report.users_read,
            report.voice_read,
            report.written,
        );
        match run.voice(reader).await {
            Ok(written) => report.voice_objects = Some(written),
            Err(error) if error.is_cancelled() => result = Err(SyncError::Cancelled),
            Err(error) => {
                let message = error.user_message();
                tracing::warn!(tenant = %source.id, %message, "the Direct Routing objects were not read");
                ctx.cache.record_voice_read_failure(source.id, &message)?;
                report.voice_error = Some(message);
            }
        }
    }
    if let Ok(report) = &mut result {
        report.duration = started.elapsed();
        run.report(
            SyncPhase::Done,
            report.users_read,
            report.voice_read,
            report.written,
        );
    }
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
    Ok(last_success_at(cache, tenant)?)
}

/// When a run last succeeded for the tenant: every cached user was confirmed then, even
/// those whose row was left alone because nothing had changed.
pub fn last_success_at(
    cache: &Cache,
    tenant: TenantId,
) -> Result<Option<DateTime<Utc>>, switchboard_cache::CacheError> {
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

/// Frees a run's data on the blocking pool: dropping 100k rows and 200k member ids
/// takes a few hundred milliseconds (millions of small allocations) that the run's
/// caller need not wait for.
fn drop_in_background<T: Send + 'static>(data: T) {
    tokio::task::spawn_blocking(move || drop(data));
}

/// How old the groups snapshot may get before an incremental run reads it again.
const GROUPS_REFRESH: chrono::TimeDelta = chrono::TimeDelta::minutes(30);

/// What a full run downloaded, before it becomes cache rows.
struct Snapshot {
    users: Vec<User>,
    link: DeltaLink,
    configs: Vec<UserConfiguration>,
    groups: Vec<GroupRecord>,
    skus: SkuNames,
}

/// Each user's last state in a round, split into (upserted users, removed ids): a user
/// changed again while the round was being read is listed more than once, and only
/// the last entry is current.
fn latest_changes(changes: Vec<UserChange>) -> (Vec<User>, Vec<String>) {
    let mut latest: HashMap<String, UserChange> = HashMap::with_capacity(changes.len());
    for change in changes {
        let id = match &change {
            UserChange::Upserted(user) => user.id.clone(),
            UserChange::Removed { id, .. } => id.clone(),
        };
        latest.insert(id, change);
    }
    let mut upserted = Vec::new();
    let mut removed = Vec::new();
    for change in latest.into_values() {
        match change {
            UserChange::Upserted(user) => upserted.push(user),
            UserChange::Removed { id, .. } => removed.push(id),
        }
    }
    (upserted, removed)
}

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

    /// Reads the Direct Routing objects and stores what changed.
    async fn voice(&self, reader: &VoiceReader) -> Result<VoiceObjectsWritten, VoiceReadError> {
        let config = read_voice_config(&self.graph, reader, self.cancel).await?;
        let id = self.source.id;
        let cache = self.ctx.cache.clone();
        let at = Utc::now();
        tokio::task::spawn_blocking(move || store_voice_config(&cache, id, &config, at))
            .await
            .map_err(|e| VoiceReadError::Voice(VoiceError::Unreadable(e.to_string())))?
            .map_err(|e| {
                VoiceReadError::Voice(VoiceError::Unreadable(format!("storing failed: {e}")))
            })
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

    /// The groups snapshot with each group's direct members.
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

    /// Reads a whole delta round page by page; `on_page` sees the running count of
    /// changes, and cancel is honoured after every page.
    async fn delta_round(
        &self,
        start: DeltaStart<'_>,
        on_page: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<(Vec<UserChange>, DeltaLink), SyncError> {
        let mut pages = self.graph.users_delta_pages(start);
        let mut changes = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.graph_error(e))?;
            changes.extend(page.changes);
            on_page(changes.len());
            self.check_cancel()?;
            if let Some(link) = page.delta_link {
                return Ok((changes, link));
            }
        }
        Err(self.graph_error(GraphError::InvalidResponse(
            "the delta round ended without a delta link".into(),
        )))
    }

    async fn voice_configurations(
        &self,
        on_page: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<Vec<UserConfiguration>, SyncError> {
        self.source
            .teams
            .all(self.cancel, on_page)
            .await
            .map_err(|e| self.graph_error(e))
    }

    /// Everything a full run reads. The users round, the Teams configurations, the
    /// groups and the SKU names do not depend on one another, so they download at
    /// once and the run waits for the slowest instead of for their sum.
    async fn download_snapshot(&self, timings: &mut SyncTimings) -> Result<Snapshot, SyncError> {
        let started = Instant::now();
        let progress = DownloadProgress::new(self.progress);
        let query = ListQuery::select(USER_FIELDS).with_top(MAX_PAGE_SIZE);
        let users = timed_async(&mut timings.users_pages, async {
            let round = self
                .delta_round(DeltaStart::Full(&query), &|read| progress.users(read))
                .await?;
            progress.users_finished();
            Ok::<_, SyncError>(round)
        });
        let on_voice_page = |read| progress.voice(read);
        let voice = timed_async(
            &mut timings.voice_pages,
            self.voice_configurations(&on_voice_page),
        );
        let groups = timed_async(&mut timings.groups, self.groups());
        let ((changes, link), configs, groups, skus) =
            futures::try_join!(users, voice, groups, self.sku_names())?;
        timings.download = started.elapsed();
        // A full round lists every user; a removal in it only means the user left
        // while the round was read, so the snapshot simply leaves them out.
        let (users, _left_meanwhile) = latest_changes(changes);
        Ok(Snapshot {
            users,
            link,
            configs,
            groups,
            skus,
        })
    }

    async fn full(&self) -> Result<SyncReport, SyncError> {
        let mut timings = SyncTimings::default();
        let Snapshot {
            users,
            link,
            configs,
            groups,
            skus,
        } = self.download_snapshot(&mut timings).await?;
        let (users_read, voice_read) = (users.len(), configs.len());
        let records = timed(&mut timings.build_records, || {
            merge_records(users, configs, &skus)
        });
        // Last point of no return: after this the snapshot is written as a whole.
        self.check_cancel()?;
        self.report(SyncPhase::Writing, users_read, voice_read, 0);
        let id = self.source.id;
        let ((written, removed), timings, written_data) = blocking(&self.ctx.cache, move |cache| {
            let counts = write_snapshot(cache, id, &records, &groups, &link, &mut timings)?;
            Ok((counts, timings, (records, groups)))
        })
        .await?;
        drop_in_background(written_data);
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
            timings,
            voice_objects: None,
            voice_error: None,
        })
    }

    async fn incremental(&self, link: DeltaLink) -> Result<SyncReport, SyncError> {
        let mut timings = SyncTimings::default();
        let started = Instant::now();
        let on_page = |read| self.report(SyncPhase::Users, read, 0, 0);
        let (changes, next_link) = timed_async(
            &mut timings.users_pages,
            self.delta_round(DeltaStart::Since(&link), &on_page),
        )
        .await?;
        let users_read = changes.len();
        let (upserted, removals) = latest_changes(changes);
        let skus = if upserted.is_empty() {
            SkuNames::new()
        } else {
            self.sku_names().await?
        };
        self.report(SyncPhase::Voice, users_read, 0, 0);
        let configs = timed_async(&mut timings.voice_pages, self.voice_of(&upserted)).await?;
        let voice_read = configs.iter().flatten().count();
        let groups = if self.groups_stale().await? {
            Some(timed_async(&mut timings.groups, self.groups()).await?)
        } else {
            None
        };
        timings.download = started.elapsed();
        let records: Vec<UserRecord> = timed(&mut timings.build_records, || {
            upserted
                .into_iter()
                .zip(configs)
                .map(|(user, config)| user_record(user, config, &skus))
                .collect()
        });
        self.check_cancel()?;
        self.report(SyncPhase::Writing, users_read, voice_read, 0);
        let id = self.source.id;
        let ((written, removed), timings) = blocking(&self.ctx.cache, move |cache| {
            let changes = Changes {
                upserts: &records,
                removals: &removals,
                groups: groups.as_deref(),
                link: &next_link,
            };
            let counts = write_changes(cache, id, &changes, &mut timings)?;
            Ok((counts, timings))
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
            timings,
            voice_objects: None,
            voice_error: None,
        })
    }

    /// The Teams configuration of each changed user, a few lookups at a time; `None`
    /// where Teams does not know the user yet.
    async fn voice_of(&self, users: &[User]) -> Result<Vec<Option<UserConfiguration>>, SyncError> {
        let teams = &self.source.teams;
        futures::stream::iter(users)
            .map(|user| teams.one(&user.id, self.cancel))
            .buffered(VOICE_LOOKUPS_IN_FLIGHT)
            .try_collect()
            .await
            .map_err(|e| self.graph_error(e))
    }
}
