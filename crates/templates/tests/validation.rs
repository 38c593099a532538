//! Validation, strict rendering, escaping and version comparison.

mod common;

use common::{render, sample_context, template, TRICKY_ID};
use switchboard_templates::*;

fn with_body(id: &str, body: &str) -> ScriptTemplate {
    ScriptTemplate {
        body: body.to_string(),
        ..template(id)
    }
}

fn errors(template: &ScriptTemplate) -> Vec<(usize, usize, String)> {
    validate(template)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.line, d.column, d.message))
        .collect()
}

/// The one error in an M365 template with this body.
fn only_m365_error(body: &str) -> (usize, usize, String) {
    let mut found = errors(&with_body("m365-onboarding-default", body));
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0)
}

#[test]
fn every_default_template_validates_cleanly() {
    for template in default_templates().expect("built-in templates load") {
        let found = validate(&template);
        assert!(found.is_empty(), "{}: {found:?}", template.meta.id);
        assert!(is_executable(&found));
    }
}

#[test]
fn a_syntax_error_is_reported_with_its_position() {
    let template = with_body("sbc-add-prefix", "configure voip\n sbc dial-plan where name {{cli_str DialPlanName}}\n{{#each CmdData.DialPlanRules.ToAdd}}\n  dial-plan-rule new\n{{/if}}\n");
    let found = errors(&template);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (5, 1), "{found:?}");
    assert!(found[0].2.contains("each"), "{found:?}");
    assert!(!is_executable(&validate(&template)));
}

#[test]
fn unknown_variables_helpers_and_custom_variables_are_named() {
    let body = "configure voip\n ip-group new\n  name {{cli_str CustomerId}}\n  tags {{cli_str SBC.OnlinePstnGatway}}\n  sip-group-name {{cli_str CustomVar.Undeclared}}\n  local-host-name {{shout CustomerId}}\n  exit\n";
    let found = errors(&with_body("sbc-onboarding-ip-pbx", body));
    let summary: Vec<(usize, &str)> = found.iter().map(|(l, _, m)| (*l, m.as_str())).collect();
    assert_eq!(
        summary,
        [
            (4, "unknown variable `SBC.OnlinePstnGatway`"),
            (
                5,
                "custom variable `Undeclared` is not declared by this template"
            ),
            (6, "unknown helper `shout`"),
        ]
    );
    assert_eq!(found[0].1, 8, "column of the expression");
}

#[test]
fn scopes_of_each_blocks_are_followed() {
    let good = "{{#each SBC.DialPlanPrefixes}}{{#each Rules}}{{cli_str Prefix ../DialPlanName ../../CustomerId}}{{/each}}{{/each}}";
    assert!(errors(&with_body("sbc-add-prefix", good))
        .iter()
        .all(|(_, _, m)| !m.contains("variable")));
    let bad = "{{#each SBC.DialPlanPrefixes}}\n{{cli_str Prefix}}\n{{/each}}";
    assert_eq!(
        errors(&with_body("sbc-add-prefix", bad))[0].2,
        "unknown variable `Prefix`"
    );
}

#[test]
fn a_value_inserted_without_quoting_is_an_error() {
    let found = validate(&with_body(
        "sbc-add-prefix",
        "configure voip\n ip-group new\n  name {{CustomerId}}\n exit\n",
    ));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].line, found[0].severity), (3, Severity::Error));
    assert_eq!(found[0].column, 8, "{found:?}");
    assert!(
        found[0].message.contains("{{cli_str CustomerId}}"),
        "{found:?}"
    );
    assert!(!is_executable(&found));
}

#[test]
fn secrets_and_scoped_values_inserted_without_quoting_are_errors() {
    let body = "configure voip\n account new\n  password {{SBC.CarrierPassword}}\n exit\n{{#each SBC.DialPlanPrefixes}}\n{{#each RuleNames}}# {{this}}\n{{/each}}{{/each}}\n";
    let found = errors(&with_body("sbc-onboarding-sip-trunk", body));
    let summary: Vec<(usize, usize)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
    assert_eq!(summary, [(3, 12), (6, 22)], "{found:?}");
    assert!(found[0].2.contains("`SBC.CarrierPassword`"), "{found:?}");
    assert!(found[1].2.contains("write {{cli_str this}}"), "{found:?}");
    // In a PowerShell script the advice names that target's helper.
    let (line, column, message) =
        only_m365_error("Write-Output x\nSet-CsTenant -Description {{CustomerName}}\n");
    assert_eq!((line, column), (2, 27), "{message}");
    assert!(message.contains("{{ps_str CustomerName}}"), "{message}");
}

#[test]
fn helper_output_that_is_not_quoted_for_the_target_is_an_error() {
    let body = "configure voip\n  name {{ps_str CustomerId}}\n  prefix {{sbc_prefix PbxUser.LocalUserName PbxUser.Pbxhost}}\n{{#each SBC.DialPlanPrefixes}}{{join RuleNames \",\"}} {{lookup RuleNames 0}}{{/each}}\n  host {{(e164 PbxUser.E164)}}\n";
    let found = errors(&with_body("sbc-add-ip-pbx-user", body));
    let summary: Vec<(usize, usize, &str)> = found
        .iter()
        .map(|(l, c, m)| (*l, *c, m.split(';').next().unwrap_or_default()))
        .collect();
    assert_eq!(
        summary,
        [
            (2, 8, "the output of `ps_str` is inserted without quoting"),
            (
                3,
                10,
                "the output of `sbc_prefix` is inserted without quoting"
            ),
            (4, 31, "the output of `join` is inserted without quoting"),
            (4, 54, "the output of `lookup` is inserted without quoting"),
            (5, 8, "the output of `e164` is inserted without quoting"),
        ],
        "{found:?}"
    );
    assert!(found.iter().all(|(_, _, m)| m.contains("cli_str")));
    let (line, column, message) = only_m365_error("Write-Output {{cli_str CustomerName}}\n");
    assert_eq!((line, column), (1, 14), "{message}");
    assert!(message.contains("ps_str"), "{message}");
}

