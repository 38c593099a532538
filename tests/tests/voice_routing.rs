//! The Voice routing screen through the real window, in sandbox mode with the demo estate:
//! a Hosted Pro customer's Direct Routing objects arrive with replication (through the
//! sandbox's Teams PowerShell stand-in); a voice route is added to its national usage and
//! gateway, its dry-run confirmed, and once the route shows without a queued badge the
//! route simulator sends a matching number through the policy holding that usage and picks
//! the new route, also as a user holding that policy dials it. Removing a usage a route still uses is refused, naming the route, and
//! "Read now" reads the objects again.

use std::time::Duration;

use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};
use switchboard_sandbox::demo::{DemoCustomer, DemoUser, LicenceType};

/// Replicating the twelve default demo customers takes seconds; this bound only stops a hang.
const REPLICATION_TIMEOUT: Duration = Duration::from_secs(180);
/// A change runs one Teams PowerShell session (read, change, read again).
const CHANGE_TIMEOUT: Duration = Duration::from_secs(120);
const ROUTE: &str = "E2E-Capital";

/// What the scenario uses of the customer's onboarding objects.
struct Fixture<'a> {
    customer: &'a DemoCustomer,
    /// The national usage, its route and gateway, and the policy holding the usage.
    usage: String,
    national_route: String,
    gateway: String,
    policy: String,
    /// A user holding that policy.
    user: &'a DemoUser,
    /// The country calling code, e.g. `44`.
    calling_code: String,
}

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn a_route_is_added_and_simulated() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    let fixture = estate
        .customers
        .iter()
        .filter(|c| c.licence_type == LicenceType::HostedPro)
        .find_map(fixture)
        .expect("a Hosted Pro demo customer with a national route and a user holding its policy");

    let launch = Launch::start(&settings)?;
    let window = launch.open(&[]).await?;
    let outcome = async {
        window
            .wait_gone_within("replication-indicator", REPLICATION_TIMEOUT)
            .await?;
        open_voice_routing(&window, &fixture).await?;
        a_used_usage_is_not_removed(&window, &fixture).await?;
        add_route(&window, &fixture).await?;
        simulate(&window, &fixture).await
    }
    .await;
    window.finish("voice-routing", outcome).await
}

fn fixture(customer: &DemoCustomer) -> Option<Fixture<'_>> {
    let voice = &customer.voice;
    let national = voice.routes.iter().find(|r| r.number_pattern != ".*")?;
    let usage = national.pstn_usages.first()?.clone();
    let policy = voice
        .policies
        .iter()
        .find(|p| p.pstn_usages.contains(&usage))?;
    let user = customer
        .users
        .iter()
        .find(|u| u.voice_routing_policy.as_deref() == Some(policy.identity.as_str()))?;
    let calling_code = national
        .number_pattern
        .strip_prefix(r"^\+")?
        .strip_suffix(r"\d+$")?
        .to_owned();
    Some(Fixture {
        customer,
        usage,
        national_route: national.identity.clone(),
        gateway: national.gateways.first()?.clone(),
        policy: policy.identity.clone(),
        user,
        calling_code,
    })
}

/// The customer's objects as replication cached them: the national route is listed.
async fn open_voice_routing(window: &AppWindow, fixture: &Fixture<'_>) -> Result<(), E2eError> {
    window.click("nav-voice").await?;
    window.wait_for("screen-voice").await?;
    window
        .select_label("voice-tenant", &fixture.customer.short_name)
        .await?;
    window.click("voice-tab-routes").await?;
    window
        .wait_for(&format!("voice-route-row-{}", fixture.national_route))
        .await?;
    let read_at = window.wait_for("voice-read-at").await?.text().await?;
    assert!(
        read_at.starts_with("Read "),
        "the header says when the objects were read: {read_at:?}"
    );
    // "Read now" asks Teams PowerShell again; the button waits for the answer.
    window.click("voice-read-now").await?;
    window.wait_for_text("voice-read-now", "Read now").await?;
    assert!(!window.is_present("voice-read-failure").await?);
    window
        .wait_for_text("voice-read-at", "Read just now")
        .await?;
    window
        .wait_for(&format!("voice-route-row-{}", fixture.national_route))
        .await?;
    Ok(())
}

/// The national usage carries the national route: its removal is refused with the route's
/// name, and the confirmation stays open with the message.
async fn a_used_usage_is_not_removed(
    window: &AppWindow,
    fixture: &Fixture<'_>,
) -> Result<(), E2eError> {
    window.click("voice-tab-usages").await?;
    window
        .click(&format!("voice-usage-remove-{}", fixture.usage))
        .await?;
    window.click("voice-remove-confirm").await?;
    let message = window.wait_for("voice-remove-error").await?.text().await?;
    assert!(
        message.contains(&fixture.usage) && message.contains(&fixture.national_route),
        "the refusal names the usage and the route using it: {message:?}"
    );
    assert!(!window.is_present("change-confirmation").await?);
    window
        .save_screenshot(&artifacts_dir()?.join("voice-routing-refusal.png"))
        .await?;
    window.click("voice-remove-cancel").await?;
    window.wait_gone("voice-remove").await
}

