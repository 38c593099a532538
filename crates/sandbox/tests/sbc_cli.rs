//! The SBC emulator's CLI interpreter and configuration model, without HTTP.

use switchboard_sandbox::sbc::interpreter::{run, Strictness};
use switchboard_sandbox::sbc::schema::TableId;
use switchboard_sandbox::sbc::{parse_running_config, Config, RowKey, BASELINE_SCRIPT};

const ONBOARDING: &str = include_str!("sbc_scripts/onboarding.txt");
const CLEANUP: &str = include_str!("sbc_scripts/cleanup.txt");

fn baseline() -> Config {
    parse_running_config(BASELINE_SCRIPT).expect("baseline parses")
}

fn apply(config: &mut Config, script: &str) -> switchboard_sandbox::sbc::RunReport {
    run(config, script, Strictness::RejectedRowsInOutput).expect("script accepted")
}

#[test]
fn onboarding_builds_the_expected_rows_and_cleanup_restores_the_text() {
    let mut config = baseline();
    let before = config.render();
    let report = apply(&mut config, ONBOARDING);
    assert!(report.errors.is_empty(), "{}", report.output);
    assert!(report.changed && report.saved_at_end);

    let groups = config.ip_groups();
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Contoso-c", "Contoso-t"]);
    assert_eq!(groups[1].tags, "Tenant=contoso.sbc.example.com");
    assert_eq!(groups[1].proxy_set_name, "Teams");
    let plans = config.dial_plans();
    let cust = plans
        .iter()
        .find(|p| p.name == "CustDialPlan")
        .expect("CustDialPlan");
    let prefixes: Vec<&str> = cust.rules.iter().map(|r| r.prefix.as_str()).collect();
    assert_eq!(
        prefixes,
        [
            "+4930123[000-499]",
            "+4940555x",
            r"2345\.pbx.contoso.example"
        ]
    );
    let accounts = config.sip_accounts();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].serving_ip_group_name, "Contoso-c");

    let rendered = config.render();
    assert!(
        rendered.contains(" ip-group 0\n  name \"Contoso-c\"\n"),
        "{rendered}"
    );
    assert!(
        rendered.contains("  password *\n"),
        "the secret is never rendered: {rendered}"
    );
    assert!(!rendered.contains("s3cret"));

    let report = apply(&mut config, CLEANUP);
    assert!(report.errors.is_empty(), "{}", report.output);
    assert_eq!(config.render(), before);
}

#[test]
fn render_parse_render_is_stable() {
    let mut config = baseline();
    apply(&mut config, ONBOARDING);
    let rendered = config.render();
    let reparsed = parse_running_config(&rendered).expect("rendered text parses");
    assert_eq!(reparsed.render(), rendered);
    // Everything but the hidden secret survives the trip.
    assert_eq!(reparsed.dial_plans(), config.dial_plans());
    assert_eq!(reparsed.ip_groups(), config.ip_groups());
}

#[test]
fn a_refused_line_names_its_number_and_changes_nothing() {
    let mut config = baseline();
    let before = config.clone();
    let script =
        "configure voip\nip-group new\nname \"X-c\"\nproxy-set-nmae \"Teams\"\nactivate\nexit\n";
    let error =
        run(&mut config, script, Strictness::RejectedRowsInOutput).expect_err("typo refused");
    assert_eq!(error.line, 4);
    assert_eq!(error.text, "proxy-set-nmae \"Teams\"");
    assert!(error.reason.contains("proxy-set-nmae"), "{error}");
    assert_eq!(config, before);

    for (script, line, reason) in [
        ("configure voip\nip-grop new\n", 2, "unknown command"),
        ("configure voip\nip-group new\nname \"a-name-that-is-much-longer-than-forty-characters\"\n", 3, "longer than 40"),
        ("configure voip\nip-group new\ntype trunk\n", 3, "not a valid value"),
        ("configure voip\nip-group new\ncall-setup-rules-set-id 99\n", 3, "from -1 to 31"),
        ("configure voip\nno ip-group 7\n", 2, "does not exist"),
        ("configure voip\nip-group where name \"Nobody\"\n", 2, "no ip-group row"),
        ("configure voip\nsbc dial-plan where name \"CustDialPlan\"\ndial-plan-rule new\nprefix \"12#3\"\n", 4, "'#'"),
        ("configure voip\nsbc dial-plan 0\ndial-plan-rule new\nname \"SixteenCharsLong\"\n", 4, "longer than 15"),
        ("configure voip\nsbc dial-plan 0\ndial-plan-rule new\ntag \"a;b\"\n", 4, "only one tag"),
        ("configure voip\nactivate\n", 2, "only valid inside"),
        ("configure network\n", 1, "not emulated"),
        ("configure voip\nip-group new\nname \"open\n", 3, "unterminated"),
    ] {
        let error = run(&mut config, script, Strictness::RejectedRowsInOutput).expect_err(script);
        assert_eq!(error.line, line, "{script}: {error}");
        assert!(error.reason.contains(reason), "{script}: {error}");
        assert_eq!(config, before);
    }
}

