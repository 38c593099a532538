//! Switchboard's route simulator and dial plan tester against the Teams emulator's own
//! evaluation, run through the pwsh stand-in (`Test-CsEffectiveTenantDialPlan`, and the
//! sandbox's `Test-CsOnlineVoiceRoutingPolicy`): both are given the same tenant (read
//! into the cache by replication) and the same table of dialled numbers, and must
//! agree on every translated number, matching rule and chosen route.

mod common;

use std::time::Duration;

use common::start;
use serde_json::Value;
use switchboard_sandbox::test_support::interpreter_path;
use switchboard_sync::{cached_voice_config, run_teams_script, sync_tenant, SyncMode, VoiceReader};
use switchboard_teams::{PowerShellHost, RunOptions};
use switchboard_voice::{normalize, simulate};
use tokio_util::sync::CancellationToken;

/// A tenant with a dial plan of several habits, routes of three usages in two
/// policies whose usage order differs, and a catch-all route.
const SETUP: &str = r#"
Set-CsTenantDialPlan -Identity Global -NormalizationRules @(
    New-CsVoiceNormalizationRule -Parent 'Global' -Name 'Ext' -Pattern '^(\d{4})$' -Translation '+4420794600$1' -IsInternalExtension $true -InMemory
    New-CsVoiceNormalizationRule -Parent 'Global' -Name 'Emergency' -Pattern '^(999|112)$' -Translation '$1' -InMemory
    New-CsVoiceNormalizationRule -Parent 'Global' -Name 'Operator' -Pattern '^9(0\d{9,10})$' -Translation '+44$1' -InMemory
    New-CsVoiceNormalizationRule -Parent 'Global' -Name 'International' -Pattern '^00(\d{7,15})$' -Translation '+$1' -InMemory
    New-CsVoiceNormalizationRule -Parent 'Global' -Name 'National' -Pattern '^0(\d{9,10})$' -Translation '+44$1' -InMemory
    New-CsVoiceNormalizationRule -Parent 'Global' -Name 'Speed' -Pattern '^\*(?<code>\d{2})$' -Translation '+44207946${code}00' -InMemory
    New-CsVoiceNormalizationRule -Parent 'Global' -Name 'Unanchored' -Pattern '55(\d{3})' -Translation '+1206555$1' -InMemory
)
Set-CsOnlinePstnUsage -Identity Global -Usage @{Add=@('AgreeLocal', 'AgreeIntl', 'AgreeAny')}
New-CsOnlineVoiceRoute -Identity 'AgreeLondon' -NumberPattern '^\+4420\d{8}$' -OnlinePstnGatewayList @('GATEWAY') -OnlinePstnUsages @('AgreeLocal') -Priority 0
New-CsOnlineVoiceRoute -Identity 'AgreeUK' -NumberPattern '^\+44\d{9,10}$' -OnlinePstnGatewayList @('GATEWAY') -OnlinePstnUsages @('AgreeLocal', 'AgreeIntl') -Priority 1
New-CsOnlineVoiceRoute -Identity 'AgreeNorthAmerica' -NumberPattern '^\+1[2-9]\d{9}$' -OnlinePstnGatewayList @('GATEWAY') -OnlinePstnUsages @('AgreeIntl') -Priority 2
New-CsOnlineVoiceRoute -Identity 'AgreeEurope' -NumberPattern '^\+(3\d|4[0-9])\d{6,12}$' -OnlinePstnGatewayList @('GATEWAY') -OnlinePstnUsages @('AgreeIntl') -Priority 3
New-CsOnlineVoiceRoute -Identity 'AgreeAnything' -NumberPattern '.*' -OnlinePstnGatewayList @('GATEWAY') -OnlinePstnUsages @('AgreeAny') -Priority 4
New-CsOnlineVoiceRoutingPolicy -Identity 'AgreeLocalFirst' -OnlinePstnUsages @('AgreeLocal', 'AgreeIntl')
New-CsOnlineVoiceRoutingPolicy -Identity 'AgreeIntlFirst' -OnlinePstnUsages @('AgreeIntl', 'AgreeLocal', 'AgreeAny')
"#;

const POLICIES: [&str; 2] = ["AgreeLocalFirst", "AgreeIntlFirst"];

