//! Times a full sync of a 100k-user sandbox tenant against the bare download of the
//! same pages (with the run's phase breakdown), then a 100-change delta round on a
//! 50k-user tenant.
//! Run: `cargo run --release -p switchboard-sync --features bench --bin sync-bench [-- --runs N]`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use secrecy::SecretString;
use switchboard_cache::{Cache, NewTenant};
use switchboard_domain::{FullName, Licence, LicenceType, ShortName, TenantId};
use switchboard_graph::{
    build_http_client, CloudEndpoints, DeltaStart, HttpSettings, ListQuery, RetryPolicy,
    MAX_PAGE_SIZE,
};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::directory::User;
use switchboard_sandbox::{Sandbox, SandboxOptions};
use switchboard_sync::{
    read_groups, sync_tenant, SyncContext, SyncMode, SyncReport, SyncTimings, TenantSource,
    USER_FIELDS,
};
use tokio_util::sync::CancellationToken;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

struct Bench {
    sandbox: Sandbox,
    ctx: SyncContext,
    source: TenantSource,
    azure_tenant: String,
}

async fn prepare(users: usize, dir: &Path, name: &str) -> BenchResult<Bench> {
    let started = Instant::now();
    let sandbox = Sandbox::start(SandboxOptions {
        demo: Some(DemoSpec {
            seed: 5,
            customers: 1,
            users_per_customer: users..=users,
            sbcs: 1,
        }),
        ..Default::default()
    })
    .await?;
    println!(
        "  sandbox with {users} users ready in {:.1?}",
        started.elapsed()
    );
    let credentials = sandbox
        .credentials
        .first()
        .ok_or("the sandbox has no customer")?
        .clone();
    let ctx = fresh_cache(dir, name)?;
    let cloud = CloudEndpoints::custom(&sandbox.urls().identity, &sandbox.urls().graph)?;
    let source = TenantSource::client_credentials(
        ctx.tenant,
        build_http_client(&HttpSettings::default())?,
        &cloud,
        &credentials.tenant_id,
        &credentials.client_id,
        SecretString::from(credentials.client_secret.clone()),
        RetryPolicy::default(),
    )?;
    Ok(Bench {
        sandbox,
        ctx: ctx.sync,
        source,
        azure_tenant: credentials.tenant_id,
    })
}

struct FreshCache {
    sync: SyncContext,
    tenant: TenantId,
}

/// A new cache file holding one empty tenant named `name`.
fn fresh_cache(dir: &Path, name: &str) -> BenchResult<FreshCache> {
    let cache = Arc::new(Cache::open(&dir.join(format!("{name}.sqlite3")))?);
    let tenant = cache.create_tenant(&NewTenant {
        short_name: ShortName::parse(name)?,
        full_name: FullName::parse(name)?,
        azure_tenant_id: None,
        licence: Licence::new(LicenceType::HostedPro, 10)?,
    })?;
    Ok(FreshCache {
        sync: SyncContext { cache },
        tenant: tenant.id,
    })
}

async fn timed_sync(
    ctx: &SyncContext,
    source: &TenantSource,
    mode: SyncMode,
) -> BenchResult<(Duration, SyncReport)> {
    let started = Instant::now();
    let report = sync_tenant(ctx, source, mode, &|_| {}, &CancellationToken::new()).await?;
    Ok((started.elapsed(), report))
}

/// The bare download of what a full sync reads, one collection after the other.
struct BareDownload {
    users: Duration,
    voice: Duration,
    groups: Duration,
}

impl BareDownload {
    /// The figure the full sync is measured against: users and voice pages.
    fn pages(&self) -> Duration {
        self.users + self.voice
    }
}

