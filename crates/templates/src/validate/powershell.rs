//! Finds the commands in a rendered PowerShell script and checks their names and
//! parameter names against the shared Teams cmdlet catalogue.
//!
//! This is a scanner, not a parser: it knows strings, comments, brackets, pipes and
//! statement ends, which is enough to tell a command and its `-Parameter` words
//! from operators such as `-eq` in expressions.

mod known_commands;

use known_commands::{accepts, command, CommandInfo};
use switchboard_teams_catalogue::CmdletSpec;

use super::locate::RenderedProblem;
use crate::diagnostic::Severity;

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Param(String),
    Open,
    Close,
    /// `|`, `;`, a line end or `=`: what follows starts a new command.
    Break,
    Other,
}

struct Frame {
    at_start: bool,
    /// The Teams cmdlet whose arguments follow, if any.
    command: Option<&'static CmdletSpec>,
}

impl Frame {
    fn new() -> Self {
        Self {
            at_start: true,
            command: None,
        }
    }
}

const KEYWORDS: &[&str] = &[
    "if", "elseif", "else", "foreach", "for", "while", "do", "until", "switch", "try", "catch",
    "finally", "return", "throw", "exit", "break", "continue", "function", "param", "in",
];

pub(crate) fn check(script: &str) -> Vec<RenderedProblem> {
    let mut problems = Vec::new();
    let tokens = match tokenize(script) {
        Ok(tokens) => tokens,
        Err((line, message)) => {
            problems.push(RenderedProblem {
                line,
                word: String::new(),
                message,
                severity: Severity::Error,
            });
            return problems;
        }
    };
    let mut frames = vec![Frame::new()];
    for (line, token) in tokens {
        let Some(frame) = frames.last_mut() else {
            break;
        };
        match token {
            Token::Word(word) => {
                if frame.at_start && is_command_like(&word) {
                    match command(&word) {
                        CommandInfo::Teams(cmdlet) => frame.command = Some(cmdlet),
                        CommandInfo::General => frame.command = None,
                        CommandInfo::Unknown => problems.push(RenderedProblem {
                            line,
                            message: format!("`{word}` is not a cmdlet we know"),
                            word,
                            severity: Severity::Error,
                        }),
                    }
                }
                frame.at_start = false;
            }
            Token::Param(name) => {
                if let Some(cmdlet) = frame.command.filter(|c| !accepts(c, &name)) {
                    problems.push(RenderedProblem {
                        line,
                        message: format!("`{}` has no parameter `-{name}`", cmdlet.name),
                        word: format!("-{name}"),
                        severity: Severity::Error,
                    });
                }
                frame.at_start = false;
            }
            Token::Open => {
                frame.at_start = false;
                frames.push(Frame::new());
            }
            Token::Close => {
                if frames.len() > 1 {
                    frames.pop();
                } else {
                    problems.push(RenderedProblem {
                        line,
                        word: String::new(),
                        message: "a closing bracket has no opening one".into(),
                        severity: Severity::Error,
                    });
                }
            }
            Token::Break => {
                frame.at_start = true;
                frame.command = None;
            }
            Token::Other => frame.at_start = false,
        }
    }
    if frames.len() > 1 {
        let line = script.lines().count().max(1);
        problems.push(RenderedProblem {
            line,
            word: String::new(),
            message: "a bracket is never closed".into(),
            severity: Severity::Error,
        });
    }
    problems
}

/// `Verb-Noun`: letters, then a dash, then a letter.
fn is_command_like(word: &str) -> bool {
    if KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word)) {
        return false;
    }
    let mut parts = word.splitn(2, '-');
    let verb = parts.next().unwrap_or("");
    let noun = parts.next().unwrap_or("");
    !verb.is_empty()
        && verb.chars().all(|c| c.is_ascii_alphabetic())
        && noun.starts_with(|c: char| c.is_ascii_alphabetic())
}

