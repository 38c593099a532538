//! The client's AudioCodes CLI grammar (`switchboard-sbc-cli`) against the emulated
//! SBC's own, independent one: every line of one corpus must be accepted by both or
//! refused by both. The corpus is every shipped SBC template rendered with awkward
//! values, plus hand-written good and bad lines.
//!
//! Both grammars are walked the same way (`walk`), so a disagreement can only come from
//! the grammars themselves: how a line splits into words, which table a path or a
//! sub-row word names, which attributes a table has, and which values they accept.

use switchboard_sandbox::test_support::sbc_grammar as emulator;
use switchboard_templates::*;

/// What a grammar is asked, one line at a time. Tables are named by their CLI path.
trait Grammar {
    fn words(&self, line: &str) -> Result<Vec<String>, String>;
    /// The table with the longest path that `words` start with, and the path's length.
    fn table_at(&self, words: &[&str]) -> Option<(String, usize)>;
    fn sub_table(&self, parent: &str, word: &str) -> Option<String>;
    /// `None` when the table has no such attribute.
    fn check_value(&self, table: &str, attribute: &str, value: &str) -> Option<Result<(), String>>;
}

struct Shared;

impl Grammar for Shared {
    fn words(&self, line: &str) -> Result<Vec<String>, String> {
        switchboard_sbc_cli::tokenize(line).map_err(|error| error.to_string())
    }

    fn table_at(&self, words: &[&str]) -> Option<(String, usize)> {
        switchboard_sbc_cli::table_at(words).map(|(table, _)| (path(table), table.path.len()))
    }

    fn sub_table(&self, parent: &str, word: &str) -> Option<String> {
        shared_table(parent)?
            .sub_table()
            .filter(|sub| sub.parent.is_some_and(|(_, opener)| opener == word))
            .map(path)
    }

    fn check_value(&self, table: &str, attribute: &str, value: &str) -> Option<Result<(), String>> {
        let attribute = shared_table(table)?.attribute(attribute)?;
        Some(switchboard_sbc_cli::check_value(attribute.kind, value).map_err(|e| e.to_string()))
    }
}

fn path(table: &switchboard_sbc_cli::Table) -> String {
    table.path.join(" ")
}

fn shared_table(by_path: &str) -> Option<&'static switchboard_sbc_cli::Table> {
    switchboard_sbc_cli::TABLES
        .iter()
        .find(|table| path(table) == by_path)
}

struct Emulator;

impl Grammar for Emulator {
    fn words(&self, line: &str) -> Result<Vec<String>, String> {
        emulator::words(line)
    }

    fn table_at(&self, words: &[&str]) -> Option<(String, usize)> {
        emulator::table_at(words)
    }

    fn sub_table(&self, parent: &str, word: &str) -> Option<String> {
        emulator::sub_table(parent, word)
    }

    fn check_value(&self, table: &str, attribute: &str, value: &str) -> Option<Result<(), String>> {
        emulator::check_value(table, attribute, value)
    }
}

/// Each non-blank line of `script` with the grammar's verdict on it. The walk keeps
/// the open rows as a stack of table paths; a line an inner row does not know is tried
/// in the outer ones, as on the device.
fn walk(grammar: &dyn Grammar, script: &str) -> Vec<(String, Result<(), String>)> {
    let mut open: Vec<String> = Vec::new();
    let mut verdicts = Vec::new();
    for line in script.lines().filter(|line| !line.trim().is_empty()) {
        let verdict = grammar
            .words(line)
            .and_then(|words| step(grammar, &mut open, &words));
        verdicts.push((line.to_string(), verdict));
    }
    verdicts
}

