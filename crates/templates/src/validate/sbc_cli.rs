//! Checks a rendered SBC script line by line against the CLI grammar of
//! `switchboard-sbc-cli`: modes (`configure voip`, table rows, sub-table rows), table
//! paths, row selectors, attribute names and values.

use switchboard_sbc_cli::{check_value, table_at, tokenize, CliError, Table, TABLES};

use super::locate::RenderedProblem;
use crate::diagnostic::Severity;

#[derive(Clone, Copy)]
enum Mode {
    Root,
    Voip,
    Row(&'static Table),
}

enum Outcome {
    Done,
    Enter(Mode),
    Leave,
    /// Not a command of this mode; the enclosing mode may know it.
    NotHere,
}

pub(crate) fn check(script: &str) -> Vec<RenderedProblem> {
    let mut problems = Vec::new();
    let mut modes = vec![Mode::Root];
    for (index, raw) in script.lines().enumerate() {
        let line = index + 1;
        let mut report = |word: &str, message: String, severity| {
            problems.push(RenderedProblem {
                line,
                word: word.to_string(),
                message,
                severity,
            });
        };
        let words = match tokenize(raw) {
            Ok(words) if words.is_empty() => continue,
            Ok(words) => words,
            Err(error) => {
                report(raw.trim(), error.to_string(), Severity::Error);
                continue;
            }
        };
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        if words[0] == "do" {
            if let Err(message) = root_command(&words[1..]) {
                report("do", message, Severity::Error);
            }
            continue;
        }
        // Lines a row does not know fall back to the enclosing modes, as on the device.
        let mut depth = modes.len();
        let outcome = loop {
            let Some(mode) = depth.checked_sub(1).map(|d| modes[d]) else {
                break Err(format!(
                    "`{}` is not a command the SBC knows here",
                    words.join(" ")
                ));
            };
            match command(mode, &words) {
                Ok(Outcome::NotHere) => depth -= 1,
                other => break other,
            }
        };
        match outcome {
            Ok(Outcome::Enter(mode)) => {
                modes.truncate(depth);
                modes.push(mode);
            }
            Ok(Outcome::Leave) => {
                modes.truncate(depth.saturating_sub(1).max(1));
            }
            Ok(_) => modes.truncate(depth),
            Err(message) => report(words[0], message, Severity::Error),
        }
        if let Some(warning) = length_warning(modes.last().copied(), &words) {
            report(words[0], warning, Severity::Warning);
        }
    }
    problems
}

fn root_command(words: &[&str]) -> Result<(), String> {
    match words {
        ["write"] | ["show", ..] => Ok(()),
        ["configure", "voip"] => Ok(()),
        _ => Err(format!(
            "`do {}` is not a top-level command",
            words.join(" ")
        )),
    }
}

fn command(mode: Mode, words: &[&str]) -> Result<Outcome, String> {
    match mode {
        Mode::Root => match words {
            ["configure", "voip"] => Ok(Outcome::Enter(Mode::Voip)),
            ["configure", other, ..] => Err(format!(
                "only `configure voip` is supported, not `configure {other}`"
            )),
            _ => root_command(words).map(|()| Outcome::Done),
        },
        Mode::Voip => match words {
            ["exit"] => Ok(Outcome::Leave),
            ["no", rest @ ..] => {
                let (table, selector) = table_at(rest)
                    .ok_or_else(|| format!("`no {}` names no table", rest.join(" ")))?;
                selection(table, selector, true).map(|()| Outcome::Done)
            }
            _ => match table_at(words) {
                Some((table, selector)) => {
                    selection(table, selector, false).map(|()| Outcome::Enter(Mode::Row(table)))
                }
                None => Ok(Outcome::NotHere),
            },
        },
        Mode::Row(table) => row_command(table, words),
    }
}

fn row_command(table: &'static Table, words: &[&str]) -> Result<Outcome, String> {
    let sub = table.sub_table();
    let opens_sub_row = |word: &str| sub.is_some_and(|s| s.parent.is_some_and(|(_, w)| w == word));
    match words {
        ["exit"] => Ok(Outcome::Leave),
        ["activate"] => Ok(Outcome::Done),
        [word, selector @ ..] if opens_sub_row(word) => {
            let sub = sub.ok_or("no sub-table")?;
            selection(sub, selector, false).map(|()| Outcome::Enter(Mode::Row(sub)))
        }
        ["no", word, selector @ ..] if opens_sub_row(word) => {
            let sub = sub.ok_or("no sub-table")?;
            selection(sub, selector, true).map(|()| Outcome::Done)
        }
        ["no", name] if table.attribute(name).is_some() => Ok(Outcome::Done),
        [name, values @ ..] => match table.attribute(name) {
            Some(attribute) => match values {
                // Too long is only a warning, see `length_warning`.
                [value] => match check_value(attribute.kind, value) {
                    Ok(()) | Err(CliError::TooLong { .. }) => Ok(Outcome::Done),
                    Err(error) => Err(format!("`{name}`: {error}")),
                },
                [] => Err(format!("`{name}` needs a value")),
                _ => Err(format!(
                    "`{name}` takes one value; quote values that contain spaces"
                )),
            },
            None if TABLES.iter().any(|t| t.path[0] == *name) || *name == "no" => {
                Ok(Outcome::NotHere)
            }
            None => Err(format!(
                "`{name}` is not an attribute of `{}`",
                table.path.join(" ")
            )),
        },
        [] => Ok(Outcome::Done),
    }
}

fn selection(table: &Table, selector: &[&str], deleting: bool) -> Result<(), String> {
    let path = table.path.join(" ");
    match selector {
        ["new"] if deleting => Err(format!("`no {path} new` deletes nothing")),
        ["new"] => Ok(()),
        ["where", attribute, _value] if table.attribute(attribute).is_some() => Ok(()),
        ["where", attribute, _value] => {
            Err(format!("`{attribute}` is not an attribute of `{path}`"))
        }
        ["where", ..] => Err("`where` takes an attribute and one value".into()),
        [index] if is_index(index, table.parent.is_some()) => Ok(()),
        [] => Err(format!(
            "`{path}` needs `new`, an index or `where <attribute> <value>`"
        )),
        _ => Err(format!(
            "`{}` is not a row selector of `{path}`",
            selector.join(" ")
        )),
    }
}

/// `3`, or `<parent>/<row|new>` for a sub-table addressed from `configure voip`.
fn is_index(text: &str, parent_form: bool) -> bool {
    let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match text.split_once('/') {
        Some((parent, row)) if parent_form => number(parent) && (number(row) || row == "new"),
        Some(_) => false,
        None => number(text),
    }
}

/// Example values that are too long for the attribute: real values may differ, so
/// this is only a warning.
fn length_warning(mode: Option<Mode>, words: &[&str]) -> Option<String> {
    let Some(Mode::Row(table)) = mode else {
        return None;
    };
    let [name, value] = words else { return None };
    match check_value(table.attribute(name)?.kind, value) {
        Err(CliError::TooLong { length, max }) => Some(format!(
            "`{name}` is {length} characters long with the example values; the SBC accepts at most {max}"
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(script: &str) -> Vec<(usize, String)> {
        check(script)
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| (p.line, p.message))
            .collect()
    }

    #[test]
    fn a_well_formed_script_passes() {
        let script = "configure voip\n ip-group new\n  name \"A \\\"b\\\"\"\n  classify-by-proxy-set disable\n  activate\n exit\n sbc dial-plan where name \"CustDialPlan\"\n  dial-plan-rule new\n   prefix \"+1\"\n  exit\n  no dial-plan-rule 3\n exit\n no ip-group where name \"A\"\n proxy-set 0\n  proxy-ip new\n   transport-type tls\n  exit\n exit\n do write\n";
        assert_eq!(problems(script), Vec::<(usize, String)>::new());
    }

    #[test]
    fn unknown_commands_attributes_and_values_are_reported_by_line() {
        let script = "configure voip\n ip-group new\n  colour \"red\"\n  type printer\n  call-setup-rules-set-id 99\n exit\n frobnicate now\n no ip-group\n sbc dial-plan where label \"x\"\n exit\n name \"x";
        let found = problems(script);
        let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [3, 4, 5, 7, 8, 9, 11], "{found:?}");
        assert!(found[0]
            .1
            .contains("`colour` is not an attribute of `ip-group`"));
        assert!(found[1].1.contains("`printer` is not one of"));
        assert!(found[2].1.contains("outside -1..31"));
        assert!(found[3].1.contains("frobnicate now"));
        assert!(found[6].1.contains("not closed"));
    }

    #[test]
    fn half_quoted_words_and_malformed_prefixes_or_tags_are_errors() {
        let script = "configure voip\n ip-group new\n  name \"a\"b\n  name ab\"c\"\n  tags \"Teams;Other\"\n exit\n sbc dial-plan-rule 0/new\n  prefix \"12#3\"\n  tag \"gw.example.net\"\n";
        let found = problems(script);
        let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [3, 4, 5, 8], "{found:?}");
        assert!(found[0].1.contains("followed by a space"), "{found:?}");
        assert!(found[1].1.contains("quote inside a word"), "{found:?}");
        assert!(found[2].1.contains("only one tag"), "{found:?}");
        assert!(
            found[3].1.contains("`#` may only end a prefix"),
            "{found:?}"
        );
    }

    #[test]
    fn rows_fall_back_to_the_enclosing_mode() {
        // A new table selection inside a row closes the row first, as on the device.
        let script = "configure voip\n ip-group new\n  name \"a\"\n ip-group new\n  name \"b\"\n";
        assert!(problems(script).is_empty());
    }
}
