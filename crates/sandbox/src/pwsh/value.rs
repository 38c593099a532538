//! The values a script works with, and how they convert to and from JSON.

use std::fmt;
use std::rc::Rc;

use super::ast::Block;
use super::error::ErrorRecord;

/// A PowerShell value. Objects keep their properties in insertion order, as
/// `PSCustomObject` does, and look names up without regard to case.
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Double(f64),
    Str(String),
    Array(Vec<Value>),
    Hashtable(Props),
    Object(Props),
    ScriptBlock(Rc<Block>),
    Error(Box<ErrorRecord>),
}

/// Ordered, case-insensitive property bag.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Props(pub Vec<(String, Value)>);

impl Props {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    pub fn insert(&mut self, name: &str, value: Value) {
        match self
            .0
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
        {
            Some(slot) => slot.1 = value,
            None => self.0.push((name.to_string(), value)),
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Double(a), Value::Double(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Hashtable(a), Value::Hashtable(b)) | (Value::Object(a), Value::Object(b)) => {
                a == b
            }
            _ => false,
        }
    }
}

impl Value {
    pub fn str(s: impl Into<String>) -> Self {
        Value::Str(s.into())
    }

    /// PowerShell truthiness: empty strings, zero, `$null` and empty arrays are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Double(d) => *d != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Array(items) => match items.as_slice() {
                [] => false,
                [only] => only.truthy(),
                _ => true,
            },
            _ => true,
        }
    }

    /// The items a pipeline enumerates: arrays unroll, `$null` yields nothing.
    pub fn into_items(self) -> Vec<Value> {
        match self {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            other => vec![other],
        }
    }

    /// Pipeline output collected into one value, as an assignment sees it.
    pub fn from_items(mut items: Vec<Value>) -> Value {
        match items.len() {
            0 => Value::Null,
            1 => items.remove(0),
            _ => Value::Array(items),
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Double(d) => Some(*d),
            Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            Value::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A property of an object, hashtable key, error record field or array member enumeration.
    pub fn member(&self, name: &str) -> Value {
        match self {
            Value::Object(props) | Value::Hashtable(props) => {
                if let Some(value) = props.get(name) {
                    return value.clone();
                }
                if name.eq_ignore_ascii_case("Count") {
                    // A hashtable counts its keys; any other single object counts as one.
                    let count = if matches!(self, Value::Hashtable(_)) {
                        props.0.len()
                    } else {
                        1
                    };
                    return Value::Int(count as i64);
                }
                Value::Null
            }
            Value::Array(items) => {
                if name.eq_ignore_ascii_case("Count") || name.eq_ignore_ascii_case("Length") {
                    return Value::Int(items.len() as i64);
                }
                let found: Vec<Value> = items
                    .iter()
                    .map(|item| item.member(name))
                    .filter(|v| !matches!(v, Value::Null))
                    .collect();
                Value::from_items(found)
            }
            Value::Str(s) if name.eq_ignore_ascii_case("Length") => {
                Value::Int(s.chars().count() as i64)
            }
            Value::Error(record) => record.member(name),
            Value::Null => Value::Null,
            _ if name.eq_ignore_ascii_case("Count") => Value::Int(1),
            _ => Value::Null,
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        self.to_json_depth(usize::MAX)
    }

    /// `ConvertTo-Json` semantics: containers deeper than `depth` are written as their string form.
    pub fn to_json_depth(&self, depth: usize) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Double(d) => serde_json::Number::from_f64(*d)
                .map(J::Number)
                .unwrap_or(J::Null),
            Value::Str(s) => J::String(s.clone()),
            Value::Array(items) if depth == 0 => J::String(
                items
                    .iter()
                    .map(Value::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Value::Array(items) => {
                J::Array(items.iter().map(|v| v.to_json_depth(depth - 1)).collect())
            }
            Value::Hashtable(_) | Value::Object(_) | Value::Error(_) if depth == 0 => {
                J::String(self.to_string())
            }
            Value::Hashtable(props) | Value::Object(props) => J::Object(
                props
                    .0
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json_depth(depth - 1)))
                    .collect(),
            ),
            Value::ScriptBlock(_) => J::String(self.to_string()),
            Value::Error(record) => record.to_value().to_json_depth(depth),
        }
    }

    /// JSON objects become `PSCustomObject`s (or hashtables when asked), as `ConvertFrom-Json` does.
    pub fn from_json(json: &serde_json::Value, as_hashtable: bool) -> Value {
        use serde_json::Value as J;
        match json {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => n
                .as_i64()
                .map(Value::Int)
                .unwrap_or_else(|| Value::Double(n.as_f64().unwrap_or(0.0))),
            J::String(s) => Value::Str(s.clone()),
            J::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| Value::from_json(v, as_hashtable))
                    .collect(),
            ),
            J::Object(map) => {
                let props = Props(
                    map.iter()
                        .map(|(k, v)| (k.clone(), Value::from_json(v, as_hashtable)))
                        .collect(),
                );
                if as_hashtable {
                    Value::Hashtable(props)
                } else {
                    Value::Object(props)
                }
            }
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "System.Boolean",
            Value::Int(_) => "System.Int32",
            Value::Double(_) => "System.Double",
            Value::Str(_) => "System.String",
            Value::Array(_) => "System.Object[]",
            Value::Hashtable(_) => "System.Collections.Hashtable",
            Value::Object(_) => "System.Management.Automation.PSCustomObject",
            Value::ScriptBlock(_) => "System.Management.Automation.ScriptBlock",
            Value::Error(_) => "System.Management.Automation.ErrorRecord",
        }
    }
}

/// String conversion as PowerShell does it in `"$x"` and `[string]$x`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Bool(true) => f.write_str("True"),
            Value::Bool(false) => f.write_str("False"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Double(d) => write!(f, "{d}"),
            Value::Str(s) => f.write_str(s),
            Value::Array(items) => {
                let parts: Vec<String> = items.iter().map(Value::to_string).collect();
                f.write_str(&parts.join(" "))
            }
            Value::Hashtable(_) => f.write_str("System.Collections.Hashtable"),
            Value::Object(props) => {
                let parts: Vec<String> = props.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(f, "@{{{}}}", parts.join("; "))
            }
            Value::ScriptBlock(_) => f.write_str("{ scriptblock }"),
            Value::Error(record) => f.write_str(&record.message),
        }
    }
}
