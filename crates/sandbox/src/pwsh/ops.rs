//! Operators, casts and the few .NET methods scripts call on strings and arrays.

use std::cmp::Ordering;

use super::ast::{BinaryOp, CompareOp};
use super::error::ErrorRecord;
use super::value::{Props, Value};

/// Case-insensitive wildcard match with `*`, `?` and `[abc]`, as `-like` does.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.to_lowercase().chars().collect();
    let text: Vec<char> = text.to_lowercase().chars().collect();
    matches_from(&pattern, &text)
}

fn matches_from(pattern: &[char], text: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('*', rest)) => (0..=text.len()).any(|skip| matches_from(rest, &text[skip..])),
        Some(('?', rest)) => !text.is_empty() && matches_from(rest, &text[1..]),
        Some(('[', rest)) => {
            let Some(close) = rest.iter().position(|c| *c == ']') else {
                return text.first() == Some(&'[') && matches_from(rest, &text[1..]);
            };
            let Some(first) = text.first() else {
                return false;
            };
            rest[..close].contains(first) && matches_from(&rest[close + 1..], &text[1..])
        }
        Some((c, rest)) => text.first() == Some(c) && matches_from(rest, &text[1..]),
    }
}

fn regex_match(pattern: &str, text: &str) -> Result<bool, ErrorRecord> {
    let regex = regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .map_err(|e| {
            ErrorRecord::runtime(format!(
                "The regular expression pattern {pattern} is not valid: {e}"
            ))
        })?;
    Ok(regex.is_match(text))
}

/// Scalar equality with PowerShell's conversion of the right side to the left side's type.
fn equals(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Null, other) | (other, Value::Null) => matches!(other, Value::Null),
        (Value::Str(a), b) => a.eq_ignore_ascii_case(&b.to_string()),
        (Value::Bool(a), b) => *a == b.truthy(),
        (Value::Int(_) | Value::Double(_), b) => left
            .as_number()
            .zip(b.as_number())
            .is_some_and(|(x, y)| x == y),
        (a, b) => a == b,
    }
}