/// Extensions, emergency and operator codes, national, international, speed dials,
/// numbers already in E.164, numbers no rule takes, and odd input.
fn dialled_numbers() -> Vec<String> {
    let mut numbers: Vec<String> = [
        "1234",
        "0001",
        "9999",
        "12345",
        "123",
        "999",
        "112",
        "911",
        "9020794601234",
        "902079460123",
        "90207946012",
        "02079460123",
        "0161496000",
        "0207946012",
        "020794601234",
        "01",
        "0012065550100",
        "00441234567",
        "0033142685300",
        "004930123456",
        "00123",
        "0019995550100",
        "*42",
        "*07",
        "*4",
        "**42",
        "+442079460123",
        "+4420794601",
        "+12065550100",
        "+33142685300",
        "+4930123456",
        "+861012345678",
        "+999",
        "2065550100",
        "12065550100",
        "5550100",
        "x55123y",
        "555",
        "abc",
        "+",
        "0",
        "00",
        "000000000000000000",
        "42",
        "1",
        "+44 20 7946 0123",
        "07700900123",
        "+447700900123",
        "0044207946012",
        "9012345678",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    // And a run of national numbers across area codes.
    numbers.extend((0..10).map(|i| format!("0{}{}", 113 + i * 37, 4_960_000 + i * 1_111)));
    numbers
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[tokio::test]
async fn the_simulator_and_the_dial_plan_tester_agree_with_the_emulator() {
    let mut h = start(3).await;
    let host = PowerShellHost::at(interpreter_path());
    h.source = h.source.clone().with_voice(VoiceReader {
        host: host.clone(),
        timeout: Duration::from_secs(120),
    });
    let options = RunOptions::with_timeout(Duration::from_secs(120));
    let gateway = {
        let state = h.sandbox.ctx.state.lock();
        state.tenant(&h.azure_tenant).unwrap().voice.gateways[0]
            .fqdn
            .clone()
    };
    run_teams_script(
        &h.source.graph,
        &host,
        &SETUP.replace("GATEWAY", &gateway),
        &options,
    )
    .await
    .expect("the tenant is set up");
    sync_tenant(
        &h.ctx,
        &h.source,
        SyncMode::Full,
        &|_| {},
        &CancellationToken::new(),
    )
    .await
    .expect("replicated");
    let (config, _) = cached_voice_config(&h.ctx.cache, h.tenant()).unwrap();
    let rules = config
        .dial_plan("Global")
        .expect("the Global dial plan is cached")
        .rules
        .clone();

    let numbers = dialled_numbers();
    assert!(
        numbers.len() >= 50,
        "the table has {} numbers",
        numbers.len()
    );
    let mut script = String::new();
    for number in &numbers {
        script.push_str(&format!(
            "[pscustomobject]@{{ Dialed = {n}; Result = (Test-CsEffectiveTenantDialPlan -DialedNumber {n} -TenantScopeOnly) }}\n",
            n = literal(number)
        ));
    }
    let answers = run_teams_script(&h.source.graph, &host, &script, &options)
        .await
        .expect("the emulator evaluates every number");
    assert_eq!(answers.len(), numbers.len());

    let mut routed = Vec::new();
    let mut matched_rules = std::collections::BTreeSet::new();
    for (number, answer) in numbers.iter().zip(&answers) {
        assert_eq!(answer["Dialed"], Value::String(number.clone()));
        let theirs = &answer["Result"];
        let ours = normalize(&rules, number).unwrap();
        assert_eq!(
            Value::String(ours.translated.clone()),
            theirs["TranslatedNumber"],
            "translation of {number}"
        );
        assert_eq!(
            ours.matching_rule
                .as_ref()
                .map(|r| Value::String(r.clone()))
                .unwrap_or(Value::Null),
            theirs["MatchingRule"]
                .get("Name")
                .cloned()
                .unwrap_or(Value::Null),
            "matching rule for {number}"
        );
        matched_rules.extend(ours.matching_rule.clone());
        // The emulator routes E.164 numbers only, as calls reach routing normalised.
        let e164 = ours.translated.strip_prefix('+').is_some_and(|d| {
            !d.is_empty() && d.len() <= 15 && d.chars().all(|c| c.is_ascii_digit())
        });
        if e164 {
            routed.push(ours.translated.clone());
        }
    }
    assert_eq!(
        matched_rules.len(),
        rules.len(),
        "every rule is exercised: {matched_rules:?}"
    );

    let mut script = String::new();
    for policy in POLICIES {
        for number in &routed {
            script.push_str(&format!(
                "[pscustomobject]@{{ Policy = {p}; Number = {n}; Result = (Test-CsOnlineVoiceRoutingPolicy -Identity {p} -DialedNumber {n}) }}\n",
                p = literal(policy),
                n = literal(number)
            ));
        }
    }
    let answers = run_teams_script(&h.source.graph, &host, &script, &options)
        .await
        .expect("the emulator routes every number");
    assert_eq!(answers.len(), routed.len() * POLICIES.len());
    assert!(
        routed.len() >= 25,
        "only {} numbers reached routing",
        routed.len()
    );
    let mut chosen = std::collections::BTreeSet::new();
    for answer in &answers {
        let policy = answer["Policy"].as_str().unwrap();
        let number = answer["Number"].as_str().unwrap();
        // Already normalised: no rules apply a second time.
        let ours = simulate(&config, policy, &[], number).unwrap();
        let theirs = &answer["Result"];
        let route = ours.selected.as_ref().map(|s| s.route.clone());
        assert_eq!(
            route.clone().map(Value::String).unwrap_or(Value::Null),
            theirs["MatchingRoute"],
            "route for {number} under {policy}"
        );
        assert_eq!(
            ours.selected
                .as_ref()
                .and_then(|s| s.usage.clone())
                .map(Value::String)
                .unwrap_or(Value::Null),
            theirs["MatchingUsage"],
            "usage for {number} under {policy}"
        );
        let gateways: Vec<Value> = ours
            .gateways
            .iter()
            .map(|g| Value::String(g.fqdn.clone()))
            .collect();
        if route.is_some() {
            assert_eq!(
                Value::Array(gateways),
                theirs["GatewayList"],
                "gateways for {number}"
            );
        }
        chosen.extend(route.map(|r| format!("{policy}:{r}")));
    }
    // The table reaches every route, and the two usage orders choose differently.
    for route in [
        "AgreeLondon",
        "AgreeUK",
        "AgreeNorthAmerica",
        "AgreeEurope",
        "AgreeAnything",
    ] {
        assert!(
            chosen.iter().any(|c| c.ends_with(&format!(":{route}"))),
            "{route} never chosen: {chosen:?}"
        );
    }
}
