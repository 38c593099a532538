//! Cold start of the real window on a large cache: a data folder with 200k users in 20
//! tenants (the benches' sample users), the app started through tauri-driver in live mode,
//! timed to the first Tenants rows and then to the first page of the Users screen; then the
//! resident memory of the app process and of the WebKit processes it started.
//!
//! Run under a display, e.g.:
//! `cargo build -p switchboard && xvfb-run -a cargo run -p switchboard-e2e --features bench --bin window-bench [users]`
//! (`SWITCHBOARD_APP` picks another build, e.g. a release one).

use std::time::Instant;

use switchboard_cache::{sample, Cache};
use switchboard_e2e::{AppWindow, E2eError, E2eSettings, Launch};

const TENANTS: usize = 20;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let users: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(200_000);
    // The bench always runs; it needs the same app and driver as the e2e tests.
    std::env::set_var(switchboard_e2e::E2E_ENV, "1");
    let settings = E2eSettings::from_env()?;
    let launch = Launch::start(&settings)?;
    let filled = Instant::now();
    sample::fill(
        // The live world's cache, which `--live` below opens.
        &Cache::open(&launch.data_dir().join("live").join("switchboard.sqlite3"))?,
        users,
        TENANTS,
    )?;
    println!(
        "cache with {users} users in {TENANTS} tenants written in {:.1?}",
        filled.elapsed()
    );
    println!("app: {}", settings.app.display());

    for run in 1..=3 {
        let started = Instant::now();
        let window = launch.open(&["--live"]).await?;
        let outcome = timed_start(&window, started, launch.data_dir()).await;
        window.finish("window-bench", outcome).await?;
        println!("  (run {run})");
    }
    Ok(())
}

async fn timed_start(
    window: &AppWindow,
    started: Instant,
    data_dir: &std::path::Path,
) -> Result<(), E2eError> {
    window.wait_for("tenant-row-tenant00").await?;
    let tenants_at = started.elapsed();
    window.click("nav-users").await?;
    window.wait_for("users-table").await?;
    while window.count_with_prefix("user-row-").await? == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let users_at = started.elapsed();
    println!(
        "window start to Tenants rows {tenants_at:>8.1?}, to the first Users page {users_at:>8.1?}; resident memory {}",
        memory::describe(data_dir)
    );
    Ok(())
}

#[cfg(target_os = "linux")]
mod memory {
    //! The app is found by its `--data-dir` argument (a fresh temporary folder), and the
    //! WebKit processes as its children.

    use std::path::Path;

    pub fn describe(data_dir: &Path) -> String {
        let needle = data_dir.display().to_string();
        let Some(app) = processes().find(|&pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|cmd| String::from_utf8_lossy(&cmd).contains(&needle))
        }) else {
            return "unknown (the app process was not found)".into();
        };
        let children: Vec<u32> = processes()
            .filter(|&pid| parent(pid) == Some(app))
            .collect();
        let own = rss_kb(app);
        let webkit: u64 = children.iter().map(|&pid| rss_kb(pid)).sum();
        format!(
            "app {} MB + {} WebKit processes {} MB = {} MB",
            own / 1024,
            children.len(),
            webkit / 1024,
            (own + webkit) / 1024
        )
    }

    fn processes() -> impl Iterator<Item = u32> {
        std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
    }

    fn status_field(pid: u32, field: &str) -> Option<String> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .map(|value| value.trim().to_owned())
    }

    fn parent(pid: u32) -> Option<u32> {
        status_field(pid, "PPid:")?.parse().ok()
    }

    fn rss_kb(pid: u32) -> u64 {
        status_field(pid, "VmRSS:")
            .and_then(|v| v.trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

#[cfg(not(target_os = "linux"))]
mod memory {
    pub fn describe(_: &std::path::Path) -> String {
        "not measured on this system".into()
    }
}
