//! A complete context with the catalogue's example values, used to render templates
//! during validation (and as the editor's preview data).

use std::collections::BTreeMap;

use crate::context::*;

impl TemplateContext {
    /// Every part filled in, optional ones included, so that any valid template
    /// renders. `custom_variables` get a placeholder value each.
    pub fn example(custom_variables: &[String]) -> TemplateContext {
        let gateway = "fabrikam.sbc.example.net".to_string();
        TemplateContext {
            customer: CustomerVars {
                id: "Fabrikam".into(),
                name: "Fabrikam Ltd".into(),
            },
            sbc: SbcVars {
                carrier_id: "SIPTrunk".into(),
                online_pstn_gateway: gateway.clone(),
                cac_profile: Some("CAC-20".into()),
                carrier_registration: Some(CarrierRegistration {
                    user_name: "fabrikam-main".into(),
                    password: "<password>".into(),
                    host_name: "registrar.carrier.example".into(),
                    main_line: "+14255550100".into(),
                }),
            },
            site: SiteVars {
                name: "FabrikamHQ".into(),
            },
            prefixes: vec![DialPlanPrefixes {
                dial_plan_name: "CustDialPlan".into(),
                rules: vec![DialPlanRuleVars {
                    name: "Fabrikam".into(),
                    prefix: "+1425555[0100-0199]".into(),
                    tag: gateway.clone(),
                }],
            }],
            teams: TeamsVars::default(),
            lbr: Some(LbrVars {
                network_region: "EMEA".into(),
                subnets: vec![Network {
                    address: "10.20.0.0".into(),
                    mask_bits: 24,
                }],
                trusted_ips: vec![Network {
                    address: "198.51.100.10".into(),
                    mask_bits: 32,
                }],
                calling_policy: "PreventTollBypass".into(),
            }),
            cmd: CmdData {
                dial_plan_name: Some("CustDialPlan".into()),
                to_add: vec![PrefixToAdd {
                    prefix: "+1425555020x".into(),
                    tag: gateway,
                }],
                to_remove: vec![RuleIndex(3)],
                pbx_user: Some(PbxUserVars {
                    action: PbxAction::Create,
                    local_user_name: "2345".into(),
                    pbx_host: "pbx.fabrikam.example".into(),
                    e164: "+14255550123".into(),
                    pbx_extension: "2345".into(),
                    registering_user_name: "2345".into(),
                    registering_password: "<password>".into(),
                }),
            },
            custom: custom_variables
                .iter()
                .map(|name| (name.clone(), format!("example-{name}")))
                .collect::<BTreeMap<_, _>>(),
        }
    }
}
