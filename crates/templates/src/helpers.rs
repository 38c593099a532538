//! Template helpers. Values are escaped for their target language at the point of
//! use (HTML escaping is switched off), so every customer-supplied value in a script
//! goes through `cli_str` or `ps_str`.
//!
//! Each helper is a pure function over its parameter values, which keeps them easy
//! to test and lets them nest as subexpressions.

use std::borrow::Cow;

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, ScopedJson,
};
use serde_json::Value;

use crate::template::TemplateKind;

/// A helper body: appends its result for the given parameter values to `out`.
/// Appending to a caller's buffer lets one render write every helper's result
/// straight into the output, without an intermediate `Value` per call.
type HelperFn = fn(&[&Value], &mut String) -> Result<(), String>;

/// Our helpers, by name.
pub const HELPERS: &[(&str, HelperFn)] = &[
    ("cli_str", cli_str),
    ("ps_str", ps_str),
    ("join", join),
    ("e164", e164),
    ("regex_escape", regex_escape),
    ("sbc_prefix", sbc_prefix),
];

/// The helpers Handlebars itself provides, which templates may also use.
pub const BUILT_IN_HELPERS: &[&str] = &[
    "if", "unless", "each", "with", "lookup", "eq", "ne", "gt", "gte", "lt", "lte", "and", "or",
    "not", "len",
];

/// Block helpers whose first parameter becomes the new context of their body.
pub const SCOPING_HELPERS: &[&str] = &["each", "with"];

/// Built-in helpers that output a boolean or a number, which no script misreads.
pub const NON_TEXT_HELPERS: &[&str] = &[
    "eq", "ne", "gt", "gte", "lt", "lte", "and", "or", "not", "len",
];

/// The helper that quotes a value for scripts of this kind; nothing else may put
/// text into them.
pub fn quoting_helper(kind: TemplateKind) -> &'static str {
    match kind {
        TemplateKind::Sbc => "cli_str",
        TemplateKind::M365 => "ps_str",
    }
}

pub fn is_known(name: &str) -> bool {
    HELPERS.iter().any(|(known, _)| *known == name) || BUILT_IN_HELPERS.contains(&name)
}

pub fn register(registry: &mut Handlebars<'_>) {
    for (name, run) in HELPERS {
        registry.register_helper(name, Box::new(PureHelper { name, run: *run }));
    }
}

struct PureHelper {
    name: &'static str,
    run: HelperFn,
}

impl PureHelper {
    fn evaluate(&self, h: &Helper<'_>) -> Result<String, RenderError> {
        let mut values = Vec::with_capacity(h.params().len());
        for param in h.params() {
            if param.is_value_missing() {
                return Err(
                    RenderErrorReason::MissingVariable(param.relative_path().cloned()).into(),
                );
            }
            values.push(param.value());
        }
        let mut out = String::new();
        (self.run)(&values, &mut out).map_err(|message| {
            RenderError::from(RenderErrorReason::Other(format!(
                "{}: {message}",
                self.name
            )))
        })?;
        Ok(out)
    }
}

impl HelperDef for PureHelper {
    /// As a subexpression (`(sbc_prefix a b)`), the result is a value for the
    /// enclosing helper.
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        self.evaluate(h)
            .map(|text| ScopedJson::Derived(Value::String(text)))
    }

    /// As an expression (`{{cli_str Name}}`), the text goes straight to the output:
    /// the default would wrap it in a `Value`, render that to a new string and copy
    /// it once more through the (no-op) escape function, for every call.
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let text = self.evaluate(h)?;
        if text.is_empty() {
            return Ok(());
        }
        // The bookkeeping Handlebars does for any write; the indentation it
        // also handles only arises inside partials, which templates cannot use.
        rc.set_content_produced(true);
        out.write(&text)?;
        let trailing_newline = text.ends_with(['\n', '\r']);
        rc.set_trailing_newline(trailing_newline);
        rc.set_indent_before_write(trailing_newline);
        Ok(())
    }
}

