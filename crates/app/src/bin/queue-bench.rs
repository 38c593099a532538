//! Queue throughput against Microsoft's throttling: 1,000 queued user changes (number
//! assignments) over five tenants whose Teams Graph writes the emulator limits per
//! tenant, as Microsoft does. The least time the limits allow is
//! `max over tenants of (writes - burst) / rate`; the figure is how close the queue comes
//! to it (target: within 1.2×).
//!
//! Run: `cargo run --release -p switchboard-app --bin queue-bench [changes] [writes-per-second]`.

use std::time::{Duration, Instant};

use switchboard_app::{
    AppConfig, AppContext, Mode, NumberChangeInput, OperationPolling, TaskFilterInput,
    UsersQueryInput,
};
use switchboard_domain::{TaskState, TenantId};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::teams::RateLimit;
use switchboard_secrets::MemoryStore;

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const TENANTS: usize = 5;
const BURST: u32 = 5;
const TARGET_RATIO: f64 = 1.2;

fn main() -> BenchResult<()> {
    let mut args = std::env::args().skip(1);
    let changes: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(1_000);
    let rate: f64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(10.0);
    let dir = std::env::temp_dir().join(format!("switchboard-queue-bench-{}", std::process::id()));
    let result = run(&dir, changes, rate);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run(dir: &std::path::Path, changes: usize, rate: f64) -> BenchResult<()> {
    let config = AppConfig::new(dir.to_path_buf(), Mode::Sandbox);
    let mut ctx = AppContext::open_with_secrets(config, Box::new(MemoryStore::new()))?
        .with_queue_tuning(|tuning| {
            tuning.settings.parallel_lanes = TENANTS;
            tuning.polling = OperationPolling {
                interval: Duration::from_millis(2),
                max_polls: 1_000,
            };
        });
    ctx.start_sandbox(DemoSpec {
        seed: 9,
        customers: 10,
        users_per_customer: 20..=20,
        sbcs: 1,
    })?;
    while ctx.replication_status().running > 0 {
        std::thread::sleep(Duration::from_millis(20));
    }
    let tenants = connected_tenants(&ctx)?;
    if tenants.len() < TENANTS {
        return Err(format!(
            "the demo estate has only {} connected tenants",
            tenants.len()
        )
        .into());
    }
    let limit = RateLimit {
        per_second: rate,
        burst: BURST,
    };
    {
        let sandbox = ctx.sandbox().ok_or("no sandbox")?;
        let mut state = sandbox.ctx.state.lock();
        for (_, azure) in &tenants {
            state
                .tenant_mut(azure)
                .ok_or("tenant not emulated")?
                .voice
                .write_throttle
                .set_limit(Some(limit));
        }
    }

    // Prepared first (drafts), then confirmed together: the clock measures the queue.
    let per_tenant = changes / TENANTS;
    let mut drafts = Vec::with_capacity(changes);
    for (t, (tenant, _)) in tenants.iter().enumerate() {
        let users = ctx
            .query_users(&UsersQueryInput {
                tenant_id: Some(*tenant),
                ..UsersQueryInput::first_page(100)
            })?
            .users;
        for i in 0..per_tenant {
            let prepared = ctx.prepare_number_assign(&NumberChangeInput {
                tenant_id: *tenant,
                object_id: users[i % users.len()].object_id.clone(),
                number: Some(format!("+4420796{t}{i:04}")),
                voice_routing_policy: None,
            })?;
            drafts.push(prepared.tasks[0].row.id);
        }
    }
    let mut events = ctx.subscribe_queue();
    let started = Instant::now();
    for id in &drafts {
        ctx.confirm_change(*id)?;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let unfinished = |ctx: &AppContext| -> BenchResult<usize> {
        Ok(ctx
            .list_tasks(&TaskFilterInput {
                states: vec![TaskState::Queued, TaskState::Executing],
                ..TaskFilterInput::default()
            })?
            .rows
            .len())
    };
    while unfinished(&ctx)? > 0 {
        let _ = runtime
            .block_on(async { tokio::time::timeout(Duration::from_secs(5), events.recv()).await });
    }
    let elapsed = started.elapsed();
    let rows = ctx.list_tasks(&TaskFilterInput::default())?.rows;
    let succeeded = rows
        .iter()
        .filter(|r| r.state == TaskState::Succeeded)
        .count();
    let attempts: u32 = rows.iter().map(|r| r.attempts).sum();
    let throttled: u64 = {
        let sandbox = ctx.sandbox().ok_or("no sandbox")?;
        let state = sandbox.ctx.state.lock();
        tenants
            .iter()
            .filter_map(|(_, azure)| state.tenant(azure))
            .map(|tenant| tenant.voice.write_throttle.throttled())
            .sum()
    };
    let minimum = limit.minimum_duration(per_tenant as u64);
    let ratio = elapsed.as_secs_f64() / minimum.as_secs_f64();
    println!(
        "changes: {} over {TENANTS} tenants ({per_tenant} each)",
        drafts.len()
    );
    println!("throttle: {rate} writes/s per tenant, burst {BURST}");
    println!("succeeded: {succeeded}, task attempts: {attempts}, writes answered 429: {throttled}");
    println!(
        "elapsed: {:.2} s; least the throttling allows: {:.2} s",
        elapsed.as_secs_f64(),
        minimum.as_secs_f64()
    );
    println!(
        "ratio: {ratio:.3} ({} the {TARGET_RATIO}× target)",
        if ratio <= TARGET_RATIO {
            "within"
        } else {
            "OVER"
        }
    );
    if succeeded != drafts.len() {
        return Err(format!("{} changes did not succeed", drafts.len() - succeeded).into());
    }
    Ok(())
}

fn connected_tenants(ctx: &AppContext) -> BenchResult<Vec<(TenantId, String)>> {
    let sandbox = ctx.sandbox().ok_or("no sandbox")?;
    Ok(ctx
        .auth_status()?
        .into_iter()
        .filter_map(|row| {
            let creds = sandbox
                .credentials
                .iter()
                .find(|c| c.short_name.eq_ignore_ascii_case(&row.short_name))?;
            Some((row.tenant_id, creds.tenant_id.clone()))
        })
        .take(TENANTS)
        .collect())
}
