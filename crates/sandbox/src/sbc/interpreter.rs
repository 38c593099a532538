//! Runs a CLI script against a configuration.
//!
//! Grammar (one command per line; blank lines are skipped; values are bare words or
//! double-quoted strings, see `lexer.rs`):
//! - top level: `configure voip`, `write`, `show running-config [voip]`,
//!   `show voip [<table path>]`; any mode also accepts `do <top-level command>`.
//! - in `configure voip` (tables in `schema.rs`): `<table path> <selector>` enters a
//!   row, `no <table path> <selector>` deletes rows. Selectors: `new` (lowest free
//!   index), `<n>` or `"<n>"` (created if absent), `where <attribute> <value>` (must
//!   match exactly one row to enter; deletes every match). Sub-table rows are addressed
//!   here as `proxy-ip <set>/<row>`, `sbc dial-plan-rule <plan>/<row>` (or `<p>/new`).
//!   The leading words of a path alone (`sbc`, `sip-definition proxy-and-registration`)
//!   enter a section in which the rest of the path is written.
//! - in a row: `<attribute> <value>`, `no <attribute>` (back to default), `activate`,
//!   `exit`, and for proxy sets / dial plans the sub-table word with a selector:
//!   `proxy-ip new|<n>|where ..`, `dial-plan-rule new|<n>|where ..`. A sub-row needs
//!   its parent activated; pending parent changes are activated first.
//! - `exit` leaves the innermost mode, activating a changed row first (as the
//!   device's CLI does); at top level it does nothing. The end of the script exits
//!   every open mode.
//! - A line that the current mode does not know is tried in the enclosing modes,
//!   leaving the inner ones as `exit` would (so `ip-group new` right after a
//!   `proxy-ip` row works, as in the IP-PBX template).
//!
//! Two kinds of failure, as on the device:
//! - *refused* lines (unknown command or attribute, malformed value, value too long,
//!   bad prefix or tag, missing row for `no`/`where`/a sub-row's parent): the whole
//!   script is rejected with the line number and nothing is applied (HTTP 400);
//! - *rejected rows* (a reference to a missing row, a duplicate name, a required
//!   attribute left empty, deleting or renaming a row still in use): that one
//!   activation or delete is skipped, an `Error: line N "<text>": ...` line goes into
//!   the output and the rest of the script runs (HTTP 200 with `status` `failure`).

use super::config::{Config, Row, RowKey};
use super::lexer::{tokenize, Token};
use super::prefix::{validate_prefix, validate_tags};
use super::schema::{table, Table, TableId, ValueKind, TABLES};
use super::ScriptError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// The device's behaviour: a rejected row is reported in the output.
    RejectedRowsInOutput,
    /// For reading a rendered configuration: a rejected row fails the whole text.
    EveryErrorIsFatal,
}

/// What a successful run produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunReport {
    /// The console transcript: echoed commands, `show` output and `Error:` lines.
    pub output: String,
    /// One entry per rejected row (also present in `output`).
    pub errors: Vec<String>,
    /// Whether anything in the configuration changed.
    pub changed: bool,
    /// Whether a `write` came after the last change (so nothing is left to save).
    pub saved_at_end: bool,
    /// Whether the script contained a `write` at all.
    pub wrote: bool,
}

/// Applies `script` to `config` atomically: on a refused line `config` is untouched.
pub fn run(
    config: &mut Config,
    script: &str,
    strictness: Strictness,
) -> Result<RunReport, ScriptError> {
    let mut session = Session {
        config: config.clone(),
        strictness,
        frames: vec![Frame::Root],
        report: RunReport::default(),
        line: 0,
        text: String::new(),
    };
    for (number, raw) in script.lines().enumerate() {
        let text = raw.trim();
        if text.is_empty() {
            continue;
        }
        session.line = number + 1;
        session.text = text.to_string();
        let fail = |reason: String| ScriptError {
            line: number + 1,
            text: text.to_string(),
            reason,
        };
        let tokens = tokenize(text).map_err(fail)?;
        session
            .report
            .output
            .push_str(&format!("{}# {text}\n", session.prompt()));
        session.execute(&tokens).map_err(fail)?;
    }
    // The end of the script closes every open mode, activating pending rows.
    while session.frames.len() > 1 {
        session.leave_frame().map_err(|reason| ScriptError {
            line: session.line,
            text: session.text.clone(),
            reason,
        })?;
    }
    *config = session.config;
    Ok(session.report)
}

