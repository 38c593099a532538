//! Customer number prefixes as the import and "Manage SBC Prefixes" screens accept
//! them: E.164 digits with an optional leading `+` and `[from-to]` ranges, several
//! separated by `;`. The device's richer notation (x, n, z, #, `.`) is refused here on
//! purpose: those patterns cannot be counted or matched to numbers by the app.

use std::fmt;

use serde::Serialize;

use crate::PrefixError;

/// The device's limit on a dial plan rule's prefix.
const PREFIX_MAX_CHARS: usize = 50;
/// E.164 numbers have at most 15 digits, so no prefix needs more.
const E164_MAX_DIGITS: usize = 15;

/// One validated prefix, e.g. `+44587996[01-20]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrefixPattern {
    text: String,
    pub leading_plus: bool,
    pub segments: Vec<PrefixSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PrefixSegment {
    Digits(String),
    /// A `[..]` group: numbers or ranges of numbers, all of one width.
    Range(Vec<DigitRange>),
}

/// `from`–`to` inclusive, both of the group's width (a single number has from == to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigitRange {
    pub from: String,
    pub to: String,
}

impl PrefixPattern {
    /// The prefix as written to the SBC.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for PrefixPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Validates one or more `;`-separated prefixes (surrounding spaces are ignored).
pub fn validate_prefix(input: &str) -> Result<Vec<PrefixPattern>, PrefixError> {
    if input.trim().is_empty() {
        return Err(PrefixError::Empty);
    }
    input
        .split(';')
        .map(|item| match item.trim() {
            "" => Err(PrefixError::EmptyItem),
            prefix => parse_one(prefix),
        })
        .collect()
}

fn parse_one(prefix: &str) -> Result<PrefixPattern, PrefixError> {
    let owned = || prefix.to_string();
    let length = prefix.chars().count();
    if length > PREFIX_MAX_CHARS {
        return Err(PrefixError::TooLong {
            prefix: owned(),
            length,
        });
    }
    let leading_plus = prefix.starts_with('+');
    let body = prefix.strip_prefix('+').unwrap_or(prefix);
    let mut segments = Vec::new();
    let mut digits = String::new();
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        match c {
            '0'..='9' => {
                digits.push(c);
                rest = &rest[1..];
            }
            '[' => {
                let close = rest
                    .find(']')
                    .ok_or_else(|| PrefixError::UnbalancedBracket { prefix: owned() })?;
                if !digits.is_empty() {
                    segments.push(PrefixSegment::Digits(std::mem::take(&mut digits)));
                }
                segments.push(PrefixSegment::Range(range_group(prefix, &rest[1..close])?));
                rest = &rest[close + 1..];
            }
            ']' => return Err(PrefixError::UnbalancedBracket { prefix: owned() }),
            'x' | 'X' | 'n' | 'N' | 'z' | 'Z' | '#' => {
                return Err(PrefixError::Wildcard { prefix: owned() })
            }
            '+' => return Err(PrefixError::MisplacedPlus { prefix: owned() }),
            character => {
                return Err(PrefixError::InvalidCharacter {
                    prefix: owned(),
                    character,
                })
            }
        }
    }
    if !digits.is_empty() {
        segments.push(PrefixSegment::Digits(digits));
    }
    let width: usize = segments
        .iter()
        .map(|segment| match segment {
            PrefixSegment::Digits(digits) => digits.len(),
            PrefixSegment::Range(ranges) => ranges.first().map_or(0, |range| range.from.len()),
        })
        .sum();
    if width == 0 {
        return Err(PrefixError::NoDigits { prefix: owned() });
    }
    if width > E164_MAX_DIGITS {
        return Err(PrefixError::TooManyDigits {
            prefix: owned(),
            digits: width,
        });
    }
    Ok(PrefixPattern {
        text: owned(),
        leading_plus,
        segments,
    })
}

