//! Writing values into PowerShell text so that nothing an engineer types can end a
//! literal or start a command.

/// A single-quoted literal: PowerShell expands nothing inside it, and a quote is doubled.
/// Typographic quotes count as quotes in PowerShell, so they are doubled too.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

pub fn boolean(value: bool) -> &'static str {
    if value {
        "$true"
    } else {
        "$false"
    }
}

/// `@('a', 'b')`; `@()` for none.
pub fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("@({})", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_doubled_and_nothing_else_changes() {
        assert_eq!(quote("O'Brien $x `n"), "'O''Brien $x `n'");
        assert_eq!(quote("a\u{2019}b"), "'a\u{2019}\u{2019}b'");
        assert_eq!(list(&[]), "@()");
        assert_eq!(list(&["a".into(), "b'c".into()]), "@('a', 'b''c')");
    }
}