enum Frame {
    Root,
    Voip,
    /// Words entered after `configure voip` that only lead towards tables, e.g. `sbc`.
    Section(Vec<String>),
    Row(RowEdit),
}

struct RowEdit {
    table: TableId,
    key: RowKey,
    pending: Row,
    /// Changed since the last activation attempt.
    dirty: bool,
}

/// How a selector picks rows: `new`, an index (`3`, `"3"`, `0/3`, `0/new`) or `where a "v"`.
enum Selector {
    New {
        parent: Option<u32>,
    },
    Index(RowKey),
    Where {
        parent: Option<u32>,
        attribute: &'static str,
        value: String,
    },
}

struct Session {
    config: Config,
    strictness: Strictness,
    frames: Vec<Frame>,
    report: RunReport,
    line: usize,
    text: String,
}

type Outcome = Result<bool, String>;

impl Session {
    fn prompt(&self) -> String {
        match self.frames.last() {
            Some(Frame::Voip) => "(config-voip)".to_string(),
            Some(Frame::Section(words)) => format!("(config-voip {})", words.join(" ")),
            Some(Frame::Row(edit)) => format!("({} {})", table(edit.table).path_text(), edit.key),
            Some(Frame::Root) | None => String::new(),
        }
    }

    fn execute(&mut self, tokens: &[Token]) -> Result<(), String> {
        let first = tokens[0].text.as_str();
        match (first, tokens.len()) {
            ("exit", 1) => return self.leave_frame(),
            ("activate", 1) => {
                return match self.frames.last_mut() {
                    Some(Frame::Row(edit)) => {
                        edit.dirty = false;
                        self.commit_top()
                    }
                    _ => Err("'activate' is only valid inside a table row".into()),
                }
            }
            ("do", _) if tokens.len() > 1 => {
                return match self.root_command(&tokens[1..])? {
                    true => Ok(()),
                    false => Err(format!("unknown command '{}'", words(&tokens[1..]))),
                }
            }
            _ => {}
        }
        let described = self.prompt();
        // Try the innermost mode first, then fall back outwards.
        loop {
            let handled = match self.frames.last() {
                Some(Frame::Row(_)) => self.row_command(tokens)?,
                Some(Frame::Section(words)) => {
                    let words = words.clone();
                    self.voip_command(&words, tokens)?
                }
                Some(Frame::Voip) => self.voip_command(&[], tokens)?,
                Some(Frame::Root) | None => self.root_command(tokens)?,
            };
            if handled {
                return Ok(());
            }
            if matches!(self.frames.last(), Some(Frame::Voip | Frame::Root) | None) {
                return Err(format!(
                    "unknown command or attribute '{}' in mode {described}",
                    tokens[0].text
                ));
            }
            self.leave_frame()?;
        }
    }

    /// `exit`: closes the innermost mode; a changed row is activated first.
    fn leave_frame(&mut self) -> Result<(), String> {
        if let Some(Frame::Row(edit)) = self.frames.last() {
            if edit.dirty {
                self.commit_top()?;
            }
        }
        if self.frames.len() > 1 {
            self.frames.pop();
        }
        Ok(())
    }

    fn root_command(&mut self, tokens: &[Token]) -> Outcome {
        let all = words(tokens);
        match all.as_str() {
            "configure voip" => {
                self.frames.push(Frame::Voip);
                Ok(true)
            }
            "write" => {
                self.report.wrote = true;
                self.report.saved_at_end = true;
                self.report
                    .output
                    .push_str("Writing configuration...done\n");
                Ok(true)
            }
            _ if tokens[0].text == "configure" => {
                Err(format!("'{all}' is not emulated; only 'configure voip' is"))
            }
            _ if tokens[0].text == "show" => self.show(&tokens[1..]).map(|()| true),
            _ => Ok(false),
        }
    }

    /// `show running-config [voip]`, `show voip` and `show voip <table path>`.
    fn show(&mut self, tokens: &[Token]) -> Result<(), String> {
        let asked = words(tokens);
        let text = match asked.as_str() {
            "running-config" | "running-config voip" | "voip" => self.config.render(),
            _ => {
                let path = asked.strip_prefix("voip ").unwrap_or("");
                let described = TABLES
                    .iter()
                    .find(|table| table.path_text() == path)
                    .ok_or_else(|| format!("unknown show command 'show {asked}'"))?;
                self.config.render_table(described.id)
            }
        };
        self.report.output.push_str(&text);
        Ok(())
    }

