//! Splits one CLI line into words.
//!
//! Words are separated by white space. A double-quoted value is one word and may hold
//! spaces; inside it `\"` is a quote and `\\` a backslash, while any other backslash
//! stays as it is, because dial plan prefixes use `\.` for a literal dot. A quote must
//! open and close a whole word: `"a"b` and `a"b"` are refused rather than guessed at,
//! since the device would read them differently from what the author meant.

use std::iter::Peekable;
use std::str::Chars;

use crate::CliError;

/// The words of `line`, quoted values unescaped and without their quotes.
pub fn tokenize(line: &str) -> Result<Vec<String>, CliError> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&first) = chars.peek() {
        if first.is_whitespace() {
            chars.next();
        } else if first == '"' {
            chars.next();
            words.push(quoted(&mut chars)?);
            if let Some(&after) = chars.peek().filter(|c| !c.is_whitespace()) {
                return Err(CliError::TextAfterQuote(after));
            }
        } else {
            words.push(bare(&mut chars)?);
        }
    }
    Ok(words)
}

/// The rest of a quoted value whose opening quote has been read.
fn quoted(chars: &mut Peekable<Chars>) -> Result<String, CliError> {
    let mut word = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Ok(word),
            '\\' => match chars.next_if(|next| matches!(next, '"' | '\\')) {
                Some(escaped) => word.push(escaped),
                None => word.push('\\'),
            },
            other => word.push(other),
        }
    }
    Err(CliError::UnclosedQuote)
}

/// A word up to the next white space.
fn bare(chars: &mut Peekable<Chars>) -> Result<String, CliError> {
    let mut word = String::new();
    while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
        word.push(c);
    }
    if word.contains('"') {
        return Err(CliError::QuoteInsideWord(word));
    }
    Ok(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_keep_spaces_and_unescape() {
        assert_eq!(
            tokenize(r#"  name "A \"B\" C\\" x\.y "" "é ü" "#),
            Ok(vec![
                "name".to_string(),
                "A \"B\" C\\".to_string(),
                r"x\.y".to_string(),
                String::new(),
                "é ü".to_string(),
            ])
        );
        assert_eq!(
            tokenize(r#"prefix "a\.b\x""#),
            Ok(vec!["prefix".into(), r"a\.b\x".into()])
        );
        assert_eq!(tokenize("   "), Ok(vec![]));
    }

    #[test]
    fn quotes_that_do_not_enclose_a_whole_word_are_refused() {
        assert_eq!(tokenize(r#"name "open"#), Err(CliError::UnclosedQuote));
        assert_eq!(
            tokenize(r#"name "ends with \""#),
            Err(CliError::UnclosedQuote)
        );
        assert_eq!(tokenize(r#"name "a"b"#), Err(CliError::TextAfterQuote('b')));
        assert_eq!(
            tokenize(r#"name "a""b""#),
            Err(CliError::TextAfterQuote('"'))
        );
        assert_eq!(
            tokenize(r#"name ab"c""#),
            Err(CliError::QuoteInsideWord(r#"ab"c""#.into()))
        );
    }
}