fn order(left: &Value, right: &Value) -> Option<Ordering> {
    match left {
        Value::Int(_) | Value::Double(_) => left.as_number()?.partial_cmp(&right.as_number()?),
        Value::Null => Some(if matches!(right, Value::Null) {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        _ => Some(
            left.to_string()
                .to_lowercase()
                .cmp(&right.to_string().to_lowercase()),
        ),
    }
}

pub fn compare(op: CompareOp, left: &Value, right: &Value) -> Result<Value, ErrorRecord> {
    match op {
        CompareOp::Contains | CompareOp::NotContains => {
            let found = left
                .clone()
                .into_items()
                .iter()
                .any(|item| equals(item, right));
            Ok(Value::Bool(found == (op == CompareOp::Contains)))
        }
        CompareOp::In | CompareOp::NotIn => {
            let found = right
                .clone()
                .into_items()
                .iter()
                .any(|item| equals(item, left));
            Ok(Value::Bool(found == (op == CompareOp::In)))
        }
        _ => match left {
            // Against a collection, comparison operators filter it.
            Value::Array(items) => {
                let mut kept = Vec::new();
                for item in items {
                    if scalar(op, item, right)? {
                        kept.push(item.clone());
                    }
                }
                Ok(Value::Array(kept))
            }
            _ => scalar(op, left, right).map(Value::Bool),
        },
    }
}

fn scalar(op: CompareOp, left: &Value, right: &Value) -> Result<bool, ErrorRecord> {
    Ok(match op {
        CompareOp::Eq => equals(left, right),
        CompareOp::Ne => !equals(left, right),
        CompareOp::Gt => order(left, right) == Some(Ordering::Greater),
        CompareOp::Ge => matches!(
            order(left, right),
            Some(Ordering::Greater | Ordering::Equal)
        ),
        CompareOp::Lt => order(left, right) == Some(Ordering::Less),
        CompareOp::Le => matches!(order(left, right), Some(Ordering::Less | Ordering::Equal)),
        CompareOp::Like => wildcard_match(&right.to_string(), &left.to_string()),
        CompareOp::NotLike => !wildcard_match(&right.to_string(), &left.to_string()),
        CompareOp::Match => regex_match(&right.to_string(), &left.to_string())?,
        CompareOp::NotMatch => !regex_match(&right.to_string(), &left.to_string())?,
        CompareOp::Contains | CompareOp::NotContains | CompareOp::In | CompareOp::NotIn => {
            compare(op, left, right)?.truthy()
        }
    })
}

pub fn arithmetic(op: BinaryOp, left: Value, right: Value) -> Result<Value, ErrorRecord> {
    let numeric = |a: &Value, b: &Value| a.as_number().zip(b.as_number());
    match (op, left) {
        (BinaryOp::Add, Value::Str(s)) => Ok(Value::Str(s + &right.to_string())),
        (BinaryOp::Add, Value::Array(mut items)) => {
            items.extend(right.into_items());
            Ok(Value::Array(items))
        }
        (BinaryOp::Add, Value::Hashtable(mut props)) => {
            let Value::Hashtable(more) = right else {
                return Err(ErrorRecord::runtime(
                    "A hash table can only be added to another hash table.",
                ));
            };
            for (key, value) in more.0 {
                if props.get(&key).is_some() {
                    return Err(ErrorRecord::runtime(format!(
                        "Item has already been added. Key in dictionary: '{key}'"
                    )));
                }
                props.insert(&key, value);
            }
            Ok(Value::Hashtable(props))
        }
        (BinaryOp::Add, Value::Null) => Ok(right),
        (BinaryOp::Mul, Value::Str(s)) => {
            let times = right.as_number().unwrap_or(0.0).max(0.0) as usize;
            Ok(Value::Str(s.repeat(times)))
        }
        (op, left) => {
            let (a, b) = numeric(&left, &right).ok_or_else(|| {
                ErrorRecord::runtime(format!("Method invocation failed because [{}] does not contain a method named 'op_{op:?}'.", left.type_name()))
            })?;
            let both_int = matches!((&left, &right), (Value::Int(_), Value::Int(_)));
            let result = match op {
                BinaryOp::Add => a + b,
                BinaryOp::Sub => a - b,
                BinaryOp::Mul => a * b,
                BinaryOp::Div if b == 0.0 => {
                    return Err(ErrorRecord::runtime("Attempted to divide by zero."))
                }
                BinaryOp::Div => a / b,
                _ => return Err(ErrorRecord::runtime("Unsupported operator.")),
            };
            Ok(if both_int && result.fract() == 0.0 {
                Value::Int(result as i64)
            } else {
                Value::Double(result)
            })
        }
    }
}

pub fn cast(type_name: &str, value: Value) -> Result<Value, ErrorRecord> {
    let invalid = |value: &Value| {
        ErrorRecord::runtime(format!(
            "Cannot convert value \"{value}\" to type \"{type_name}\"."
        ))
    };
    Ok(match type_name.to_ascii_lowercase().as_str() {
        "string" | "system.string" => Value::Str(value.to_string()),
        "int" | "int32" | "long" | "int64" | "system.int32" => match value.as_number() {
            Some(n) => Value::Int(n.round() as i64),
            None => return Err(invalid(&value)),
        },
        "double" | "system.double" => {
            Value::Double(value.as_number().ok_or_else(|| invalid(&value))?)
        }
        "bool" | "boolean" | "system.boolean" => Value::Bool(value.truthy()),
        "array" | "object[]" | "string[]" => Value::Array(value.into_items()),
        "pscustomobject" => match value {
            Value::Hashtable(props) => Value::Object(props),
            other => other,
        },
        "hashtable" => match value {
            Value::Object(props) => Value::Hashtable(props),
            Value::Hashtable(_) => value,
            other => return Err(invalid(&other)),
        },
        _ => {
            return Err(ErrorRecord::runtime(format!(
                "Unable to find type [{type_name}]."
            )))
        }
    })
}

pub fn method(object: &Value, name: &str, args: &[Value]) -> Result<Value, ErrorRecord> {
    let arg = |i: usize| args.get(i).map(Value::to_string).unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    if lower == "tostring" {
        return Ok(Value::Str(object.to_string()));
    }
    if lower == "gettype" {
        let full = object.type_name();
        let short = full.rsplit('.').next().unwrap_or(full);
        return Ok(Value::Object(Props(vec![
            ("Name".into(), Value::str(short)),
            ("FullName".into(), Value::str(full)),
        ])));
    }
    match object {
        Value::Str(s) => Ok(match lower.as_str() {
            "tolower" | "tolowerinvariant" => Value::Str(s.to_lowercase()),
            "toupper" | "toupperinvariant" => Value::Str(s.to_uppercase()),
            "trim" => Value::Str(s.trim().to_string()),
            "trimstart" => Value::Str(s.trim_start().to_string()),
            "trimend" => Value::Str(s.trim_end().to_string()),
            "startswith" => Value::Bool(s.starts_with(&arg(0))),
            "endswith" => Value::Bool(s.ends_with(&arg(0))),
            "contains" => Value::Bool(s.contains(&arg(0))),
            "indexof" => Value::Int(
                s.find(&arg(0))
                    .map_or(-1, |i| s[..i].chars().count() as i64),
            ),
            "replace" => Value::Str(s.replace(&arg(0), &arg(1))),
            "split" => {
                let separators: Vec<char> = arg(0).chars().collect();
                Value::Array(
                    s.split(|c| separators.contains(&c))
                        .map(Value::str)
                        .collect(),
                )
            }
            "substring" => {
                let start = args.first().and_then(Value::as_number).unwrap_or(0.0) as usize;
                let chars: Vec<char> = s.chars().collect();
                let len = args
                    .get(1)
                    .and_then(Value::as_number)
                    .map_or(chars.len().saturating_sub(start), |n| n as usize);
                if start + len > chars.len() {
                    return Err(ErrorRecord::runtime("Exception calling \"Substring\": index and length must refer to a location within the string."));
                }
                Value::Str(chars[start..start + len].iter().collect())
            }
            "equals" => Value::Bool(s == &arg(0)),
            _ => return Err(no_method(object, name)),
        }),
        Value::Array(items) if lower == "contains" => {
            Ok(Value::Bool(items.iter().any(|i| args.first() == Some(i))))
        }
        Value::Hashtable(props) if lower == "containskey" => {
            Ok(Value::Bool(props.get(&arg(0)).is_some()))
        }
        _ => Err(no_method(object, name)),
    }
}

fn no_method(object: &Value, name: &str) -> ErrorRecord {
    if matches!(object, Value::Null) {
        return ErrorRecord::runtime("You cannot call a method on a null-valued expression.");
    }
    ErrorRecord::runtime(format!(
        "Method invocation failed because [{}] does not contain a method named '{name}'.",
        object.type_name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_uses_wildcards_without_case() {
        assert!(wildcard_match("Tag:Unr*", "tag:unrestricted"));
        assert!(wildcard_match("sbc?.contoso.com", "SBC1.contoso.com"));
        assert!(!wildcard_match("sbc.*", "other.contoso.com"));
    }

    #[test]
    fn comparisons_convert_the_right_side_and_filter_arrays() {
        assert!(compare(CompareOp::Eq, &Value::Int(16), &Value::str("16"))
            .unwrap()
            .truthy());
        assert!(
            compare(CompareOp::Eq, &Value::str("ABC"), &Value::str("abc"))
                .unwrap()
                .truthy()
        );
        let list = Value::Array(vec![Value::str("a"), Value::str("b")]);
        assert_eq!(
            compare(CompareOp::Ne, &list, &Value::str("a")).unwrap(),
            Value::Array(vec![Value::str("b")])
        );
        assert!(compare(CompareOp::NotContains, &list, &Value::str("c"))
            .unwrap()
            .truthy());
    }
}
