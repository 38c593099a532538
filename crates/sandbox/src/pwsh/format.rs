//! Default text rendering of output objects (what PowerShell's formatter prints when a
//! script's output is not converted to JSON).
//!
//! Objects print as lists (`Name : Value`), the view PowerShell uses for objects with
//! many properties such as `Get-CsOnlineUser`'s; scalars print one per line.

use super::value::Value;

pub fn render(values: &[Value]) -> String {
    let mut out = String::new();
    for value in values {
        match value {
            Value::Null => {}
            Value::Object(props) | Value::Hashtable(props) => {
                let width = props
                    .0
                    .iter()
                    .map(|(k, _)| k.chars().count())
                    .max()
                    .unwrap_or(0);
                out.push('\n');
                for (key, value) in &props.0 {
                    out.push_str(&format!("{key:<width$} : {}\n", inline(value)));
                }
                out.push('\n');
            }
            Value::Array(items) => out.push_str(&render(items)),
            Value::Error(record) => out.push_str(&record.render()),
            scalar => {
                out.push_str(&scalar.to_string());
                out.push('\n');
            }
        }
    }
    out
}

/// A property value inside a list view: collections in braces, as PowerShell shows them.
fn inline(value: &Value) -> String {
    match value {
        Value::Array(items) => format!(
            "{{{}}}",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pwsh::value::Props;

    #[test]
    fn objects_render_as_aligned_lists() {
        let object = Value::Object(Props(vec![
            ("Identity".into(), Value::str("Unrestricted")),
            (
                "OnlinePstnUsages".into(),
                Value::Array(vec![Value::str("A"), Value::str("B")]),
            ),
        ]));
        assert_eq!(
            render(&[object, Value::Int(3)]),
            "\nIdentity         : Unrestricted\nOnlinePstnUsages : {A, B}\n\n3\n"
        );
    }
}