#[test]
fn quoted_helper_output_numbers_and_booleans_go_in_as_they_are() {
    let body = "configure voip\n  name {{cli_str (sbc_prefix PbxUser.LocalUserName PbxUser.Pbxhost)}}\n  port {{len SBC.DialPlanPrefixes}} {{eq CustomerId \"x\"}}\n";
    let found = errors(&with_body("sbc-add-ip-pbx-user", body));
    assert!(
        found.iter().all(|(_, _, m)| !m.contains("quoting")),
        "{found:?}"
    );
}

#[test]
fn unknown_sbc_commands_and_attributes_point_at_the_template_line() {
    let body = "configure voip\n ip-group new\n  name {{cli_str CustomerId \"-c\"}}\n  colour \"blue\"\n  activate\n exit\n reboot now\n do write\n";
    let found = errors(&with_body("sbc-add-prefix", body));
    let summary: Vec<(usize, usize)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
    assert_eq!(summary, [(4, 3), (7, 2)], "{found:?}");
    assert!(found[0]
        .2
        .contains("`colour` is not an attribute of `ip-group`"));
    assert!(found[1].2.contains("reboot now"));
}

#[test]
fn unknown_cmdlets_and_parameters_point_at_the_template_line() {
    let body = "$gw = {{ps_str SBC.OnlinePstnGateway}}\nNew-CsOnlinePSTNGateway -Fqdn $gw -SipSignalingPort 5061 -Colour 'red'\nRemove-CsEverything -Identity $gw\n";
    let found = errors(&with_body("m365-onboarding-default", body));
    assert_eq!(
        found,
        [
            (
                2,
                1,
                "`New-CsOnlinePSTNGateway` has no parameter `-Colour`".to_string()
            ),
            (
                3,
                1,
                "`Remove-CsEverything` is not a cmdlet we know".to_string()
            ),
        ]
    );
}

#[test]
fn strict_mode_names_the_missing_variable() {
    let mut context = sample_context("Contoso", "contoso.sbc.example.net");
    context.cmd.dial_plan_name = None;
    let error = Engine::new()
        .render(&template("sbc-add-prefix"), &context)
        .unwrap_err();
    match &error {
        TemplateError::MissingVariable { name, line, .. } => {
            assert_eq!(name, "DialPlanName");
            assert_eq!(*line, Some(4));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(error.to_string().contains("`DialPlanName`"));
    // LBR values are only present when the context has them.
    let error = Engine::new()
        .render(&template("m365-onboarding-lbr"), &context)
        .unwrap_err();
    assert!(
        matches!(error, TemplateError::MissingVariable { ref name, .. } if name.starts_with("Lbr.")),
        "{error}"
    );
}

#[test]
fn quotes_in_values_are_escaped_for_each_target() {
    let context = sample_context(TRICKY_ID, "obrien.sbc.example.net");
    let cli = render("sbc-onboarding-sip-trunk", &context);
    assert!(cli.contains(r#"  name "O'Brien \"Ltd\"-c""#), "{cli}");
    assert!(cli.contains(r#"  password "p@ss \"w\\ord\"""#), "{cli}");
    let ps = render("m365-onboarding-default", &context);
    assert!(
        ps.contains(r#"-Description 'Direct Routing for O''Brien "Ltd" & Sons'"#),
        "{ps}"
    );
    // A line break cannot be smuggled into a CLI command.
    let mut broken = context.clone();
    broken.customer.id = "Evil\nno ip-group 0".into();
    let error = Engine::new()
        .render(&template("sbc-onboarding-sip-trunk"), &broken)
        .unwrap_err();
    assert!(error.to_string().contains("line break"), "{error}");
}

#[test]
fn diff_pairs_changed_lines_side_by_side() {
    let old = "configure voip\n ip-group new\n  name \"a\"\n exit\n do write\n";
    let new = "configure voip\n ip-group new\n  name \"b\"\n  tags \"x\"\n exit\n";
    let rows = diff(old, new);
    let kinds: Vec<ChangeKind> = rows.iter().map(|r| r.kind).collect();
    use ChangeKind::*;
    assert_eq!(
        kinds,
        [Unchanged, Unchanged, Modified, Added, Unchanged, Removed]
    );
    assert_eq!(rows[2].old_text.as_deref(), Some("  name \"a\""));
    assert_eq!(rows[2].new_text.as_deref(), Some("  name \"b\""));
    assert_eq!((rows[3].old_line, rows[3].new_line), (None, Some(4)));
    assert_eq!((rows[5].old_line, rows[5].new_line), (Some(5), None));
    assert!(diff(old, old)
        .iter()
        .all(|r| r.kind == Unchanged && r.old_line == r.new_line));
}

#[test]
fn the_catalogue_examples_match_the_example_context() {
    let data = TemplateContext::example(&[]).to_data();
    for variable in catalogue() {
        if variable.example.is_empty() {
            continue;
        }
        // Follow the path, taking the first item of each list.
        let mut value = &data;
        for segment in variable.path.split('.') {
            let (name, list) = segment
                .strip_suffix("[]")
                .map_or((segment, false), |n| (n, true));
            value = &value[name];
            if list {
                value = &value[0];
            }
        }
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        assert_eq!(text, variable.example, "{}", variable.path);
    }
}
