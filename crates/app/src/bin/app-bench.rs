//! App-level figures with a large cache (200k users in 20 tenants by default):
//! - cold start: a fresh process opens the app's context on that cache (live mode, so no
//!   emulators) and answers the first Users page; wall time and peak resident memory;
//! - the Users query (search + filter + sort + page of 100) through the command the UI
//!   calls, next to the same query written by hand in SQL on a bare connection.
//!
//! Run: `cargo run --release -p switchboard-app --features bench --bin app-bench [users]`.
//! The window's own start (WebView) is not part of these figures.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rusqlite::{params_from_iter, Connection, OpenFlags};
use switchboard_app::{AppConfig, AppContext, Mode, UsersQueryInput};
use switchboard_cache::{sample, Cache, UserSort};
use switchboard_domain::TenantId;
use switchboard_secrets::MemoryStore;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const TENANTS: usize = 20;
const SAMPLES: usize = 300;
const COLD_RUNS: usize = 5;
const COLD_FLAG: &str = "--cold";

fn main() -> BenchResult<()> {
    let started = Instant::now();
    let mut args = std::env::args().skip(1);
    match args.next() {
        Some(flag) if flag == COLD_FLAG => {
            let dir = PathBuf::from(args.next().ok_or("--cold needs the data folder")?);
            cold_start(&dir, started)
        }
        other => {
            let users = other.map(|a| a.parse()).transpose()?.unwrap_or(200_000);
            run(users)
        }
    }
}

fn run(users: usize) -> BenchResult<()> {
    let dir = std::env::temp_dir().join(format!("switchboard-app-bench-{}", std::process::id()));
    let config = AppConfig::new(&dir, Mode::Live);
    std::fs::create_dir_all(&dir)?;
    let fill_started = Instant::now();
    let tenants = sample::fill(&Cache::open(&config.paths().cache_file)?, users, TENANTS)?;
    let bytes = std::fs::metadata(&config.paths().cache_file)?.len();
    println!(
        "cache with {} users in {TENANTS} tenants written in {:.1?}: {} bytes per user",
        users / TENANTS * TENANTS,
        fill_started.elapsed(),
        bytes / users.max(1) as u64
    );

    println!("cold start to the first Users page ({COLD_RUNS} fresh processes):");
    for _ in 0..COLD_RUNS {
        let spawned = Instant::now();
        let output = Command::new(std::env::current_exe()?)
            .arg(COLD_FLAG)
            .arg(&dir)
            .output()?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).into_owned().into());
        }
        print!(
            "  process spawn to exit {:>8.1?} | {}",
            spawned.elapsed(),
            String::from_utf8_lossy(&output.stdout)
        );
    }

    let ctx = AppContext::open_with_secrets(config, Box::new(MemoryStore::new()))?;
    let raw =
        Connection::open_with_flags(&ctx.paths().cache_file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    compare_queries(&ctx, &raw, &tenants)?;
    drop(ctx);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// Runs in the child: what the app does before it can show the first Users page.
fn cold_start(dir: &Path, started: Instant) -> BenchResult<()> {
    let config = AppConfig::new(dir, Mode::Live);
    let ctx = AppContext::open_with_secrets(config, Box::new(MemoryStore::new()))?;
    let opened = started.elapsed();
    let page = ctx.query_users(&first_page())?;
    let first_page_at = started.elapsed();
    assert_eq!(page.users.len(), 100, "the first page is full");
    println!(
        "context open {opened:>8.1?}, first Users page {first_page_at:>8.1?} ({} users listed), peak resident memory {}",
        page.total,
        peak_rss()
    );
    Ok(())
}

fn first_page() -> UsersQueryInput {
    UsersQueryInput::first_page(100)
}

#[cfg(target_os = "linux")]
fn peak_rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .map(|kb| kb.trim().to_owned())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(not(target_os = "linux"))]
fn peak_rss() -> String {
    "not measured on this system".into()
}

/// One query shape, as the UI sends it and as hand-written SQL.
struct Shape {
    label: &'static str,
    input: fn(TenantId, &mut sample::Lcg) -> UsersQueryInput,
    /// WHERE clause over `?1` (the tenant) and the values `params` adds after it.
    sql_where: &'static str,
    params: fn(&str) -> Vec<String>,
    order: &'static str,
}

const ROW_COLUMNS: &str = "id, tenant_id, object_id, upn, display_name, line_uri, enterprise_voice,
     voice_routing_policy, tenant_dial_plan, usage_location, licences, department, synced_at";

/// Above every character a search can hold, so `[term, term + END)` is a prefix range.
fn prefix_end(term: &str) -> String {
    format!("{term}{}", char::MAX)
}