fn tokenize(script: &str) -> Result<Vec<(usize, Token)>, (usize, String)> {
    let chars: Vec<char> = script.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start_line = line;
        match c {
            '\n' => {
                line += 1;
                tokens.push((start_line, Token::Break));
                i += 1;
            }
            '`' if chars.get(i + 1) == Some(&'\n') => {
                line += 1;
                i += 2;
            }
            c if c.is_whitespace() => i += 1,
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '<' if chars.get(i + 1) == Some(&'#') => {
                let end = find(&chars, i + 2, "#>")
                    .ok_or((start_line, "a block comment is not closed".to_string()))?;
                line += chars[i..end].iter().filter(|&&c| c == '\n').count();
                i = end + 2;
            }
            '\'' | '\u{2018}' | '\u{2019}' => {
                i = skip_single_quoted(&chars, i + 1).ok_or((
                    start_line,
                    "a single-quoted string is not closed".to_string(),
                ))?;
                line += chars[..i].iter().filter(|&&c| c == '\n').count() - (start_line - 1);
                tokens.push((start_line, Token::Other));
            }
            '"' => {
                i = skip_double_quoted(&chars, i + 1).ok_or((
                    start_line,
                    "a double-quoted string is not closed".to_string(),
                ))?;
                line += chars[..i].iter().filter(|&&c| c == '\n').count() - (start_line - 1);
                tokens.push((start_line, Token::Other));
            }
            '$' | '@' if matches!(chars.get(i + 1), Some('(' | '{')) => {
                tokens.push((start_line, Token::Open));
                i += 2;
            }
            '(' | '{' => {
                tokens.push((start_line, Token::Open));
                i += 1;
            }
            ')' | '}' => {
                tokens.push((start_line, Token::Close));
                i += 1;
            }
            '[' => {
                // A type literal such as [string]; its content is not code.
                while i < chars.len() && chars[i] != ']' && chars[i] != '\n' {
                    i += 1;
                }
                i += 1;
                tokens.push((start_line, Token::Other));
            }
            '|' | ';' | '=' => {
                tokens.push((start_line, Token::Break));
                i += 1;
            }
            '-' if chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic())
                && (i == 0 || chars[i - 1].is_whitespace()) =>
            {
                let end = word_end(&chars, i + 1);
                let name: String = chars[i + 1..end].iter().collect();
                tokens.push((
                    start_line,
                    Token::Param(name.trim_end_matches(':').to_string()),
                ));
                i = end;
            }
            _ => {
                let end = word_end(&chars, i).max(i + 1);
                let word: String = chars[i..end].iter().collect();
                let token = if c == '$' || c.is_ascii_digit() {
                    Token::Other
                } else {
                    Token::Word(word)
                };
                tokens.push((start_line, token));
                i = end;
            }
        }
    }
    Ok(tokens)
}

fn word_end(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && !chars[i].is_whitespace() && !"(){}[]|;=,'\"`".contains(chars[i]) {
        i += 1;
    }
    i
}

fn find(chars: &[char], from: usize, needle: &str) -> Option<usize> {
    let needle: Vec<char> = needle.chars().collect();
    (from..chars.len()).find(|&i| chars[i..].starts_with(&needle))
}

/// Index after the closing quote; doubled quotes stay inside the string.
fn skip_single_quoted(chars: &[char], mut i: usize) -> Option<usize> {
    let quote = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}');
    while i < chars.len() {
        if quote(chars[i]) {
            if chars.get(i + 1).is_some_and(|&c| quote(c)) {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

fn skip_double_quoted(chars: &[char], mut i: usize) -> Option<usize> {
    while i < chars.len() {
        match chars[i] {
            '`' => i += 2,
            '"' if chars.get(i + 1) == Some(&'"') => i += 2,
            '"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(script: &str) -> Vec<(usize, String)> {
        check(script)
            .into_iter()
            .map(|p| (p.line, p.message))
            .collect()
    }

    #[test]
    fn commands_and_parameters_are_checked_but_operators_are_not() {
        let script = "$x = Get-CsOnlineVoiceRoute | Where-Object { $_.Identity -eq 'a -Bogus' }\n\
                      if (-not $x) {\n    New-CsOnlineVoiceRoute -Identity 'r' -Colour 1 -Prio 2\n}\n\
                      Get-CsNothing -Identity x # Remove-Everything -Now\n";
        assert_eq!(
            messages(script),
            [
                (
                    3,
                    "`New-CsOnlineVoiceRoute` has no parameter `-Colour`".to_string()
                ),
                (5, "`Get-CsNothing` is not a cmdlet we know".to_string()),
            ]
        );
    }

    #[test]
    fn parameters_resolve_as_powershell_resolves_them() {
        let script = "Set-CsPhoneNumberAssignment -Identity a -TelephoneNumber 1 -NumberType DirectRouting -ov o\n\
                      Set-CsOnlinePSTNGateway -Identity sbc -Fqdn sbc\n\
                      Get-CsOnlineVoiceRoute -WhatIf\n";
        assert_eq!(
            messages(script),
            [
                (
                    2,
                    "`Set-CsOnlinePSTNGateway` has no parameter `-Fqdn`".to_string()
                ),
                (
                    3,
                    "`Get-CsOnlineVoiceRoute` has no parameter `-WhatIf`".to_string()
                ),
            ]
        );
    }

    #[test]
    fn unclosed_strings_and_brackets_are_reported() {
        assert!(messages("Write-Host 'open\n")[0].1.contains("not closed"));
        assert!(messages("if ($a) {\n")[0].1.contains("never closed"));
    }
}
