//! The emulated SBC's own CLI grammar, one line at a time, for the differential test
//! that holds it and the client's grammar (`switchboard-sbc-cli`) together. The
//! emulator keeps an independent implementation on purpose, so that it can catch the
//! client's mistakes; tables are named here by their CLI path (`sbc dial-plan-rule`),
//! which both grammars take from the device.

use crate::sbc::interpreter::validate_value;
use crate::sbc::lexer::tokenize;
use crate::sbc::schema::{Table, TABLES};

/// The words of `line`, or why the emulator refuses to split it.
pub fn words(line: &str) -> Result<Vec<String>, String> {
    tokenize(line).map(|tokens| tokens.into_iter().map(|token| token.text).collect())
}

/// The path of the table with the longest path that `words` start with, and how many
/// words that path has.
pub fn table_at(words: &[&str]) -> Option<(String, usize)> {
    TABLES
        .iter()
        .filter(|table| words.starts_with(table.path))
        .max_by_key(|table| table.path.len())
        .map(|table| (table.path_text(), table.path.len()))
}

/// The path of the table whose rows `word` opens inside a row of `parent`.
pub fn sub_table(parent: &str, word: &str) -> Option<String> {
    let parent = by_path(parent)?;
    TABLES
        .iter()
        .find(|table| table.parent == Some((parent.id, word)))
        .map(Table::path_text)
}

/// Whether the emulator accepts `value` for `attribute` of the table at `path`;
/// `None` when the table has no such attribute.
pub fn check_value(path: &str, attribute: &str, value: &str) -> Option<Result<(), String>> {
    let attribute = by_path(path)?.attribute(attribute)?;
    Some(validate_value(attribute.name, attribute.kind, value).map(drop))
}

fn by_path(path: &str) -> Option<&'static Table> {
    TABLES.iter().find(|table| table.path_text() == path)
}