fn step(grammar: &dyn Grammar, open: &mut Vec<String>, words: &[String]) -> Result<(), String> {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let (deleting, rest) = match words.as_slice() {
        ["exit"] => {
            open.pop();
            return Ok(());
        }
        ["activate"] | ["configure", "voip"] | ["do", ..] => return Ok(()),
        ["no", rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    let [first, values @ ..] = rest else {
        return Err("`no` alone".into());
    };
    if let Some((table, length)) = grammar.table_at(rest) {
        if length == rest.len() {
            return Err(format!("`{table}` needs a row selector"));
        }
        open.clear();
        if !deleting {
            open.push(table);
        }
        return Ok(());
    }
    for depth in (0..open.len()).rev() {
        if let Some(sub) = grammar.sub_table(&open[depth], first) {
            open.truncate(depth + 1);
            if !deleting {
                open.push(sub);
            }
            return Ok(());
        }
        if let Some(verdict) = values
            .first()
            .and_then(|value| grammar.check_value(&open[depth], first, value))
        {
            return match (deleting, values.len()) {
                (false, 1) => verdict,
                _ => Err(format!("`{first}` takes exactly one value")),
            };
        }
        if deleting && values.is_empty() && grammar.check_value(&open[depth], first, "").is_some() {
            return Ok(());
        }
    }
    Err(format!("`{}` is not known here", words.join(" ")))
}

/// Values that have broken CLI quoting somewhere before, or that the device limits.
fn awkward_values() -> Vec<String> {
    [
        "fabrikam.example",
        "O'Brien \"Ltd\"",
        "\"",
        "with  spaces\tand a tab",
        r"C:\path\",
        r#"a\"b\\"#,
        r"1\.2\x",
        "Zürich–Ünïcødé 日本 😀",
        "no\u{a0}break",
        "",
        "Tenant=a;Trunk=b",
        "+1425555[0100-0199]",
    ]
    .into_iter()
    .map(String::from)
    .chain(["x".repeat(41), "é".repeat(71), "y".repeat(300)])
    .collect()
}

/// The example context with every free text set to `value`. E.164 numbers stay valid
/// (the `e164` helper refuses anything else), and so do the PBX user's names where
/// `value` holds white space (which `sbc_prefix` refuses).
fn awkward_context(template: &ScriptTemplate, value: &str, action: PbxAction) -> TemplateContext {
    let mut context = TemplateContext::example(&template.meta.customer_variables);
    let text = || value.to_string();
    context.customer.id = text();
    context.customer.name = text();
    context.sbc.carrier_id = text();
    context.sbc.online_pstn_gateway = text();
    context.sbc.cac_profile = Some(text());
    if let Some(registration) = context.sbc.carrier_registration.as_mut() {
        registration.user_name = text();
        registration.password = text();
        registration.host_name = text();
        registration.main_line = text();
    }
    for plan in &mut context.prefixes {
        plan.dial_plan_name = text();
        for rule in &mut plan.rules {
            (rule.name, rule.prefix, rule.tag) = (text(), text(), text());
        }
    }
    context.cmd.dial_plan_name = Some(text());
    for rule in &mut context.cmd.to_add {
        (rule.prefix, rule.tag) = (text(), text());
    }
    if let Some(user) = context.cmd.pbx_user.as_mut() {
        user.action = action;
        user.pbx_extension = text();
        user.registering_user_name = text();
        user.registering_password = text();
        if !value.contains(char::is_whitespace) {
            (user.local_user_name, user.pbx_host) = (text(), text());
        }
    }
    for custom in context.custom.values_mut() {
        *custom = text();
    }
    context
}

fn rendered_templates() -> Vec<(String, String)> {
    let engine = Engine::new();
    let templates = default_templates().unwrap_or_else(|e| panic!("{e}"));
    let sbc_templates: Vec<&ScriptTemplate> = templates
        .iter()
        .filter(|template| template.meta.kind == TemplateKind::Sbc)
        .collect();
    assert_eq!(
        sbc_templates.len(),
        9,
        "a shipped SBC template is missing here"
    );
    let mut scripts = Vec::new();
    for template in sbc_templates {
        for value in awkward_values() {
            for action in [PbxAction::Create, PbxAction::Delete] {
                let context = awkward_context(template, &value, action);
                let script = engine
                    .render(template, &context)
                    .unwrap_or_else(|e| panic!("{} with {value:?}: {e}", template.meta.id));
                // Only the PBX user template reads the action.
                if scripts.last().is_none_or(|(_, last)| *last != script) {
                    scripts.push((format!("{} with {value:?}", template.meta.id), script));
                }
            }
        }
    }
    scripts
}

/// Row openers and one line inside them each; `true` where the device accepts it.
const HAND_WRITTEN: &[(&str, &str, bool)] = &[
    ("ip-group new", r#"name "a \"b\" c""#, true),
    ("ip-group new", r#"name """#, true),
    ("ip-group new", "name plain-word", true),
    ("ip-group new", r#"type "user""#, true),
    ("ip-group new", "no cac-profile", true),
    ("ip-group new", "call-setup-rules-set-id -1", true),
    ("ip-group new", r#"tags "Tenant=a.example;Trunk=b""#, true),
    ("proxy-set 0", r#"proxy-ip 0/new"#, true),
    ("proxy-set new", "proxy-ip new", true),
    ("sbc dial-plan 0", "dial-plan-rule new", true),
    (
        "sbc dial-plan-rule 0/new",
        r#"prefix "+4930([100-199])""#,
        true,
    ),
    (
        "sbc dial-plan-rule 0/new",
        r#"prefix "2345\.pbx\.example""#,
        true,
    ),
    ("sbc dial-plan-rule 0/new", r#"prefix "*""#, true),
    ("sbc dial-plan-rule 0/new", r#"prefix "1800#""#, true),
    (
        "sip-definition account new",
        r#"password "p@ss \"w\\ord\"""#,
        true,
    ),
    ("ip-group new", r#"name "a"b"#, false),
    ("ip-group new", r#"name "a""b""#, false),
    ("ip-group new", r#"name ab"c""#, false),
    ("ip-group new", r#"name a\"b"#, false),
    ("ip-group new", r#"name "open"#, false),
    ("ip-group new", r#"name "ends in a backslash\""#, false),
    ("ip-group new", r#"name "two" "values""#, false),
    ("ip-group new", "name", false),
    ("ip-group new", r#"colour "red""#, false),
    ("ip-group new", "type printer", false),
    ("ip-group new", "type USER", false),
    ("ip-group new", "call-setup-rules-set-id 32", false),
    ("ip-group new", "call-setup-rules-set-id one", false),
    ("ip-group new", r#"call-setup-rules-set-id """#, false),
    ("ip-group new", r#"tags "Teams;Other""#, false),
    ("ip-group new", r#"tags "Tenant=""#, false),
    ("ip-group new", r#"tags "Tenant=a b""#, false),
    ("proxy-set new", "proxy-keep-alive-time 4", false),
    ("proxy-ip 0/new", "priority 65536", false),
    ("proxy-ip 0/new", "transport-type sctp", false),
    (
        "sbc dial-plan new",
        r#"name "twenty-one characters""#,
        false,
    ),
    ("sbc dial-plan-rule 0/new", r#"prefix """#, false),
    ("sbc dial-plan-rule 0/new", r#"prefix "12#3""#, false),
    ("sbc dial-plan-rule 0/new", r#"prefix "12*""#, false),
    ("sbc dial-plan-rule 0/new", r#"prefix "12 3""#, false),
    ("sbc dial-plan-rule 0/new", r#"prefix "12[3-45]""#, false),
    ("sbc dial-plan-rule 0/new", r#"prefix "12[30-20]""#, false),
    ("sbc dial-plan-rule 0/new", r#"prefix "12[3""#, false),
    ("sbc dial-plan-rule 0/new", r#"prefix "12([3-4]""#, false),
    ("sbc dial-plan-rule 0/new", r#"prefix "12\""#, false),
    ("sip-definition account new", "register sometimes", false),
    ("ip-group new", "frobnicate now", false),
];

fn hand_written() -> Vec<(String, String)> {
    HAND_WRITTEN
        .iter()
        .map(|(opener, line, _)| {
            (
                format!("hand-written `{line}` in `{opener}`"),
                format!("configure voip\n {opener}\n  {line}\n"),
            )
        })
        .collect()
}

#[test]
fn the_emulator_and_the_client_grammar_agree_on_every_line() {
    let mut corpus = rendered_templates();
    corpus.extend(hand_written());
    let mut lines = 0;
    let mut refused = 0;
    let mut disagreements = Vec::new();
    for (name, script) in &corpus {
        let shared = walk(&Shared, script);
        let emulated = walk(&Emulator, script);
        for ((line, client), (_, device)) in shared.iter().zip(&emulated) {
            lines += 1;
            refused += usize::from(client.is_err());
            if client.is_ok() != device.is_ok() {
                disagreements.push(format!(
                    "{name}: `{line}`\n  client: {client:?}\n  emulator: {device:?}"
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {lines} lines disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    // Guards against a corpus that proves nothing: both kinds of line are in it.
    assert!(
        refused > 100 && lines - refused > 1000,
        "{refused} of {lines} refused"
    );
}

#[test]
fn hand_written_lines_mean_what_they_say() {
    for ((_, script), (_, line, accepted)) in hand_written().iter().zip(HAND_WRITTEN) {
        let verdicts = walk(&Shared, script);
        let last = verdicts.last().map(|(_, verdict)| verdict.clone());
        assert_eq!(
            last.map(|v| v.is_ok()),
            Some(*accepted),
            "`{line}`: {verdicts:?}"
        );
    }
}
