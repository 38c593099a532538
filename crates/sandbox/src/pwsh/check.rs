//! Static checking of a script without running it: every command must exist in the
//! catalogue and its arguments must bind (known parameter names, a resolvable
//! parameter set, mandatory parameters present, literal values of the right type).
//!
//! Values only known at run time (variables, expressions) are taken as `$null`, which
//! binds to any parameter, so only what is certain is reported. This is what the
//! templates feature runs on a rendered M365 script before queueing it.

use super::ast::{Arg, AssignTarget, Block, Command, Expr, Pipeline, Stage, Statement, StringPart};
use super::binding::{bind, ArgValue};
use super::catalogue::catalogue;
use super::error::ErrorRecord;
use super::parser::parse_script;
use super::value::{Props, Value};

/// One command that would fail to bind.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// 1-based line of the command in the script.
    pub line: usize,
    pub command: String,
    pub error: ErrorRecord,
}

/// Parses and checks `source`; a parse error is returned as `Err`.
pub fn check_script(source: &str) -> Result<Vec<Problem>, ErrorRecord> {
    let block = parse_script(source)?;
    let mut problems = Vec::new();
    block_problems(&block, &mut problems);
    Ok(problems)
}

fn block_problems(block: &Block, problems: &mut Vec<Problem>) {
    for statement in block {
        match statement {
            Statement::Pipeline(pipeline) => pipeline_problems(pipeline, problems),
            Statement::Assign { target, value } => {
                if let AssignTarget::Member { object, .. } = target {
                    expr_problems(object, problems);
                }
                pipeline_problems(value, problems);
            }
            Statement::If {
                branches,
                otherwise,
            } => {
                for (condition, body) in branches {
                    pipeline_problems(condition, problems);
                    block_problems(body, problems);
                }
                if let Some(body) = otherwise {
                    block_problems(body, problems);
                }
            }
            Statement::Foreach { source, body, .. } => {
                pipeline_problems(source, problems);
                block_problems(body, problems);
            }
            Statement::Try {
                body,
                catch,
                finally,
            } => {
                for block in [Some(body), catch.as_ref(), finally.as_ref()]
                    .into_iter()
                    .flatten()
                {
                    block_problems(block, problems);
                }
            }
            Statement::Throw(value) | Statement::Exit(value) | Statement::Return(value) => {
                if let Some(pipeline) = value {
                    pipeline_problems(pipeline, problems);
                }
            }
            Statement::Break | Statement::Continue => {}
        }
    }
}

fn pipeline_problems(pipeline: &Pipeline, problems: &mut Vec<Problem>) {
    for (index, stage) in pipeline.stages.iter().enumerate() {
        match stage {
            Stage::Expr(expr) => expr_problems(expr, problems),
            Stage::Command(command) => command_problems(command, index > 0, problems),
        }
    }
}

fn command_problems(command: &Command, piped: bool, problems: &mut Vec<Problem>) {
    let mut report = |error: ErrorRecord| {
        problems.push(Problem {
            line: command.line,
            command: command.name.clone(),
            error,
        })
    };
    let Some(spec) = catalogue().find(&command.name) else {
        report(ErrorRecord::command_not_found(&command.name));
        return;
    };
    let mut args: Vec<ArgValue> = command
        .args
        .iter()
        .map(|arg| match arg {
            Arg::Param { name, value } => ArgValue::Named {
                name: name.clone(),
                value: value.as_ref().map(static_value),
            },
            Arg::Value(expr) => ArgValue::Positional(static_value(expr)),
        })
        .collect();
    // Piped objects supply `Identity`-style parameters at run time.
    if let Some(param) = spec
        .params
        .iter()
        .find(|p| p.from_pipeline_property)
        .filter(|_| piped)
    {
        let given = command
            .args
            .iter()
            .any(|a| matches!(a, Arg::Param { name, .. } if param.answers_to(name)));
        if !given {
            args.push(ArgValue::Named {
                name: param.name.clone(),
                value: Some(Value::Null),
            });
        }
    }
    if let Err(error) = bind(spec, args) {
        report(error);
    }
    let mut nested = Vec::new();
    for arg in &command.args {
        match arg {
            Arg::Param {
                value: Some(expr), ..
            }
            | Arg::Value(expr) => expr_problems(expr, &mut nested),
            Arg::Param { value: None, .. } => {}
        }
    }
    problems.extend(nested);
}

