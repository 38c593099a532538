//! Rendered SBC scripts applied to the sandbox SBC: onboarding then cleanup must
//! leave the configuration exactly as it was.

mod common;

use common::{render, sample_context, TRICKY_ID};
use switchboard_sandbox::sbc::{SbcDevice, SbcHandle, SbcOptions};
use switchboard_templates::*;

const GATEWAY: &str = "obrien.sbc.example.net";

async fn device() -> SbcHandle {
    SbcDevice::start(SbcOptions::default())
        .await
        .expect("the sandbox SBC starts")
}

fn apply(sbc: &SbcHandle, script: &str) {
    let report = sbc
        .apply_script(script)
        .unwrap_or_else(|e| panic!("refused: {e}\n{script}"));
    assert!(
        report.errors.is_empty(),
        "rows rejected: {:?}\n{script}",
        report.errors
    );
    assert!(report.wrote, "the script saves the configuration");
    assert!(!sbc.save_needed());
}

#[tokio::test]
async fn every_onboarding_is_undone_by_its_cleanup() {
    let pairs = [
        ("sbc-onboarding-sip-trunk", "sbc-cleanup-sip-trunk"),
        ("sbc-onboarding-ip-pbx", "sbc-cleanup-ip-pbx"),
        ("sbc-onboarding-byoc", "sbc-cleanup-byoc"),
    ];
    for registration in [true, false] {
        let mut context = sample_context(TRICKY_ID, GATEWAY);
        if !registration {
            context.sbc.carrier_registration = None;
            context.sbc.cac_profile = None;
        }
        for (onboarding, cleanup) in pairs {
            let sbc = device().await;
            let before = sbc.running_config();
            apply(&sbc, &render(onboarding, &context));
            let onboarded = sbc.config();
            let names: Vec<String> = onboarded.ip_groups().into_iter().map(|g| g.name).collect();
            assert!(
                names.contains(&format!("{TRICKY_ID}-c")),
                "{onboarding}: {names:?}"
            );
            assert!(
                names.contains(&format!("{TRICKY_ID}-t")),
                "{onboarding}: {names:?}"
            );
            let accounts = onboarded.sip_accounts().len();
            let expected_accounts =
                usize::from(registration && onboarding != "sbc-onboarding-ip-pbx");
            assert_eq!(accounts, expected_accounts, "{onboarding}");
            let rules: usize = onboarded
                .dial_plans()
                .iter()
                .map(|plan| plan.rules.iter().filter(|r| r.name == TRICKY_ID).count())
                .sum();
            assert_eq!(rules, 3, "{onboarding}");
            assert_ne!(sbc.running_config(), before);

            apply(&sbc, &render(cleanup, &context));
            assert_eq!(
                sbc.running_config(),
                before,
                "{cleanup} left something behind"
            );
        }
    }
}

#[tokio::test]
async fn prefixes_are_added_and_removed_by_index() {
    let sbc = device().await;
    let before = sbc.running_config();
    let mut context = sample_context("Contoso", GATEWAY);
    context.cmd = CmdData {
        dial_plan_name: Some("CustDialPlan".into()),
        to_add: vec![
            PrefixToAdd {
                prefix: "+3120555[00-49]".into(),
                tag: GATEWAY.into(),
            },
            PrefixToAdd {
                prefix: "+3130777".into(),
                tag: GATEWAY.into(),
            },
        ],
        ..CmdData::default()
    };
    apply(&sbc, &render("sbc-add-prefix", &context));
    let plan = sbc
        .config()
        .dial_plans()
        .into_iter()
        .find(|p| p.name == "CustDialPlan")
        .expect("CustDialPlan exists");
    let added: Vec<(u32, String)> = plan
        .rules
        .iter()
        .filter(|r| r.name == "Contoso")
        .map(|r| (r.index, r.prefix.clone()))
        .collect();
    assert_eq!(
        added.iter().map(|(_, p)| p.as_str()).collect::<Vec<_>>(),
        ["+3120555[00-49]", "+3130777"]
    );

    context.cmd = CmdData {
        dial_plan_name: Some("CustDialPlan".into()),
        to_remove: added.iter().map(|(index, _)| RuleIndex(*index)).collect(),
        ..CmdData::default()
    };
    apply(&sbc, &render("sbc-remove-prefix", &context));
    assert_eq!(sbc.running_config(), before);
}

#[tokio::test]
async fn an_ip_pbx_user_is_added_then_removed() {
    let sbc = device().await;
    let context = sample_context("Contoso", GATEWAY);
    apply(&sbc, &render("sbc-onboarding-ip-pbx", &context));
    let onboarded = sbc.running_config();

    let mut user_context = context.clone();
    let user = PbxUserVars {
        action: PbxAction::Create,
        local_user_name: "2345".into(),
        pbx_host: "pbx.contoso.example".into(),
        e164: "+44 20 7123 4567".into(),
        pbx_extension: "2345".into(),
        registering_user_name: "2345".into(),
        registering_password: "s3cret\"x".into(),
    };
    user_context.cmd.pbx_user = Some(user.clone());
    apply(&sbc, &render("sbc-add-ip-pbx-user", &user_context));
    let config = sbc.config();
    let registered = config
        .dial_plans()
        .into_iter()
        .find(|p| p.name == "RegisteredUsers")
        .expect("RegisteredUsers exists");
    let prefixes: Vec<&str> = registered.rules.iter().map(|r| r.prefix.as_str()).collect();
    assert_eq!(
        prefixes,
        [
            "+442071234567",
            r"2345\.pb\x\.co\ntoso\.e\xample",
            r"pb2345\.pb\x\.co\ntoso\.e\xample"
        ]
    );
    assert!(sbc
        .running_config()
        .contains("local-user \"2345.pbx.contoso.example\""));

    user_context.cmd.pbx_user = Some(PbxUserVars {
        action: PbxAction::Delete,
        ..user
    });
    apply(&sbc, &render("sbc-add-ip-pbx-user", &user_context));
    assert_eq!(sbc.running_config(), onboarded);
}
