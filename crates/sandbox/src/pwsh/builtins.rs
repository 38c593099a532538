//! PowerShell's own commands that scripts use around the Teams cmdlets.

use super::ast::CompareOp;
use super::binding::Bound;
use super::catalogue::CmdletSpec;
use super::emulated::{InstalledModule, INSTALLED_MODULES};
use super::error::ErrorRecord;
use super::eval::{Flow, Interpreter, Outcome};
use super::format;
use super::ops;
use super::value::{Props, Value};

pub fn run(
    interp: &mut Interpreter<'_>,
    spec: &CmdletSpec,
    bound: &Bound,
    mut input: Vec<Value>,
) -> Outcome<Vec<Value>> {
    if let Some(value) = bound.get("InputObject") {
        input.extend(value.clone().into_items());
    }
    let fail = |message: String| Flow::Error {
        record: ErrorRecord::new(
            &spec.name,
            message,
            "InvalidArgument",
            &spec.name,
            "System.ArgumentException",
        ),
        script: false,
    };
    match spec.name.as_str() {
        "Where-Object" => where_object(interp, bound, input),
        "ForEach-Object" => {
            let mut output = Vec::new();
            for item in input {
                match (bound.get("Process"), bound.get("MemberName")) {
                    (Some(Value::ScriptBlock(block)), _) => {
                        output.extend(interp.invoke_with_item(block, item)?)
                    }
                    (_, Some(name)) => output.extend(item.member(&name.to_string()).into_items()),
                    _ => {}
                }
            }
            Ok(output)
        }
        "Select-Object" => select_object(interp, bound, input),
        "Sort-Object" => {
            let key = bound.get("Property").map(Value::to_string);
            let sort_key = |v: &Value| key.as_deref().map_or_else(|| v.clone(), |k| v.member(k));
            input.sort_by(|a, b| {
                let (a, b) = (sort_key(a), sort_key(b));
                if ops::compare(CompareOp::Lt, &a, &b).is_ok_and(|v| v.truthy()) {
                    std::cmp::Ordering::Less
                } else if ops::compare(CompareOp::Gt, &a, &b).is_ok_and(|v| v.truthy()) {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            });
            if bound.switch("Descending") {
                input.reverse();
            }
            Ok(input)
        }
        "Measure-Object" => Ok(vec![Value::Object(Props(vec![
            ("Count".into(), Value::Int(input.len() as i64)),
            (
                "Property".into(),
                bound.get("Property").cloned().unwrap_or(Value::Null),
            ),
        ]))]),
        "ConvertTo-Json" => {
            let depth = bound.int("Depth").unwrap_or(2).max(0) as usize;
            let value = if input.len() == 1 && !bound.switch("AsArray") {
                input.remove(0)
            } else {
                Value::Array(input)
            };
            let json = value.to_json_depth(depth + 1);
            let text = if bound.switch("Compress") {
                serde_json::to_string(&json)
            } else {
                serde_json::to_string_pretty(&json)
            };
            Ok(vec![Value::Str(text.map_err(|e| fail(e.to_string()))?)])
        }
        "ConvertFrom-Json" => {
            let text: Vec<String> = input.iter().map(Value::to_string).collect();
            let json: serde_json::Value = serde_json::from_str(&text.join("\n"))
                .map_err(|e| fail(format!("Conversion from JSON failed with error: {e}")))?;
            let value = Value::from_json(&json, bound.switch("AsHashtable"));
            Ok(if bound.switch("NoEnumerate") {
                vec![value]
            } else {
                value.into_items()
            })
        }
        "Write-Output" => Ok(if bound.switch("NoEnumerate") {
            vec![Value::from_items(input)]
        } else {
            input
        }),
        "Write-Host" => {
            let separator = bound
                .get("Separator")
                .map_or(" ".to_string(), Value::to_string);
            let parts = bound.strings("Object");
            let newline = if bound.switch("NoNewline") { "" } else { "\n" };
            interp.write_host(&format!("{}{newline}", parts.join(&separator)));
            Ok(Vec::new())
        }
        "Write-Warning" => {
            interp.write_host(&format!(
                "WARNING: {}\n",
                bound.get("Message").cloned().unwrap_or(Value::Null)
            ));
            Ok(Vec::new())
        }
        "Write-Verbose" => Ok(Vec::new()),
        "Write-Error" => {
            let message = bound
                .get("Message")
                .or(bound.get("Exception"))
                .map(Value::to_string)
                .unwrap_or_default();
            let category = bound
                .get("Category")
                .map_or("NotSpecified".to_string(), Value::to_string);
            let id = bound.get("ErrorId").map_or(
                "Microsoft.PowerShell.Commands.WriteErrorException".to_string(),
                Value::to_string,
            );
            let record = ErrorRecord::new(
                "Write-Error",
                message,
                &category,
                &id,
                "Microsoft.PowerShell.Commands.WriteErrorException",
            );
            interp
                .write_error(record, bound.common("ErrorAction"))
                .map(|()| Vec::new())
        }
        "Out-Null" => Ok(Vec::new()),
        "Out-String" => Ok(vec![Value::Str(format::render(&input))]),
        "Get-Module" => Ok(get_module(interp, bound)),
        other => Err(fail(format!(
            "The command '{other}' has no implementation in the sandbox interpreter."
        ))),
    }
}

/// `-ListAvailable` lists the installed modules, otherwise only the imported ones; a
/// name that matches nothing gives no output and no error, as in PowerShell.
fn get_module(interp: &Interpreter<'_>, bound: &Bound) -> Vec<Value> {
    let patterns = bound.strings("Name");
    let available = bound.switch("ListAvailable");
    INSTALLED_MODULES
        .iter()
        .filter(|module| available || interp.is_imported(module.commands))
        .filter(|module| module.matches(&patterns))
        .map(InstalledModule::info)
        .collect()
}

fn where_object(
    interp: &mut Interpreter<'_>,
    bound: &Bound,
    input: Vec<Value>,
) -> Outcome<Vec<Value>> {
    let mut kept = Vec::new();
    if let Some(Value::ScriptBlock(block)) = bound.get("FilterScript") {
        for item in input {
            if Value::from_items(interp.invoke_with_item(block, item.clone())?).truthy() {
                kept.push(item);
            }
        }
        return Ok(kept);
    }
    // The simplified syntax: `Where-Object Usage -NotContains 'x'`, with dotted property paths.
    let path = bound
        .get("Property")
        .map(Value::to_string)
        .unwrap_or_default();
    let operators = [
        ("EQ", CompareOp::Eq),
        ("NE", CompareOp::Ne),
        ("GT", CompareOp::Gt),
        ("GE", CompareOp::Ge),
        ("LT", CompareOp::Lt),
        ("LE", CompareOp::Le),
        ("Like", CompareOp::Like),
        ("NotLike", CompareOp::NotLike),
        ("Match", CompareOp::Match),
        ("NotMatch", CompareOp::NotMatch),
        ("Contains", CompareOp::Contains),
        ("NotContains", CompareOp::NotContains),
        ("In", CompareOp::In),
        ("NotIn", CompareOp::NotIn),
    ];
    let operator = operators
        .iter()
        .find(|(name, _)| bound.switch(name))
        .map(|(_, op)| *op);
    let value = bound.get("Value").cloned().unwrap_or(Value::Null);
    for item in input {
        let property = path
            .split('.')
            .fold(item.clone(), |v, segment| v.member(segment));
        let keep = match operator {
            Some(op) => ops::compare(op, &property, &value)
                .map_err(|record| Flow::Error {
                    record,
                    script: false,
                })?
                .truthy(),
            None => property.truthy(),
        };
        if keep {
            kept.push(item);
        }
    }
    Ok(kept)
}

fn select_object(
    interp: &mut Interpreter<'_>,
    bound: &Bound,
    input: Vec<Value>,
) -> Outcome<Vec<Value>> {
    let skip = bound.int("Skip").unwrap_or(0).max(0) as usize;
    let mut items: Vec<Value> = input.into_iter().skip(skip).collect();
    if let Some(first) = bound.int("First") {
        items.truncate(first.max(0) as usize);
    }
    if let Some(last) = bound.int("Last") {
        let keep = last.max(0) as usize;
        items = items.split_off(items.len().saturating_sub(keep));
    }
    if bound.switch("Unique") {
        let mut unique: Vec<Value> = Vec::new();
        for item in items {
            if !unique.contains(&item) {
                unique.push(item);
            }
        }
        items = unique;
    }
    if let Some(name) = bound.get("ExpandProperty").map(Value::to_string) {
        return Ok(items
            .iter()
            .flat_map(|item| item.member(&name).into_items())
            .collect());
    }
    let Some(properties) = bound.get("Property").cloned() else {
        return Ok(items);
    };
    let properties = properties.into_items();
    let mut output = Vec::with_capacity(items.len());
    for item in items {
        let mut props = Props::default();
        for property in &properties {
            match property {
                Value::Hashtable(calculated) => {
                    let name = ["Name", "N", "Label", "L"]
                        .iter()
                        .find_map(|k| calculated.get(k))
                        .map(Value::to_string)
                        .unwrap_or_default();
                    let value = match ["Expression", "E"].iter().find_map(|k| calculated.get(k)) {
                        Some(Value::ScriptBlock(block)) => {
                            Value::from_items(interp.invoke_with_item(block, item.clone())?)
                        }
                        Some(other) => item.member(&other.to_string()),
                        None => Value::Null,
                    };
                    props.insert(&name, value);
                }
                other => {
                    let pattern = other.to_string();
                    match &item {
                        Value::Object(source) | Value::Hashtable(source)
                            if pattern.contains(['*', '?']) =>
                        {
                            for (key, value) in source
                                .0
                                .iter()
                                .filter(|(k, _)| ops::wildcard_match(&pattern, k))
                            {
                                props.insert(key, value.clone());
                            }
                        }
                        Value::Object(source) | Value::Hashtable(source) => {
                            let key = source
                                .0
                                .iter()
                                .find(|(k, _)| k.eq_ignore_ascii_case(&pattern))
                                .map_or(pattern.clone(), |(k, _)| k.clone());
                            props.insert(&key, item.member(&pattern));
                        }
                        _ => props.insert(&pattern, item.member(&pattern)),
                    }
                }
            }
        }
        output.push(Value::Object(props));
    }
    Ok(output)
}