/// A scalar as text; lists, objects and null are refused so that a wrong path
/// cannot silently render as `[object]` or nothing.
fn text(value: &Value) -> Result<Cow<'_, str>, String> {
    match value {
        Value::String(s) => Ok(Cow::Borrowed(s)),
        Value::Number(n) => Ok(Cow::Owned(n.to_string())),
        Value::Bool(b) => Ok(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Null => Err("the value is empty (null)".into()),
        Value::Array(_) | Value::Object(_) => {
            Err("expected a single value, got a list or group".into())
        }
    }
}

/// The parameters' texts, which helpers treat as one joined value.
fn texts<'a>(values: &[&'a Value]) -> Result<Vec<Cow<'a, str>>, String> {
    if values.is_empty() {
        return Err("expects at least one value".into());
    }
    values.iter().map(|v| text(v)).collect()
}

/// Appends `raw` to `out`, putting `escape` before every character `needs` picks.
/// Runs between escapes are copied whole, as most values need no escaping at all.
fn push_escaped(out: &mut String, raw: &str, escape: char, needs: impl Fn(char) -> bool) {
    out.reserve(raw.len());
    let mut copied = 0;
    for (at, _) in raw.char_indices().filter(|(_, c)| needs(*c)) {
        out.push_str(&raw[copied..at]);
        out.push(escape);
        copied = at;
    }
    out.push_str(&raw[copied..]);
}

/// An AudioCodes CLI double-quoted string of all parameters joined.
fn cli_str(values: &[&Value], out: &mut String) -> Result<(), String> {
    let parts = texts(values)?;
    // A line break would end the CLI command in the middle of the value.
    if parts.iter().any(|part| part.contains(['\n', '\r'])) {
        return Err("a CLI value cannot contain a line break".into());
    }
    out.reserve(parts.iter().map(|part| part.len()).sum::<usize>() + 2);
    out.push('"');
    for part in &parts {
        push_escaped(out, part, '\\', |c| c == '"' || c == '\\');
    }
    out.push('"');
    Ok(())
}

/// A PowerShell single-quoted string of all parameters joined. PowerShell also
/// treats the typographic single quotes as quote characters, so they are doubled too.
fn ps_str(values: &[&Value], out: &mut String) -> Result<(), String> {
    let parts = texts(values)?;
    out.push('\'');
    for part in &parts {
        for c in part.chars() {
            if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
                out.push(c);
            }
            out.push(c);
        }
    }
    out.push('\'');
    Ok(())
}

/// `join list separator`: the list's items as text joined by the separator.
fn join(values: &[&Value], out: &mut String) -> Result<(), String> {
    let [Value::Array(items), separator] = values else {
        return Err("expects a list and a separator".into());
    };
    let separator = text(separator)?;
    // Checked before writing, so a bad item leaves nothing half-written.
    let parts = items.iter().map(text).collect::<Result<Vec<_>, _>>()?;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(&separator);
        }
        out.push_str(part);
    }
    Ok(())
}

/// A phone number as `+` and digits; spaces, dashes, dots and brackets are dropped.
fn e164(values: &[&Value], out: &mut String) -> Result<(), String> {
    let [value] = values else {
        return Err("expects one number".into());
    };
    let raw = text(value)?;
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+'))
        .collect();
    let plus_only_at_start = raw
        .trim_start()
        .strip_prefix('+')
        .unwrap_or(raw.trim_start());
    if digits.is_empty()
        || digits.len() > 15
        || !digits.chars().all(|c| c.is_ascii_digit())
        || plus_only_at_start.contains('+')
    {
        return Err(format!("'{raw}' is not an E.164 number"));
    }
    out.push('+');
    out.push_str(&digits);
    Ok(())
}