    /// A line inside `configure voip` (optionally inside section words such as `sbc`).
    fn voip_command(&mut self, section: &[String], tokens: &[Token]) -> Outcome {
        let negate = tokens[0].text == "no" && !tokens[0].quoted;
        let rest = if negate { &tokens[1..] } else { tokens };
        let mut path: Vec<&str> = section.iter().map(String::as_str).collect();
        let start = path.len();
        path.extend(
            rest.iter()
                .take_while(|t| !t.quoted)
                .map(|t| t.text.as_str()),
        );
        let matched = TABLES
            .iter()
            .filter(|table| {
                table.path.len() <= path.len() && table.path.iter().zip(&path).all(|(a, b)| a == b)
            })
            .max_by_key(|table| table.path.len());
        let Some(described) = matched else {
            let leads_to_table = !negate
                && path.len() > start
                && TABLES.iter().any(|table| {
                    table.path.len() > path.len()
                        && table.path.iter().zip(&path).all(|(a, b)| a == b)
                });
            if leads_to_table && rest.len() == path.len() - start {
                self.frames.push(Frame::Section(
                    path.iter().map(|word| word.to_string()).collect(),
                ));
                return Ok(true);
            }
            return Ok(false);
        };
        if described.path.len() < start {
            // The section words alone already went past this table.
            return Ok(false);
        }
        let selector_tokens = &rest[described.path.len() - start..];
        let selector = parse_selector(described, None, selector_tokens)?;
        self.apply_selector(described, selector, negate)?;
        Ok(true)
    }

    /// A line inside a row: an attribute, `no <attribute>`, or a sub-table row.
    fn row_command(&mut self, tokens: &[Token]) -> Outcome {
        let Some(Frame::Row(edit)) = self.frames.last_mut() else {
            return Ok(false);
        };
        let described = table(edit.table);
        let negate = tokens[0].text == "no" && !tokens[0].quoted && tokens.len() > 1;
        let rest = if negate { &tokens[1..] } else { tokens };
        if let Some(attribute) = described.attribute(&rest[0].text) {
            if negate {
                if rest.len() != 1 {
                    return Err(format!("'no {}' takes no value", attribute.name));
                }
                edit.pending.reset(attribute.name);
            } else {
                if rest.len() != 2 {
                    return Err(format!("'{}' takes exactly one value", attribute.name));
                }
                let value = validate_value(attribute.name, attribute.kind, &rest[1].text)?;
                edit.pending.set(attribute.name, value);
            }
            edit.dirty = true;
            return Ok(true);
        }
        let child = TABLES.iter().find(|child| {
            child
                .parent
                .is_some_and(|(parent, word)| parent == described.id && word == rest[0].text)
        });
        let Some(child) = child else { return Ok(false) };
        let parent_key = edit.key;
        if edit.dirty {
            edit.dirty = false;
            self.commit_top()?;
        }
        if self.config.row(described.id, parent_key).is_none() {
            return Err(format!(
                "{} {parent_key} must be activated before its {} rows",
                described.path_text(),
                rest[0].text
            ));
        }
        let selector = parse_selector(child, Some(parent_key.index), &rest[1..])?;
        self.apply_selector(child, selector, negate)?;
        Ok(true)
    }

