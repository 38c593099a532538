//! What a device sends is not ours to trust: the running-config parser and the
//! certificate reader answer every input, broken or hostile, without panicking.

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;
use switchboard_sbc::{parse_running_config, CertificateInfo, Sha256Fingerprint};

/// Words of the running configuration, so that generated text reaches the table
/// readers and not only the first structural check.
const STATEMENTS: &[&str] = &[
    "configure voip",
    "configure network",
    "exit",
    "activate",
    "sbc",
    "## Mediant VE SBC",
    "",
    "do write",
    "no ip-group 1",
];
const TABLES: &[&str] = &[
    "proxy-set",
    "proxy-ip",
    "ip-group",
    "sip-definition account",
    "dial-plan",
    "dial-plan-rule",
    "routing ip2ip-routing",
];
const ATTRIBUTES: &[&str] = &[
    "name",
    "type",
    "proxy-name",
    "proxy-address",
    "proxy-set-name",
    "transport-type",
    "tags",
    "tag",
    "prefix",
    "account-name",
    "user-name",
    "password",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{1,25}",
        "\"([^\"\\\\\n]|\\\\[\"\\\\])*\"",
        "\"[^\n]{0,12}",
        "(user|server|[A-Za-z]+)=?[a-z.]{0,8}",
        "\\*",
        any::<String>(),
    ]
}

fn cli_line() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        prop::sample::select(STATEMENTS).prop_map(String::from),
        (prop::sample::select(TABLES), value())
            .prop_map(|(table, index)| format!("{table} {index}")),
        (prop::sample::select(ATTRIBUTES), value())
            .prop_map(|(key, value)| format!("{key} {value}")),
        any::<String>(),
    ];
    (" {0,6}", line, "\r?").prop_map(|(indent, line, cr)| format!("{indent}{line}{cr}"))
}

/// Values as the device writes them: numbers, quoted text (tags included), keywords.
fn clean_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,3}",
        "\"([^\"\\\\\n]|\\\\[\"\\\\]){0,16}\"",
        "\"[A-Za-z]{1,8}=[a-z.]{1,12}(;[A-Za-z]{0,8}=?[a-z.]{0,12}){0,2}\"",
        "user|server|udp|tcp|tls|\\*",
    ]
}

/// The device indents a mode's content by two spaces, and the parser relies on it
/// for the sections it does not know.
fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("  {line}\n"))
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// Up to three rows of `table`, each with attribute lines and `sub_rows`, closed by `exit`.
fn rows(table: &'static str, sub_rows: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let index = prop_oneof![9 => "[0-9]{1,2}", 1 => value()];
    let attribute = (prop::sample::select(ATTRIBUTES), clean_value())
        .prop_map(|(key, value)| format!("{key} {value}"));
    let row = (index, prop::collection::vec(attribute, 0..6), sub_rows).prop_map(
        move |(index, mut body, sub_rows)| {
            body.extend([sub_rows, "activate".to_string()]);
            format!("{table} {index}\n{}\nexit", indent(&body.join("\n")))
        },
    );
    prop::collection::vec(row, 0..3)
        .prop_map(|rows| rows.join("\n"))
        .boxed()
}

fn running_config() -> impl Strategy<Value = String> {
    let none = || Just(String::new()).boxed();
    let well_formed = (
        rows("proxy-set", rows("proxy-ip", none())),
        rows("ip-group", none()),
        rows("sip-definition account", none()),
        rows("dial-plan", rows("dial-plan-rule", none())),
        rows("routing ip2ip-routing", none()),
    )
        .prop_map(|(proxy_sets, ip_groups, accounts, dial_plans, routes)| {
            let sbc = format!("sbc\n{}\nexit", indent(&format!("{dial_plans}\n{routes}")));
            let voip = [proxy_sets, ip_groups, accounts, sbc].join("\n");
            format!("configure voip\n{}\nexit\n", indent(&voip))
        });
    let line_soup = (any::<String>(), prop::collection::vec(cli_line(), 0..60))
        .prop_map(|(junk, lines)| format!("{junk}\n{}", lines.join("\n")));
    prop_oneof![2 => well_formed, 2 => line_soup, 1 => any::<String>()]
}

/// A real certificate, whose bytes the mutations below corrupt at chosen places.
static CERTIFICATE: LazyLock<Vec<u8>> = LazyLock::new(|| {
    rcgen::generate_simple_self_signed(vec!["sbc1.example.net".to_string()])
        .expect("a self-signed certificate")
        .cert
        .der()
        .to_vec()
});

fn certificate_bytes() -> impl Strategy<Value = Vec<u8>> {
    let mutated = (
        prop::collection::vec((any::<Index>(), any::<u8>()), 1..8),
        prop::option::of(any::<Index>()),
    )
        .prop_map(|(writes, cut)| {
            let mut der = CERTIFICATE.clone();
            for (at, byte) in writes {
                let at = at.index(der.len());
                der[at] = byte;
            }
            if let Some(cut) = cut {
                der.truncate(cut.index(der.len()));
            }
            der
        });
    prop_oneof![prop::collection::vec(any::<u8>(), 0..600), mutated]
}

#[test]
fn the_certificate_that_is_mutated_reads_whole() {
    let info = CertificateInfo::from_der(&CERTIFICATE);
    assert_eq!(info.subject, "CN=rcgen self signed cert");
    assert!(info.not_after.is_some(), "{info:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_running_config_parser_never_panics(text in running_config()) {
        if let Ok(config) = parse_running_config(&text) {
            // The accessors walk what was read; they must cope with it too.
            let rules = config.dial_plan_rules();
            for group in &config.ip_groups {
                prop_assert!(config.ip_group(&group.name).is_some());
            }
            prop_assert!(rules.len() <= text.lines().count());
        }
    }

    #[test]
    fn the_certificate_reader_never_panics(der in certificate_bytes()) {
        let info = CertificateInfo::from_der(&der);
        prop_assert_eq!(info.sha256, Sha256Fingerprint::of_certificate(&der));
    }
}
