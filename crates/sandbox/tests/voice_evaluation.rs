//! The `Test-Cs…` evaluation cmdlets and the `Set-` cmdlets of the LBR topology,
//! through the real `switchboard-pwsh` binary against the Teams admin backend.

mod teams_support;

use serde_json::{json, Value};
use teams_support::{Sandbox, ALICE, BOB, TENANT};

/// Alice gets the `UK` plan; Bob keeps the tenant's `Global` plan (US habits).
const DIAL_PLANS: &str = r#"
$ErrorActionPreference = 'Stop'
New-CsTenantDialPlan -Identity 'UK' -Description 'London office' -NormalizationRules @(
    New-CsVoiceNormalizationRule -Parent 'UK' -Name 'Ext' -Pattern '^(\d{4})$' -Translation '+4420794600$1' -IsInternalExtension $true -InMemory
    New-CsVoiceNormalizationRule -Parent 'UK' -Name 'Emergency' -Pattern '^(999|112)$' -Translation '$1' -InMemory
    New-CsVoiceNormalizationRule -Parent 'UK' -Name 'Operator' -Pattern '^90(\d{9,10})$' -Translation '+44$1' -InMemory
    New-CsVoiceNormalizationRule -Parent 'UK' -Name 'International' -Pattern '^00(\d{7,15})$' -Translation '+$1' -InMemory
    New-CsVoiceNormalizationRule -Parent 'UK' -Name 'UK-National' -Pattern '^0(\d{9,10})$' -Translation '+44$1' -Description 'Trunk prefix 0' -InMemory
    New-CsVoiceNormalizationRule -Parent 'UK' -Name 'Speed' -Pattern '^\*(?<code>\d{2})$' -Translation '+44207946${code}00' -InMemory
) | Out-Null
Set-CsTenantDialPlan -Identity Global -NormalizationRules @(
    New-CsVoiceNormalizationRule -Parent 'Global' -Name 'US-National' -Pattern '^1?([2-9]\d{9})$' -Translation '+1$1' -InMemory
    New-CsVoiceNormalizationRule -Parent 'Global' -Name 'US-International' -Pattern '^011(\d{7,15})$' -Translation '+$1' -InMemory
)
Grant-CsTenantDialPlan -Identity 'alice@contoso.onmicrosoft.com' -PolicyName 'UK'
"#;

/// Who dials (`None`: `-TenantScopeOnly`), what, the translated number and the rule.
const TABLE: &[(Option<&str>, &str, &str, Option<&str>)] = &[
    (Some(ALICE), "1234", "+44207946001234", Some("Ext")),
    (Some(ALICE), "0123", "+44207946000123", Some("Ext")),
    (Some(ALICE), "9999", "+44207946009999", Some("Ext")),
    (Some(ALICE), "999", "999", Some("Emergency")),
    (Some(ALICE), "112", "112", Some("Emergency")),
    (
        Some(ALICE),
        "902079460123",
        "+442079460123",
        Some("Operator"),
    ),
    (
        Some(ALICE),
        "02079460123",
        "+442079460123",
        Some("UK-National"),
    ),
    (
        Some(ALICE),
        "0161496000",
        "+44161496000",
        Some("UK-National"),
    ),
    (
        Some(ALICE),
        "0207946012",
        "+44207946012",
        Some("UK-National"),
    ),
    (Some(ALICE), "020794601234", "020794601234", None),
    (
        Some(ALICE),
        "0012065550100",
        "+12065550100",
        Some("International"),
    ),
    (
        Some(ALICE),
        "00441234567",
        "+441234567",
        Some("International"),
    ),
    (Some(ALICE), "00123", "00123", None),
    (Some(ALICE), "*42", "+442079464200", Some("Speed")),
    (Some(ALICE), "*4", "*4", None),
    (Some(ALICE), "+442079460123", "+442079460123", None),
    (Some(ALICE), "12345", "12345", None),
    (Some(BOB), "2065550100", "+12065550100", Some("US-National")),
    (
        Some(BOB),
        "12065550100",
        "+12065550100",
        Some("US-National"),
    ),
    (
        Some(BOB),
        "011442079460123",
        "+442079460123",
        Some("US-International"),
    ),
    (Some(BOB), "1234", "1234", None),
    (Some(BOB), "0123456789", "0123456789", None),
    (None, "4255550100", "+14255550100", Some("US-National")),
    (None, "02079460123", "02079460123", None),
];

