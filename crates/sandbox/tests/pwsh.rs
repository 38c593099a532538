//! The `switchboard-pwsh` binary against the Teams admin backend, over real processes
//! and real HTTP on 127.0.0.1.

mod teams_support;

use serde_json::Value;
use switchboard_sandbox::teams::model::PolicyType;
use switchboard_sandbox::token::{GRAPH_RESOURCE, TEAMS_ADMIN_RESOURCE};
use teams_support::{run_pwsh, run_pwsh_with, Sandbox, ALICE, BOB, GATEWAY, TENANT};

const ONBOARDING: &str = r#"
$ErrorActionPreference = 'Stop'
$gw = 'sbc1.customer.contoso.com'
if (-not (Get-CsOnlinePstnUsage | Where-Object Usage -Contains 'Unrestricted')) {
    Set-CsOnlinePstnUsage -Identity Global -Usage @{Add='Unrestricted'}
    Write-Host 'usage added'
}
if (-not (Get-CsOnlinePSTNGateway | Where-Object { $_.Identity -like $gw })) {
    New-CsOnlinePSTNGateway -Fqdn $gw -Enabled $true -SipSignalingPort 5061 -ForwardPai $true -MaxConcurrentSessions 100 | Out-Null
}
$route = Get-CsOnlineVoiceRoute | Where-Object Identity -eq 'Unrestricted'
if ($route) {
    Set-CsOnlineVoiceRoute -Identity 'Unrestricted' -OnlinePstnGatewayList @{add=$gw}
} else {
    New-CsOnlineVoiceRoute -Identity "Unrestricted" -NumberPattern ".*" -OnlinePstnGatewayList @{add=$gw} -Priority 1 -OnlinePstnUsages @{add="Unrestricted"} | Out-Null
}
if (-not (Get-CsOnlineVoiceRoutingPolicy | Where-Object { $_.Identity -like 'Tag:Unrestricted' })) {
    New-CsOnlineVoiceRoutingPolicy -Identity "Unrestricted" -OnlinePstnUsages "Unrestricted" | Out-Null
}
Set-CsPhoneNumberAssignment -Identity 'alice@contoso.onmicrosoft.com' -PhoneNumber '+14255550100' -PhoneNumberType DirectRouting
Grant-CsOnlineVoiceRoutingPolicy -Identity 'alice@contoso.onmicrosoft.com' -PolicyName 'Unrestricted'
Get-CsOnlineVoiceRoute | ConvertTo-Json -Depth 3
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn onboarding_sequence_creates_the_routing_chain_and_is_idempotent() {
    let sandbox = Sandbox::start(0).await;
    let run = sandbox.pwsh(ONBOARDING).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    let (host, json) = run.stdout.split_once('\n').unwrap();
    assert_eq!(host, "usage added");
    let route: Value = serde_json::from_str(json).unwrap();
    assert_eq!(route["Identity"], "Unrestricted");
    assert_eq!(route["NumberPattern"], ".*");
    assert_eq!(route["OnlinePstnGatewayList"], serde_json::json!([GATEWAY]));
    assert_eq!(
        route["OnlinePstnUsages"],
        serde_json::json!(["Unrestricted"])
    );

    let alice = sandbox.user_id(ALICE);
    {
        let state = sandbox.ctx.state.lock();
        let voice = &state.tenant(TENANT).unwrap().voice;
        assert_eq!(voice.gateways[0].max_concurrent_sessions, Some(100));
        let user = &voice.users[&alice];
        assert!(user.enterprise_voice_enabled);
        assert_eq!(user.primary_number().unwrap().as_str(), "+14255550100");
        assert_eq!(
            user.policies[&PolicyType::OnlineVoiceRoutingPolicy],
            "Unrestricted"
        );
    }

    // Running it again takes the "already there" branches and changes nothing.
    let again = sandbox.pwsh(ONBOARDING).await;
    assert_eq!((again.code, again.stderr.as_str()), (0, ""));
    assert!(!again.stdout.contains("usage added"));
    let state = sandbox.ctx.state.lock();
    let voice = &state.tenant(TENANT).unwrap().voice;
    assert_eq!(
        (
            voice.routes.len(),
            voice.gateways.len(),
            voice.pstn_usages.len()
        ),
        (1, 1, 1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_parameter_fails_like_powershell_and_changes_nothing() {
    let sandbox = Sandbox::start(0).await;
    let run = sandbox.pwsh("Set-CsOnlinePstnUsage -Identity Global -Usage @{Add='X'}\nNew-CsOnlineVoiceRoutingPolicy -Identity 'P1' -OnlinePstnUsages 'X' -Bogus 1\n").await;
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "New-CsOnlineVoiceRoutingPolicy: A parameter cannot be found that matches parameter name 'Bogus'.\n");
    let state = sandbox.ctx.state.lock();
    let voice = &state.tenant(TENANT).unwrap().voice;
    assert!(voice.routing_policies.iter().all(|p| p.name != "P1"));
    assert_eq!(voice.pstn_usages, vec!["X".to_string()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_cmdlets_and_missing_mandatory_parameters_fail() {
    let sandbox = Sandbox::start(0).await;
    let run = sandbox.pwsh("Get-CsNothing -Identity x\n").await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "Get-CsNothing: The term 'Get-CsNothing' is not recognized as a name of a cmdlet"
        ),
        "{}",
        run.stderr
    );

    let run = sandbox.pwsh("$ErrorActionPreference = 'Stop'\nNew-CsOnlineVoiceRoute -NumberPattern '.*'\nWrite-Output 'not reached'\n").await;
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "New-CsOnlineVoiceRoute: Cannot process command because of one or more missing mandatory parameters: Identity.\n");
    assert!(sandbox
        .ctx
        .state
        .lock()
        .tenant(TENANT)
        .unwrap()
        .voice
        .routes
        .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_held_by_another_user_and_a_missing_policy_are_refused() {
    let sandbox = Sandbox::start(0).await;
    let first = sandbox.pwsh(&format!("Set-CsPhoneNumberAssignment -Identity {ALICE} -PhoneNumber 14255550100 -PhoneNumberType DirectRouting\n")).await;
    assert_eq!((first.code, first.stderr.as_str()), (0, ""));

    let run = sandbox
        .pwsh(&format!("Set-CsPhoneNumberAssignment -Identity {BOB} -PhoneNumber '+14255550100' -PhoneNumberType DirectRouting -ErrorAction Stop\n'not reached'\n"))
        .await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("+14255550100 is already assigned to another user"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("not reached"));

    let run = sandbox
        .pwsh(&format!(
            "Grant-CsOnlineVoiceRoutingPolicy -Identity {BOB} -PolicyName 'NoSuchPolicy'\n"
        ))
        .await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("Grant-CsOnlineVoiceRoutingPolicy: The policy \"NoSuchPolicy\""),
        "{}",
        run.stderr
    );

    let bob = sandbox.user_id(BOB);
    assert!(!sandbox
        .ctx
        .state
        .lock()
        .tenant(TENANT)
        .unwrap()
        .voice
        .users
        .contains_key(&bob));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn try_catch_catches_cmdlet_errors_and_strings_escape() {
    let sandbox = Sandbox::start(0).await;
    let script = format!(
        r#"
try {{
    Grant-CsTenantDialPlan -Identity {ALICE} -PolicyName 'Missing' -ErrorAction Stop
    'not reached'
}} catch {{
    "caught: $($_.Exception.Message)"
}}
New-CsTenantDialPlan -Identity 'O''Brien' -Description "Bob's `"plan`"" -NormalizationRules @(
    New-CsVoiceNormalizationRule -Parent 'O''Brien' -Name 'Ext' -Pattern '^(\d{{4}})$' -Translation '+1425555$1' -InMemory
) | Out-Null
$plan = Get-CsTenantDialPlan -Identity "O'Brien"
"$($plan.Identity)|$($plan.Description)|$($plan.NormalizationRules[0].Translation)"
"#
    );
    let run = sandbox.pwsh(&script).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    assert_eq!(
        run.stdout,
        "caught: The policy \"Missing\" of type \"TenantDialPlan\" was not found.\nTag:O'Brien|Bob's \"plan\"|+1425555$1\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_csonlineuser_filters_on_voice_and_directory_properties() {
    let sandbox = Sandbox::start(3).await;
    let setup = sandbox.pwsh(&format!("Set-CsPhoneNumberAssignment -Identity {ALICE} -PhoneNumber '+14255550100' -PhoneNumberType DirectRouting\n")).await;
    assert_eq!(setup.code, 0, "{}", setup.stderr);
    let run = sandbox
        .pwsh(
            "Get-CsOnlineUser -Filter \"EnterpriseVoiceEnabled -eq `$true -and Department -like 'sal*'\" | Select-Object UserPrincipalName, LineURI | ConvertTo-Json -Compress\n\
             (Get-CsOnlineUser -Filter \"UsageLocation -eq 'GB'\").DisplayName\n\
             (Get-CsOnlineUser -ResultSize 2).Count\n",
        )
        .await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let lines: Vec<&str> = run.stdout.lines().collect();
    let user: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(
        user,
        serde_json::json!({"UserPrincipalName": ALICE, "LineURI": "tel:+14255550100"})
    );
    assert_eq!(&lines[1..], ["Bob O'Brien", "2"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_used_by_a_route_cannot_be_removed() {
    let sandbox = Sandbox::start(0).await;
    let script = format!(
        "Set-CsOnlinePstnUsage -Usage @{{Add='U'}}\n\
         New-CsOnlinePSTNGateway -Identity {GATEWAY} -SipSignalingPort 5061 | Out-Null\n\
         New-CsOnlineVoiceRoute -Identity R -OnlinePstnGatewayList {GATEWAY} -OnlinePstnUsages U | Out-Null\n\
         Remove-CsOnlinePSTNGateway -Identity {GATEWAY}\n\
         (Get-CsOnlinePSTNGateway).Count\n\
         Get-CsOnlineVoiceRoute | Remove-CsOnlineVoiceRoute\n\
         Remove-CsOnlinePSTNGateway -Identity {GATEWAY}\n\
         @(Get-CsOnlinePSTNGateway).Count\n"
    );
    let run = sandbox.pwsh(&script).await;
    assert!(
        run.stderr
            .contains("is used by voice route(s) R and cannot be removed"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "1\n0\n");
    assert_eq!(run.code, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cmdlets_need_a_loopback_connection_first() {
    let sandbox = Sandbox::start(0).await;
    let run = run_pwsh("Get-CsOnlineUser\n").await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("You must call the Connect-MicrosoftTeams cmdlet"),
        "{}",
        run.stderr
    );

    let foreign = sandbox.token_from(
        TEAMS_ADMIN_RESOURCE,
        &format!("https://login.example.com/{TENANT}/v2.0"),
    );
    let graph = sandbox.token(GRAPH_RESOURCE);
    let run = run_pwsh(&format!("Connect-MicrosoftTeams -AccessTokens @('{graph}', '{foreign}') -ErrorAction Stop\n'connected'\n")).await;
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("only talks to a loopback Teams admin backend"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("connected"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lbr_onboarding_then_cleanup_sequences_run_as_templates_write_them() {
    let sandbox = Sandbox::start(0).await;
    let onboarding = format!(
        r#"
$ErrorActionPreference = 'Stop'
$OnlinePstnGateway = '{GATEWAY}'
$CustomerId = 'Site1'
if (-not (Get-CsTenantNetworkRegion | Where-Object {{ $_.Identity -eq 'India' }})) {{ New-CsTenantNetworkRegion -NetworkRegionID "India" | Out-Null }}
if (-not (Get-CsTenantNetworkSite | Where-Object {{ $_.Identity -like $CustomerId }})) {{
    New-CsTenantNetworkSite -NetworkSiteID $CustomerId -NetworkRegionID "India" -EnableLocationBasedRouting $true -Description 'Default site' | Out-Null
}}
New-CsTenantNetworkSubnet -SubnetID "169.254.0.0" -MaskBits "16" -NetworkSiteID $CustomerId -Description 'Example subnet' | Out-Null
New-CsTenantTrustedIPAddress -IPAddress 169.254.0.1 -MaskBits 32 -Description 'Example trusted IP' | Out-Null
New-CsOnlinePstnGateway -Fqdn $OnlinePstnGateway -Enabled $true -SipSignalingPort 5061 -ForwardCallHistory $True -ForwardPai $True -MediaBypass $True -MaxConcurrentSessions 100 -GatewaySiteLbrEnabled $true -GatewaySiteID $CustomerId | Out-Null
New-CsTeamsCallingPolicy -Identity "UMPPreventTollBypass" -AllowCallForwardingToPhone $True -Description 'LBR' -PreventTollBypass $True | Out-Null
Set-CsOnlinePstnUsage -Identity Global -Usage @{{Add="Unrestricted"}}
New-CsOnlineVoiceRoute -Identity "Unrestricted" -NumberPattern ".*" -OnlinePstnGatewayList @{{add=$OnlinePstnGateway}} -Priority 1 -OnlinePstnUsages @{{add="Unrestricted"}} | Out-Null
Grant-CsTeamsCallingPolicy -Identity {ALICE} -PolicyName UMPPreventTollBypass
$site = Get-CsTenantNetworkSite -Identity $CustomerId
$policy = Get-CsTeamsCallingPolicy -Identity 'Tag:UMPPreventTollBypass'
"$($site.NetworkRegionID) $($site.EnableLocationBasedRouting) $($policy.PreventTollBypass) $((Get-CsOnlineUser -Identity {ALICE}).TeamsCallingPolicy)"
"#
    );
    let run = sandbox.pwsh(&onboarding).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(run.stdout, "India True True UMPPreventTollBypass\n");

    let cleanup = format!(
        "Get-CsOnlineVoiceRoute | Where-Object OnlinePstnGatewayList -like '{GATEWAY}' | ForEach {{ Set-CsOnlineVoiceRoute -Identity $_.Identity -OnlinePstnGatewayList @{{remove='{GATEWAY}'}} }}\n\
         Get-CsOnlineVoiceRoute | Where OnlinePstnGatewayList.count -eq 0 | Remove-CsOnlineVoiceRoute\n\
         @(Get-CsOnlineVoiceRoute).Count\n\
         Remove-CsTenantNetworkSite -Identity Site1\n"
    );
    let run = sandbox.pwsh(&cleanup).await;
    assert_eq!(run.stdout, "0\n");
    // The site still has a subnet (and the gateway points at it), so it stays.
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("The network site 'Site1' still has subnet '169.254.0.0'"),
        "{}",
        run.stderr
    );
    let state = sandbox.ctx.state.lock();
    let voice = &state.tenant(TENANT).unwrap().voice;
    assert_eq!(
        (voice.routes.len(), voice.gateways.len(), voice.sites.len()),
        (0, 1, 1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_values_are_refused_with_specific_messages() {
    let sandbox = Sandbox::start(0).await;
    let cases = [
        ("New-CsOnlineVoiceRoute -Identity R -NumberPattern '^(+1'", "is not a valid regular expression"),
        ("New-CsOnlinePSTNGateway -Fqdn sbc.contoso.onmicrosoft.com -SipSignalingPort 5061", "cannot use an *.onmicrosoft.com domain"),
        ("New-CsOnlinePSTNGateway -Fqdn sbc.fabrikam.com -SipSignalingPort 5061", "is not a verified domain of this tenant"),
        ("New-CsOnlinePSTNGateway -Fqdn sbc.contoso.com -SipSignalingPort 5061 -Enabled 'yes'", "Boolean parameters accept only"),
        ("New-CsTenantNetworkSubnet -SubnetID 10.0.0.0 -MaskBits 40 -NetworkSiteID S", "MaskBits 40 is not valid"),
        ("Set-CsPhoneNumberAssignment -Identity alice@contoso.onmicrosoft.com -PhoneNumber 'tel:+14255550100' -PhoneNumberType DirectRouting", "must not carry a 'tel:' prefix"),
        ("New-CsOnlineVoiceRoutingPolicy -Identity P -OnlinePstnUsages Missing", "is not in the global PSTN usage list"),
    ];
    for (script, expected) in cases {
        let run = sandbox.pwsh(&format!("{script}\n")).await;
        assert_eq!(run.code, 1, "{script}");
        assert!(run.stderr.contains(expected), "{script}: {}", run.stderr);
    }
    let state = sandbox.ctx.state.lock();
    let voice = &state.tenant(TENANT).unwrap().voice;
    assert!(
        voice.routes.is_empty()
            && voice.gateways.is_empty()
            && voice.subnets.is_empty()
            && voice.users.is_empty()
    );
    assert_eq!(
        voice.routing_policies.len(),
        1,
        "only the built-in Global policy"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_file_reads_its_tokens_from_stdin() {
    let sandbox = Sandbox::start(0).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("onboard.ps1");
    let script = "$graphToken = [Console]::In.ReadLine()\n$teamsToken = [Console]::In.ReadLine()\n\
                  Connect-MicrosoftTeams -AccessTokens @($graphToken, $teamsToken) | Out-Null\n\
                  (Get-CsOnlineUser -Filter \"Department -eq 'Support'\").UserPrincipalName\n";
    std::fs::write(&path, script).unwrap();
    let tokens = format!(
        "{}\n{}\n",
        sandbox.token(GRAPH_RESOURCE),
        sandbox.token(TEAMS_ADMIN_RESOURCE)
    );
    let run = run_pwsh_with(
        &[
            "-NoProfile",
            "-NonInteractive",
            "-File",
            path.to_str().unwrap(),
        ],
        &tokens,
    )
    .await;
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "bob@contoso.onmicrosoft.com\n", "")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_backend_checks_tokens_and_parameters_itself() {
    let sandbox = Sandbox::start(0).await;
    let url = format!(
        "{}/teams-admin/v1/cmdlets/New-CsOnlineVoiceRoute",
        sandbox.base
    );
    let client = reqwest::Client::new();
    let body = serde_json::json!({"parameters": {"Identity": "R"}});
    let anonymous = client.post(&url).json(&body).send().await.unwrap();
    assert_eq!(anonymous.status(), reqwest::StatusCode::UNAUTHORIZED);
    let graph_token = client
        .post(&url)
        .bearer_auth(sandbox.token(GRAPH_RESOURCE))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(graph_token.status(), reqwest::StatusCode::FORBIDDEN);

    let teams = sandbox.token(TEAMS_ADMIN_RESOURCE);
    let bogus = serde_json::json!({"parameters": {"Identity": "R", "Bogus": true}});
    let refused = client
        .post(&url)
        .bearer_auth(&teams)
        .json(&bogus)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), reqwest::StatusCode::BAD_REQUEST);
    let record: Value = refused.json().await.unwrap();
    assert_eq!(
        record["fullyQualifiedErrorId"],
        "NamedParameterNotFound,New-CsOnlineVoiceRoute"
    );

    let created: Value = client
        .post(&url)
        .bearer_auth(&teams)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(created["output"][0]["Identity"], "R");
    let duplicate = client
        .post(&url)
        .bearer_auth(&teams)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), reqwest::StatusCode::CONFLICT);
}
