//! Times a full sync of a 100k-user sandbox tenant against the bare download of the
//! same pages, then a 100-change delta round on a 50k-user tenant.
//! Run: `cargo run -p switchboard-sync --features bench --bin sync-bench [--release]`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use secrecy::SecretString;
use switchboard_cache::{Cache, NewTenant};
use switchboard_domain::{FullName, Licence, LicenceType, ShortName};
use switchboard_graph::{
    build_http_client, CloudEndpoints, DeltaStart, HttpSettings, ListQuery, RetryPolicy,
    MAX_PAGE_SIZE,
};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::directory::User;
use switchboard_sandbox::{Sandbox, SandboxOptions};
use switchboard_sync::{sync_tenant, SyncContext, SyncMode, TenantSource, USER_FIELDS};
use tokio_util::sync::CancellationToken;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

struct Bench {
    sandbox: Sandbox,
    ctx: SyncContext,
    source: TenantSource,
    azure_tenant: String,
}

async fn prepare(users: usize, dir: &std::path::Path, name: &str) -> BenchResult<Bench> {
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
    let cache = Arc::new(Cache::open(&dir.join(format!("{name}.sqlite3")))?);
    let tenant = cache.create_tenant(&NewTenant {
        short_name: ShortName::parse(name)?,
        full_name: FullName::parse(name)?,
        azure_tenant_id: None,
        licence: Licence::new(LicenceType::HostedPro, 10)?,
    })?;
    let cloud = CloudEndpoints::custom(&sandbox.urls().identity, &sandbox.urls().graph)?;
    let source = TenantSource::client_credentials(
        tenant.id,
        build_http_client(&HttpSettings::default())?,
        &cloud,
        &credentials.tenant_id,
        &credentials.client_id,
        SecretString::from(credentials.client_secret.clone()),
        RetryPolicy::default(),
    )?;
    Ok(Bench {
        sandbox,
        ctx: SyncContext { cache },
        source,
        azure_tenant: credentials.tenant_id,
    })
}

async fn timed_sync(
    bench: &Bench,
    mode: SyncMode,
) -> BenchResult<(Duration, switchboard_sync::SyncReport)> {
    let started = Instant::now();
    let report = sync_tenant(
        &bench.ctx,
        &bench.source,
        mode,
        &|_| {},
        &CancellationToken::new(),
    )
    .await?;
    Ok((started.elapsed(), report))
}

/// Only the HTTP pages a full sync reads (users delta round + Teams configurations).
async fn bare_download(bench: &Bench) -> BenchResult<(Duration, Duration)> {
    let started = Instant::now();
    let query = ListQuery::select(USER_FIELDS).with_top(MAX_PAGE_SIZE);
    let mut pages = bench
        .source
        .graph
        .users_delta_pages(DeltaStart::Full(&query));
    let mut users = 0;
    while let Some(page) = pages.next().await {
        users += page?.changes.len();
    }
    let users_only = started.elapsed();
    let configs = bench
        .source
        .teams
        .all(&CancellationToken::new(), &|_| {})
        .await?;
    println!(
        "  bare download: {users} users, {} Teams configurations",
        configs.len()
    );
    Ok((users_only, started.elapsed()))
}

async fn full_sync_figures(dir: &std::path::Path) -> BenchResult<()> {
    println!("Full sync, 100,000 users:");
    let bench = prepare(100_000, dir, "bench100k").await?;
    // Signs in and warms the connection so neither measurement pays for it.
    bench.source.teams.sign_in().await?;
    let (users_only, pages) = bare_download(&bench).await?;
    let (full, report) = timed_sync(&bench, SyncMode::Full).await?;
    println!("  bare users pages          {:>8.2?}", users_only);
    println!("  bare users + voice pages  {:>8.2?}", pages);
    println!(
        "  full sync (into SQLite)   {:>8.2?}  ({} written)",
        full, report.written
    );
    println!(
        "  ratio full / users pages {:.2}, full / all pages {:.2}",
        full.as_secs_f64() / users_only.as_secs_f64(),
        full.as_secs_f64() / pages.as_secs_f64()
    );
    let (again, _) = timed_sync(&bench, SyncMode::Full).await?;
    println!("  second full sync over an existing snapshot {:.2?}", again);
    Ok(())
}

async fn delta_figures(dir: &std::path::Path) -> BenchResult<()> {
    println!("Delta round, 100 changes on 50,000 users:");
    let bench = prepare(50_000, dir, "bench50k").await?;
    let (full, _) = timed_sync(&bench, SyncMode::Full).await?;
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
    let (delta, report) = timed_sync(&bench, SyncMode::Incremental).await?;
    println!(
        "  delta round               {:>8.2?}  ({} changes read, {} written, {} removed)",
        delta, report.users_read, report.written, report.removed
    );
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
