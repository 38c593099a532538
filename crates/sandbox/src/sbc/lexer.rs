//! Splits one CLI line into words, and quotes values back for rendering.
//!
//! Inside double quotes `\"` is a quote and `\\` a backslash; any other backslash is
//! kept as it is, because dial plan prefixes use `\.` for a literal dot.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub quoted: bool,
}

pub fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut text = String::new();
        if c == '"' {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '"' => {
                        closed = true;
                        break;
                    }
                    '\\' => match chars.peek() {
                        Some(&next @ ('"' | '\\')) => {
                            text.push(next);
                            chars.next();
                        }
                        _ => text.push('\\'),
                    },
                    other => text.push(other),
                }
            }
            if !closed {
                return Err("unterminated quoted string".into());
            }
            if chars.peek().is_some_and(|c| !c.is_whitespace()) {
                return Err("a quoted string must be followed by a space".into());
            }
            tokens.push(Token { text, quoted: true });
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                if c == '"' {
                    return Err("a quote may not start inside a word".into());
                }
                text.push(c);
                chars.next();
            }
            tokens.push(Token {
                text,
                quoted: false,
            });
        }
    }
    Ok(tokens)
}

/// The inverse of the quoted-string rule in `tokenize`.
pub fn quote(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for (position, &c) in chars.iter().enumerate() {
        match c {
            '"' => quoted.push_str("\\\""),
            // A backslash needs doubling only where the reader would otherwise
            // take it as the start of an escape (or where it ends the string).
            '\\' if matches!(chars.get(position + 1), None | Some('"' | '\\')) => {
                quoted.push_str("\\\\")
            }
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_quoted_strings() {
        let tokens = tokenize(r#"  name "a \"b\" c\.d"  x "#).unwrap();
        let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["name", r#"a "b" c\.d"#, "x"]);
        assert!(tokens[1].quoted && !tokens[0].quoted);
        assert!(tokenize(r#"name "open"#).is_err());
        assert!(tokenize(r#"name ab"c""#).is_err());
    }

    #[test]
    fn quote_round_trips_awkward_values() {
        for value in [
            "",
            "plain",
            r#"q"uote"#,
            r"back\.slash",
            r"end\",
            r"two\\b",
            r#"\""#,
        ] {
            let tokens = tokenize(&format!("x {}", quote(value))).unwrap();
            assert_eq!(tokens[1].text, value, "{}", quote(value));
        }
    }
}
