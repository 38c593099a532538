//! Reads the device's answer to an incremental CLI script. A 200 is not enough: the
//! device also answers 200 when it skipped rows, saying so only in `status` and in
//! `Error:` lines of `output`.

use serde::{Deserialize, Serialize};

use crate::SbcError;

/// A script the device applied completely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PushOutcome {
    pub description: String,
    /// The console transcript, with line breaks normalised to `\n`.
    pub output: String,
}

#[derive(Debug, Default, Deserialize)]
struct Answer {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    output: Option<String>,
}

impl Answer {
    fn read(body: &str) -> Self {
        serde_json::from_str(body).unwrap_or_else(|_| Self {
            description: Some(body.trim().to_string()).filter(|text| !text.is_empty()),
            ..Self::default()
        })
    }
}

/// Reads a 200 answer: success only when `status` (if sent) is "success" and no line of
/// the output reports an error.
pub(crate) fn accepted_answer(body: &str) -> Result<PushOutcome, SbcError> {
    let answer = Answer::read(body);
    let output = normalise(answer.output.as_deref().unwrap_or_default());
    let description = answer.description.unwrap_or_default();
    let failed_status = answer
        .status
        .as_deref()
        .is_some_and(|status| !status.trim().eq_ignore_ascii_case("success"));
    let error_line = output.lines().find(|line| is_error_line(line));
    if !failed_status && error_line.is_none() {
        return Ok(PushOutcome {
            description,
            output,
        });
    }
    let reported = error_line.map_or(description.as_str(), str::trim);
    Err(rejection(reported, output.clone()))
}

/// Reads a 400 answer: the whole script was refused at one line.
pub(crate) fn refused_answer(body: &str) -> SbcError {
    let answer = Answer::read(body);
    let output = normalise(answer.output.as_deref().unwrap_or_default());
    let description = answer
        .description
        .unwrap_or_else(|| "the script is incorrect".to_string());
    rejection(&description, output)
}

fn is_error_line(line: &str) -> bool {
    let line = line.trim_start().trim_start_matches('%').trim_start();
    line.get(..5)
        .is_some_and(|start| start.eq_ignore_ascii_case("error"))
}

/// Builds the typed error from a message that may name the line: `... line N "<text>": reason`.
fn rejection(message: &str, output: String) -> SbcError {
    match locate(message) {
        Some((line, text, reason)) => SbcError::ScriptRejected {
            line: Some(line),
            text,
            reason: if reason.is_empty() {
                message.to_string()
            } else {
                reason
            },
            output,
        },
        None => SbcError::ScriptRejected {
            line: None,
            text: None,
            reason: message.to_string(),
            output,
        },
    }
}

/// Finds `line N`, an optional quoted line text (with `\"` and `\\` escapes) and the
/// reason after `: `.
fn locate(message: &str) -> Option<(u32, Option<String>, String)> {
    let lower = message.to_ascii_lowercase();
    let (start, line) = lower.match_indices("line ").find_map(|(at, _)| {
        let digits: String = message[at + 5..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        Some((at + 5 + digits.len(), digits.parse::<u32>().ok()?))
    })?;
    let rest = &message[start..];
    let (text, rest) = match rest.strip_prefix(" \"") {
        Some(quoted) => match unquote(quoted) {
            Some((text, after)) => (Some(text), after),
            None => (None, rest),
        },
        None => (None, rest),
    };
    let reason = rest.trim_start().trim_start_matches(':').trim().to_string();
    Some((line, text, reason))
}

/// Reads up to the closing quote; returns the text and what follows it. Devices do not
/// always escape quotes inside the quoted line, so only a quote followed by `:` or the
/// end closes it.
fn unquote(quoted: &str) -> Option<(String, &str)> {
    let mut text = String::new();
    let mut chars = quoted.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                let after = &quoted[at + 1..];
                if after.is_empty() || after.starts_with(':') {
                    return Some((text, after));
                }
                text.push('"');
            }
            '\\' => match chars.next() {
                Some((_, escaped @ ('"' | '\\'))) => text.push(escaped),
                Some((_, other)) => {
                    text.push('\\');
                    text.push(other);
                }
                None => text.push('\\'),
            },
            other => text.push(other),
        }
    }
    None
}

fn normalise(output: &str) -> String {
    output.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_line_is_located_with_its_text_and_reason() {
        let body = r#"{"status":"failure","description":"Incremental CLI Script file was not loaded: error at line 3 \"name \\\"A\\\" x\": unknown attribute","output":""}"#;
        match refused_answer(body) {
            SbcError::ScriptRejected {
                line, text, reason, ..
            } => {
                assert_eq!(line, Some(3));
                assert_eq!(text.as_deref(), Some("name \"A\" x"));
                assert_eq!(reason, "unknown attribute");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn unescaped_quotes_inside_the_quoted_line_are_kept() {
        let message = r#"error at line 3 "name "x" y": unknown attribute "y""#;
        assert_eq!(
            locate(message),
            Some((
                3,
                Some(r#"name "x" y"#.to_string()),
                r#"unknown attribute "y""#.to_string()
            ))
        );
    }

    #[test]
    fn a_200_with_an_error_line_fails_even_without_a_status() {
        let body = r#"{"description":"Incremental CLI Script file was loaded.","output":"a# ip-group new\r\nError: line 7 \"activate\": proxy set \"Nope\" does not exist\r\n"}"#;
        match accepted_answer(body) {
            Err(SbcError::ScriptRejected {
                line,
                text,
                reason,
                output,
            }) => {
                assert_eq!(line, Some(7));
                assert_eq!(text.as_deref(), Some("activate"));
                assert!(reason.contains("does not exist"));
                assert!(!output.contains('\r'));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_failure_status_without_details_is_still_a_failure() {
        let body = r#"{"status":"failure","description":"Incremental CLI Script file was loaded.","output":""}"#;
        assert!(matches!(
            accepted_answer(body),
            Err(SbcError::ScriptRejected { line: None, .. })
        ));
    }

    #[test]
    fn a_clean_answer_succeeds() {
        let body =
            r#"{"status":"success","description":"loaded","output":"x# name \"Errors-R-Us\"\n"}"#;
        let outcome = accepted_answer(body);
        assert_eq!(
            outcome.map(|o| o.description).ok().as_deref(),
            Some("loaded")
        );
    }
}