#[test]
fn rejected_rows_are_reported_in_the_output_and_the_rest_applies() {
    let mut config = baseline();
    let script = "configure voip\nsbc dial-plan where name \"CustDialPlan\"\ndial-plan-rule new\nname \"Fabrikam\"\nprefix \"+3312\"\nexit\nexit\nip-group new\nname \"Fabrikam-c\"\nproxy-set-name \"NoSuchSet\"\nactivate\nexit\n";
    let report = apply(&mut config, script);
    assert_eq!(report.errors.len(), 1, "{}", report.output);
    assert!(
        report.errors[0].starts_with("Error: line 11 \"activate\""),
        "{}",
        report.errors[0]
    );
    assert!(report.errors[0].contains("proxy-set \"NoSuchSet\" does not exist"));
    assert!(report.output.contains(&report.errors[0]));
    assert!(
        config.ip_groups().is_empty(),
        "the broken row is not activated"
    );
    assert!(
        config.dial_plans()[0]
            .rules
            .iter()
            .any(|rule| rule.prefix == "+3312"),
        "the rest applied"
    );

    // The same text is fatal when read as a running configuration.
    let error = parse_running_config(&format!("{}{script}", BASELINE_SCRIPT)).expect_err("strict");
    assert!(error.reason.contains("NoSuchSet"));
}

#[test]
fn referential_integrity_protects_used_rows() {
    let mut config = baseline();
    apply(&mut config, ONBOARDING);
    let before = config.render();
    for (script, expected) in [
        (
            "configure voip\nno proxy-set where proxy-name \"Teams\"\n",
            "proxy-set 0 was not deleted: it is still used by ip-group 1",
        ),
        (
            "configure voip\nno ip-group where name \"Contoso-t\"\n",
            "still used by sip-definition account 0",
        ),
        (
            "configure voip\nip-group 1\nname \"Renamed\"\nactivate\nexit\n",
            "cannot be renamed",
        ),
        (
            "configure voip\nip-group new\nname \"Contoso-c\"\nexit\n",
            "ip-group 0 already has name \"Contoso-c\"",
        ),
        (
            "configure voip\nsip-definition account new\naccount-name \"x\"\nexit\n",
            "'served-ip-group-name' must be set",
        ),
    ] {
        let report = apply(&mut config, script);
        assert_eq!(report.errors.len(), 1, "{script}: {}", report.output);
        assert!(
            report.errors[0].contains(expected),
            "{script}: {}",
            report.errors[0]
        );
        assert_eq!(config.render(), before, "{script}");
    }
}

