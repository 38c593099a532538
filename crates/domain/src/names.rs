use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::DomainError;

/// Characters Windows forbids in file names; the short name becomes folder, log and
/// SBC object names (`<short>-c`, `<short>-t`), so it must be safe in all of them.
const FORBIDDEN: &[char] = &['\\', '/', ':', '*', '?', '"', '<', '>', '|'];
const SHORT_MIN: usize = 3;
const SHORT_MAX: usize = 15;
const FULL_MAX: usize = 256;

/// A customer's short name (3–15 characters, no dots, whitespace or path characters).
/// Uniqueness (case-insensitive) is enforced by the cache.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct ShortName(String);

impl ShortName {
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let err = |code: &str, message: String| DomainError::new("shortName", code, message);
        if input.contains(FORBIDDEN) {
            return Err(err(
                "forbiddenChar",
                "Short name cannot contain any of \\ / : * ? \" < > |".to_owned(),
            ));
        }
        if input.contains('.') {
            return Err(err("dot", "Short name cannot contain a dot.".to_owned()));
        }
        refuse_line_breaks("shortName", "Short name", input)?;
        if input.chars().any(char::is_whitespace) {
            return Err(err(
                "space",
                "Short name cannot contain spaces or tabs.".to_owned(),
            ));
        }
        refuse_control_characters("shortName", "Short name", input)?;
        let len = input.chars().count();
        if len < SHORT_MIN {
            return Err(err(
                "tooShort",
                format!("Short name must be at least {SHORT_MIN} characters (it has {len})."),
            ));
        }
        if len > SHORT_MAX {
            return Err(err(
                "tooLong",
                format!("Short name must be at most {SHORT_MAX} characters (it has {len})."),
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A customer's display name: trimmed, 1–256 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct FullName(String);

impl FullName {
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(DomainError::new(
                "fullName",
                "empty",
                "Full name cannot be empty.",
            ));
        }
        refuse_line_breaks("fullName", "Full name", trimmed)?;
        refuse_control_characters("fullName", "Full name", trimmed)?;
        let len = trimmed.chars().count();
        if len > FULL_MAX {
            return Err(DomainError::new(
                "fullName",
                "tooLong",
                format!("Full name must be at most {FULL_MAX} characters (it has {len})."),
            ));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Names go into script lines (SBC CLI, PowerShell) and log lines, where a line
/// break would end the line and start a new one of the value's choosing.
fn refuse_line_breaks(field: &str, label: &str, input: &str) -> Result<(), DomainError> {
    if input.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        return Err(DomainError::new(
            field,
            "lineBreak",
            format!("{label} cannot contain line breaks."),
        ));
    }
    Ok(())
}

/// Other control characters are invisible on screen but not in a script or a file name.
fn refuse_control_characters(field: &str, label: &str, input: &str) -> Result<(), DomainError> {
    if input.chars().any(char::is_control) {
        return Err(DomainError::new(
            field,
            "forbiddenChar",
            format!("{label} cannot contain control characters."),
        ));
    }
    Ok(())
}

/// `Display`, `FromStr`, `TryFrom<String>` and `Into<String>` for both name types.
macro_rules! string_newtype_conversions {
    ($($ty:ident),+) => {$(
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl std::str::FromStr for $ty {
            type Err = DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
        impl TryFrom<String> for $ty {
            type Error = DomainError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }
        impl From<$ty> for String {
            fn from(v: $ty) -> Self {
                v.0
            }
        }
    )+};
}
string_newtype_conversions!(ShortName, FullName);

#[cfg(test)]
mod tests {
    use super::*;

    fn code(input: &str) -> String {
        ShortName::parse(input).unwrap_err().code
    }

    #[test]
    fn short_name_length_bounds() {
        assert_eq!(code("ab"), "shortName.tooShort");
        assert_eq!(
            ShortName::parse("ab").unwrap_err().message,
            "Short name must be at least 3 characters (it has 2)."
        );
        assert_eq!(code(""), "shortName.tooShort");
        assert_eq!(ShortName::parse("abc").unwrap().as_str(), "abc");
        assert_eq!(
            ShortName::parse("abcdefghijklmno").unwrap().as_str().len(),
            15
        );
        let long = ShortName::parse("abcdefghijklmnop").unwrap_err();
        assert_eq!(long.code, "shortName.tooLong");
        assert_eq!(
            long.message,
            "Short name must be at most 15 characters (it has 16)."
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(
            ShortName::parse("Zürich-Öl-ÄÖÜéè").is_ok(),
            "15 chars, more bytes"
        );
        assert_eq!(code("éé"), "shortName.tooShort");
    }

    #[test]
    fn every_forbidden_character_is_rejected() {
        for c in FORBIDDEN {
            let err = ShortName::parse(&format!("ab{c}cd")).unwrap_err();
            assert_eq!(err.code, "shortName.forbiddenChar", "char {c:?}");
            assert_eq!(
                err.message,
                "Short name cannot contain any of \\ / : * ? \" < > |"
            );
        }
        assert_eq!(code("ab\u{7}cd"), "shortName.forbiddenChar");
    }

    #[test]
    fn dot_space_and_tab_are_rejected() {
        assert_eq!(code("con.toso"), "shortName.dot");
        assert_eq!(
            ShortName::parse("a.b").unwrap_err().message,
            "Short name cannot contain a dot."
        );
        assert_eq!(code("con toso"), "shortName.space");
        assert_eq!(code("con\ttoso"), "shortName.space");
        assert_eq!(code(" contoso"), "shortName.space", "no silent trimming");
    }

    #[test]
    fn line_breaks_and_control_characters_are_rejected() {
        for input in ["con\ntoso", "con\r\ntoso", "contoso\n", "con\u{2028}toso"] {
            let err = ShortName::parse(input).unwrap_err();
            assert_eq!(err.field, "shortName", "{input:?}");
            assert_eq!(err.code, "shortName.lineBreak", "{input:?}");
            assert_eq!(err.message, "Short name cannot contain line breaks.");
        }
        for input in ["con\u{0}toso", "con\u{1b}[2Jtoso", "con\u{7f}toso"] {
            assert_eq!(code(input), "shortName.forbiddenChar", "{input:?}");
        }
        for input in ["Contoso\nLtd", "Contoso\rLtd", "Contoso\u{85}Ltd"] {
            let err = FullName::parse(input).unwrap_err();
            assert_eq!(err.field, "fullName", "{input:?}");
            assert_eq!(err.code, "fullName.lineBreak", "{input:?}");
            assert_eq!(err.message, "Full name cannot contain line breaks.");
        }
        for input in ["Contoso\tLtd", "Contoso\u{0}", "Contoso\u{1b}[31m Ltd"] {
            let err = FullName::parse(input).unwrap_err();
            assert_eq!(err.code, "fullName.forbiddenChar", "{input:?}");
            assert_eq!(err.message, "Full name cannot contain control characters.");
        }
        // Surrounding white space, a pasted trailing newline included, is trimmed.
        assert_eq!(
            FullName::parse("Contoso Ltd\r\n").unwrap().as_str(),
            "Contoso Ltd"
        );
    }

    #[test]
    fn short_name_keeps_case_and_allows_dash_and_underscore() {
        assert_eq!(
            ShortName::parse("Contoso-UK_2").unwrap().to_string(),
            "Contoso-UK_2"
        );
    }

    #[test]
    fn full_name_is_trimmed_and_bounded() {
        assert_eq!(
            FullName::parse("  Contoso Ltd ").unwrap().as_str(),
            "Contoso Ltd"
        );
        assert_eq!(FullName::parse(" \t ").unwrap_err().code, "fullName.empty");
        assert!(FullName::parse(&"x".repeat(256)).is_ok());
        let err = FullName::parse(&"x".repeat(257)).unwrap_err();
        assert_eq!(err.code, "fullName.tooLong");
        assert!(err.message.contains("(it has 257)"));
    }

    #[test]
    fn serde_goes_through_validation() {
        let ok: ShortName = serde_json::from_str("\"contoso\"").unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"contoso\"");
        let err = serde_json::from_str::<ShortName>("\"a.b.c\"").unwrap_err();
        assert!(err.to_string().contains("dot"), "{err}");
        assert!(serde_json::from_str::<FullName>("\"   \"").is_err());
    }
}
