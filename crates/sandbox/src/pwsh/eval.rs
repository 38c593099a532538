//! Executes the syntax tree: variables, control flow, pipelines and PowerShell's error
//! model (non-terminating errors are reported and the script goes on; terminating
//! ones unwind to the nearest `try` or end the script).

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::rc::Rc;

use super::ast::*;
use super::binding::{bind, ArgValue, Bound};
use super::builtins;
use super::catalogue::{catalogue, CmdletSpec, Module};
use super::client::TeamsSession;
use super::emulated;
use super::error::ErrorRecord;
use super::format;
use super::ops;
use super::parser::parse_script;
use super::value::Value;

/// Why execution left the normal statement-by-statement path.
#[derive(Debug)]
pub enum Flow {
    /// A terminating error. `script` marks errors that end the script even outside
    /// `try` (`throw`, `-ErrorAction Stop`); others only end their statement.
    Error {
        record: ErrorRecord,
        script: bool,
    },
    Exit(i32),
    Break,
    Continue,
    Return,
}

impl Flow {
    fn statement(record: ErrorRecord) -> Self {
        Flow::Error {
            record,
            script: false,
        }
    }
}

pub type Outcome<T> = Result<T, Flow>;

pub struct Interpreter<'io> {
    vars: HashMap<String, Value>,
    out: &'io mut dyn Write,
    err: &'io mut dyn Write,
    input: &'io mut dyn BufRead,
    /// Output collectors for `$(...)`, script blocks and assignments; empty means stdout.
    captures: Vec<Vec<Value>>,
    try_depth: usize,
    succeeded: bool,
    last_succeeded: bool,
    teams: TeamsSession,
    /// Modules loaded so far; PowerShell imports one when a script first uses its commands.
    imported: Vec<Module>,
}

impl<'io> Interpreter<'io> {
    pub fn new(
        out: &'io mut dyn Write,
        err: &'io mut dyn Write,
        input: &'io mut dyn BufRead,
    ) -> Self {
        let mut vars = HashMap::new();
        vars.insert("erroractionpreference".to_string(), Value::str("Continue"));
        vars.insert("psversiontable".to_string(), emulated::version_table());
        Self {
            vars,
            out,
            err,
            input,
            captures: Vec::new(),
            try_depth: 0,
            succeeded: true,
            last_succeeded: true,
            teams: TeamsSession::default(),
            imported: Vec::new(),
        }
    }

    /// Runs a whole script and returns the process exit code `pwsh -Command` would give.
    pub fn run(&mut self, source: &str) -> i32 {
        let block = match parse_script(source) {
            Ok(block) => block,
            Err(record) => {
                self.report(&record);
                return 1;
            }
        };
        let status = match self.statements(&block) {
            Ok(()) | Err(Flow::Return) | Err(Flow::Break) | Err(Flow::Continue) => {
                i32::from(!self.succeeded)
            }
            Err(Flow::Exit(code)) => code,
            Err(Flow::Error { record, .. }) => {
                self.report(&record);
                1
            }
        };
        let _ = self.out.flush();
        let _ = self.err.flush();
        status
    }

    fn report(&mut self, record: &ErrorRecord) {
        self.succeeded = false;
        let _ = self.err.write_all(record.render().as_bytes());
    }

    fn stop_preference(&self) -> bool {
        self.var("ErrorActionPreference")
            .to_string()
            .eq_ignore_ascii_case("Stop")
    }

    /// A non-terminating error, handled per `-ErrorAction` or `$ErrorActionPreference`.
    pub(super) fn write_error(
        &mut self,
        record: ErrorRecord,
        action: Option<&Value>,
    ) -> Outcome<()> {
        let action = action
            .cloned()
            .unwrap_or_else(|| self.var("ErrorActionPreference"))
            .to_string()
            .to_ascii_lowercase();
        match action.as_str() {
            "stop" => Err(Flow::Error {
                record,
                script: true,
            }),
            "silentlycontinue" | "ignore" => {
                self.succeeded = false;
                Ok(())
            }
            _ => {
                self.report(&record);
                Ok(())
            }
        }
    }

