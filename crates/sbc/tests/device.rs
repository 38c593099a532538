//! The client against the sandbox SBC over real HTTP and HTTPS.

mod common;

use std::time::{Duration, Instant};

use common::*;
use switchboard_sandbox::sbc::AlarmSeverity as RaisedSeverity;
use switchboard_sandbox::test_support::RequestRecorder;
use switchboard_sbc::{
    import_candidates, parse_running_config, probe_certificate, AlarmSeverity, CertTrust,
    ImportTag, IpGroupType, KnownRule, OperationalState, SbcClient, SbcError, Sha256Fingerprint,
    TlsFailure,
};

#[tokio::test]
async fn status_over_https_with_the_pinned_certificate() {
    let device = start_device().await;
    let status = pinned_client(&device).status().await;
    let status = status.unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(status.product_type, "Mediant VE SBC");
    assert_eq!(status.version_id, "7.40A.500.123");
    assert_eq!(status.operational_state, OperationalState::Unlocked);
    assert_eq!(status.ip_address, "127.0.0.1".parse().ok());
    assert!(!status.save_needed);
}

#[tokio::test]
async fn system_trust_refuses_the_self_signed_certificate_with_the_hint() {
    let device = start_device().await;
    let client = client_for(
        endpoint(&device, true, CertTrust::System, PASSWORD),
        fast_options(),
    );
    let error = client.status().await.err();
    assert!(
        matches!(
            error,
            Some(SbcError::Tls {
                kind: TlsFailure::Untrusted,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(
        error.map(|e| e.user_message()).as_deref(),
        Some("The SBC's certificate is not trusted. Check its fingerprint and choose Trust this certificate.")
    );
}

#[tokio::test]
async fn a_wrong_pin_is_refused() {
    let device = start_device().await;
    let mut wrong = device.certificate_sha256();
    wrong[0] ^= 0xFF;
    let trust = CertTrust::Pinned(Sha256Fingerprint::from_bytes(wrong));
    let client = client_for(endpoint(&device, true, trust, PASSWORD), fast_options());
    let error = client.status().await.err();
    assert!(
        matches!(
            error,
            Some(SbcError::Tls {
                kind: TlsFailure::PinMismatch,
                ..
            })
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_probe_reports_the_certificate_without_trusting_it() {
    let device = start_device().await;
    let (host, port) = host_and_port(&device.https_url());
    let info = probe_certificate(&host, Some(port)).await;
    let info = info.unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(info.sha256.to_string(), device.certificate_fingerprint());
    assert!(info.subject.contains("CN="), "{}", info.subject);
    assert!(!info.issuer.is_empty());
    assert!(info.not_after.is_some_and(|date| date > chrono::Utc::now()));
}

#[tokio::test]
async fn a_wrong_password_is_auth_failed() {
    let device = start_device().await;
    let client = client_for(
        endpoint(&device, false, CertTrust::System, "not-it"),
        fast_options(),
    );
    let error = client.status().await.err();
    assert_eq!(error, Some(SbcError::AuthFailed));
    assert_eq!(
        error.map(|e| e.user_message()).as_deref(),
        Some("The SBC refused the admin user name or password.")
    );
}

#[tokio::test]
async fn slow_devices_time_out_and_server_errors_are_typed() {
    let device = start_device().await;
    let mut options = fast_options();
    options.request_timeout = Duration::from_millis(100);
    let client = client_for(
        endpoint(&device, false, CertTrust::System, PASSWORD),
        options,
    );
    device.faults().set_latency(Duration::from_millis(400));
    assert_eq!(client.status().await.err(), Some(SbcError::Timeout));
    device.faults().set_latency(Duration::ZERO);
    device.faults().fail_next(1);
    let error = client.status().await.err();
    assert!(
        matches!(error, Some(SbcError::UnexpectedStatus { status: 500, .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_onboarding_script_is_applied_and_read_back() {
    let device = start_device().await;
    let client = pinned_client(&device);
    let pushed = client.push_incremental(ONBOARDING).await;
    assert!(pushed.is_ok(), "{pushed:?}");
    let text = client
        .running_config()
        .await
        .unwrap_or_else(|error| panic!("{error:?}"));
    assert!(!text.contains("carrier-secret-5521"));
    let config = parse_running_config(&text).unwrap_or_else(|error| panic!("{error}\n{text}"));

    let carrier = config.ip_group("acme-c").cloned();
    let carrier = carrier.unwrap_or_else(|| panic!("acme-c missing: {config:?}"));
    assert_eq!(carrier.proxy_set_name, "SIPTrunk");
    assert_eq!(carrier.tag("trunk"), Some("acme.gw.example.net"));
    assert_eq!(carrier.group_type, IpGroupType::Server);
    let teams = config
        .ip_group("acme-t")
        .map(|group| group.sip_group_name.clone());
    assert_eq!(teams.as_deref(), Some("acme.gw.example.net"));

    let teams_set = config.proxy_set("Teams").map(|set| set.addresses.len());
    assert_eq!(teams_set, Some(3));
    assert_eq!(config.sip_accounts.len(), 1);
    assert_eq!(config.sip_accounts[0].served_ip_group_name, "acme-t");
    assert_eq!(config.sip_accounts[0].host_name, "carrier.example.net");

    let rules: Vec<(String, String, String)> = config
        .dial_plan("CustDialPlan")
        .map(|plan| {
            plan.rules
                .iter()
                .map(|r| (r.name.clone(), r.prefix.clone(), r.tag.clone()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        rules,
        [
            (
                "acme".into(),
                "+3120555[0000-4999]".into(),
                "acme.gw.example.net".into()
            ),
            (
                "acme".into(),
                "+3130555".into(),
                "acme.gw.example.net".into()
            ),
        ]
    );
    // Cross-check every dial plan against the device's own model.
    let device_plans: Vec<(u32, String, usize)> = device
        .config()
        .dial_plans()
        .iter()
        .map(|plan| (plan.index, plan.name.clone(), plan.rules.len()))
        .collect();
    let parsed_plans: Vec<(u32, String, usize)> = config
        .dial_plans
        .iter()
        .map(|plan| (plan.index, plan.name.clone(), plan.rules.len()))
        .collect();
    assert_eq!(parsed_plans, device_plans);
}

#[tokio::test]
async fn a_refused_line_is_reported_and_nothing_changes() {
    let device = start_device().await;
    let client = pinned_client(&device);
    let before = device.running_config();
    let script =
        "configure voip\n ip-group new\n  frobnicate \"yes\"\n  name \"x-c\"\n exit\nexit\n";
    let error = client.push_incremental(script).await.err();
    match &error {
        Some(SbcError::ScriptRejected { line, text, .. }) => {
            assert_eq!(*line, Some(3));
            assert_eq!(text.as_deref(), Some("frobnicate \"yes\""));
        }
        other => panic!("expected a rejected script, got {other:?}"),
    }
    assert_eq!(device.running_config(), before);
    assert!(!device.save_needed());
}

#[tokio::test]
async fn a_200_with_a_rejected_row_is_a_failed_push() {
    let device = start_device().await;
    let client = pinned_client(&device);
    let script = "configure voip\n ip-group new\n  name \"ghost-c\"\n  proxy-set-name \"NoSuchSet\"\n  activate\n exit\nexit\n";
    let error = client.push_incremental(script).await.err();
    match &error {
        Some(SbcError::ScriptRejected {
            line,
            reason,
            output,
            ..
        }) => {
            assert!(line.is_some());
            assert!(
                reason.contains("NoSuchSet") || output.contains("NoSuchSet"),
                "{reason}"
            );
        }
        other => panic!("expected a rejected script, got {other:?}"),
    }
    assert!(device
        .config()
        .ip_groups()
        .iter()
        .all(|group| group.name != "ghost-c"));
}

#[tokio::test]
async fn a_briefly_busy_device_is_retried() {
    let device = start_device().await;
    let client = pinned_client(&device);
    device.faults().busy_for_next(2);
    let pushed = client.push_incremental(ONBOARDING).await;
    assert!(pushed.is_ok(), "{pushed:?}");
    assert!(device
        .config()
        .ip_groups()
        .iter()
        .any(|group| group.name == "acme-t"));
}

#[tokio::test]
async fn a_device_that_stays_busy_gives_busy_after_the_retry_limit() {
    let device = start_device().await;
    let client = pinned_client(&device);
    device.faults().set_always_busy(true);
    let started = Instant::now();
    let error = client.save_configuration().await.err();
    assert!(
        matches!(&error, Some(SbcError::Busy { attempts, .. }) if *attempts == fast_options().busy_attempts),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    let pushed = client.push_incremental(ONBOARDING).await.err();
    assert!(matches!(pushed, Some(SbcError::Busy { .. })), "{pushed:?}");
    assert!(device.config().ip_groups().is_empty());
}

#[tokio::test]
async fn apply_script_saves_unless_the_script_writes_itself() {
    let device = start_device().await;
    let client = pinned_client(&device);
    let applied = client.apply_script(ONBOARDING, true).await;
    let applied = applied.unwrap_or_else(|error| panic!("{error:?}"));
    assert!(applied.saved);
    assert_eq!(applied.save_error, None);
    assert!(!device.save_needed());
    let status = client.status().await.map(|status| status.save_needed);
    assert_eq!(status.ok(), Some(false));

    // A script ending in `do write` leaves nothing to save.
    let writing = "configure voip\n sbc dial-plan new\n  name \"Zoom\"\n exit\n do write\nexit\n";
    let applied = client.apply_script(writing, true).await;
    assert!(
        applied.as_ref().is_ok_and(|outcome| outcome.saved),
        "{applied:?}"
    );
    assert!(!device.save_needed());
}

#[tokio::test]
async fn apply_script_without_saving_leaves_the_change_live_but_unsaved() {
    let device = start_device().await;
    let client = pinned_client(&device);
    let applied = client
        .apply_script(ONBOARDING, false)
        .await
        .unwrap_or_else(|error| panic!("{error:?}"));
    assert!(!applied.saved);
    assert!(device.save_needed());
    assert!(!device.config().ip_groups().is_empty());
}

#[tokio::test]
async fn active_alarms_are_listed_with_their_details_across_pages() {
    let device = start_device().await;
    let client = pinned_client(&device);
    assert_eq!(client.active_alarms().await.ok(), Some(Vec::new()));

    let id = device.raise_alarm(RaisedSeverity::Major, "Board#1/EthernetLink#2", "Link down");
    let alarms = client
        .active_alarms()
        .await
        .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(alarms.len(), 1);
    assert_eq!(alarms[0].id, id);
    assert_eq!(alarms[0].severity, AlarmSeverity::Major);
    assert_eq!(alarms[0].source, "Board#1/EthernetLink#2");
    assert_eq!(alarms[0].description, "Link down");
    assert!(alarms[0].raised_at.is_some());

    for number in 0..60 {
        device.raise_alarm(
            RaisedSeverity::Warning,
            "Board#1",
            &format!("alarm {number}"),
        );
    }
    let alarms = client.active_alarms().await.unwrap_or_default();
    assert_eq!(alarms.len(), 61);
    assert_eq!(
        alarms.last().map(|alarm| alarm.description.as_str()),
        Some("alarm 59")
    );
}

#[tokio::test]
async fn import_candidates_follow_what_was_imported_and_tag_changes() {
    let device = start_device().await;
    let client = pinned_client(&device);
    let pushed = client.push_incremental(ONBOARDING).await;
    assert!(pushed.is_ok(), "{pushed:?}");
    let rules = |text: String| parse_running_config(&text).map(|config| config.dial_plan_rules());
    let first = rules(client.running_config().await.unwrap_or_default()).unwrap_or_default();

    let candidates = import_candidates(&first, &[]);
    assert_eq!(candidates.len(), 1);
    let acme = &candidates[0];
    assert_eq!(
        acme.short_name.as_ref().map(|name| name.as_str()).ok(),
        Some("acme")
    );
    assert_eq!(acme.prefixes, ["+3120555[0000-4999]", "+3130555"]);
    assert_eq!(
        acme.tag,
        ImportTag::PstnGateway("acme.gw.example.net".into())
    );

    let known = vec![KnownRule {
        dial_plan: acme.dial_plan.clone(),
        rule_name: acme.rule_name.clone(),
        tag: acme.tag_text.clone(),
    }];
    assert!(import_candidates(&first, &known).is_empty());

    let retag = "configure voip\n sbc dial-plan where name \"CustDialPlan\"\n  dial-plan-rule where prefix \"+3130555\"\n   tag \"acme2.gw.example.net\"\n  exit\n exit\nexit\n";
    let pushed = client.push_incremental(retag).await;
    assert!(pushed.is_ok(), "{pushed:?}");
    let second = rules(client.running_config().await.unwrap_or_default()).unwrap_or_default();
    let again = import_candidates(&second, &known);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].prefixes, ["+3130555"]);
    assert_eq!(
        again[0].tag,
        ImportTag::PstnGateway("acme2.gw.example.net".into())
    );
}

#[tokio::test]
async fn no_error_ever_shows_the_password() {
    let device = start_device().await;
    let mut errors = Vec::new();

    let wrong = "Wrong-Secret-4417";
    let client = client_for(
        endpoint(&device, false, CertTrust::System, wrong),
        fast_options(),
    );
    errors.extend(client.status().await.err());
    let untrusted = client_for(
        endpoint(&device, true, CertTrust::System, PASSWORD),
        fast_options(),
    );
    errors.extend(untrusted.status().await.err());
    let pinned = pinned_client(&device);
    errors.extend(
        pinned
            .push_incremental("configure voip\n bogus\nexit\n")
            .await
            .err(),
    );
    device.faults().set_always_busy(true);
    errors.extend(pinned.save_configuration().await.err());

    let closed =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr());
    let mut gone = endpoint(&device, false, CertTrust::System, PASSWORD);
    gone.port = closed.ok().map(|address| address.port());
    errors.extend(client_for(gone, fast_options()).status().await.err());

    assert_eq!(errors.len(), 5, "{errors:?}");
    assert!(errors
        .iter()
        .any(|error| matches!(error, SbcError::Unreachable { .. })));
    for error in &errors {
        for shown in [
            error.to_string(),
            format!("{error:?}"),
            error.user_message(),
        ] {
            assert!(!shown.contains(PASSWORD), "{shown}");
            assert!(!shown.contains(wrong), "{shown}");
        }
    }
    let client_debug = format!("{pinned:?} {client:?}");
    assert!(!client_debug.contains(PASSWORD) && !client_debug.contains(wrong));
}

/// Starts the recorder that stands for a server other than the device.
async fn foreign_server() -> RequestRecorder {
    match RequestRecorder::start().await {
        Ok(recorder) => recorder,
        Err(error) => panic!("the recorder did not start: {error}"),
    }
}

#[tokio::test]
async fn an_alarm_link_to_another_origin_is_refused_and_nothing_reaches_it() {
    let device = start_device().await;
    let foreign = foreign_server().await;
    device.raise_alarm(RaisedSeverity::Major, "Board#1", "Link down");
    let client = pinned_client(&device);
    assert_eq!(client.active_alarms().await.map(|a| a.len()), Ok(1));

    // Another host, and the device's own host on another port or scheme: each is
    // another origin.
    let (_, https_port) = host_and_port(&device.https_url());
    for origin in [
        foreign.origin(),
        format!("http://127.0.0.1:{https_port}"),
        format!("//{}", foreign.origin().trim_start_matches("http://")),
    ] {
        device.faults().link_alarms_to(Some(origin.clone()));
        let error = client.active_alarms().await.err();
        assert!(
            matches!(&error, Some(SbcError::ForeignLink { .. })),
            "{origin}: {error:?}"
        );
        let message = error.map(|e| e.user_message()).unwrap_or_default();
        assert!(message.contains("another server"), "{message}");
    }
    assert_eq!(foreign.requests(), Vec::new(), "no request left the device");

    // An absolute link on the device's own origin is still followed.
    device.faults().link_alarms_to(Some(device.https_url()));
    assert_eq!(client.active_alarms().await.map(|a| a.len()), Ok(1));
}

#[tokio::test]
async fn a_redirect_is_not_followed_with_the_credentials() {
    let device = start_device().await;
    let foreign = foreign_server().await;
    device.faults().redirect_to(Some(foreign.origin()));
    let error = pinned_client(&device).status().await.err();
    assert!(
        matches!(error, Some(SbcError::UnexpectedStatus { status: 307, .. })),
        "{error:?}"
    );
    assert_eq!(foreign.requests(), Vec::new());
}

#[tokio::test]
async fn plain_http_is_refused_off_loopback_unless_confirmed_and_allowed_on_loopback() {
    let device = start_device().await;
    let loopback = endpoint(&device, false, CertTrust::System, PASSWORD);
    assert!(client_for(loopback.clone(), fast_options())
        .status()
        .await
        .is_ok());

    let mut remote = loopback;
    remote.host = "192.0.2.10".into();
    let refused = SbcClient::new(remote.clone(), fast_options()).err();
    assert_eq!(
        refused,
        Some(SbcError::PlainHttpRefused {
            host: "192.0.2.10".into()
        })
    );
    assert!(refused
        .map(|e| e.user_message())
        .is_some_and(|m| m.contains("unencrypted") && m.contains("192.0.2.10")));
    remote.plain_http_confirmed = true;
    assert!(SbcClient::new(remote, fast_options()).is_ok());
}
