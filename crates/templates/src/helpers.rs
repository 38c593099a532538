//! Template helpers. Values are escaped for their target language at the point of
//! use (HTML escaping is switched off), so every customer-supplied value in a script
//! goes through `cli_str` or `ps_str`.
//!
//! Each helper is a pure function over its parameter values, which keeps them easy
//! to test and lets them nest as subexpressions.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason,
    ScopedJson,
};
use serde_json::Value;

type HelperFn = fn(&[&Value]) -> Result<Value, String>;

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

impl HelperDef for PureHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let mut values = Vec::with_capacity(h.params().len());
        for param in h.params() {
            if param.is_value_missing() {
                return Err(
                    RenderErrorReason::MissingVariable(param.relative_path().cloned()).into(),
                );
            }
            values.push(param.value());
        }
        (self.run)(&values)
            .map(ScopedJson::Derived)
            .map_err(|message| RenderErrorReason::Other(format!("{}: {message}", self.name)).into())
    }
}

/// A scalar as text; lists, objects and null are refused so that a wrong path
/// cannot silently render as `[object]` or nothing.
fn text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Err("the value is empty (null)".into()),
        Value::Array(_) | Value::Object(_) => {
            Err("expected a single value, got a list or group".into())
        }
    }
}

fn concat(values: &[&Value]) -> Result<String, String> {
    if values.is_empty() {
        return Err("expects at least one value".into());
    }
    values.iter().map(|v| text(v)).collect()
}

/// An AudioCodes CLI double-quoted string of all parameters joined.
fn cli_str(values: &[&Value]) -> Result<Value, String> {
    let joined = concat(values)?;
    // A line break would end the CLI command in the middle of the value.
    if joined.contains(['\n', '\r']) {
        return Err("a CLI value cannot contain a line break".into());
    }
    let mut out = String::with_capacity(joined.len() + 2);
    out.push('"');
    for c in joined.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    Ok(Value::String(out))
}

/// A PowerShell single-quoted string of all parameters joined. PowerShell also
/// treats the typographic single quotes as quote characters, so they are doubled too.
fn ps_str(values: &[&Value]) -> Result<Value, String> {
    let joined = concat(values)?;
    let mut out = String::with_capacity(joined.len() + 2);
    out.push('\'');
    for c in joined.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    Ok(Value::String(out))
}

/// `join list separator`: the list's items as text joined by the separator.
fn join(values: &[&Value]) -> Result<Value, String> {
    let [Value::Array(items), separator] = values else {
        return Err("expects a list and a separator".into());
    };
    let separator = text(separator)?;
    let parts = items.iter().map(text).collect::<Result<Vec<_>, _>>()?;
    Ok(Value::String(parts.join(&separator)))
}

/// A phone number as `+` and digits; spaces, dashes, dots and brackets are dropped.
fn e164(values: &[&Value]) -> Result<Value, String> {
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
    Ok(Value::String(format!("+{digits}")))
}

/// Escapes regular expression metacharacters, for a literal part of a NumberPattern.
fn regex_escape(values: &[&Value]) -> Result<Value, String> {
    let raw = concat(values)?;
    let mut out = String::with_capacity(raw.len() * 2);
    for c in raw.chars() {
        if "\\.+*?()|[]{}^$#-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(Value::String(out))
}

/// Characters with a meaning in SBC dial plan prefixes.
const PREFIX_SPECIAL: &str = "\\.xXzZnN*#[](),";

/// Escapes each parameter for the SBC prefix notation and joins them with a
/// literal dot (`\.`): `sbc_prefix user host` matches `user.host` exactly.
fn sbc_prefix(values: &[&Value]) -> Result<Value, String> {
    if values.is_empty() {
        return Err("expects at least one value".into());
    }
    let mut parts = Vec::with_capacity(values.len());
    for value in values {
        let raw = text(value)?;
        if raw.chars().any(char::is_whitespace) {
            return Err(format!(
                "'{raw}' contains white space, which a prefix cannot hold"
            ));
        }
        let mut escaped = String::with_capacity(raw.len() * 2);
        for c in raw.chars() {
            if PREFIX_SPECIAL.contains(c) {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        parts.push(escaped);
    }
    Ok(Value::String(parts.join("\\.")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(helper: HelperFn, args: &[Value]) -> Result<Value, String> {
        let refs: Vec<&Value> = args.iter().collect();
        helper(&refs)
    }

    fn s(v: Result<Value, String>) -> String {
        match v {
            Ok(Value::String(s)) => s,
            other => panic!("unexpected {other:?}"),
        }
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
}