/// A route for the capital's numbers, first in the national usage: the pattern is checked
/// as it is typed, the dry-run confirmed, and the route lands in Teams.
async fn add_route(window: &AppWindow, fixture: &Fixture<'_>) -> Result<(), E2eError> {
    window.click("voice-tab-routes").await?;
    window.click("voice-route-add").await?;
    window.wait_for("voice-route-dialog").await?;
    window.type_into("voice-route-name", ROUTE).await?;
    window.type_into("voice-route-priority", "0").await?;
    // An unbalanced group is refused as it is typed, and Save waits for a valid pattern.
    window
        .type_into("voice-route-pattern", r"^\+(20\d+$")
        .await?;
    window.wait_for("voice-route-pattern-message").await?;
    assert!(!window.is_enabled("voice-dialog-save").await?);
    let pattern = format!(r"^\+{}20\d+$", fixture.calling_code);
    window.type_into("voice-route-pattern", &pattern).await?;
    window.wait_gone("voice-route-pattern-message").await?;
    window
        .select_value("voice-route-gateways-add", &fixture.gateway)
        .await?;
    window
        .select_value("voice-route-usages-add", &fixture.usage)
        .await?;
    window
        .save_screenshot(&artifacts_dir()?.join("voice-routing-route-dialog.png"))
        .await?;
    window.wait_enabled("voice-dialog-save").await?;
    window.click("voice-dialog-save").await?;

    window.wait_for("change-confirmation").await?;
    let dry_run = window.wait_for("change-dry-run-0").await?.text().await?;
    for expected in ["New-CsOnlineVoiceRoute", ROUTE, &fixture.gateway] {
        assert!(
            dry_run.contains(expected),
            "the dry-run shows {expected:?}: {dry_run}"
        );
    }
    let change = window.confirm_change().await?;
    assert_eq!(change.outcome, "succeeded", "the route was added");
    window.close_change().await?;

    let row = format!("voice-route-row-{ROUTE}");
    window.wait_for_within(&row, CHANGE_TIMEOUT).await?;
    window
        .wait_gone_within(&format!("voice-route-badge-{ROUTE}"), CHANGE_TIMEOUT)
        .await?;
    window
        .save_screenshot(&artifacts_dir()?.join("voice-routing-routes.png"))
        .await
}

/// A capital number dialled under the policy holding the usage takes the new route, through
/// the customer's gateway; the national route matches too, but later.
async fn simulate(window: &AppWindow, fixture: &Fixture<'_>) -> Result<(), E2eError> {
    window.click("voice-tab-simulator").await?;
    let number = format!("+{}2079460123", fixture.calling_code);
    window.type_into("voice-sim-number", &number).await?;
    window.select_value("voice-sim-by", "policy").await?;
    window
        .select_value("voice-sim-policy", &fixture.policy)
        .await?;
    window.click("voice-sim-run").await?;
    let selected = window.wait_for("voice-sim-selected").await?;
    assert_eq!(
        selected.attr("data-route").await?.as_deref(),
        Some(ROUTE),
        "the new route takes the call: {}",
        selected.text().await?
    );
    window
        .wait_for_text("voice-sim-translated", &number)
        .await?;
    let gateways = window.wait_for("voice-sim-gateways").await?.text().await?;
    assert!(
        gateways.contains(&fixture.gateway),
        "the route's gateway is listed: {gateways:?}"
    );
    let national = window
        .wait_for(&format!("voice-sim-route-{}", fixture.national_route))
        .await?;
    assert_eq!(
        national.attr("data-verdict").await?.as_deref(),
        Some("matchedLater")
    );
    window
        .save_screenshot(&artifacts_dir()?.join("voice-routing-simulator.png"))
        .await?;

    // The same number as the user holding the policy dials it, through their dial plan.
    window.select_value("voice-sim-by", "user").await?;
    window
        .type_into("voice-sim-user-search", &fixture.user.display_name)
        .await?;
    window
        .select_value("voice-sim-user", &fixture.user.object_id)
        .await?;
    window.click("voice-sim-run").await?;
    window
        .wait_for_text("voice-sim-user-of", &fixture.user.user_principal_name)
        .await?;
    let selected = window.wait_for("voice-sim-selected").await?;
    assert_eq!(selected.attr("data-route").await?.as_deref(), Some(ROUTE));
    Ok(())
}
