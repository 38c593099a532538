//! The Direct Routing objects replicated through Teams PowerShell: the real runner
//! starts the sandbox's `pwsh` stand-in, which asks the Teams admin emulator. The cache
//! must end up equal to the emulator's state field by field, a later run must touch
//! only what changed, and a failed read must leave the last objects readable.

mod common;

use std::time::Duration;

use common::{start, Harness};
use switchboard_sandbox::teams::model as emulated;
use switchboard_sandbox::teams::VoiceState;
use switchboard_sandbox::test_support::interpreter_path;
use switchboard_sync::{
    cached_voice_config, sync_tenant, SyncMode, SyncPhase, SyncReport, VoiceReader,
};
use switchboard_teams::PowerShellHost;
use switchboard_voice::{
    CallingPolicy, DialPlan, NetworkRegion, NetworkSite, NetworkSubnet, NormalizationRule,
    PstnGateway, TrustedIp, VoiceConfig, VoiceRoute, VoiceRoutingPolicy,
};
use tokio_util::sync::CancellationToken;

fn reader(path: std::path::PathBuf) -> VoiceReader {
    VoiceReader {
        host: PowerShellHost::at(path),
        timeout: Duration::from_secs(120),
    }
}

async fn with_voice(users: usize) -> Harness {
    let mut h = start(users).await;
    h.source = h.source.clone().with_voice(reader(interpreter_path()));
    h
}

async fn sync(h: &Harness, mode: SyncMode) -> SyncReport {
    sync_tenant(&h.ctx, &h.source, mode, &|_| {}, &CancellationToken::new())
        .await
        .expect("the sync succeeds")
}

fn voice<T>(h: &Harness, change: impl FnOnce(&mut VoiceState) -> T) -> T {
    let mut state = h.sandbox.ctx.state.lock();
    change(&mut state.tenant_mut(&h.azure_tenant).unwrap().voice)
}

/// Every kind of object present: the demo customer's own plus a location-based
/// routing topology and a toll-bypass calling policy.
fn add_topology(voice: &mut VoiceState) {
    voice.regions.push(emulated::NetworkRegion {
        id: "EMEA".into(),
        description: "Europe".into(),
        central_site: None,
    });
    voice.sites.push(emulated::NetworkSite {
        id: "London".into(),
        region_id: Some("EMEA".into()),
        enable_location_based_routing: true,
        description: "Head office".into(),
        policies: Default::default(),
        site_address: None,
    });
    voice.subnets.push(emulated::NetworkSubnet {
        id: "10.20.0.0".into(),
        mask_bits: 16,
        site_id: "London".into(),
        description: "Office LAN".into(),
    });
    voice.trusted_ips.push(emulated::TrustedIpAddress {
        ip_address: "203.0.113.7".into(),
        mask_bits: 32,
        description: "Office NAT".into(),
    });
    voice.calling_policies.push(emulated::CallingPolicy {
        name: "NoTollBypass".into(),
        id: "id-no-toll-bypass".into(),
        description: "LBR users".into(),
        settings: [("PreventTollBypass".to_string(), serde_json::json!(true))].into(),
    });
    let gateway = &mut voice.gateways[0];
    gateway.gateway_site_id = Some("London".into());
    gateway.gateway_site_lbr_enabled = true;
}

/// The emulator's state as Switchboard models it, written out field by field.
fn expected(voice: &VoiceState) -> VoiceConfig {
    VoiceConfig {
        gateways: voice
            .gateways
            .iter()
            .map(|g| PstnGateway {
                fqdn: g.fqdn.clone(),
                sip_signaling_port: g.sip_signaling_port as u16,
                enabled: g.enabled,
                max_concurrent_sessions: g.max_concurrent_sessions.map(|n| n as u32),
                media_bypass: g.media_bypass,
                forward_pai: g.forward_pai,
                forward_call_history: g.forward_call_history,
                lbr_enabled: g.gateway_site_lbr_enabled,
                site_id: g.gateway_site_id.clone(),
                description: g.description.clone(),
            })
            .collect(),
        usages: voice.pstn_usages.clone(),
        routes: voice
            .routes
            .iter()
            .enumerate()
            .map(|(priority, r)| VoiceRoute {
                name: r.identity.clone(),
                priority: priority as u32,
                number_pattern: r.number_pattern.clone(),
                gateways: r.gateways.clone(),
                usages: r.usages.clone(),
                description: r.description.clone(),
            })
            .collect(),
        policies: voice
            .routing_policies
            .iter()
            .map(|p| VoiceRoutingPolicy {
                name: p.name.clone(),
                description: p.description.clone(),
                usages: p.usages.clone(),
            })
            .collect(),
        dial_plans: voice
            .dial_plans
            .iter()
            .map(|p| DialPlan {
                name: p.name.clone(),
                simple_name: p.simple_name.clone(),
                description: p.description.clone(),
                rules: p
                    .rules
                    .iter()
                    .map(|r| NormalizationRule {
                        name: r.name.clone(),
                        pattern: r.pattern.clone(),
                        translation: r.translation.clone(),
                        description: r.description.clone(),
                        is_internal_extension: r.is_internal_extension,
                    })
                    .collect(),
            })
            .collect(),
        calling_policies: voice
            .calling_policies
            .iter()
            .map(|p| CallingPolicy {
                name: p.name.clone(),
                description: p.description.clone(),
                prevent_toll_bypass: p.settings.get("PreventTollBypass")
                    == Some(&serde_json::json!(true)),
            })
            .collect(),
        regions: voice
            .regions
            .iter()
            .map(|r| NetworkRegion {
                id: r.id.clone(),
                description: r.description.clone(),
            })
            .collect(),
        sites: voice
            .sites
            .iter()
            .map(|s| NetworkSite {
                id: s.id.clone(),
                region_id: s.region_id.clone(),
                lbr_enabled: s.enable_location_based_routing,
                description: s.description.clone(),
            })
            .collect(),
        subnets: voice
            .subnets
            .iter()
            .map(|s| NetworkSubnet {
                id: s.id.clone(),
                mask_bits: s.mask_bits as u8,
                site_id: s.site_id.clone(),
                description: s.description.clone(),
            })
            .collect(),
        trusted_ips: voice
            .trusted_ips
            .iter()
            .map(|t| TrustedIp {
                address: t.ip_address.clone(),
                mask_bits: t.mask_bits as u8,
                description: t.description.clone(),
            })
            .collect(),
    }
}

