//! Times the demo estate generator at the sizes the product must handle and prints the
//! heap the estate occupies: `cargo run -p switchboard-sandbox --release --bin demo-bench`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use switchboard_sandbox::demo::{generate, load, sbc_config, DemoSpec, Estate};
use switchboard_sandbox::state::SandboxState;

/// Counts live heap bytes so the estate's size can be measured without guessing.
struct CountingAllocator;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn main() {
    let runs = [
        (
            "1 tenant x 100,000 users",
            DemoSpec {
                seed: 1,
                customers: 1,
                users_per_customer: 100_000..=100_000,
                sbcs: 2,
            },
        ),
        (
            "50 tenants x 2,000 users",
            DemoSpec {
                seed: 2,
                customers: 50,
                users_per_customer: 2_000..=2_000,
                sbcs: 4,
            },
        ),
    ];
    for (label, spec) in runs {
        let before = LIVE_BYTES.load(Ordering::Relaxed);
        let started = Instant::now();
        match generate(&spec) {
            Ok(estate) => {
                let elapsed = started.elapsed();
                let bytes = LIVE_BYTES.load(Ordering::Relaxed).saturating_sub(before);
                let numbers: usize = estate
                    .customers
                    .iter()
                    .flat_map(|c| &c.users)
                    .filter(|u| u.line_uri.is_some())
                    .count();
                println!(
                    "{label}: {} users, {numbers} numbers in {:.3} s, estate heap {:.1} MiB ({} bytes/user)",
                    estate.user_count(),
                    elapsed.as_secs_f64(),
                    bytes as f64 / (1024.0 * 1024.0),
                    bytes / estate.user_count().max(1),
                );
                report_loading(label, &estate);
            }
            Err(error) => {
                eprintln!("{label}: {error}");
                std::process::exit(1);
            }
        }
    }
}

/// Times seeding the emulators: directory, identity and Teams, then every SBC's config.
fn report_loading(label: &str, estate: &Estate) {
    let started = Instant::now();
    let mut state = SandboxState::default();
    if let Err(error) = load(estate, &mut state) {
        eprintln!("{label}: loading failed: {error}");
        std::process::exit(1);
    }
    let loaded = started.elapsed();
    let started = Instant::now();
    for index in 0..estate.sbcs.len() {
        if let Err(error) = sbc_config(estate, index) {
            eprintln!("{label}: {error}");
            std::process::exit(1);
        }
    }
    println!(
        "{label}: loaded into the emulators in {:.3} s, SBC configurations read in {:.3} s",
        loaded.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
}
