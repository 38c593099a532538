//! Every built-in template rendered with a sample context, compared with the
//! committed output under tests/golden/. Set UPDATE_GOLDEN=1 to rewrite them after
//! an intended template change (and review the diff).

mod common;

use std::path::PathBuf;

use common::{render, sample_context};
use switchboard_templates::*;

fn golden_context() -> TemplateContext {
    let gateway = "contoso.sbc.example.net";
    let mut context = sample_context("Contoso", gateway);
    context.lbr = Some(LbrVars {
        network_region: "EMEA".into(),
        subnets: vec![Network {
            address: "10.44.0.0".into(),
            mask_bits: 16,
        }],
        trusted_ips: vec![Network {
            address: "198.51.100.7".into(),
            mask_bits: 32,
        }],
        calling_policy: "NoTollBypass".into(),
    });
    context.cmd = CmdData {
        dial_plan_name: Some("CustDialPlan".into()),
        to_add: vec![PrefixToAdd {
            prefix: "+3120555[00-49]".into(),
            tag: gateway.into(),
        }],
        to_remove: vec![RuleIndex(4), RuleIndex(7)],
        pbx_user: Some(PbxUserVars {
            action: PbxAction::Create,
            local_user_name: "2345".into(),
            pbx_host: "pbx.contoso.example".into(),
            e164: "+442071234567".into(),
            pbx_extension: "2345".into(),
            registering_user_name: "2345".into(),
            registering_password: "reg-secret".into(),
        }),
    };
    context
}

fn check(name: &str, rendered: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, rendered).expect("write golden file");
        return;
    }
    let expected =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // Compare line by line so that a checkout with CRLF line ends still matches.
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = rendered.lines().collect();
    assert_eq!(actual, expected, "{name} differs from {}", path.display());
}

#[test]
fn every_default_template_renders_as_committed() {
    let context = golden_context();
    let templates = default_templates().expect("built-in templates load");
    assert_eq!(templates.len(), 13);
    for template in &templates {
        check(&template.meta.id.0, &render(&template.meta.id.0, &context));
    }
    let mut removal = context.clone();
    if let Some(user) = removal.cmd.pbx_user.as_mut() {
        user.action = PbxAction::Delete;
    }
    check(
        "sbc-add-ip-pbx-user-delete",
        &render("sbc-add-ip-pbx-user", &removal),
    );
    let mut plain = context;
    plain.sbc.carrier_registration = None;
    plain.sbc.cac_profile = None;
    check(
        "sbc-onboarding-sip-trunk-plain",
        &render("sbc-onboarding-sip-trunk", &plain),
    );
}

#[test]
fn every_cleanup_names_an_onboarding_of_the_same_kind() {
    let templates = default_templates().expect("built-in templates load");
    for cleanup in templates
        .iter()
        .filter(|t| t.meta.script_type == ScriptType::Cleanup)
    {
        let undone = cleanup
            .meta
            .undoes
            .as_ref()
            .unwrap_or_else(|| panic!("{} undoes nothing", cleanup.meta.id));
        let onboarding = templates
            .iter()
            .find(|t| &t.meta.id == undone)
            .expect("the onboarding exists");
        assert_eq!(onboarding.meta.script_type, ScriptType::Onboarding);
        assert_eq!(onboarding.meta.kind, cleanup.meta.kind);
    }
}