#[test]
fn sub_tables_modes_and_selectors() {
    let mut config = baseline();
    // The IP-PBX template style: proxy-ip inside the proxy set, then a top-level row
    // without an explicit exit (the CLI leaves the proxy set by itself).
    let script = "configure voip\nproxy-set new\nproxy-name \"Contoso-c\"\nsbcipv4-sip-int-name \"PBXSIP\"\nactivate\nproxy-ip 0\nproxy-address \"192.0.2.5:5060\"\ntransport-type udp\nactivate\nexit\nip-group new\nname \"Contoso-c\"\nproxy-set-name \"Contoso-c\"\nactivate\nexit\n";
    let report = apply(&mut config, script);
    assert!(report.errors.is_empty(), "{}", report.output);
    let rendered = config.render();
    assert!(
        rendered
            .contains(" proxy-ip 2/0\n  proxy-address \"192.0.2.5:5060\"\n  transport-type udp\n"),
        "{rendered}"
    );
    assert_eq!(config.ip_groups()[0].proxy_set_name, "Contoso-c");
    let sets = config.proxy_sets();
    assert_eq!(sets[0].addresses.len(), 3, "baseline Teams proxy set");
    assert_eq!(sets[2].name, "Contoso-c");
    assert_eq!(
        (
            sets[2].addresses[0].address.as_str(),
            sets[2].addresses[0].transport_type.as_str()
        ),
        ("192.0.2.5:5060", "udp")
    );

    // Rules addressed by quoted index (sbc-remove-prefix) and by top-level path.
    apply(&mut config, "configure voip\nsbc dial-plan-rule 0/new\nprefix \"+1\"\nexit\nsbc dial-plan-rule 0/5\nprefix \"+2\"\nexit\n");
    let indexes: Vec<u32> = config.dial_plans()[0]
        .rules
        .iter()
        .map(|r| r.index)
        .collect();
    assert_eq!(indexes, [0, 5]);
    apply(&mut config, "configure voip\nsbc dial-plan where name \"CustDialPlan\"\nno dial-plan-rule \"5\"\nactivate\nexit\n");
    assert_eq!(config.dial_plans()[0].rules.len(), 1);
    assert!(config
        .row(
            TableId::DialPlanRule,
            RowKey {
                parent: Some(0),
                index: 5
            }
        )
        .is_none());

    // Section words on their own line, as in the add-ip-pbx-user template.
    apply(&mut config, "configure voip\nsip-definition proxy-and-registration\nuser-info sbc-user-info new\nlocal-user \"2345.pbx\"\nusername \"u\"\npassword plain\nip-group-name \"Contoso-c\"\nactivate\nexit\nexit\n");
    assert_eq!(config.rows(TableId::SbcUserInfo).count(), 1);
    apply(&mut config, "configure voip\nsip-definition proxy-and-registration\nno user-info sbc-user-info where local-user \"2345.pbx\"\nexit\n");
    assert_eq!(config.rows(TableId::SbcUserInfo).count(), 0);

    // Deleting a dial plan takes its rules with it.
    apply(
        &mut config,
        "configure voip\nno sbc dial-plan where name \"CustDialPlan\"\n",
    );
    assert_eq!(config.rows(TableId::DialPlanRule).count(), 0);
}

#[test]
fn show_commands_write_into_the_output() {
    let mut config = baseline();
    apply(&mut config, ONBOARDING);
    let report = apply(
        &mut config,
        "configure voip\ndo show voip ip-group\nexit\nshow running-config voip\n",
    );
    assert!(
        report.output.contains("ip-group 1\n name \"Contoso-t\"\n"),
        "{}",
        report.output
    );
    assert!(report.output.contains(&config.render()));
    assert!(!report.changed);
    let error = run(
        &mut config,
        "show voip nothing\n",
        Strictness::RejectedRowsInOutput,
    )
    .expect_err("unknown show");
    assert!(error.reason.contains("unknown show command"));
}

#[test]
fn write_only_counts_when_it_follows_the_last_change() {
    let mut config = baseline();
    let report = apply(
        &mut config,
        "configure voip\ndo write\nsbc dial-plan new\nname \"Zoom\"\nexit\n",
    );
    assert!(report.wrote && report.changed && !report.saved_at_end);
    let report = apply(
        &mut config,
        "configure voip\nsbc dial-plan new\nname \"Other\"\nexit\ndo write\n",
    );
    assert!(report.saved_at_end);
}

#[test]
fn where_selects_an_existing_row_for_editing() {
    let mut config = baseline();
    apply(&mut config, ONBOARDING);
    let report = apply(&mut config, "configure voip\nip-group where name \"Contoso-t\"\ntags \"Tenant=new.example.com\"\nno local-host-name\nactivate\nexit\n");
    assert!(
        report.errors.is_empty() && report.changed,
        "{}",
        report.output
    );
    let group = config
        .ip_groups()
        .into_iter()
        .find(|g| g.name == "Contoso-t")
        .expect("still there");
    assert_eq!(group.tags, "Tenant=new.example.com");
    assert!(
        !config.render().contains("local-host-name"),
        "reset to its default, so no longer rendered"
    );

    let error = run(
        &mut config,
        "configure voip\nsbc dial-plan 0\ndial-plan-rule where name \"Contoso\"\n",
        Strictness::RejectedRowsInOutput,
    )
    .expect_err("ambiguous");
    assert!(
        error.reason.contains("3 sbc dial-plan-rule rows"),
        "{error}"
    );
}