fn shapes() -> [Shape; 2] {
    [
        Shape {
            label: "tenant + name prefix + policy, sort name",
            input: |tenant, rng| UsersQueryInput {
                tenant_id: Some(tenant),
                search: Some(sample::LAST[rng.next(sample::LAST.len())][..2].to_lowercase()),
                voice_routing_policy: Some("Unrestricted".into()),
                ..first_page()
            },
            sql_where: "tenant_id = ?1 AND voice_routing_policy = 'Unrestricted'
                AND ((display_name >= ?2 AND display_name < ?3) OR (upn >= ?2 AND upn < ?3)
                     OR (surname >= ?2 AND surname < ?3))",
            params: |term| vec![term.to_owned(), prefix_end(term)],
            order: "+display_name, id",
        },
        Shape {
            label: "tenant + number part + has number, sort number",
            input: |tenant, rng| UsersQueryInput {
                tenant_id: Some(tenant),
                search: Some(format!("{}{:03}", 1 + rng.next(9), rng.next(1000))),
                has_number: Some(true),
                sort: UserSort::PhoneNumber,
                ..first_page()
            },
            sql_where: "tenant_id = ?1 AND phone_digits > ''
                AND ((phone_digits >= ?2 AND phone_digits < ?3)
                     OR (phone_digits_rev >= ?4 AND phone_digits_rev < ?5))",
            params: |digits| {
                let reversed: String = digits.chars().rev().collect();
                vec![
                    digits.to_owned(),
                    prefix_end(digits),
                    reversed.clone(),
                    prefix_end(&reversed),
                ]
            },
            order: "+phone_digits, id",
        },
    ]
}

fn compare_queries(ctx: &AppContext, raw: &Connection, tenants: &[TenantId]) -> BenchResult<()> {
    println!("Users query, {SAMPLES} samples each (p50 / p95):");
    for shape in shapes() {
        let mut rng = sample::Lcg(7);
        let inputs: Vec<UsersQueryInput> = (0..SAMPLES)
            .map(|_| {
                let tenant = tenants[rng.next(tenants.len())];
                (shape.input)(tenant, &mut rng)
            })
            .collect();
        let mut command = Vec::with_capacity(SAMPLES);
        let mut direct = Vec::with_capacity(SAMPLES);
        for input in &inputs {
            let at = Instant::now();
            let page = ctx.query_users(input)?;
            command.push(at.elapsed());

            let at = Instant::now();
            let (total, rows) = raw_query(raw, &shape, input)?;
            direct.push(at.elapsed());
            // Both paths must answer the same question, or the comparison means nothing.
            assert_eq!(
                (page.total, page.users.len()),
                (total, rows),
                "{}",
                shape.label
            );
        }
        let (c50, c95) = percentiles(&mut command);
        let (d50, d95) = percentiles(&mut direct);
        println!(
            "  {:<48} command {c50:>8.2?} / {c95:>8.2?}   raw SQL {d50:>8.2?} / {d95:>8.2?}   ratio at p95 {:.2}",
            shape.label,
            c95.as_secs_f64() / d95.as_secs_f64().max(f64::EPSILON)
        );
    }
    Ok(())
}

/// The hand-written query: a COUNT for the total and the first page of row values.
fn raw_query(
    raw: &Connection,
    shape: &Shape,
    input: &UsersQueryInput,
) -> BenchResult<(u64, usize)> {
    let tenant = input.tenant_id.map(TenantId::get).unwrap_or_default();
    let mut values = vec![rusqlite::types::Value::Integer(tenant)];
    let search = input.search.as_deref().unwrap_or_default();
    values.extend(
        (shape.params)(search)
            .into_iter()
            .map(rusqlite::types::Value::Text),
    );
    let total: u64 = raw
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM users WHERE {}",
            shape.sql_where
        ))?
        .query_row(params_from_iter(&values), |row| row.get(0))?;
    let mut stmt = raw.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM users WHERE {} ORDER BY {} LIMIT 100",
        shape.sql_where, shape.order
    ))?;
    let mut rows = stmt.query(params_from_iter(&values))?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        // Read every column the Users table shows, as the command does.
        let _: (i64, i64, String, String, String, Option<String>, bool) = (
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
            row.get(5)?,
            row.get(6)?,
        );
        let _: (
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            Option<String>,
            String,
        ) = (
            row.get(7)?,
            row.get(8)?,
            row.get(9)?,
            row.get(10)?,
            row.get(11)?,
            row.get(12)?,
        );
        count += 1;
    }
    Ok((total, count))
}

fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.95))
}