/// `01-20` or `123-130,455,780-790`: members of equal width, each range ascending.
fn range_group(prefix: &str, inner: &str) -> Result<Vec<DigitRange>, PrefixError> {
    let mut width = None;
    inner
        .split(',')
        .map(|member| {
            let member = member.trim();
            let (from, to) = member.split_once('-').unwrap_or((member, member));
            let (from, to) = (from.trim(), to.trim());
            let is_number =
                |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
            if !is_number(from) || !is_number(to) {
                return Err(PrefixError::BadRangeMember {
                    prefix: prefix.to_string(),
                    member: member.to_string(),
                });
            }
            let expected = *width.get_or_insert(from.len());
            if from.len() != expected || to.len() != expected {
                return Err(PrefixError::UnequalRangeLength {
                    prefix: prefix.to_string(),
                    member: member.to_string(),
                });
            }
            // Equal widths make the text comparison a numeric one.
            if from > to {
                return Err(PrefixError::DescendingRange {
                    prefix: prefix.to_string(),
                    member: member.to_string(),
                });
            }
            Ok(DigitRange {
                from: from.to_string(),
                to: to.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<String> {
        validate_prefix(input)
            .map(|patterns| patterns.iter().map(ToString::to_string).collect())
            .unwrap_or_default()
    }

    #[test]
    fn plain_ranged_and_listed_prefixes_are_accepted() {
        assert_eq!(texts("+4455896552"), ["+4455896552"]);
        assert_eq!(
            texts(" +44587996[01-20] ; 551136184[4000-9999]"),
            ["+44587996[01-20]", "551136184[4000-9999]"]
        );
        let patterns = validate_prefix("+41589061[000-499,777]").unwrap_or_default();
        assert_eq!(patterns.len(), 1);
        assert!(patterns[0].leading_plus);
        assert_eq!(
            patterns[0].segments,
            vec![
                PrefixSegment::Digits("41589061".into()),
                PrefixSegment::Range(vec![
                    DigitRange {
                        from: "000".into(),
                        to: "499".into()
                    },
                    DigitRange {
                        from: "777".into(),
                        to: "777".into()
                    },
                ]),
            ]
        );
    }

    #[test]
    fn wildcards_are_refused_with_the_specific_message() {
        for wildcard in ["+44x123", "+4420n", "+44z", "+4412#", "+44X1"] {
            let error = validate_prefix(wildcard);
            assert!(
                matches!(error, Err(PrefixError::Wildcard { .. })),
                "{wildcard}"
            );
            let message = error.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(message
                .starts_with("Wildcards (x, n, z, #) are not supported in customer prefixes"));
        }
    }

    #[test]
    fn malformed_prefixes_are_refused_with_the_reason() {
        assert_eq!(validate_prefix("  "), Err(PrefixError::Empty));
        assert_eq!(validate_prefix("+44;;+45"), Err(PrefixError::EmptyItem));
        assert!(matches!(
            validate_prefix("+44[1-20]"),
            Err(PrefixError::UnequalRangeLength { .. })
        ));
        assert!(matches!(
            validate_prefix("+44[20-01]"),
            Err(PrefixError::DescendingRange { .. })
        ));
        assert!(matches!(
            validate_prefix("+44[01-20"),
            Err(PrefixError::UnbalancedBracket { .. })
        ));
        assert!(matches!(
            validate_prefix("+4401]"),
            Err(PrefixError::UnbalancedBracket { .. })
        ));
        assert!(matches!(
            validate_prefix("+44[a-b]"),
            Err(PrefixError::BadRangeMember { .. })
        ));
        assert!(matches!(
            validate_prefix("44+1"),
            Err(PrefixError::MisplacedPlus { .. })
        ));
        assert!(matches!(
            validate_prefix("+44 1"),
            Err(PrefixError::InvalidCharacter { character: ' ', .. })
        ));
        assert!(matches!(
            validate_prefix("+44.1"),
            Err(PrefixError::InvalidCharacter { character: '.', .. })
        ));
        assert!(matches!(
            validate_prefix("+"),
            Err(PrefixError::NoDigits { .. })
        ));
        assert!(matches!(
            validate_prefix("+1234567890123456"),
            Err(PrefixError::TooManyDigits { digits: 16, .. })
        ));
        assert!(matches!(
            validate_prefix(&"1".repeat(51)),
            Err(PrefixError::TooLong { length: 51, .. })
        ));
    }
}