/// Runs each script alone: it must fail with a message containing the expected text.
async fn assert_refused(sandbox: &Sandbox, cases: &[(&str, &str)]) {
    for (script, expected) in cases {
        let run = sandbox.pwsh(&format!("{script}\n")).await;
        assert_eq!(run.code, 1, "{script}");
        assert!(run.stderr.contains(expected), "{script}: {}", run.stderr);
    }
}

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_effective_dial_plan_translates_a_table_of_numbers() {
    let sandbox = Sandbox::start(0).await;
    let mut script = DIAL_PLANS.to_string();
    for (user, dialed, _, _) in TABLE {
        let scope = match user {
            Some(user) => format!("-Identity '{user}'"),
            None => "-TenantScopeOnly".to_string(),
        };
        script.push_str(&format!(
            "Test-CsEffectiveTenantDialPlan {scope} -DialedNumber '{dialed}' | ConvertTo-Json -Compress -Depth 3\n"
        ));
    }
    let run = sandbox.pwsh(&script).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    let results = lines(&run.stdout);
    assert_eq!(results.len(), TABLE.len());
    for ((user, dialed, translated, rule), result) in TABLE.iter().zip(&results) {
        assert_eq!(result["TranslatedNumber"], *translated, "{user:?} {dialed}");
        assert_eq!(
            result["MatchingRule"]["Name"].as_str(),
            *rule,
            "{user:?} {dialed}"
        );
    }
    assert_eq!(
        results[6]["MatchingRule"],
        json!({
            "Name": "UK-National",
            "Description": "Trunk prefix 0",
            "Pattern": r"^0(\d{9,10})$",
            "Translation": "+44$1",
            "IsInternalExtension": false,
        })
    );
    assert_eq!(results[0]["MatchingRule"]["IsInternalExtension"], true);
    assert_eq!(results[9]["MatchingRule"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_is_found_by_upn_sip_address_or_object_id() {
    let sandbox = Sandbox::start(0).await;
    let alice = sandbox.user_id(ALICE);
    let mut script = DIAL_PLANS.to_string();
    for identity in [ALICE.to_string(), format!("sip:{ALICE}"), alice] {
        script.push_str(&format!(
            "(Test-CsEffectiveTenantDialPlan -Identity '{identity}' -DialedNumber '1234').TranslatedNumber\n"
        ));
    }
    let run = sandbox.pwsh(&script).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(run.stdout, "+44207946001234\n".repeat(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dial_plan_tests_refuse_what_they_cannot_evaluate() {
    let sandbox = Sandbox::start(0).await;
    let cases = [
        ("Test-CsEffectiveTenantDialPlan -DialedNumber '1234'", "Give -Identity (a user) or -TenantScopeOnly"),
        ("Test-CsEffectiveTenantDialPlan -Identity nobody@contoso.onmicrosoft.com -DialedNumber '1234'", "Management object not found for identity \"nobody@contoso.onmicrosoft.com\""),
        ("Test-CsEffectiveTenantDialPlan -TenantScopeOnly", "The parameter -DialedNumber is required"),
        ("Test-CsEffectiveTenantDialPlan -EffectiveTenantDialPlanName 'x_UK_GB' -DialedNumber '1'", "not -EffectiveTenantDialPlanName"),
        ("Test-CsVoiceNormalizationRule -DialedNumber '1' -NormalizationRule 'UK'", "must look like 'DialPlan/RuleName'"),
        ("Test-CsVoiceNormalizationRule -DialedNumber '1' -NormalizationRule 'UK/Nope'", "Cannot find voice normalization rule \"UK/Nope\""),
    ];
    let setup = sandbox.pwsh(DIAL_PLANS).await;
    assert_eq!((setup.code, setup.stderr.as_str()), (0, ""));
    assert_refused(&sandbox, &cases).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_single_normalization_rule_translates_by_name_or_as_an_object() {
    let sandbox = Sandbox::start(0).await;
    let script = format!(
        r#"{DIAL_PLANS}
Test-CsVoiceNormalizationRule -DialedNumber '02079460123' -NormalizationRule 'UK/UK-National' | ConvertTo-Json -Compress
Test-CsVoiceNormalizationRule -DialedNumber '1234' -NormalizationRule 'Tag:UK/ext' | ConvertTo-Json -Compress
Test-CsVoiceNormalizationRule -DialedNumber '2065550100' -NormalizationRule 'Global/US-National' | ConvertTo-Json -Compress
Test-CsVoiceNormalizationRule -DialedNumber '1234' -NormalizationRule 'UK/UK-National' | ConvertTo-Json -Compress
$rule = New-CsVoiceNormalizationRule -Parent 'X' -Name 'Seven' -Pattern '^(\d{{7}})$' -Translation '+1425$1' -InMemory
Test-CsVoiceNormalizationRule -DialedNumber '5550100' -NormalizationRule $rule | ConvertTo-Json -Compress
$national = (Get-CsTenantDialPlan -Identity UK).NormalizationRules[4]
Test-CsVoiceNormalizationRule -DialedNumber '02079460123' -NormalizationRule $national | ConvertTo-Json -Compress
"#
    );
    let run = sandbox.pwsh(&script).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    assert_eq!(
        lines(&run.stdout),
        vec![
            json!({"TranslatedNumber": "+442079460123"}),
            json!({"TranslatedNumber": "+44207946001234"}),
            json!({"TranslatedNumber": "+12065550100"}),
            json!({"TranslatedNumber": null}),
            json!({"TranslatedNumber": "+14255550100"}),
            json!({"TranslatedNumber": "+442079460123"}),
        ]
    );
}

/// Usages `Local` and `Intl`; `Any` comes first by priority but only holds `Intl`.
const ROUTING: &str = r#"
$ErrorActionPreference = 'Stop'
Set-CsOnlinePstnUsage -Identity Global -Usage @{Add='Local','Intl'}
New-CsOnlinePSTNGateway -Fqdn 'gw1.contoso.com' -SipSignalingPort 5061 -Enabled $true | Out-Null
New-CsOnlinePSTNGateway -Fqdn 'gw2.contoso.com' -SipSignalingPort 5061 -Enabled $true | Out-Null
New-CsOnlinePSTNGateway -Fqdn 'gw3.contoso.com' -SipSignalingPort 5061 -Enabled $true | Out-Null
New-CsOnlineVoiceRoute -Identity 'Any' -NumberPattern '.*' -OnlinePstnGatewayList 'gw3.contoso.com' -OnlinePstnUsages 'Intl' | Out-Null
New-CsOnlineVoiceRoute -Identity 'UK-Primary' -NumberPattern '^\+44\d{9,10}$' -OnlinePstnGatewayList 'gw1.contoso.com','gw2.contoso.com' -OnlinePstnUsages 'Local' | Out-Null
New-CsOnlineVoiceRoute -Identity 'UK-Backup' -NumberPattern '^\+44\d{9,10}$' -OnlinePstnGatewayList 'gw2.contoso.com' -OnlinePstnUsages 'Local' | Out-Null
New-CsOnlineVoiceRoute -Identity 'London' -NumberPattern '^\+4420\d{8}$' -OnlinePstnGatewayList 'gw2.contoso.com','gw1.contoso.com' -OnlinePstnUsages 'Local' -Priority 1 | Out-Null
New-CsOnlineVoiceRoutingPolicy -Identity 'UKFirst' -OnlinePstnUsages 'Local','Intl' | Out-Null
New-CsOnlineVoiceRoutingPolicy -Identity 'IntlOnly' -OnlinePstnUsages 'Intl' | Out-Null
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_routes_by_usage_order_then_route_priority() {
    let sandbox = Sandbox::start(0).await;
    let script = format!(
        r#"{ROUTING}
Get-CsOnlineVoiceRoute | ForEach-Object {{ "$($_.Priority) $($_.Identity)" }}
Test-CsOnlineVoiceRoutingPolicy -Identity 'Tag:UKFirst' -DialedNumber '+442079460123' | ConvertTo-Json -Compress
Test-CsOnlineVoiceRoutingPolicy -Identity 'UKFirst' -DialedNumber '+441614960000' | ConvertTo-Json -Compress
Test-CsOnlineVoiceRoutingPolicy -Identity 'UKFirst' -DialedNumber '+12065550100' | ConvertTo-Json -Compress
Test-CsOnlineVoiceRoutingPolicy -Identity 'IntlOnly' -DialedNumber '+442079460123' | ConvertTo-Json -Compress
Test-CsOnlineVoiceRoutingPolicy -Identity 'Global' -DialedNumber '+442079460123' | ConvertTo-Json -Compress
Set-CsOnlineVoiceRoute -Identity 'UK-Backup' -Priority 0
Test-CsOnlineVoiceRoutingPolicy -Identity 'UKFirst' -DialedNumber '+441614960000' | ConvertTo-Json -Compress
Get-CsOnlineVoiceRoute | ForEach-Object {{ "$($_.Priority) $($_.Identity)" }}
"#
    );
    let run = sandbox.pwsh(&script).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    let all: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        all[..4],
        ["0 Any", "1 London", "2 UK-Primary", "3 UK-Backup"]
    );
    assert_eq!(
        all[10..],
        ["0 UK-Backup", "1 Any", "2 London", "3 UK-Primary"]
    );
    let results: Vec<Value> = all[4..10]
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let hit = |usage: &str, route: &str, gateways: &[&str], pattern: &str| json!({"MatchingUsage": usage, "MatchingRoute": route, "GatewayList": gateways, "NumberPattern": pattern});
    let uk = r"^\+44\d{9,10}$";
    assert_eq!(
        results,
        vec![
            hit(
                "Local",
                "London",
                &["gw2.contoso.com", "gw1.contoso.com"],
                r"^\+4420\d{8}$"
            ),
            hit(
                "Local",
                "UK-Primary",
                &["gw1.contoso.com", "gw2.contoso.com"],
                uk
            ),
            hit("Intl", "Any", &["gw3.contoso.com"], ".*"),
            hit("Intl", "Any", &["gw3.contoso.com"], ".*"),
            json!({"MatchingUsage": null, "MatchingRoute": null, "GatewayList": null, "NumberPattern": null}),
            hit("Local", "UK-Backup", &["gw2.contoso.com"], uk),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn route_tests_refuse_numbers_that_are_not_e164_and_unknown_policies() {
    let sandbox = Sandbox::start(0).await;
    let cases = [
        (
            "Test-CsOnlineVoiceRoutingPolicy -Identity UKFirst -DialedNumber '02079460123'",
            "'02079460123' is not an E.164 number",
        ),
        (
            "Test-CsOnlineVoiceRoutingPolicy -Identity UKFirst -DialedNumber '+4420794601234567'",
            "is not an E.164 number",
        ),
        (
            "Test-CsOnlineVoiceRoutingPolicy -Identity Nope -DialedNumber '+442079460123'",
            "Cannot find online voice routing policy \"Nope\"",
        ),
        (
            "Test-CsOnlineVoiceRoutingPolicy -DialedNumber '+442079460123'",
            "missing mandatory parameters: Identity",
        ),
    ];
    let setup = sandbox.pwsh(ROUTING).await;
    assert_eq!((setup.code, setup.stderr.as_str()), (0, ""));
    assert_refused(&sandbox, &cases).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn used_usages_and_held_policies_cannot_be_removed() {
    let sandbox = Sandbox::start(0).await;
    let script = format!(
        r#"{ROUTING}
$ErrorActionPreference = 'Continue'
Grant-CsOnlineVoiceRoutingPolicy -Identity '{ALICE}' -PolicyName 'UKFirst'
Grant-CsOnlineVoiceRoutingPolicy -Identity '{BOB}' -PolicyName 'UKFirst'
Set-CsOnlinePstnUsage -Identity Global -Usage @{{Remove='Intl'}}
Remove-CsOnlineVoiceRoutingPolicy -Identity 'Tag:UKFirst'
Remove-CsOnlineVoiceRoutingPolicy -Identity 'IntlOnly'
@(Get-CsOnlineVoiceRoutingPolicy | Where-Object Identity -eq 'Tag:IntlOnly').Count
"#
    );
    let run = sandbox.pwsh(&script).await;
    assert_eq!(run.stdout, "0\n");
    let errors: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        errors,
        [
            "Set-CsOnlinePstnUsage: The PSTN usage 'Intl' is used by voice route 'Any' and cannot be removed.",
            "Remove-CsOnlineVoiceRoutingPolicy: The policy 'UKFirst' is granted to 2 user(s); grant them another policy first.",
        ]
    );
    let state = sandbox.ctx.state.lock();
    let voice = &state.tenant(TENANT).unwrap().voice;
    assert_eq!(voice.pstn_usages, ["Local", "Intl"]);
    assert!(voice.routing_policies.iter().any(|p| p.name == "UKFirst"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateways_report_every_setting_and_check_the_new_ones() {
    let sandbox = Sandbox::start(0).await;
    let script = r#"
$ErrorActionPreference = 'Stop'
New-CsTenantNetworkSite -NetworkSiteID 'HQ' | Out-Null
New-CsOnlinePSTNGateway -Fqdn 'sbc.contoso.com' -SipSignalingPort 5067 -Enabled $true -MaxConcurrentSessions 50 -ForwardPai $true -GatewaySiteID 'HQ' -GatewaySiteLbrEnabled $true -GatewayLbrEnabledUserOverride $true -FailoverResponseCodes '408,503' -BypassMode 'Always' -ProxySbc 'proxy.contoso.com' -PidfLoSupported $true -Description 'Main' | Out-Null
Get-CsOnlinePSTNGateway -Identity 'sbc.contoso.com' | ConvertTo-Json -Compress
"#;
    let run = sandbox.pwsh(script).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let gateway: Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(
        gateway,
        json!({
            "Identity": "sbc.contoso.com",
            "Fqdn": "sbc.contoso.com",
            "SipSignalingPort": 5067,
            "Enabled": true,
            "MaxConcurrentSessions": 50,
            "ForwardCallHistory": false,
            "ForwardPai": true,
            "MediaBypass": false,
            "SendSipOptions": true,
            "FailoverTimeSeconds": 10,
            "GatewaySiteLbrEnabled": true,
            "GatewaySiteId": "HQ",
            "GatewayLbrEnabledUserOverride": true,
            "FailoverResponseCodes": "408,503",
            "GenerateRingingWhileLocatingUser": true,
            "PidfLoSupported": true,
            "MediaRelayRoutingLocationOverride": null,
            "ProxySbc": "proxy.contoso.com",
            "BypassMode": "Always",
            "InboundTeamsNumberTranslationRules": [],
            "InboundPstnNumberTranslationRules": [],
            "OutboundTeamsNumberTranslationRules": [],
            "OutboundPstnNumberTranslationRules": [],
            "Description": "Main",
        })
    );
    let cases = [
        (
            "Set-CsOnlinePSTNGateway -Identity 'sbc.contoso.com' -Description 'Changed' -BypassMode 'Sometimes'",
            "BypassMode 'Sometimes' is not valid",
        ),
        (
            "Set-CsOnlinePSTNGateway -Identity 'sbc.contoso.com' -Description 'Changed' -FailoverResponseCodes '408,abc'",
            "must be a comma-separated list of SIP failure codes",
        ),
        (
            "Set-CsOnlinePSTNGateway -Identity 'sbc.contoso.com' -Description 'Changed' -OutboundPstnNumberTranslationRules 'AddPlus1'",
            "The number translation rule 'AddPlus1' does not exist.",
        ),
    ];
    assert_refused(&sandbox, &cases).await;
    let state = sandbox.ctx.state.lock();
    let stored = &state.tenant(TENANT).unwrap().voice.gateways[0];
    assert_eq!(
        (stored.description.as_str(), stored.bypass_mode.as_str()),
        ("Main", "Always")
    );
}

/// Two regions and two sites; `S1` has LBR off and no subnets yet.
const TOPOLOGY: &str = r#"
$ErrorActionPreference = 'Stop'
New-CsTenantNetworkRegion -NetworkRegionID 'R1' | Out-Null
New-CsTenantNetworkRegion -NetworkRegionID 'R2' | Out-Null
New-CsTenantNetworkSite -NetworkSiteID 'S1' -NetworkRegionID 'R1' | Out-Null
New-CsTenantNetworkSite -NetworkSiteID 'S2' -NetworkRegionID 'R1' | Out-Null
New-CsTenantNetworkSubnet -SubnetID '10.0.0.0' -MaskBits 16 -NetworkSiteID 'S2' | Out-Null
New-CsTenantNetworkSubnet -SubnetID '2001:db8::' -MaskBits 64 -NetworkSiteID 'S2' | Out-Null
New-CsTenantTrustedIPAddress -IPAddress '203.0.113.5' -MaskBits 32 -Description 'NAT' | Out-Null
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_objects_change_with_their_set_cmdlets() {
    let sandbox = Sandbox::start(0).await;
    let script = format!(
        r#"{TOPOLOGY}
Set-CsTenantNetworkRegion -Identity 'R2' -Description 'Second region'
Set-CsTenantNetworkSite -Identity 'S1' -NetworkRegionID 'r2' -EnableLocationBasedRouting $true -Description 'Branch' -NetworkRoamingPolicy 'Roam' -EmergencyCallingPolicy 'Global'
Set-CsTenantNetworkSubnet -Identity '10.0.0.0' -MaskBits 24 -NetworkSiteID 'S1' -Description 'LAN'
Set-CsTenantNetworkSubnet -Identity '2001:DB8::' -MaskBits 120
Set-CsTenantTrustedIPAddress -Identity '203.0.113.5' -MaskBits 30 -Description 'NAT pool'
Get-CsTenantNetworkRegion -Identity 'R2' | ConvertTo-Json -Compress
Get-CsTenantNetworkSite -Identity 'S1' | ConvertTo-Json -Compress
Get-CsTenantNetworkSubnet | ConvertTo-Json -Compress
Get-CsTenantTrustedIPAddress | ConvertTo-Json -Compress
"#
    );
    let run = sandbox.pwsh(&script).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    assert_eq!(
        lines(&run.stdout),
        vec![
            json!({"Identity": "R2", "NetworkRegionID": "R2", "Description": "Second region", "CentralSite": null}),
            json!({
                "Identity": "S1", "NetworkSiteID": "S1", "NetworkRegionID": "R2",
                "EnableLocationBasedRouting": true, "Description": "Branch", "SiteAddress": null,
                "LocationPolicy": null, "NetworkRoamingPolicy": "Roam",
                "EmergencyCallingPolicy": null, "EmergencyCallRoutingPolicy": null,
            }),
            json!([
                {"Identity": "10.0.0.0", "SubnetID": "10.0.0.0", "MaskBits": 24, "NetworkSiteID": "S1", "Description": "LAN"},
                {"Identity": "2001:db8::", "SubnetID": "2001:db8::", "MaskBits": 120, "NetworkSiteID": "S2", "Description": ""},
            ]),
            json!({"Identity": "203.0.113.5", "IPAddress": "203.0.113.5", "MaskBits": 30, "Description": "NAT pool"}),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_changes_are_validated_and_a_refused_one_changes_nothing() {
    let cases = [
        (
            "Set-CsTenantNetworkSite -Identity 'S1' -Description 'x' -NetworkRegionID 'Nope'",
            "The network region 'Nope' does not exist.",
        ),
        (
            "Set-CsTenantNetworkSite -Identity 'S9' -Description 'x'",
            "Cannot find network site \"S9\"",
        ),
        (
            "Set-CsTenantNetworkRegion -Identity 'R9' -Description 'x'",
            "Cannot find network region \"R9\"",
        ),
        (
            "Set-CsTenantNetworkSubnet -Identity '10.0.0.0' -Description 'x' -MaskBits 33",
            "MaskBits 33 is not valid for 10.0.0.0; use 0-32.",
        ),
        (
            "Set-CsTenantNetworkSubnet -Identity '2001:db8::' -Description 'x' -MaskBits 129",
            "use 0-128",
        ),
        (
            "Set-CsTenantNetworkSubnet -Identity '10.0.0.0' -Description 'x' -NetworkSiteID 'S9'",
            "The network site 'S9' does not exist.",
        ),
        (
            "Set-CsTenantNetworkSubnet -Identity '10.9.0.0' -MaskBits 8",
            "Cannot find network subnet \"10.9.0.0\"",
        ),
        (
            "Set-CsTenantTrustedIPAddress -Identity '203.0.113.5' -Description 'x' -MaskBits -1",
            "MaskBits -1 is not valid",
        ),
        (
            "Set-CsTenantTrustedIPAddress -Identity '198.51.100.1' -MaskBits 32",
            "Cannot find trusted IP address \"198.51.100.1\"",
        ),
    ];
    for (script, expected) in cases {
        let sandbox = Sandbox::start(0).await;
        let run = sandbox.pwsh(&format!("{TOPOLOGY}{script}\n")).await;
        assert_eq!(run.code, 1, "{script}");
        assert!(run.stderr.contains(expected), "{script}: {}", run.stderr);
        let state = sandbox.ctx.state.lock();
        let voice = &state.tenant(TENANT).unwrap().voice;
        assert!(
            voice
                .sites
                .iter()
                .all(|s| s.description.is_empty() && s.region_id.as_deref() == Some("R1")),
            "{script}"
        );
        assert!(
            voice
                .subnets
                .iter()
                .all(|s| s.description.is_empty() && s.site_id == "S2"),
            "{script}"
        );
        assert_eq!(voice.subnets[0].mask_bits, 16, "{script}");
        assert_eq!(voice.trusted_ips[0].description, "NAT", "{script}");
    }
}
