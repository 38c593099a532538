//! Tokens of the PowerShell subset.
//!
//! PowerShell tokenizes differently in expression mode (`-eq` is an operator, `1.2.3`
//! is an error) and in command-argument mode (`-Fqdn` is a parameter, `169.254.0.1` and
//! `sbc.contoso.com` are bare strings), and only the parser knows which mode applies. So
//! the lexer is a pure function of (position, mode) and the parser asks for each token
//! in the mode it needs.

use super::error::ErrorRecord;
use super::value::Value;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    Expression,
    Command,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    Variable(String),
    /// Content of a single-quoted string, `''` already folded.
    SingleQuoted(String),
    /// Raw content of a double-quoted string; the parser expands it.
    DoubleQuoted(String),
    Number(Value),
    /// An identifier (expression mode) or a bare argument (command mode).
    Word(String),
    /// `-name`: an operator in expression mode, a parameter in command mode.
    Dash(String),
    /// `-Name:` — a parameter with its value attached.
    DashColon(String),
    Punct(&'static str),
    Newline,
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    /// Whether whitespace came before it: `$x.Prop` is member access, `$x .Prop` is not.
    pub spaced: bool,
}

const PUNCTS: &[&str] = &[
    "@(", "@{", "$(", "::", "(", ")", "{", "}", "[", "]", ",", ";", "|", "=", ".", "+", "-", "*",
    "/", "!", "%", "?",
];