    fn apply_selector(
        &mut self,
        described: &'static Table,
        selector: Selector,
        negate: bool,
    ) -> Result<(), String> {
        let name = described.path_text();
        if let Some((parent_table, _)) = described.parent {
            let parent = match &selector {
                Selector::New { parent } | Selector::Where { parent, .. } => *parent,
                Selector::Index(key) => key.parent,
            };
            let parent_key = RowKey {
                parent: None,
                index: parent.unwrap_or(u32::MAX),
            };
            if self.config.row(parent_table, parent_key).is_none() {
                return Err(format!(
                    "{} {} does not exist",
                    table(parent_table).path_text(),
                    parent_key.index
                ));
            }
        }
        let keys = match selector {
            Selector::New { parent } if !negate => {
                let key = RowKey {
                    parent,
                    index: self.config.next_free_index(described.id, parent),
                };
                self.frames.push(Frame::Row(RowEdit {
                    table: described.id,
                    key,
                    pending: Row::new(described.id),
                    dirty: true,
                }));
                return Ok(());
            }
            Selector::New { .. } => return Err(format!("'no {name} new' is not a valid command")),
            Selector::Index(key) => {
                if negate && self.config.row(described.id, key).is_none() {
                    return Err(format!("{name} {key} does not exist"));
                }
                vec![key]
            }
            Selector::Where {
                parent,
                attribute,
                value,
            } => {
                let keys = self.config.find(described.id, parent, attribute, &value);
                if keys.is_empty() {
                    return Err(format!("no {name} row has {attribute} \"{value}\""));
                }
                if keys.len() > 1 && !negate {
                    return Err(format!(
                        "{} {name} rows have {attribute} \"{value}\"; select one by index",
                        keys.len()
                    ));
                }
                keys
            }
        };
        if negate {
            for key in keys {
                self.delete(described, key)?;
            }
        } else {
            let key = keys[0];
            let pending = self.config.row(described.id, key).cloned();
            let dirty = pending.is_none();
            let pending = pending.unwrap_or_else(|| Row::new(described.id));
            self.frames.push(Frame::Row(RowEdit {
                table: described.id,
                key,
                pending,
                dirty,
            }));
        }
        Ok(())
    }

    fn delete(&mut self, described: &'static Table, key: RowKey) -> Result<(), String> {
        if let Some(user) = self.users_of(described.id, key, None) {
            return self.reject(format!(
                "{} {key} was not deleted: it is still used by {user}",
                described.path_text()
            ));
        }
        self.config.remove(described.id, key);
        self.changed();
        Ok(())
    }

    /// Activates the innermost row, or reports why the device rejects it.
    fn commit_top(&mut self) -> Result<(), String> {
        let Some(Frame::Row(edit)) = self.frames.last() else {
            return Ok(());
        };
        let (id, key, pending) = (edit.table, edit.key, edit.pending.clone());
        let described = table(id);
        if let Some(problem) = self.activation_problem(described, key, &pending) {
            return self.reject(format!(
                "{} {key} was not activated: {problem}",
                described.path_text()
            ));
        }
        if self.config.row(id, key) != Some(&pending) {
            self.config.insert(key, pending);
            self.changed();
        }
        Ok(())
    }

    fn activation_problem(&self, described: &Table, key: RowKey, pending: &Row) -> Option<String> {
        if let Some(missing) = described
            .required
            .iter()
            .find(|attribute| pending.get(attribute).is_empty())
        {
            return Some(format!("'{missing}' must be set"));
        }
        for attribute in described.attributes {
            let value = pending.get(attribute.name);
            if let ValueKind::Reference(target) = attribute.kind {
                if !value.is_empty() && self.config.find_by_key(target, value).is_none() {
                    return Some(format!(
                        "{} \"{value}\" does not exist",
                        table(target).path_text()
                    ));
                }
            }
        }
        let key_attribute = described.key_attribute?;
        let name = pending.get(key_attribute);
        let duplicate = self
            .config
            .find(described.id, key.parent, key_attribute, name)
            .into_iter()
            .find(|other| *other != key);
        if let Some(other) = duplicate.filter(|_| !name.is_empty()) {
            return Some(format!(
                "{} {other} already has {key_attribute} \"{name}\"",
                described.path_text()
            ));
        }
        let renamed = self
            .config
            .row(described.id, key)
            .is_some_and(|old| old.get(key_attribute) != name);
        if renamed {
            if let Some(user) = self.users_of(described.id, key, Some(name)) {
                return Some(format!(
                    "it cannot be renamed while {user} uses its old name"
                ));
            }
        }
        None
    }

