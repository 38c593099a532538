//! The Users screen on replicated sandbox data, through the real window: search by part
//! of a number, filter by policy, open the detail panel; then Microsoft 365 goes offline
//! (the sandbox's network switch), a replication fails, and the screen keeps the cached
//! users under the app's "Offline — showing data last synced at …" banner.

use std::time::Duration;

use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};
use switchboard_sandbox::demo::{DemoCustomer, DemoUser, Estate};

/// Replicating the twelve default demo customers takes seconds; this bound only stops a hang.
const REPLICATION_TIMEOUT: Duration = Duration::from_secs(180);
const SEARCH_DIGITS: usize = 6;

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn users_through_the_window() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    let (customer, user, digits) =
        user_with_a_distinct_number(&estate).expect("a demo user with a number of its own");
    let policy = user
        .voice_routing_policy
        .clone()
        .expect("a demo user with a number has a voice routing policy");

    let launch = Launch::start(&settings)?;
    // The default start: sandbox mode, demo customers replicated in the background.
    let window = launch.open(&[]).await?;
    let outcome = async {
        window
            .wait_gone_within("replication-indicator", REPLICATION_TIMEOUT)
            .await?;
        let with_policy = customer
            .users
            .iter()
            .filter(|u| u.voice_routing_policy.as_deref() == Some(policy.as_str()))
            .count();
        search_filter_and_open(&window, customer, user, &digits, &policy, with_policy).await?;
        offline_keeps_the_users(&window, customer, user, &digits).await
    }
    .await;
    window.finish("users", outcome).await
}

async fn open_users_of(window: &AppWindow, customer: &DemoCustomer) -> Result<(), E2eError> {
    window.click("nav-users").await?;
    window.wait_for("screen-users").await?;
    window
        .select_label("users-tenant", &customer.short_name)
        .await
}

/// The policy filter leaves exactly the customer's users with that policy; part of the
/// number then finds the user alone; the panel shows the user's fields.
async fn search_filter_and_open(
    window: &AppWindow,
    customer: &DemoCustomer,
    user: &DemoUser,
    digits: &str,
    policy: &str,
    with_policy: usize,
) -> Result<(), E2eError> {
    // From the customer's row, as an engineer would.
    window.click("nav-tenants").await?;
    window
        .type_into("tenant-search", &customer.short_name)
        .await?;
    window
        .click(&format!("tenant-users-{}", customer.short_name))
        .await?;
    window.wait_for("screen-users").await?;
    window
        .wait_for_text("users-total", &matches(customer.users.len()))
        .await?;
    window.select_value("users-filter-policy", policy).await?;
    window
        .wait_for_text("users-total", &matches(with_policy))
        .await?;
    window.type_into("users-search", digits).await?;
    let row = format!("user-row-{}", user.user_principal_name);
    window.wait_for(&row).await?;
    window.wait_for_text("users-total", "1 user match").await?;
    window.click(&row).await?;
    let detail = window.wait_for("user-detail").await?.text().await?;
    let groups = customer
        .groups
        .iter()
        .filter(|g| g.member_ids.contains(&user.object_id))
        .map(|g| g.display_name.as_str());
    for expected in [user.user_principal_name.as_str(), policy]
        .into_iter()
        .chain(groups)
    {
        assert!(
            detail.contains(expected),
            "the detail panel shows {expected:?}, it reads {detail:?}"
        );
    }
    window
        .save_screenshot(&artifacts_dir()?.join("users.png"))
        .await?;
    // The panel would cover the navigation.
    window.click("user-detail-close").await?;
    window.wait_gone("user-detail").await
}

/// With Microsoft 365 unreachable, replicating the customer fails; its users stay listed
/// under the offline banner. Back online, the banner goes with the next replication.
async fn offline_keeps_the_users(
    window: &AppWindow,
    customer: &DemoCustomer,
    user: &DemoUser,
    digits: &str,
) -> Result<(), E2eError> {
    window
        .wait_for_text("sandbox-network", "M365 online")
        .await?;
    window.click("sandbox-network").await?;
    window
        .wait_for_text("sandbox-network", "M365 offline")
        .await?;
    replicate(window, customer).await?;

    open_users_of(window, customer).await?;
    let banner = window.wait_for("offline-banner").await?.text().await?;
    assert!(
        banner.starts_with("Offline — showing data last synced at"),
        "the banner reads {banner:?}"
    );
    window
        .wait_for_text("users-total", &matches(customer.users.len()))
        .await?;
    // Searching works on the cache alone.
    window.type_into("users-search", digits).await?;
    window
        .wait_for(&format!("user-row-{}", user.user_principal_name))
        .await?;
    window.wait_for_text("users-total", "1 user match").await?;
    window
        .save_screenshot(&artifacts_dir()?.join("users-offline.png"))
        .await?;

    window.click("sandbox-network").await?;
    window
        .wait_for_text("sandbox-network", "M365 online")
        .await?;
    replicate(window, customer).await?;
    open_users_of(window, customer).await?;
    window.wait_for("users-table").await?;
    window
        .wait_gone_within("offline-banner", REPLICATION_TIMEOUT)
        .await
}

async fn replicate(window: &AppWindow, customer: &DemoCustomer) -> Result<(), E2eError> {
    window.click("nav-tenants").await?;
    window
        .type_into("tenant-search", &customer.short_name)
        .await?;
    window
        .click(&format!("tenant-replicate-{}", customer.short_name))
        .await?;
    window
        .wait_gone_within("replication-indicator", REPLICATION_TIMEOUT)
        .await
}

fn matches(count: usize) -> String {
    format!(
        "{count} {} match",
        if count == 1 { "user" } else { "users" }
    )
}

/// A replicated user (its customer connects to Microsoft 365) whose number's last
/// `SEARCH_DIGITS` digits occur in no other demo number, so the search lists it alone.
fn user_with_a_distinct_number(estate: &Estate) -> Option<(&DemoCustomer, &DemoUser, String)> {
    let tail = |number: &str| {
        let digits: Vec<char> = number.chars().collect();
        digits[digits.len().saturating_sub(SEARCH_DIGITS)..]
            .iter()
            .collect::<String>()
    };
    let numbers: Vec<&str> = estate
        .customers
        .iter()
        .flat_map(|c| &c.users)
        .filter_map(|u| u.number())
        .collect();
    estate
        .customers
        .iter()
        .filter(|c| c.licence_type.has_user_licences())
        .flat_map(|c| c.users.iter().map(move |u| (c, u)))
        .filter(|(_, u)| !u.resource_account && u.voice_routing_policy.is_some())
        .filter_map(|(c, u)| u.number().map(|n| (c, u, tail(n))))
        .find(|(_, _, digits)| {
            numbers
                .iter()
                .filter(|n| n.contains(digits.as_str()))
                .count()
                == 1
        })
}