    /// Whether the script has used (and so auto-imported) a command of `module`.
    pub(super) fn is_imported(&self, module: Module) -> bool {
        self.imported.contains(&module)
    }

    pub(super) fn write_host(&mut self, text: &str) {
        let _ = self.out.write_all(text.as_bytes());
    }

    pub fn var(&self, name: &str) -> Value {
        match name.to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            "?" => Value::Bool(self.last_succeeded),
            "psitem" => self.vars.get("_").cloned().unwrap_or(Value::Null),
            lower => self.vars.get(lower).cloned().unwrap_or(Value::Null),
        }
    }

    pub fn set_var(&mut self, name: &str, value: Value) -> Outcome<()> {
        let lower = name.to_ascii_lowercase();
        if matches!(lower.as_str(), "true" | "false" | "null" | "?") {
            return Err(Flow::statement(ErrorRecord::runtime(format!(
                "Cannot overwrite variable {name} because it is read-only or constant."
            ))));
        }
        self.vars.insert(lower, value);
        Ok(())
    }

    fn emit(&mut self, values: Vec<Value>) {
        match self.captures.last_mut() {
            Some(frame) => frame.extend(values),
            None => {
                let text = format::render(&values);
                let _ = self.out.write_all(text.as_bytes());
            }
        }
    }

    fn capture(&mut self, block: &Block) -> Outcome<Vec<Value>> {
        self.captures.push(Vec::new());
        let result = self.statements(block);
        let captured = self.captures.pop().unwrap_or_default();
        result.map(|()| captured)
    }

    /// Runs a script block with `$_` set to one pipeline item (Where-Object, ForEach-Object).
    pub(super) fn invoke_with_item(&mut self, block: &Block, item: Value) -> Outcome<Vec<Value>> {
        let saved = self.vars.insert("_".into(), item);
        let result = self.capture(block);
        match saved {
            Some(previous) => self.vars.insert("_".into(), previous),
            None => self.vars.remove("_"),
        };
        match result {
            Err(Flow::Return) => Ok(Vec::new()),
            other => other,
        }
    }

    fn statements(&mut self, block: &Block) -> Outcome<()> {
        for statement in block {
            self.last_succeeded = self.succeeded;
            self.succeeded = true;
            match self.statement(statement) {
                Ok(()) => {}
                Err(Flow::Error {
                    record,
                    script: false,
                }) if self.try_depth == 0 && !self.stop_preference() => self.report(&record),
                Err(flow) => return Err(flow),
            }
        }
        Ok(())
    }

    fn statement(&mut self, statement: &Statement) -> Outcome<()> {
        match statement {
            Statement::Pipeline(pipeline) => {
                let values = self.pipeline(pipeline)?;
                self.emit(values);
                Ok(())
            }
            Statement::Assign { target, value } => {
                let value = self.pipeline_value(value)?;
                self.assign(target, value)
            }
            Statement::If {
                branches,
                otherwise,
            } => {
                for (condition, body) in branches {
                    if self.pipeline_value(condition)?.truthy() {
                        return self.statements(body);
                    }
                }
                match otherwise {
                    Some(body) => self.statements(body),
                    None => Ok(()),
                }
            }
            Statement::Foreach {
                variable,
                source,
                body,
            } => {
                for item in self.pipeline_value(source)?.into_items() {
                    self.set_var(variable, item)?;
                    match self.statements(body) {
                        Err(Flow::Break) => break,
                        Ok(()) | Err(Flow::Continue) => {}
                        Err(other) => return Err(other),
                    }
                }
                Ok(())
            }
            Statement::Try {
                body,
                catch,
                finally,
            } => {
                self.try_depth += 1;
                let result = self.statements(body);
                self.try_depth -= 1;
                let result = match (result, catch) {
                    (Err(Flow::Error { record, .. }), Some(handler)) => {
                        let saved = self.vars.insert("_".into(), Value::Error(Box::new(record)));
                        let handled = self.statements(handler);
                        match saved {
                            Some(previous) => self.vars.insert("_".into(), previous),
                            None => self.vars.remove("_"),
                        };
                        handled
                    }
                    (other, _) => other,
                };
                match finally {
                    Some(cleanup) => self.statements(cleanup).and(result),
                    None => result,
                }
            }
            Statement::Throw(value) => {
                let value = match value {
                    Some(pipeline) => self.pipeline_value(pipeline)?,
                    None => Value::Null,
                };
                let record = match value {
                    Value::Error(record) => *record,
                    Value::Null => ErrorRecord::new(
                        "",
                        "ScriptHalted",
                        "OperationStopped",
                        "ScriptHalted",
                        "System.Management.Automation.RuntimeException",
                    ),
                    other => {
                        let message = other.to_string();
                        ErrorRecord::new(
                            "",
                            message.clone(),
                            "OperationStopped",
                            &message,
                            "System.Management.Automation.RuntimeException",
                        )
                    }
                };
                Err(Flow::Error {
                    record,
                    script: true,
                })
            }
            Statement::Exit(value) => {
                let code = match value {
                    Some(pipeline) => {
                        self.pipeline_value(pipeline)?.as_number().unwrap_or(0.0) as i32
                    }
                    None => 0,
                };
                Err(Flow::Exit(code))
            }
            Statement::Return(value) => {
                if let Some(pipeline) = value {
                    let values = self.pipeline(pipeline)?;
                    self.emit(values);
                }
                Err(Flow::Return)
            }
            Statement::Break => Err(Flow::Break),
            Statement::Continue => Err(Flow::Continue),
        }
    }

    fn assign(&mut self, target: &AssignTarget, value: Value) -> Outcome<()> {
        match target {
            AssignTarget::Variable(name) => self.set_var(name, value),
            AssignTarget::Member { object: Expr::Variable(name), name: member } => match self.var(name) {
                Value::Object(mut props) => {
                    props.insert(member, value);
                    self.set_var(name, Value::Object(props))
                }
                Value::Hashtable(mut props) => {
                    props.insert(member, value);
                    self.set_var(name, Value::Hashtable(props))
                }
                _ => Err(Flow::statement(ErrorRecord::runtime(format!("The property '{member}' cannot be found on this object. Verify that the property exists and can be set.")))),
            },
            AssignTarget::Member { name, .. } => {
                Err(Flow::statement(ErrorRecord::runtime(format!("The property '{name}' can only be set on a variable in this interpreter."))))
            }
        }
    }

    /// The value of a pipeline as an assignment or condition sees it; a lone expression
    /// keeps its shape (so `$x = @()` stays an empty array).
    fn pipeline_value(&mut self, pipeline: &Pipeline) -> Outcome<Value> {
        match pipeline.stages.as_slice() {
            [Stage::Expr(expr)] => self.eval(expr),
            _ => Ok(Value::from_items(self.pipeline(pipeline)?)),
        }
    }

    fn pipeline(&mut self, pipeline: &Pipeline) -> Outcome<Vec<Value>> {
        let mut items = Vec::new();
        for (index, stage) in pipeline.stages.iter().enumerate() {
            items = match stage {
                Stage::Expr(expr) => self.eval(expr)?.into_items(),
                Stage::Command(command) => {
                    let input = (index > 0).then(|| std::mem::take(&mut items));
                    self.command(command, input)?
                }
            };
        }
        Ok(items)
    }

    fn command(&mut self, command: &Command, input: Option<Vec<Value>>) -> Outcome<Vec<Value>> {
        let spec = catalogue()
            .find(&command.name)
            .ok_or_else(|| Flow::statement(ErrorRecord::command_not_found(&command.name)))?;
        let mut args = Vec::with_capacity(command.args.len());
        for arg in &command.args {
            args.push(match arg {
                Arg::Param { name, value } => {
                    let value = match value {
                        Some(expr) => Some(self.eval(expr)?),
                        None => None,
                    };
                    ArgValue::Named {
                        name: name.clone(),
                        value,
                    }
                }
                Arg::Value(expr) => ArgValue::Positional(self.eval(expr)?),
            });
        }
        match spec.module {
            Module::Core => {
                let bound = bind(spec, args).map_err(Flow::statement)?;
                builtins::run(self, spec, &bound, input.unwrap_or_default())
            }
            Module::MicrosoftTeams => {
                // Imported on first use, even if the command then fails, as PowerShell does.
                if !self.is_imported(spec.module) {
                    self.imported.push(spec.module);
                }
                self.teams_command(spec, args, input)
            }
        }
    }

    /// Teams cmdlets run once per piped object, taking its `Identity` (as
    /// `ValueFromPipelineByPropertyName` does), or once without input.
    fn teams_command(
        &mut self,
        spec: &'static CmdletSpec,
        args: Vec<ArgValue>,
        input: Option<Vec<Value>>,
    ) -> Outcome<Vec<Value>> {
        let piped = spec.params.iter().find(|p| p.from_pipeline_property);
        let runs: Vec<Vec<ArgValue>> = match (input, piped) {
            (Some(items), Some(param)) if !items.is_empty() => items
                .into_iter()
                .map(|item| {
                    let value = match item {
                        Value::Object(_) | Value::Hashtable(_) => item.member(&param.name),
                        other => other,
                    };
                    let mut run = args.clone();
                    run.push(ArgValue::Named {
                        name: param.name.clone(),
                        value: Some(value),
                    });
                    run
                })
                .collect(),
            _ => vec![args],
        };
        let mut output = Vec::new();
        for run in runs {
            let bound = bind(spec, run).map_err(Flow::statement)?;
            output.extend(self.teams_call(spec, &bound)?);
        }
        Ok(output)
    }

    fn teams_call(&mut self, spec: &CmdletSpec, bound: &Bound) -> Outcome<Vec<Value>> {
        let action = bound.common("ErrorAction");
        if bound.common("WhatIf").is_some_and(Value::truthy) {
            let target = bound
                .get("Identity")
                .or(bound.get("Fqdn"))
                .cloned()
                .unwrap_or(Value::Null);
            self.write_host(&format!(
                "What if: Performing the operation \"{}\" on target \"{target}\".\n",
                spec.name
            ));
            return Ok(Vec::new());
        }
        let result = match spec.name.as_str() {
            "Connect-MicrosoftTeams" if bound.set == Some("AccessToken") => {
                let tokens: Vec<String> = bound.get("AccessTokens").cloned().unwrap_or(Value::Null).into_items().iter().map(Value::to_string).collect();
                self.teams.connect(&tokens).map(|v| vec![v])
            }
            "Connect-MicrosoftTeams" => Err(ErrorRecord::new(
                &spec.name,
                "The sandbox signs in only with -AccessTokens @($graphToken, $teamsToken).",
                "AuthenticationError",
                "Connect-MicrosoftTeams,Microsoft.TeamsCmdlets.Powershell.Connect.ConnectMicrosoftTeams",
                "System.NotSupportedException",
            )),
            "Disconnect-MicrosoftTeams" => {
                self.teams.disconnect();
                Ok(Vec::new())
            }
            name => self.teams.invoke(name, bound.to_json()),
        };
        match result {
            Ok(values) => Ok(values),
            Err(record) => self.write_error(record, action).map(|()| Vec::new()),
        }
    }

    pub fn eval(&mut self, expr: &Expr) -> Outcome<Value> {
        let fail = |record: ErrorRecord| Flow::statement(record);
        Ok(match expr {
            Expr::Literal(value) => value.clone(),
            Expr::Variable(name) => self.var(name),
            Expr::Expandable(parts) => {
                let mut text = String::new();
                for part in parts {
                    match part {
                        StringPart::Text(t) => text.push_str(t),
                        StringPart::Variable(name) => text.push_str(&self.var(name).to_string()),
                        StringPart::SubExpr(block) => {
                            text.push_str(&Value::from_items(self.capture(block)?).to_string())
                        }
                    }
                }
                Value::Str(text)
            }
            Expr::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(self.eval(item)?);
                }
                Value::Array(values)
            }
            Expr::SubExpr(block) => Value::from_items(self.capture(block)?),
            Expr::ArrayExpr(block) => Value::Array(
                self.capture(block)?
                    .into_iter()
                    .flat_map(Value::into_items)
                    .collect(),
            ),
            Expr::Paren(pipeline) => self.pipeline_value(pipeline)?,
            Expr::Hashtable(entries) => {
                let mut props = super::value::Props::default();
                for (key, value) in entries {
                    let value = self.eval(value)?;
                    props.insert(key, value);
                }
                Value::Hashtable(props)
            }
            Expr::ScriptBlock(block) => Value::ScriptBlock(Rc::clone(block)),
            Expr::Member { object, name } => self.eval(object)?.member(name),
            Expr::Method { object, name, args } => {
                if let Some(line) = self.console_read(object, name) {
                    return Ok(line);
                }
                let target = self.eval(object)?;
                let mut values = Vec::with_capacity(args.len());
                for arg in args {
                    values.push(self.eval(arg)?);
                }
                ops::method(&target, name, &values).map_err(fail)?
            }
            Expr::Static {
                type_name,
                name,
                args,
            } => {
                let mut values = Vec::new();
                for arg in args.iter().flatten() {
                    values.push(self.eval(arg)?);
                }
                static_member(type_name, name, args.is_some(), &values).map_err(fail)?
            }
            Expr::Index { object, index } => {
                let target = self.eval(object)?;
                let index = self.eval(index)?;
                index_value(&target, &index)
            }
            Expr::Cast { type_name, value } => {
                let value = self.eval(value)?;
                ops::cast(type_name, value).map_err(fail)?
            }
            Expr::Unary {
                op: UnaryOp::Not,
                operand,
            } => Value::Bool(!self.eval(operand)?.truthy()),
            Expr::Unary {
                op: UnaryOp::Negate,
                operand,
            } => {
                let value = self.eval(operand)?;
                ops::arithmetic(BinaryOp::Sub, Value::Int(0), value).map_err(fail)?
            }
            Expr::Binary {
                op: BinaryOp::And,
                left,
                right,
            } => Value::Bool(self.eval(left)?.truthy() && self.eval(right)?.truthy()),
            Expr::Binary {
                op: BinaryOp::Or,
                left,
                right,
            } => Value::Bool(self.eval(left)?.truthy() || self.eval(right)?.truthy()),
            Expr::Binary {
                op: BinaryOp::Compare(op),
                left,
                right,
            } => {
                let left = self.eval(left)?;
                let right = self.eval(right)?;
                ops::compare(*op, &left, &right).map_err(fail)?
            }
            Expr::Binary { op, left, right } => {
                let left = self.eval(left)?;
                let right = self.eval(right)?;
                ops::arithmetic(*op, left, right).map_err(fail)?
            }
        })
    }

    /// `[Console]::In.ReadLine()` / `.ReadToEnd()`: reads the interpreter's input stream.
    fn console_read(&mut self, object: &Expr, method: &str) -> Option<Value> {
        let Expr::Static {
            type_name,
            name,
            args: None,
        } = object
        else {
            return None;
        };
        let console = type_name.eq_ignore_ascii_case("Console")
            || type_name.eq_ignore_ascii_case("System.Console");
        if !console || !name.eq_ignore_ascii_case("In") {
            return None;
        }
        let mut text = String::new();
        if method.eq_ignore_ascii_case("ReadLine") {
            return Some(match self.input.read_line(&mut text) {
                Ok(0) | Err(_) => Value::Null,
                Ok(_) => Value::Str(text.trim_end_matches(['\r', '\n']).to_string()),
            });
        }
        if method.eq_ignore_ascii_case("ReadToEnd") {
            let _ = self.input.read_to_string(&mut text);
            return Some(Value::Str(text));
        }
        None
    }
}