    /// The first row that refers to the existing row `key` by its current name
    /// (ignoring rows that would still match `keeping` as the new name).
    fn users_of(&self, id: TableId, key: RowKey, keeping: Option<&str>) -> Option<String> {
        let key_attribute = table(id).key_attribute?;
        let name = self.config.row(id, key)?.get(key_attribute);
        if name.is_empty() || keeping == Some(name) {
            return None;
        }
        TABLES.iter().find_map(|other| {
            let refers = |name_attribute: &&'static str| {
                other.attributes.iter().any(|a| {
                    a.name == *name_attribute
                        && matches!(a.kind, ValueKind::Reference(target) if target == id)
                })
            };
            let referring: Vec<&'static str> = other
                .attributes
                .iter()
                .map(|a| a.name)
                .filter(|a| refers(a))
                .collect();
            self.config
                .rows(other.id)
                .find(|(_, row)| referring.iter().any(|attribute| row.get(attribute) == name))
                .map(|(other_key, _)| format!("{} {other_key}", other.path_text()))
        })
    }

    fn reject(&mut self, message: String) -> Result<(), String> {
        if self.strictness == Strictness::EveryErrorIsFatal {
            return Err(message);
        }
        let line = format!("Error: line {} \"{}\": {message}", self.line, self.text);
        self.report.output.push_str(&line);
        self.report.output.push('\n');
        self.report.errors.push(line);
        Ok(())
    }

    fn changed(&mut self) {
        self.report.changed = true;
        self.report.saved_at_end = false;
    }
}

fn words(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_selector(
    described: &'static Table,
    parent: Option<u32>,
    tokens: &[Token],
) -> Result<Selector, String> {
    let name = described.path_text();
    let is_child = described.parent.is_some();
    match tokens {
        [only] if only.text == "new" && !only.quoted && (parent.is_some() || !is_child) => {
            Ok(Selector::New { parent })
        }
        [only] if parent.is_none() && is_child => {
            let (parent_text, row_text) = only.text.split_once('/').ok_or_else(|| {
                format!(
                    "{name} rows are addressed as <{}-index>/<row> here",
                    table(described.parent.map_or(described.id, |p| p.0)).path_text()
                )
            })?;
            let parent = parse_index(parent_text)?;
            if row_text == "new" {
                return Ok(Selector::New {
                    parent: Some(parent),
                });
            }
            Ok(Selector::Index(RowKey {
                parent: Some(parent),
                index: parse_index(row_text)?,
            }))
        }
        [only] => Ok(Selector::Index(RowKey {
            parent,
            index: parse_index(&only.text)?,
        })),
        [keyword, attribute, value]
            if keyword.text == "where" && (parent.is_some() || !is_child) =>
        {
            let attribute = described
                .attribute(&attribute.text)
                .ok_or_else(|| format!("{name} has no attribute '{}'", attribute.text))?;
            Ok(Selector::Where {
                parent,
                attribute: attribute.name,
                value: value.text.clone(),
            })
        }
        [] => Err(format!(
            "'{name}' needs an index, 'new' or 'where <attribute> <value>'"
        )),
        _ => Err(format!(
            "cannot understand the row selector '{}' for {name}",
            words(tokens)
        )),
    }
}

fn parse_index(text: &str) -> Result<u32, String> {
    let index: u32 = text
        .parse()
        .map_err(|_| format!("'{text}' is not a row index"))?;
    // The largest tables of a Mediant VE hold a few thousand rows.
    if index >= 10_000 {
        return Err(format!("row index {index} is out of range (0-9999)"));
    }
    Ok(index)
}

pub(crate) fn validate_value(name: &str, kind: ValueKind, value: &str) -> Result<String, String> {
    let too_long = |max: usize| value.chars().count() > max;
    match kind {
        ValueKind::Text(max) | ValueKind::Secret(max) if too_long(max) => {
            Err(format!("'{name}' is longer than {max} characters"))
        }
        ValueKind::Reference(_) if too_long(40) => {
            Err(format!("'{name}' is longer than 40 characters"))
        }
        ValueKind::Text(_) | ValueKind::Secret(_) | ValueKind::Reference(_) => {
            Ok(value.to_string())
        }
        ValueKind::Keyword(allowed) if allowed.contains(&value) => Ok(value.to_string()),
        ValueKind::Keyword(allowed) => Err(format!(
            "'{value}' is not a valid value for '{name}' (expected one of: {})",
            allowed.join(", ")
        )),
        ValueKind::Number(low, high) => match value.parse::<i64>() {
            Ok(number) if (low..=high).contains(&number) => Ok(number.to_string()),
            _ => Err(format!("'{name}' must be a number from {low} to {high}")),
        },
        ValueKind::Prefix => validate_prefix(value)
            .map(|()| value.to_string())
            .map_err(|reason| format!("invalid prefix \"{value}\": {reason}")),
        ValueKind::Tags(max) => validate_tags(value, max)
            .map(|()| value.to_string())
            .map_err(|reason| format!("invalid tag \"{value}\": {reason}")),
    }
}
