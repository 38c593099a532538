//! Property tests of the quoting helpers: whatever a customer types, the quoted
//! value reads back as exactly that value in the target language, or the helper
//! refuses it with a reason.

use proptest::prelude::*;
use switchboard_sandbox::pwsh::value::Value;
use switchboard_sandbox::pwsh::Interpreter;
use switchboard_templates::{Engine, TemplateContext, TemplateError};

/// Renders `body` with `value` as `CustomVar.Value`.
fn render(body: &str, value: &str) -> Result<String, TemplateError> {
    let engine = Engine::new();
    let mut context = TemplateContext::example(&["Value".to_string()]);
    context.custom.insert("Value".into(), value.to_string());
    engine.compile(body)?.render(&engine, &context)
}

/// Any text, with the characters that mean something to a shell or a CLI lexer far
/// more often than uniformly drawn characters would give them.
fn customer_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '\'', '"', '\\', '`', '$', '@', '(', ')', '{', '}', ';', '#', '|', '&', ' ', '\t', '\n',
        '\r', '\0', '\u{85}', '\u{2028}', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}',
        '\u{201C}', '\u{201D}',
    ]);
    prop::collection::vec(prop_oneof![any::<char>(), special], 0..40)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn ps_str_evaluates_to_the_same_string_in_powershell(text in customer_text()) {
        let script = render("$value = {{ps_str CustomVar.Value}}", &text)
            .expect("ps_str takes any text");
        let (mut stdout, mut stderr, mut stdin) = (Vec::new(), Vec::new(), std::io::empty());
        let mut interpreter = Interpreter::new(&mut stdout, &mut stderr, &mut stdin);
        let code = interpreter.run(&script);
        let value = interpreter.var("value");
        drop(interpreter);
        prop_assert_eq!(code, 0, "{} {}", script, String::from_utf8_lossy(&stderr));
        prop_assert_eq!(value, Value::str(text));
    }

    #[test]
    fn cli_str_reads_back_through_the_cli_lexer_or_is_refused(text in customer_text()) {
        match render("{{cli_str CustomVar.Value}}", &text) {
            Ok(line) => prop_assert_eq!(switchboard_sbc_cli::tokenize(&line), Ok(vec![text])),
            // A line break would end the command; the helper says so.
            Err(error) => {
                prop_assert!(text.contains(['\n', '\r']), "{}", error);
                prop_assert!(error.to_string().contains("cli_str: a CLI value cannot contain a line break"), "{}", error);
            }
        }
    }
}