#[tokio::test]
async fn a_full_read_equals_the_emulator_and_a_later_one_touches_only_what_changed() {
    let h = with_voice(6).await;
    voice(&h, add_topology);
    let (seen, progress) = common::recorder();
    let report = sync_tenant(
        &h.ctx,
        &h.source,
        SyncMode::Full,
        &progress,
        &CancellationToken::new(),
    )
    .await
    .expect("the sync succeeds");
    // The read of the objects shows as the voice phase after the users, then Done.
    let phases: Vec<SyncPhase> = seen.lock().unwrap().iter().map(|p| p.phase).collect();
    assert_eq!(phases.last(), Some(&SyncPhase::Done), "{phases:?}");
    assert_eq!(phases.iter().filter(|p| **p == SyncPhase::Done).count(), 1);
    assert_eq!(phases[phases.len() - 2], SyncPhase::Voice, "{phases:?}");
    assert_eq!(report.voice_error, None);
    let written = report.voice_objects.expect("the voice objects were read");

    let want = voice(&h, |v| expected(v));
    let (cached, stored) = cached_voice_config(&h.ctx.cache, h.tenant()).unwrap();
    assert_eq!(cached, want);
    for (kind, empty) in [
        ("gateways", want.gateways.is_empty()),
        ("routes", want.routes.is_empty()),
        ("policies", want.policies.is_empty()),
        ("dial plans", want.dial_plans.is_empty()),
        ("subnets", want.subnets.is_empty()),
        ("calling policies", want.calling_policies.is_empty()),
    ] {
        assert!(
            !empty,
            "the test tenant has no {kind}, so they were not compared"
        );
    }
    assert_eq!(written.added, want.to_stored().len());
    assert!(stored.read_at.is_some());
    let first_rows = h.ctx.cache.voice_objects(h.tenant()).unwrap();

    // One route changed, one usage added, one trusted IP gone.
    voice(&h, |v| {
        v.routes[0].description = "Changed in Teams".into();
        v.pstn_usages.push("Emergency".into());
        v.trusted_ips.clear();
    });
    let report = sync(&h, SyncMode::Incremental).await;
    let written = report.voice_objects.expect("read again");
    assert_eq!((written.added, written.changed, written.removed), (1, 1, 1));
    assert_eq!(written.unchanged, want.to_stored().len() - 2);
    let (cached, _) = cached_voice_config(&h.ctx.cache, h.tenant()).unwrap();
    assert_eq!(cached, voice(&h, |v| expected(v)));
    // Unchanged rows keep the time they were last found changed; the changed route's moves.
    let again = h.ctx.cache.voice_objects(h.tenant()).unwrap();
    let synced = |rows: &switchboard_cache::StoredVoiceObjects, kind: &str, name: &str| {
        rows.objects
            .iter()
            .find(|o| o.object.kind == kind && o.object.identity.eq_ignore_ascii_case(name))
            .map(|o| o.synced_at)
            .expect("the row is stored")
    };
    let gateway = &want.gateways[0].fqdn;
    let route = &want.routes[0].name;
    assert_eq!(
        synced(&again, "gateway", gateway),
        synced(&first_rows, "gateway", gateway)
    );
    assert!(synced(&again, "route", route) > synced(&first_rows, "route", route));
}

#[tokio::test]
async fn a_failed_read_keeps_the_last_objects_and_says_why() {
    let h = with_voice(4).await;
    sync(&h, SyncMode::Full).await;
    let (before, stored) = cached_voice_config(&h.ctx.cache, h.tenant()).unwrap();
    assert!(!before.routes.is_empty());

    // A PowerShell that is not there: the users still replicate, the objects stay.
    let mut broken = h.source.clone();
    broken.voice = Some(reader("/nonexistent/pwsh".into()));
    let report = sync_tenant(
        &h.ctx,
        &broken,
        SyncMode::Full,
        &|_| {},
        &CancellationToken::new(),
    )
    .await
    .expect("the users' replication still succeeds");
    let error = report.voice_error.expect("the read failed");
    assert!(error.contains("PowerShell"), "{error}");
    let (after, stored_after) = cached_voice_config(&h.ctx.cache, h.tenant()).unwrap();
    assert_eq!(after, before);
    assert_eq!(stored_after.read_at, stored.read_at);
    assert_eq!(stored_after.error.as_deref(), Some(error.as_str()));
}
