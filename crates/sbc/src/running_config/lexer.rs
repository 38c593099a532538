//! Splits one CLI line into words. Double-quoted values may hold spaces and the
//! escapes `\"` and `\\`; other backslashes stay (prefixes use `\.`).

pub(super) fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = String::new();
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
                        Some(&escaped @ ('"' | '\\')) => {
                            word.push(escaped);
                            chars.next();
                        }
                        _ => word.push('\\'),
                    },
                    other => word.push(other),
                }
            }
            if !closed {
                return Err("a quoted value is not closed".into());
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
        }
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_keep_spaces_and_unescape() {
        assert_eq!(
            tokenize(r#"  name "A \"B\" C\\" x\.y"#),
            Ok(vec![
                "name".to_string(),
                "A \"B\" C\\".to_string(),
                "x\\.y".to_string()
            ])
        );
        assert!(tokenize(r#"name "open"#).is_err());
    }
}
