//! Sample contexts shared by the integration tests.
#![allow(dead_code)] // each test file uses a different part

use std::collections::BTreeMap;

use switchboard_templates::*;

/// A customer whose names carry both quote characters, to prove escaping.
pub const TRICKY_ID: &str = "O'Brien \"Ltd\"";

pub fn sample_context(customer_id: &str, gateway: &str) -> TemplateContext {
    let rule = |prefix: &str| DialPlanRuleVars {
        name: customer_id.to_string(),
        prefix: prefix.to_string(),
        tag: gateway.to_string(),
    };
    TemplateContext {
        customer: CustomerVars {
            id: customer_id.to_string(),
            name: format!("{customer_id} & Sons"),
        },
        sbc: SbcVars {
            carrier_id: "SIPTrunk".into(),
            online_pstn_gateway: gateway.to_string(),
            cac_profile: Some("CAC \"gold\"".into()),
            carrier_registration: Some(CarrierRegistration {
                user_name: "main-line".into(),
                password: "p@ss \"w\\ord\"".into(),
                host_name: "registrar.carrier.example".into(),
                main_line: "+442071234500".into(),
            }),
        },
        site: SiteVars {
            name: "HQ-London".into(),
        },
        prefixes: vec![
            DialPlanPrefixes {
                dial_plan_name: "CustDialPlan".into(),
                rules: vec![rule("+44207123[4500-4599]"), rule("+442079876x")],
            },
            DialPlanPrefixes {
                dial_plan_name: "OCDialPlan".into(),
                rules: vec![rule("+44161555")],
            },
        ],
        teams: TeamsVars::default(),
        lbr: None,
        cmd: CmdData::default(),
        custom: BTreeMap::from([
            ("IPPBX-proxyaddress".to_string(), "10.1.2.3".to_string()),
            ("IPPBX-proxyaddress-SIPPort".to_string(), "5060".to_string()),
            ("SIP-Hostname".to_string(), "pbx.obrien.example".to_string()),
            (
                "BYOC-proxyaddress".to_string(),
                "sip.own-carrier.example:5060".to_string(),
            ),
        ]),
    }
}

pub fn template(id: &str) -> ScriptTemplate {
    default_template(id).unwrap_or_else(|e| panic!("{e}"))
}

pub fn render(id: &str, context: &TemplateContext) -> String {
    Engine::new()
        .render(&template(id), context)
        .unwrap_or_else(|e| panic!("{id}: {e}"))
}