/// Escapes regular expression metacharacters, for a literal part of a NumberPattern.
fn regex_escape(values: &[&Value], out: &mut String) -> Result<(), String> {
    for part in &texts(values)? {
        push_escaped(out, part, '\\', |c| "\\.+*?()|[]{}^$#-".contains(c));
    }
    Ok(())
}

/// Characters with a meaning in SBC dial plan prefixes.
const PREFIX_SPECIAL: &str = "\\.xXzZnN*#[](),";

/// Escapes each parameter for the SBC prefix notation and joins them with a
/// literal dot (`\.`): `sbc_prefix user host` matches `user.host` exactly.
fn sbc_prefix(values: &[&Value], out: &mut String) -> Result<(), String> {
    let parts = texts(values)?;
    if let Some(raw) = parts
        .iter()
        .find(|raw| raw.chars().any(char::is_whitespace))
    {
        return Err(format!(
            "'{raw}' contains white space, which a prefix cannot hold"
        ));
    }
    for (i, raw) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str("\\.");
        }
        push_escaped(out, raw, '\\', |c| PREFIX_SPECIAL.contains(c));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(helper: HelperFn, args: &[Value]) -> Result<String, String> {
        let refs: Vec<&Value> = args.iter().collect();
        let mut out = String::new();
        helper(&refs, &mut out).map(|()| out)
    }

    fn s(v: Result<String, String>) -> String {
        v.unwrap_or_else(|message| panic!("unexpected error: {message}"))
    }

    #[test]
    fn cli_strings_escape_quotes_and_backslashes_and_refuse_line_breaks() {
        assert_eq!(
            s(call(cli_str, &[json!(r#"O'Brien "Ltd" \x"#)])),
            r#""O'Brien \"Ltd\" \\x""#
        );
        assert_eq!(
            s(call(cli_str, &[json!("a"), json!(5), json!("-c")])),
            r#""a5-c""#
        );
        assert!(call(cli_str, &[json!("a\nb")])
            .unwrap_err()
            .contains("line break"));
        assert!(call(cli_str, &[json!(null)]).is_err());
        assert!(call(cli_str, &[json!(["a"])]).is_err());
    }

    #[test]
    fn powershell_strings_double_every_kind_of_single_quote() {
        assert_eq!(
            s(call(ps_str, &[json!(r#"O'Brien "Ltd" $x"#)])),
            r#"'O''Brien "Ltd" $x'"#
        );
        assert_eq!(
            s(call(ps_str, &[json!("a\u{2019}b")])),
            "'a\u{2019}\u{2019}b'"
        );
    }

    #[test]
    fn e164_normalises_or_refuses() {
        assert_eq!(s(call(e164, &[json!("+1 (425) 555-0100")])), "+14255550100");
        assert_eq!(s(call(e164, &[json!("4930123")])), "+4930123");
        assert!(call(e164, &[json!("12ab")]).is_err());
        assert!(call(e164, &[json!("1+2")]).is_err());
    }

    #[test]
    fn join_regex_escape_and_prefix_escape() {
        assert_eq!(s(call(join, &[json!(["a", 1]), json!(", ")])), "a, 1");
        assert!(call(join, &[json!("a"), json!(",")]).is_err());
        assert_eq!(s(call(regex_escape, &[json!("+1.425")])), r"\+1\.425");
        assert_eq!(
            s(call(sbc_prefix, &[json!("2345"), json!("pbx.example")])),
            r"2345\.pb\x\.e\xample"
        );
        assert!(call(sbc_prefix, &[json!("a b")]).is_err());
    }

    #[test]
    fn escaping_copies_runs_between_escapes_and_keeps_multibyte_text() {
        let mut out = String::from("x");
        push_escaped(&mut out, "\"é\"ü\"", '\\', |c| c == '"');
        assert_eq!(out, "x\\\"é\\\"ü\\\"");
        assert_eq!(
            s(call(cli_str, &[json!("Zürich \"1\""), json!(true)])),
            "\"Zürich \\\"1\\\"true\""
        );
    }
}
