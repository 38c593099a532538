use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::DomainError;

/// E.164 allows at most 15 digits including the country code.
const MAX_DIGITS: usize = 15;
/// Teams accepts extensions of 1–10 digits that do not start with 0.
const MAX_EXT_DIGITS: usize = 10;

/// A validated phone number in E.164 form, with an optional extension.
/// Canonical text form: `+12065550100` or `+12065550100;ext=12`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct PhoneNumber {
    e164: String,
    extension: Option<String>,
}

fn invalid(message: String) -> DomainError {
    DomainError::new("phone", "invalid", message)
}

impl PhoneNumber {
    /// Accepts `+44 20 7946 0018`, `tel:+12065550100`, `+1 (206) 555-0100;ext=12`:
    /// an optional `tel:` prefix, a leading `+`, digits with spaces, dashes, dots or
    /// parentheses between them, and an optional `;ext=`.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let trimmed = input.trim();
        let without_scheme = strip_prefix_ignore_case(trimmed, "tel:").unwrap_or(trimmed);
        let (main, extension) = split_extension(without_scheme)?;

        let Some(rest) = main.trim_start().strip_prefix('+') else {
            return Err(invalid(format!(
                "Phone number '{trimmed}' must start with + and the country code, e.g. +44 20 7946 0018."
            )));
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                other => {
                    return Err(invalid(format!(
                        "Phone number '{trimmed}' may only contain digits, spaces, dashes, dots and parentheses (found '{other}')."
                    )))
                }
            }
        }
        if digits.is_empty() || digits.len() > MAX_DIGITS || digits.starts_with('0') {
            return Err(invalid(format!(
                "Phone number '{trimmed}' must have 1 to {MAX_DIGITS} digits after the +, starting with the country code (it has {}).",
                digits.len()
            )));
        }
        let e164 = format!("+{digits}");
        let valid = phonenumber::parse(None, &e164).is_ok_and(|n| phonenumber::is_valid(&n));
        if !valid {
            return Err(invalid(format!(
                "Phone number '{trimmed}' is not a valid number for its country code."
            )));
        }
        Ok(Self { e164, extension })
    }

    /// `+` followed by the digits, no extension.
    pub fn as_e164(&self) -> &str {
        &self.e164
    }

    /// Digits only (no `+`, no extension); what number search matches against.
    pub fn digits(&self) -> &str {
        &self.e164[1..]
    }

    pub fn extension(&self) -> Option<&str> {
        self.extension.as_deref()
    }

    /// Teams `LineURI` form: `tel:+12065550100` or `tel:+12065550100;ext=12`.
    pub fn to_line_uri(&self) -> String {
        format!("tel:{self}")
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn split_extension(s: &str) -> Result<(&str, Option<String>), DomainError> {
    let lower = s.to_ascii_lowercase();
    let Some(pos) = lower.find(";ext=") else {
        return Ok((s, None));
    };
    let ext = s[pos + ";ext=".len()..].trim();
    let ok = !ext.is_empty()
        && ext.len() <= MAX_EXT_DIGITS
        && ext.bytes().all(|b| b.is_ascii_digit())
        && !ext.starts_with('0');
    if !ok {
        return Err(invalid(format!(
            "Extension '{ext}' must be 1 to {MAX_EXT_DIGITS} digits and cannot start with 0."
        )));
    }
    Ok((&s[..pos], Some(ext.to_owned())))
}

impl std::fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.extension {
            Some(ext) => write!(f, "{};ext={ext}", self.e164),
            None => f.write_str(&self.e164),
        }
    }
}

impl std::str::FromStr for PhoneNumber {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<PhoneNumber> for String {
    fn from(p: PhoneNumber) -> Self {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_number_with_spaces() {
        let p = PhoneNumber::parse("+44 20 7946 0018").unwrap();
        assert_eq!(p.as_e164(), "+442079460018");
        assert_eq!(p.digits(), "442079460018");
        assert_eq!(p.extension(), None);
        assert_eq!(p.to_line_uri(), "tel:+442079460018");
    }

    #[test]
    fn tel_uri_is_accepted_case_insensitively() {
        let p = PhoneNumber::parse("tel:+12065550100").unwrap();
        assert_eq!(p.as_e164(), "+12065550100");
        assert_eq!(PhoneNumber::parse("TEL:+12065550100").unwrap(), p);
    }

    #[test]
    fn punctuation_and_extension() {
        let p = PhoneNumber::parse("+1 (206) 555-0100;ext=12").unwrap();
        assert_eq!(p.as_e164(), "+12065550100");
        assert_eq!(p.extension(), Some("12"));
        assert_eq!(p.to_line_uri(), "tel:+12065550100;ext=12");
        assert_eq!(p.to_string(), "+12065550100;ext=12");
        assert_eq!(
            PhoneNumber::parse("+1.206.555.0100").unwrap().as_e164(),
            "+12065550100"
        );
    }

    #[test]
    fn invalid_numbers_are_rejected_with_a_reason() {
        let no_plus = PhoneNumber::parse("12345").unwrap_err();
        assert_eq!(no_plus.code, "phone.invalid");
        assert!(
            no_plus.message.contains("must start with +"),
            "{}",
            no_plus.message
        );

        let bad_country = PhoneNumber::parse("+999123").unwrap_err();
        assert!(
            bad_country.message.contains("not a valid number"),
            "{}",
            bad_country.message
        );

        let letters = PhoneNumber::parse("+44abc").unwrap_err();
        assert!(letters.message.contains("found 'a'"), "{}", letters.message);

        for bad in [
            "",
            "+",
            "tel:",
            "+0441234",
            "+1234567890123456",
            "+44 20 7946",
        ] {
            assert_eq!(
                PhoneNumber::parse(bad).unwrap_err().code,
                "phone.invalid",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn bad_extensions_are_rejected() {
        for bad in [
            "+12065550100;ext=",
            "+12065550100;ext=012",
            "+12065550100;ext=1a",
            "+12065550100;ext=12345678901",
        ] {
            let err = PhoneNumber::parse(bad).unwrap_err();
            assert!(
                err.message.starts_with("Extension"),
                "{bad}: {}",
                err.message
            );
        }
    }

    #[test]
    fn serde_round_trip_uses_canonical_text() {
        let p = PhoneNumber::parse("tel:+1 206 555 0100;ext=7").unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, "\"+12065550100;ext=7\"");
        assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), p);
        assert!(serde_json::from_str::<PhoneNumber>("\"12345\"").is_err());
    }
}