/// Only the HTTP pages a full sync reads, each collection timed on its own.
async fn bare_download(bench: &Bench) -> BenchResult<BareDownload> {
    let started = Instant::now();
    let query = ListQuery::select(USER_FIELDS).with_top(MAX_PAGE_SIZE);
    let mut pages = bench
        .source
        .graph
        .users_delta_pages(DeltaStart::Full(&query));
    while let Some(page) = pages.next().await {
        page?;
    }
    let users = started.elapsed();
    let started = Instant::now();
    bench
        .source
        .teams
        .all(&CancellationToken::new(), &|_| {})
        .await?;
    let voice = started.elapsed();
    let started = Instant::now();
    read_groups(&bench.source.graph).await?;
    let groups = started.elapsed();
    Ok(BareDownload {
        users,
        voice,
        groups,
    })
}

/// One measured round: the bare download, a full sync into an empty cache, and a
/// second full sync over the snapshot the first one wrote.
struct Round {
    bare: BareDownload,
    full: Duration,
    full_report: SyncReport,
    again: Duration,
    again_report: SyncReport,
}

impl Round {
    /// The tracked figure: full sync over the bare users + voice pages of the same round
    /// (taken back to back, so load from elsewhere on the machine hits both alike).
    fn ratio(&self) -> f64 {
        self.full.as_secs_f64() / self.bare.pages().as_secs_f64()
    }
}

async fn measure_round(bench: &Bench, dir: &Path, round: usize) -> BenchResult<Round> {
    let bare = bare_download(bench).await?;
    let fresh = fresh_cache(dir, &format!("bench100k{round}"))?;
    if fresh.tenant != bench.source.id {
        return Err("every bench cache must give the tenant the same row id".into());
    }
    let (full, full_report) = timed_sync(&fresh.sync, &bench.source, SyncMode::Full).await?;
    let (again, again_report) = timed_sync(&fresh.sync, &bench.source, SyncMode::Full).await?;
    Ok(Round {
        bare,
        full,
        full_report,
        again,
        again_report,
    })
}

/// The round whose value of `key` is the median.
fn median_by<T>(rounds: &[T], key: impl Fn(&T) -> Duration) -> &T {
    let mut sorted: Vec<&T> = rounds.iter().collect();
    sorted.sort_by_key(|r| key(r));
    sorted[sorted.len() / 2]
}

/// How many times the full-sync figures are taken (`--runs N`, default 3); the
/// medians are reported because other work on the machine makes single runs noisy.
fn runs() -> BenchResult<usize> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == "--runs") {
        None => Ok(3),
        Some(at) => {
            let value = args.get(at + 1).ok_or("--runs needs a number")?;
            let runs: usize = value.parse()?;
            if runs == 0 {
                return Err("--runs must be at least 1".into());
            }
            Ok(runs)
        }
    }
}

async fn full_sync_figures(dir: &Path) -> BenchResult<()> {
    println!("Full sync, 100,000 users:");
    let bench = prepare(100_000, dir, "bench100k").await?;
    // Signs in and warms the connection so neither measurement pays for it.
    bench.source.teams.sign_in().await?;
    let runs = runs()?;
    let mut rounds = Vec::with_capacity(runs);
    for round in 0..runs {
        let measured = measure_round(&bench, dir, round).await?;
        println!(
            "  run {}: bare users + voice pages {:.2?}, full sync {:.2?} ({:.2}x), second full sync {:.2?}",
            round + 1,
            measured.bare.pages(),
            measured.full,
            measured.ratio(),
            measured.again
        );
        rounds.push(measured);
    }
    println!("  medians of {runs} runs:");
    let bare = &median_by(&rounds, |r| r.bare.pages()).bare;
    println!("  bare users pages             {:>8.2?}", bare.users);
    println!("  bare voice pages             {:>8.2?}", bare.voice);
    println!("  bare users + voice pages     {:>8.2?}", bare.pages());
    println!("  bare groups + members pages  {:>8.2?}", bare.groups);
    let first = median_by(&rounds, |r| r.full);
    println!(
        "  full sync (into SQLite)      {:>8.2?}  ({} written)",
        first.full, first.full_report.written
    );
    print_timings(&first.full_report.timings);
    let all_pages = bare.pages() + bare.groups;
    let mut ratios: Vec<f64> = rounds.iter().map(Round::ratio).collect();
    ratios.sort_by(f64::total_cmp);
    println!(
        "  ratio full / users + voice pages {:.2} (median of the runs' ratios; target <= 2)",
        ratios[ratios.len() / 2]
    );
    println!(
        "  ratio full / users + voice + groups pages {:.2} (medians)",
        first.full.as_secs_f64() / all_pages.as_secs_f64()
    );
    let second = median_by(&rounds, |r| r.again);
    println!(
        "  second full sync over an existing snapshot {:.2?}",
        second.again
    );
    print_timings(&second.again_report.timings);
    Ok(())
}