pub struct Lexer<'a> {
    src: &'a str,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Self { src }
    }

    pub fn source(&self) -> &'a str {
        self.src
    }

    fn rest(&self, pos: usize) -> &'a str {
        &self.src[pos..]
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.rest(pos).chars().next()
    }

    /// Skips blanks, comments and backtick line continuations; newlines are tokens.
    fn skip_blank(&self, mut pos: usize) -> Result<usize, ErrorRecord> {
        loop {
            let rest = self.rest(pos);
            if rest.starts_with("<#") {
                let end = rest.find("#>").ok_or_else(|| {
                    ErrorRecord::parse("Missing the end of a block comment '#>'.")
                })?;
                pos += end + 2;
            } else if rest.starts_with('#') {
                pos += rest.find('\n').unwrap_or(rest.len());
            } else if rest.starts_with("`\r\n") {
                pos += 3;
            } else if rest.starts_with("`\n") {
                pos += 2;
            } else if let Some(c) = rest
                .chars()
                .next()
                .filter(|c| *c == ' ' || *c == '\t' || *c == '\r')
            {
                pos += c.len_utf8();
            } else {
                return Ok(pos);
            }
        }
    }

    pub fn token(&self, pos: usize, mode: Mode) -> Result<Token, ErrorRecord> {
        let start = self.skip_blank(pos)?;
        let spaced = start != pos;
        let (kind, end) = self.kind_at(start, mode)?;
        Ok(Token {
            kind,
            start,
            end,
            spaced,
        })
    }

    fn kind_at(&self, pos: usize, mode: Mode) -> Result<(TokenKind, usize), ErrorRecord> {
        let rest = self.rest(pos);
        let Some(c) = rest.chars().next() else {
            return Ok((TokenKind::Eof, pos));
        };
        if c == '\n' {
            return Ok((TokenKind::Newline, pos + 1));
        }
        if is_single_quote(c) {
            return self.single_quoted(pos);
        }
        if c == '"' {
            let end = self.double_quoted_end(pos + 1)?;
            return Ok((
                TokenKind::DoubleQuoted(self.src[pos + 1..end].to_string()),
                end + 1,
            ));
        }
        if c == '$' && !rest.starts_with("$(") {
            return self.variable(pos);
        }
        if c == '-' {
            let word: String = rest[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if word.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
                let end = pos + 1 + word.len();
                if mode == Mode::Command && self.char_at(end) == Some(':') {
                    return Ok((TokenKind::DashColon(word), end + 1));
                }
                return Ok((TokenKind::Dash(word), end));
            }
        }
        if mode == Mode::Command {
            if let Some(found) = self.bare_argument(pos) {
                return Ok(found);
            }
        } else {
            if c.is_ascii_digit() {
                return self.number(pos);
            }
            if c.is_alphabetic() || c == '_' {
                let len: usize = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                    .map(char::len_utf8)
                    .sum();
                return Ok((TokenKind::Word(rest[..len].to_string()), pos + len));
            }
        }
        for punct in PUNCTS {
            if rest.starts_with(punct) {
                return Ok((TokenKind::Punct(punct), pos + punct.len()));
            }
        }
        Err(ErrorRecord::parse(format!(
            "Unexpected token '{c}' in expression or statement."
        )))
    }

    /// In argument mode anything up to a separator is one string, or a number if it reads as one.
    fn bare_argument(&self, pos: usize) -> Option<(TokenKind, usize)> {
        let rest = self.rest(pos);
        let first = rest.chars().next()?;
        if "$@'\"(){}[],;|\n".contains(first) {
            return None;
        }
        let len: usize = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && !"(){},;|'\"".contains(*c))
            .map(char::len_utf8)
            .sum();
        let word = &rest[..len];
        let kind = match number_value(word) {
            Some(number) => TokenKind::Number(number),
            None => TokenKind::Word(word.to_string()),
        };
        Some((kind, pos + len))
    }

    fn number(&self, pos: usize) -> Result<(TokenKind, usize), ErrorRecord> {
        let rest = self.rest(pos);
        let mut len = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        let fraction = rest[len..]
            .strip_prefix('.')
            .map(|r| r.chars().take_while(|c| c.is_ascii_digit()).count());
        if let Some(digits) = fraction.filter(|d| *d > 0) {
            len += 1 + digits;
        }
        let value = number_value(&rest[..len]).ok_or_else(|| {
            ErrorRecord::parse(format!("Bad numeric constant: {}.", &rest[..len]))
        })?;
        Ok((TokenKind::Number(value), pos + len))
    }

    fn variable(&self, pos: usize) -> Result<(TokenKind, usize), ErrorRecord> {
        let rest = &self.rest(pos)[1..];
        if let Some(braced) = rest.strip_prefix('{') {
            let end = braced
                .find('}')
                .ok_or_else(|| ErrorRecord::parse("Missing closing '}' in variable name."))?;
            return Ok((
                TokenKind::Variable(braced[..end].to_string()),
                pos + 3 + end,
            ));
        }
        let len: usize = variable_name_len(rest);
        if len == 0 {
            return Err(ErrorRecord::parse("Variable reference is not valid. '$' was not followed by a valid variable name character."));
        }
        Ok((TokenKind::Variable(rest[..len].to_string()), pos + 1 + len))
    }

    /// PowerShell takes any single quote, typographic ones included, as the
    /// delimiter, and a doubled one (of any kinds) as the second quote itself.
    fn single_quoted(&self, pos: usize) -> Result<(TokenKind, usize), ErrorRecord> {
        let mut text = String::new();
        let start = pos + self.char_at(pos).map_or(1, char::len_utf8);
        let mut chars = self.rest(start).char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if is_single_quote(c) {
                if let Some((_, quote)) = chars.next_if(|(_, n)| is_single_quote(*n)) {
                    text.push(quote);
                    continue;
                }
                return Ok((TokenKind::SingleQuoted(text), start + i + c.len_utf8()));
            }
            text.push(c);
        }
        Err(ErrorRecord::parse(
            "The string is missing the terminator: '.",
        ))
    }

    /// Finds the closing quote, stepping over escapes and `$( ... )` bodies (which may hold quotes).
    fn double_quoted_end(&self, mut pos: usize) -> Result<usize, ErrorRecord> {
        let unterminated = || ErrorRecord::parse("The string is missing the terminator: \".");
        loop {
            let c = self.char_at(pos).ok_or_else(unterminated)?;
            match c {
                '`' => pos += 1 + self.char_at(pos + 1).map_or(0, char::len_utf8),
                '"' if self.char_at(pos + 1) == Some('"') => pos += 2,
                '"' => return Ok(pos),
                '$' if self.char_at(pos + 1) == Some('(') => pos = self.balanced_end(pos + 1)?,
                _ => pos += c.len_utf8(),
            }
        }
    }

    /// Given the position of a `(`, returns the position just past its matching `)`.
    pub fn balanced_end(&self, open: usize) -> Result<usize, ErrorRecord> {
        let mut depth = 0usize;
        let mut pos = open;
        loop {
            let c = self
                .char_at(pos)
                .ok_or_else(|| ErrorRecord::parse("Missing closing ')' in subexpression."))?;
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(pos + 1);
                    }
                }
                c if is_single_quote(c) => {
                    let (_, end) = self.single_quoted(pos)?;
                    pos = end;
                    continue;
                }
                '"' => {
                    pos = self.double_quoted_end(pos + 1)? + 1;
                    continue;
                }
                _ => {}
            }
            pos += c.len_utf8();
        }
    }

    /// A member name right after `.` or `::` (no dashes, unlike command names).
    pub fn member_name(&self, pos: usize) -> Option<(String, usize)> {
        let len: usize = variable_name_len(self.rest(pos));
        (len > 0).then(|| (self.rest(pos)[..len].to_string(), pos + len))
    }

    /// The text of a type literal after `[`, up to the closing `]`.
    pub fn type_name(&self, pos: usize) -> Option<(String, usize)> {
        let rest = self.rest(pos);
        let end = rest.find(']')?;
        let name = rest[..end].trim();
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || "._[]".contains(c));
        valid.then(|| (name.to_string(), pos + end + 1))
    }
}

fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

fn variable_name_len(text: &str) -> usize {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '?')
        .map(char::len_utf8)
        .sum()
}

fn number_value(word: &str) -> Option<Value> {
    if let Ok(int) = word.parse::<i64>() {
        return Some(Value::Int(int));
    }
    let looks_numeric = word
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && word.matches('.').count() == 1;
    looks_numeric
        .then(|| word.parse::<f64>().ok().map(Value::Double))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str, mode: Mode) -> Vec<TokenKind> {
        let lexer = Lexer::new(src);
        let mut pos = 0;
        let mut out = Vec::new();
        loop {
            let token = lexer.token(pos, mode).unwrap();
            if token.kind == TokenKind::Eof {
                return out;
            }
            pos = token.end;
            out.push(token.kind);
        }
    }

    #[test]
    fn argument_mode_keeps_addresses_and_fqdns_whole() {
        assert_eq!(
            kinds(
                "-IPAddress 169.254.0.1 -MaskBits 32 -Fqdn sbc.contoso.com",
                Mode::Command
            ),
            vec![
                TokenKind::Dash("IPAddress".into()),
                TokenKind::Word("169.254.0.1".into()),
                TokenKind::Dash("MaskBits".into()),
                TokenKind::Number(Value::Int(32)),
                TokenKind::Dash("Fqdn".into()),
                TokenKind::Word("sbc.contoso.com".into()),
            ]
        );
    }

    #[test]
    fn single_quotes_fold_doubled_quotes_and_comments_are_skipped() {
        assert_eq!(
            kinds("'O''Brien' # note\n$x -eq 1", Mode::Expression),
            vec![
                TokenKind::SingleQuoted("O'Brien".into()),
                TokenKind::Newline,
                TokenKind::Variable("x".into()),
                TokenKind::Dash("eq".into()),
                TokenKind::Number(Value::Int(1)),
            ]
        );
    }

    #[test]
    fn typographic_single_quotes_delimit_and_fold_like_plain_ones() {
        assert_eq!(
            kinds(
                "\u{2018}O\u{2019}\u{2019}Brien\u{2019} 'a\u{201A}'b\u{201B}",
                Mode::Expression
            ),
            vec![
                TokenKind::SingleQuoted("O\u{2019}Brien".into()),
                TokenKind::SingleQuoted("a'b".into()),
            ]
        );
    }

    #[test]
    fn double_quoted_strings_span_subexpressions_with_quotes() {
        assert_eq!(
            kinds(r#""a $($x["k"]) `"b""c""#, Mode::Expression),
            vec![TokenKind::DoubleQuoted(r#"a $($x["k"]) `"b""c"#.into())]
        );
    }
}