/// Commands inside script blocks, sub-expressions and strings.
fn expr_problems(expr: &Expr, problems: &mut Vec<Problem>) {
    match expr {
        Expr::SubExpr(block) | Expr::ArrayExpr(block) => block_problems(block, problems),
        Expr::ScriptBlock(block) => block_problems(block, problems),
        Expr::Paren(pipeline) => pipeline_problems(pipeline, problems),
        Expr::Expandable(parts) => {
            for part in parts {
                if let StringPart::SubExpr(block) = part {
                    block_problems(block, problems);
                }
            }
        }
        Expr::Array(items) => items.iter().for_each(|item| expr_problems(item, problems)),
        Expr::Hashtable(entries) => entries
            .iter()
            .for_each(|(_, value)| expr_problems(value, problems)),
        Expr::Member { object, .. }
        | Expr::Cast { value: object, .. }
        | Expr::Unary {
            operand: object, ..
        } => expr_problems(object, problems),
        Expr::Method { object, args, .. } => {
            expr_problems(object, problems);
            args.iter().for_each(|arg| expr_problems(arg, problems));
        }
        Expr::Index { object, index }
        | Expr::Binary {
            left: object,
            right: index,
            ..
        } => {
            expr_problems(object, problems);
            expr_problems(index, problems);
        }
        Expr::Static { args, .. } => args
            .iter()
            .flatten()
            .for_each(|arg| expr_problems(arg, problems)),
        Expr::Literal(_) | Expr::Variable(_) => {}
    }
}

/// The value of an argument when it is written literally; `$null` otherwise.
fn static_value(expr: &Expr) -> Value {
    match expr {
        Expr::Literal(value) => value.clone(),
        Expr::Variable(name) if name.eq_ignore_ascii_case("true") => Value::Bool(true),
        Expr::Variable(name) if name.eq_ignore_ascii_case("false") => Value::Bool(false),
        Expr::Expandable(parts) if parts.iter().all(|p| matches!(p, StringPart::Text(_))) => {
            Value::Str(
                parts
                    .iter()
                    .map(|p| {
                        if let StringPart::Text(t) = p {
                            t.as_str()
                        } else {
                            ""
                        }
                    })
                    .collect(),
            )
        }
        Expr::Array(items) => Value::Array(items.iter().map(static_value).collect()),
        Expr::Hashtable(entries) => Value::Hashtable(Props(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), static_value(v)))
                .collect(),
        )),
        Expr::ScriptBlock(block) => Value::ScriptBlock(block.clone()),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_unknown_commands_parameters_and_missing_mandatory_ones_with_lines() {
        let script = "$gw = 'sbc.contoso.com'\n\
                      New-CsOnlinePSTNGateway -Fqdn $gw -SipSignalingPort 5061 -Enabled $true\n\
                      if ($x) { New-CsOnlineVoiceRoute -NumberPattern '.*' }\n\
                      Get-CsOnlineVoiceRoute | Where-Object { Get-CsNope } | Remove-CsOnlineVoiceRoute\n\
                      Set-CsOnlinePstnUsage -Identity Global -Usage @{Add='U'} -Colour red\n\
                      New-CsTenantNetworkSubnet -SubnetID 10.0.0.0 -MaskBits sixteen -NetworkSiteID $site\n";
        let problems = check_script(script).unwrap();
        let found: Vec<(usize, &str, &str)> = problems
            .iter()
            .map(|p| {
                (
                    p.line,
                    p.command.as_str(),
                    p.error
                        .fully_qualified_error_id
                        .split(',')
                        .next()
                        .unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (3, "New-CsOnlineVoiceRoute", "MissingMandatoryParameter"),
                (4, "Get-CsNope", "CommandNotFoundException"),
                (5, "Set-CsOnlinePstnUsage", "NamedParameterNotFound"),
                (
                    6,
                    "New-CsTenantNetworkSubnet",
                    "CannotConvertArgumentNoMessage"
                ),
            ]
        );
        assert!(check_script("if ($x { }").is_err());
    }
}