/// The run's phase breakdown, indented under its total.
fn print_timings(t: &SyncTimings) {
    let phases = [
        ("users pages", t.users_pages),
        ("voice pages", t.voice_pages),
        ("groups + members", t.groups),
        ("all downloads (overlapping)", t.download),
        ("building records", t.build_records),
        ("SQLite users write", t.write_users),
        ("SQLite groups write", t.write_groups),
        ("optimize (ANALYZE)", t.optimize),
    ];
    for (phase, took) in phases {
        println!("    {phase:<28} {took:>8.2?}");
    }
}

async fn delta_figures(dir: &Path) -> BenchResult<()> {
    println!("Delta round, 100 changes on 50,000 users:");
    let bench = prepare(50_000, dir, "bench50k").await?;
    let (full, _) = timed_sync(&bench.ctx, &bench.source, SyncMode::Full).await?;
    println!("  initial full sync         {:>8.2?}", full);
    let ids: Vec<String> = {
        let state = bench.sandbox.ctx.state.lock();
        let tenant = state
            .tenant(&bench.azure_tenant)
            .ok_or("no sandbox tenant")?;
        tenant
            .directory
            .users_after(None)
            .take(75)
            .map(|u| u.id.clone())
            .collect()
    };
    {
        let mut state = bench.sandbox.ctx.state.lock();
        let tenant = state
            .tenant_mut(&bench.azure_tenant)
            .ok_or("no sandbox tenant")?;
        let domain = tenant.initial_domain.clone();
        let directory = &mut tenant.directory;
        for id in &ids[..50] {
            directory
                .update_user(id, |u| {
                    u.department = Some("Bench".into());
                    Ok(())
                })
                .map_err(emulator)?;
        }
        for id in &ids[50..75] {
            directory.delete_user(id).map_err(emulator)?;
        }
        for n in 0..25 {
            directory
                .add_user(User::new(
                    &format!("bench{n}@{domain}"),
                    &format!("Bench {n}"),
                ))
                .map_err(emulator)?;
        }
    }
    let (delta, report) = timed_sync(&bench.ctx, &bench.source, SyncMode::Incremental).await?;
    println!(
        "  delta round               {:>8.2?}  ({} changes read, {} written, {} removed)",
        delta, report.users_read, report.written, report.removed
    );
    print_timings(&report.timings);
    Ok(())
}

/// The emulator's error is an HTTP answer, not a `std::error::Error`.
fn emulator(error: switchboard_sandbox::graph_error::GraphError) -> String {
    format!("the emulator refused a change: {}", error.message)
}

fn bench_dir() -> BenchResult<PathBuf> {
    let dir = std::env::temp_dir().join(format!("switchboard-sync-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[tokio::main]
async fn main() -> BenchResult<()> {
    let profile = if cfg!(debug_assertions) {
        "dev"
    } else {
        "release"
    };
    println!("sync-bench ({profile} profile)");
    let dir = bench_dir()?;
    let result = async {
        full_sync_figures(&dir).await?;
        delta_figures(&dir).await
    }
    .await;
    std::fs::remove_dir_all(&dir)?;
    result
}
