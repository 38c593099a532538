//! `Get-CsOnlineUser -Filter` expressions (module ≥ 3.0 syntax):
//! `Property -op value` terms joined by `-and`/`-or`, with `-not` and parentheses.
//! Values are quoted strings, numbers, barewords or `$true`/`$false`/`$null`;
//! comparisons behave as PowerShell's operators do.

use serde_json::Value as Json;

use crate::pwsh::ast::CompareOp;
use crate::pwsh::ops;
use crate::pwsh::value::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Compare {
        property: String,
        op: CompareOp,
        value: Value,
    },
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Dash(String),
    Open,
    Close,
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' || c == ')' {
            out.push(if c == '(' { Token::Open } else { Token::Close });
            i += 1;
        } else if c == '\'' || c == '"' {
            let mut value = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(format!("The filter has an unterminated string: {text}")),
                    Some(&q) if q == c && chars.get(i + 1) == Some(&c) => {
                        value.push(c);
                        i += 2;
                    }
                    Some(&q) if q == c => {
                        i += 1;
                        break;
                    }
                    Some(&other) => {
                        value.push(other);
                        i += 1;
                    }
                }
            }
            out.push(Token::Quoted(value));
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !"()'\"".contains(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match word.strip_prefix('-') {
                Some(op) if op.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) => {
                    out.push(Token::Dash(op.to_ascii_lowercase()))
                }
                _ => out.push(Token::Word(word)),
            }
        }
    }
    Ok(out)
}

pub fn parse(text: &str) -> Result<Filter, String> {
    let tokens = tokens(text)?;
    let mut pos = 0;
    let filter = or_expr(&tokens, &mut pos, text)?;
    if pos != tokens.len() {
        return Err(format!(
            "The filter '{text}' is not valid: unexpected text after position {pos}."
        ));
    }
    Ok(filter)
}

fn or_expr(tokens: &[Token], pos: &mut usize, text: &str) -> Result<Filter, String> {
    let mut left = and_expr(tokens, pos, text)?;
    while tokens.get(*pos) == Some(&Token::Dash("or".into())) {
        *pos += 1;
        left = Filter::Or(Box::new(left), Box::new(and_expr(tokens, pos, text)?));
    }
    Ok(left)
}

fn and_expr(tokens: &[Token], pos: &mut usize, text: &str) -> Result<Filter, String> {
    let mut left = term(tokens, pos, text)?;
    while tokens.get(*pos) == Some(&Token::Dash("and".into())) {
        *pos += 1;
        left = Filter::And(Box::new(left), Box::new(term(tokens, pos, text)?));
    }
    Ok(left)
}

fn term(tokens: &[Token], pos: &mut usize, text: &str) -> Result<Filter, String> {
    let invalid = || {
        format!("The filter '{text}' is not valid. Use terms like \"Property -eq 'value'\" joined by -and / -or.")
    };
    match tokens.get(*pos) {
        Some(Token::Dash(not)) if not == "not" => {
            *pos += 1;
            Ok(Filter::Not(Box::new(term(tokens, pos, text)?)))
        }
        Some(Token::Open) => {
            *pos += 1;
            let inner = or_expr(tokens, pos, text)?;
            if tokens.get(*pos) != Some(&Token::Close) {
                return Err(invalid());
            }
            *pos += 1;
            Ok(inner)
        }
        Some(Token::Word(property)) => {
            let op = match tokens.get(*pos + 1) {
                Some(Token::Dash(op)) => CompareOp::parse(op).ok_or_else(invalid)?,
                _ => return Err(invalid()),
            };
            let value = match tokens.get(*pos + 2) {
                Some(Token::Quoted(s)) => Value::Str(s.clone()),
                Some(Token::Word(w)) => literal(w),
                _ => return Err(invalid()),
            };
            *pos += 3;
            Ok(Filter::Compare {
                property: property.clone(),
                op,
                value,
            })
        }
        _ => Err(invalid()),
    }
}

fn literal(word: &str) -> Value {
    match word.to_ascii_lowercase().as_str() {
        // A double-quoted filter has `$true` already expanded to `True` by the script.
        "$true" | "true" => Value::Bool(true),
        "$false" | "false" => Value::Bool(false),
        "$null" => Value::Null,
        _ => word
            .parse::<i64>()
            .map(Value::Int)
            .unwrap_or_else(|_| Value::Str(word.to_string())),
    }
}

impl Filter {
    /// Tests a `Get-CsOnlineUser` object; property names ignore case.
    pub fn matches(&self, object: &Json) -> bool {
        match self {
            Filter::Compare {
                property,
                op,
                value,
            } => {
                let actual = object
                    .as_object()
                    .and_then(|map| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(property)))
                    .map_or(Value::Null, |(_, v)| Value::from_json(v, false));
                ops::compare(*op, &actual, value).is_ok_and(|v| v.truthy())
            }
            Filter::And(a, b) => a.matches(object) && b.matches(object),
            Filter::Or(a, b) => a.matches(object) || b.matches(object),
            Filter::Not(inner) => !inner.matches(object),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn terms_combine_with_and_or_not() {
        let user = json!({"LineURI": "tel:+14255550100", "EnterpriseVoiceEnabled": true, "Department": "Sales", "UsageLocation": "US"});
        assert!(
            parse("EnterpriseVoiceEnabled -eq $true -and Department -like 'sal*'")
                .unwrap()
                .matches(&user)
        );
        assert!(parse("LineURI -eq \"tel:+14255550100\"")
            .unwrap()
            .matches(&user));
        assert!(
            !parse("UsageLocation -eq 'GB' -or -not (Department -eq 'Sales')")
                .unwrap()
                .matches(&user)
        );
        assert!(!parse("EnterpriseVoiceEnabled -eq False")
            .unwrap()
            .matches(&user));
        assert!(parse("Department -eq").is_err());
        assert!(parse("Department -frobs 'x'").is_err());
    }
}
