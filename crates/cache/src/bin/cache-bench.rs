//! Sizing check for the Users screen: fills a cache file with users spread over 20
//! tenants, then times the typical grid queries and reports file bytes per user.
//! Usage: `cargo run --release -p switchboard-cache --bin cache-bench [users]`.

use std::time::{Duration, Instant};

use switchboard_cache::sample::{self, Lcg, FIRST, LAST};
use switchboard_cache::{Cache, UserQuery, UserSort};
use switchboard_domain::TenantId;

const TENANTS: usize = 20;
const SAMPLES: usize = 300;
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn time_queries(cache: &Cache, label: &str, mut make: impl FnMut(&mut Lcg) -> UserQuery) {
    let mut rng = Lcg(7);
    let mut times = Vec::with_capacity(SAMPLES);
    let mut rows = 0usize;
    for _ in 0..SAMPLES {
        let query = make(&mut rng);
        let start = Instant::now();
        let page = cache.query_users(&query).expect("query");
        times.push(start.elapsed());
        rows += page.users.len();
    }
    times.sort();
    println!(
        "{label:<48} p50 {:>8.2?}  p95 {:>8.2?}  (avg rows/page {})",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        rows / SAMPLES
    );
}

/// Measures the alternative index for substring search (an external-content FTS5
/// trigram table) against a plain `LIKE '%…%'` scan, to justify the chosen design.
fn fts5_trigram_comparison(
    path: &std::path::Path,
    tenants: &[TenantId],
) -> Result<(), Box<dyn std::error::Error>> {
    let conn = rusqlite::Connection::open(path)?;
    let before = std::fs::metadata(path)?.len();
    let start = Instant::now();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE users_fts USING fts5(display_name, upn, phone_digits,
             content='users', content_rowid='id', tokenize='trigram');
         INSERT INTO users_fts(users_fts) VALUES ('rebuild');
         VACUUM;",
    )?;
    let users: u64 = conn.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?;
    let grown = std::fs::metadata(path)?.len().saturating_sub(before);
    println!(
        "FTS5 trigram: built in {:.2?}, +{} bytes/user",
        start.elapsed(),
        grown / users.max(1)
    );
    let terms = ["ovel", "urin", "0018", "4567", "opper", "ijks"];
    for (label, sql) in [
        (
            "substring via FTS5 trigram",
            "SELECT u.id FROM users_fts f JOIN users u ON u.id = f.rowid
             WHERE users_fts MATCH ?1 AND u.tenant_id = ?2 ORDER BY u.display_name, u.id LIMIT 100",
        ),
        (
            "substring via LIKE scan",
            "SELECT u.id FROM users u WHERE u.tenant_id = ?2
             AND (u.display_name LIKE '%' || ?1 || '%' OR u.upn LIKE '%' || ?1 || '%'
                  OR u.phone_digits LIKE '%' || ?1 || '%')
             ORDER BY u.display_name, u.id LIMIT 100",
        ),
    ] {
        let mut stmt = conn.prepare(sql)?;
        let mut times = Vec::new();
        let mut rng = Lcg(3);
        for _ in 0..SAMPLES / 3 {
            let term = terms[rng.next(terms.len())];
            let match_arg = if sql.contains("MATCH") {
                format!("\"{term}\"")
            } else {
                term.to_owned()
            };
            let tenant = tenants[rng.next(tenants.len())].get();
            let start = Instant::now();
            let n = stmt
                .query_map(rusqlite::params![match_arg, tenant], |r| r.get::<_, i64>(0))?
                .count();
            times.push(start.elapsed());
            assert!(n <= 100);
        }
        times.sort();
        println!(
            "{label:<48} p50 {:>8.2?}  p95 {:>8.2?}",
            percentile(&times, 0.5),
            percentile(&times, 0.95)
        );
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let total: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(200_000);
    let dir = std::env::temp_dir().join(format!("switchboard-cache-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("cache.sqlite3");

    let cache = Cache::open(&path)?;
    let start = Instant::now();
    let tenants = sample::fill(&cache, total, TENANTS)?;
    let inserted = total / TENANTS * TENANTS;
    println!("inserted {inserted} users in {:.2?}", start.elapsed());
    drop(cache); // closing checkpoints the WAL into the main file

    let bytes = std::fs::metadata(&path)?.len();
    println!(
        "file {bytes} bytes = {} bytes/user",
        bytes / inserted as u64
    );

    let cache = Cache::open(&path)?;
    let pick = |rng: &mut Lcg| -> TenantId { tenants[rng.next(tenants.len())] };
    time_queries(&cache, "tenant browse, sort name, page 100", |rng| {
        UserQuery {
            tenant: Some(pick(rng)),
            ..UserQuery::default()
        }
    });
    time_queries(
        &cache,
        "tenant + name prefix + VRP filter, page 100",
        |rng| UserQuery {
            tenant: Some(pick(rng)),
            search: Some(LAST[rng.next(LAST.len())][..2].to_lowercase()),
            voice_routing_policy: Some("Unrestricted".into()),
            ..UserQuery::default()
        },
    );
    time_queries(&cache, "tenant + number suffix, page 100", |rng| {
        UserQuery {
            tenant: Some(pick(rng)),
            search: Some(format!("{:04}", rng.next(10_000))),
            ..UserQuery::default()
        }
    });
    time_queries(&cache, "all tenants + number prefix, sort number", |rng| {
        UserQuery {
            search: Some(format!("+44 207 {:03}", rng.next(1000))),
            sort: UserSort::PhoneNumber,
            ..UserQuery::default()
        }
    });
    time_queries(&cache, "all tenants + name prefix, page 100", |rng| {
        UserQuery {
            search: Some(FIRST[rng.next(FIRST.len())][..3].to_owned()),
            ..UserQuery::default()
        }
    });
    time_queries(&cache, "tenant + has number, sort name desc", |rng| {
        UserQuery {
            tenant: Some(pick(rng)),
            has_number: Some(true),
            descending: true,
            ..UserQuery::default()
        }
    });
    let mut page_rng = Lcg(9);
    let deep = {
        let mut q = UserQuery {
            tenant: Some(pick(&mut page_rng)),
            ..UserQuery::default()
        };
        for _ in 0..50 {
            q.after = cache.query_users(&q)?.next;
        }
        q
    };
    time_queries(&cache, "tenant browse, keyset page 51", |_| deep.clone());

    for (label, search) in [
        ("tenant + name + VRP", "lo"),
        ("tenant + number suffix", "0018"),
    ] {
        let plan = cache.explain_user_query(&UserQuery {
            tenant: Some(tenants[0]),
            search: Some(search.into()),
            voice_routing_policy: (search == "lo").then(|| "Unrestricted".into()),
            ..UserQuery::default()
        })?;
        println!("plan ({label}): {}", plan.join(" | "));
    }
    drop(cache);
    fts5_trigram_comparison(&path, &tenants)?;
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
