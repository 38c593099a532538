//! Maps a problem found in the rendered example back to the template text.
//!
//! Script keywords, attribute names, cmdlets and parameters are literal template
//! text (values come from variables and are quoted), so the problem line or the
//! offending word can usually be found in the template itself.

use crate::diagnostic::{Diagnostic, Severity};

/// A problem on one line of the rendered example.
pub(crate) struct RenderedProblem {
    /// 1-based line in the rendered script.
    pub line: usize,
    /// The word the problem is about (a command, attribute, cmdlet or parameter).
    pub word: String,
    pub message: String,
    pub severity: Severity,
}

pub(crate) fn locate(template: &str, rendered: &str, problem: RenderedProblem) -> Diagnostic {
    let rendered_line = rendered
        .lines()
        .nth(problem.line.saturating_sub(1))
        .unwrap_or("")
        .trim();
    let exact = template
        .lines()
        .enumerate()
        .find(|(_, line)| line.trim() == rendered_line && !rendered_line.is_empty());
    let position = exact
        .map(|(index, line)| (index + 1, line.len() - line.trim_start().len() + 1))
        .or_else(|| find_word(template, &problem.word));
    let (line, column, message) = match position {
        Some((line, column)) => (line, column, problem.message),
        None => (
            1,
            1,
            format!(
                "{} (rendered example line {}: `{rendered_line}`)",
                problem.message, problem.line
            ),
        ),
    };
    Diagnostic {
        line,
        column,
        severity: problem.severity,
        message,
    }
}

/// The first occurrence of `word` not inside a longer word.
fn find_word(text: &str, word: &str) -> Option<(usize, usize)> {
    if word.is_empty() {
        return None;
    }
    let is_word_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    for (index, line) in text.lines().enumerate() {
        for (start, _) in line.match_indices(word) {
            let before = line[..start].chars().next_back();
            let after = line[start + word.len()..].chars().next();
            let starts_clean = before.is_none_or(|c| !is_word_char(c)) || word.starts_with('-');
            if starts_clean && after.is_none_or(|c| !is_word_char(c)) {
                return Some((index + 1, line[..start].chars().count() + 1));
            }
        }
    }
    None
}
