//! Rendered M365 scripts run in the sandbox's PowerShell interpreter against a demo
//! tenant: onboarding then cleanup must leave the voice configuration as it was.

mod common;

use common::{render, sample_context, TRICKY_ID};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::test_support::demo_token;
use switchboard_sandbox::token::{GRAPH_RESOURCE, TEAMS_ADMIN_RESOURCE};
use switchboard_sandbox::{Sandbox, SandboxOptions};
use switchboard_templates::*;

struct Tenant {
    _sandbox: Sandbox,
    preamble: String,
    trunk_domain: String,
}

async fn tenant() -> Tenant {
    let options = SandboxOptions {
        demo: Some(DemoSpec {
            seed: 11,
            customers: 1,
            users_per_customer: 2..=3,
            sbcs: 1,
        }),
        ..Default::default()
    };
    let sandbox = Sandbox::start(options).await.expect("sandbox starts");
    let preamble = format!(
        "Connect-MicrosoftTeams -AccessTokens @('{}', '{}') | Out-Null\n",
        demo_token(&sandbox, 0, GRAPH_RESOURCE).await,
        demo_token(&sandbox, 0, TEAMS_ADMIN_RESOURCE).await
    );
    let trunk_domain = sandbox.estate.as_ref().expect("demo estate").customers[0]
        .trunk_domain
        .clone();
    Tenant {
        _sandbox: sandbox,
        preamble,
        trunk_domain,
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Tenant {
    /// Runs a script on a plain thread: the interpreter blocks on its own runtime.
    fn run(&self, script: &str) -> Run {
        let script = format!("{}{script}", self.preamble);
        std::thread::spawn(move || {
            let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
            let code = switchboard_sandbox::pwsh::run_script(
                &script,
                &mut stdout,
                &mut stderr,
                &mut std::io::empty(),
            );
            Run {
                code,
                stdout: String::from_utf8_lossy(&stdout).into_owned(),
                stderr: String::from_utf8_lossy(&stderr).into_owned(),
            }
        })
        .join()
        .expect("interpreter thread")
    }

    fn run_ok(&self, script: &str) -> String {
        let run = self.run(script);
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (0, ""),
            "{}\n{script}",
            run.stdout
        );
        run.stdout
    }

    /// The tenant's voice configuration as JSON text, one query per object type.
    fn voice_state(&self) -> String {
        let queries = [
            "Get-CsOnlinePstnUsage",
            "Get-CsOnlinePSTNGateway",
            "Get-CsOnlineVoiceRoute",
            "Get-CsOnlineVoiceRoutingPolicy",
            "Get-CsTeamsCallingPolicy",
            "Get-CsTenantNetworkRegion",
            "Get-CsTenantNetworkSite",
            "Get-CsTenantNetworkSubnet",
            "Get-CsTenantTrustedIPAddress",
        ];
        let script: String = queries
            .iter()
            .map(|q| format!("'== {q}'\n@({q}) | ConvertTo-Json -Depth 5 -Compress\n"))
            .collect();
        self.run_ok(&script)
    }
}

fn context(tenant: &Tenant, teams_names: &str) -> TemplateContext {
    let mut context = sample_context(TRICKY_ID, &format!("sbc7.{}", tenant.trunk_domain));
    if !teams_names.is_empty() {
        context.teams.pstn_usage = format!("{teams_names} Usage");
        context.teams.voice_route = format!("{teams_names} Route");
        context.teams.voice_routing_policy = format!("{teams_names} Policy");
        context.teams.number_pattern = format!("^{}\\d+$", "\\+44207");
    }
    context.lbr = Some(LbrVars {
        network_region: "EMEA 'North'".into(),
        subnets: vec![
            Network {
                address: "10.44.0.0".into(),
                mask_bits: 16,
            },
            Network {
                address: "10.45.1.0".into(),
                mask_bits: 24,
            },
        ],
        trusted_ips: vec![Network {
            address: "198.51.100.7".into(),
            mask_bits: 32,
        }],
        calling_policy: "O'Brien NoTollBypass".into(),
    });
    context
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn default_onboarding_then_cleanup_restores_the_voice_configuration() {
    let tenant = tenant().await;
    // New names: onboarding creates every object and cleanup deletes every one.
    // The tenant's own "Unrestricted" names: only the gateway is new, and cleanup
    // must leave the shared usage, route and policy in place.
    for names in ["O'Brien \"Ltd\"", ""] {
        let context = context(&tenant, names);
        let before = tenant.voice_state();
        let out = tenant.run_ok(&render("m365-onboarding-default", &context));
        assert!(out.contains("Created PSTN gateway sbc7."), "{out}");
        let onboarded = tenant.voice_state();
        assert_ne!(onboarded, before);
        let gateway = &context.sbc.online_pstn_gateway;
        let route = tenant.run_ok(&format!(
            "(Get-CsOnlineVoiceRoute -Identity {}).OnlinePstnGatewayList -contains '{gateway}'\n",
            ps(&context.teams.voice_route)
        ));
        assert_eq!(route.trim(), "True");
        if !names.is_empty() {
            let policy = tenant.run_ok(&format!(
                "(Get-CsOnlineVoiceRoutingPolicy -Identity {}).OnlinePstnUsages\n",
                ps(&format!("Tag:{}", context.teams.voice_routing_policy))
            ));
            assert_eq!(policy.trim(), context.teams.pstn_usage);
        }
        // Onboarding again changes nothing.
        tenant.run_ok(&render("m365-onboarding-default", &context));
        assert_eq!(tenant.voice_state(), onboarded);

        tenant.run_ok(&render("m365-cleanup-default", &context));
        assert_eq!(tenant.voice_state(), before, "cleanup with names {names:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lbr_onboarding_then_cleanup_restores_the_voice_configuration() {
    let tenant = tenant().await;
    let context = context(&tenant, "LBR O'Brien");
    let before = tenant.voice_state();
    tenant.run_ok(&render("m365-onboarding-lbr", &context));
    let site = tenant.run_ok(&format!(
        "$s = Get-CsTenantNetworkSite -Identity 'HQ-London'\n\"$($s.NetworkRegionID)|$($s.EnableLocationBasedRouting)|$(@(Get-CsTenantNetworkSubnet).Count)\"\n(Get-CsTeamsCallingPolicy -Identity {}).PreventTollBypass\n",
        ps("Tag:O'Brien NoTollBypass")
    ));
    assert_eq!(site, "EMEA 'North'|True|2\nTrue\n");
    tenant.run_ok(&render("m365-cleanup-lbr", &context));
    assert_eq!(tenant.voice_state(), before);
}

fn ps(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}