fn index_value(target: &Value, index: &Value) -> Value {
    match target {
        Value::Array(items) => {
            let Some(i) = index.as_number().map(|n| n as i64) else {
                return Value::Null;
            };
            let i = if i < 0 { items.len() as i64 + i } else { i };
            usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .unwrap_or(Value::Null)
        }
        Value::Hashtable(_) | Value::Object(_) => target.member(&index.to_string()),
        Value::Str(s) => {
            let Some(i) = index.as_number() else {
                return Value::Null;
            };
            s.chars()
                .nth(i as usize)
                .map(|c| Value::Str(c.to_string()))
                .unwrap_or(Value::Null)
        }
        Value::Null => Value::Null,
        other if index.as_number() == Some(0.0) => other.clone(),
        _ => Value::Null,
    }
}

fn static_member(
    type_name: &str,
    name: &str,
    is_call: bool,
    args: &[Value],
) -> Result<Value, ErrorRecord> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Null);
    let ty = type_name.to_ascii_lowercase();
    let ty = ty.strip_prefix("system.").unwrap_or(&ty);
    Ok(match (ty, name.to_ascii_lowercase().as_str(), is_call) {
        ("string", "isnullorempty", true) => Value::Bool(arg(0).to_string().is_empty()),
        ("string", "isnullorwhitespace", true) => Value::Bool(arg(0).to_string().trim().is_empty()),
        ("string", "join", true) => {
            let parts: Vec<String> = args.iter().skip(1).flat_map(|v| v.clone().into_items()).map(|v| v.to_string()).collect();
            Value::Str(parts.join(&arg(0).to_string()))
        }
        ("string", "empty", false) => Value::str(""),
        ("environment", "newline", false) => Value::str("\n"),
        ("int" | "int32", "maxvalue", false) => Value::Int(i32::MAX as i64),
        _ => return Err(ErrorRecord::runtime(format!("The member '{name}' of type [{type_name}] is not supported by the sandbox interpreter."))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(script: &str) -> (i32, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut input: &[u8] = b"line one\nline two\n";
        let code = Interpreter::new(&mut out, &mut err, &mut input).run(script);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn strings_expand_variables_subexpressions_and_escapes() {
        let (code, out, _) = run("$n = 'O''Brien'; $o = [pscustomobject]@{ Name = $n }\n\"Hi $n, `\"$($o.Name.ToUpper())`\" $($o.Name.Length)\"");
        assert_eq!(code, 0);
        assert_eq!(out, "Hi O'Brien, \"O'BRIEN\" 7\n");
    }

    #[test]
    fn control_flow_and_pipelines() {
        let script = r#"
            $items = @(1, 2, 3, 4)
            $total = 0
            foreach ($i in $items) { if ($i -eq 3) { continue } elseif ($i -gt 3) { break } else { $total = $total + $i } }
            $total
            $items | Where-Object { $_ -ge 3 } | ForEach-Object { $_ * 10 }
            @(@{Identity='a'; P=1}, @{Identity='b'; P=2}) | ForEach-Object { [pscustomobject]$_ } | Where-Object P -eq 2 | Select-Object -ExpandProperty Identity
        "#;
        let (code, out, err) = run(script);
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(out, "3\n30\n40\nb\n");
    }

    #[test]
    fn try_catch_sees_the_error_and_throw_ends_the_script() {
        let (code, out, err) = run("try { Get-Nothing } catch { \"caught: $($_.FullyQualifiedErrorId)\" }\nthrow 'boom'\n'never'");
        assert_eq!(out, "caught: CommandNotFoundException\n");
        assert_eq!((code, err.as_str()), (1, "boom\n"));
    }

    #[test]
    fn non_terminating_errors_continue_unless_stop_is_preferred() {
        let (code, out, err) = run("Write-Error 'first'; 'after'");
        assert_eq!(
            (code, out.as_str(), err.as_str()),
            (0, "after\n", "Write-Error: first\n")
        );
        let (code, out, _) = run("$ErrorActionPreference = 'Stop'; Write-Error 'first'; 'after'");
        assert_eq!((code, out.as_str()), (1, ""));
        let (code, _, _) = run("exit 7");
        assert_eq!(code, 7);
    }

    #[test]
    fn the_version_table_reports_the_emulated_powershell() {
        let (code, out, err) =
            run("\"$($PSVersionTable.PSVersion)\"\n$PSVersionTable['PSEdition']\n$PSVersionTable.psversion -like '7.*'");
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(
            out,
            format!("{}\nCore\nTrue\n", emulated::POWERSHELL_VERSION)
        );
    }

    #[test]
    fn get_module_lists_available_modules_by_name_and_wildcard() {
        let names = |script: &str| {
            let (code, out, err) = run(&format!(
                "{script} | ForEach-Object {{ \"$($_.Name) $($_.Version) $($_.ModuleType)\" }}"
            ));
            assert_eq!((code, err.as_str()), (0, ""), "{script}");
            out
        };
        let teams = format!("MicrosoftTeams {} Script\n", emulated::TEAMS_MODULE_VERSION);
        assert_eq!(names("Get-Module -ListAvailable"), teams);
        assert_eq!(
            names("Get-Module -ListAvailable -Name microsoftteams"),
            teams
        );
        assert_eq!(names("Get-Module MicrosoftT* -ListAvailable"), teams);
        assert_eq!(
            names("Get-Module -ListAvailable -Name 'Az.*', '*Teams'"),
            teams
        );
        assert_eq!(
            names("Get-Module -ListAvailable -Name ExchangeOnlineManagement"),
            ""
        );
        assert_eq!(names("Get-Module -ListAvailable -Name MicrosoftTeam"), "");
        // The environment check's own pipeline.
        let (code, out, _) = run("$m = @(Get-Module -ListAvailable -Name MicrosoftTeams | Sort-Object -Property Version -Descending)\n$m.Count\n\"$($m[0].Version)\"");
        assert_eq!(code, 0);
        assert_eq!(out, format!("1\n{}\n", emulated::TEAMS_MODULE_VERSION));
    }

    #[test]
    fn get_module_lists_microsoft_teams_as_imported_once_a_teams_cmdlet_ran() {
        let (code, out, err) = run(
            "\"before: $(@(Get-Module).Count) $(@(Get-Module MicrosoftTeams).Count)\"\n\
             Connect-MicrosoftTeams -AccessTokens @('not-a-token') -ErrorAction SilentlyContinue\n\
             \"after: $((Get-Module).Name) $(@(Get-Module -Name Exchange*).Count)\"",
        );
        assert_eq!(err, "");
        assert_eq!(out, "before: 0 0\nafter: MicrosoftTeams 0\n");
        assert_eq!(code, 0);
    }

    #[test]
    fn json_round_trips_and_console_input_is_read() {
        let (code, out, err) = run(
            "$first = [Console]::In.ReadLine()\n$o = '{\"a\":[1,2],\"b\":{\"c\":\"d\"}}' | ConvertFrom-Json\n@{ line = $first; c = $o.b.c; n = $o.a.Count } | ConvertTo-Json -Compress",
        );
        assert_eq!((code, err.as_str()), (0, ""));
        let json: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"line": "line one", "c": "d", "n": 2})
        );
    }
}
