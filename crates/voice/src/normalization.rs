//! Dial plan evaluation: the first rule whose pattern matches the dialled number
//! rewrites it with its translation; no match leaves the number as dialled.

use regex::{Captures, Regex};
use serde::Serialize;
use ts_rs::TS;

use crate::checks::check_pattern;
use crate::error::VoiceError;
use crate::objects::NormalizationRule;

/// How one rule judged the number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuleTrial {
    pub name: String,
    pub pattern: String,
    pub translation: String,
    pub matched: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Normalization {
    pub dialed: String,
    pub translated: String,
    /// The rule that applied, if any.
    pub matching_rule: Option<String>,
    pub is_internal_extension: bool,
    /// Rules in order up to and including the one that applied.
    pub trials: Vec<RuleTrial>,
}

pub fn normalize(rules: &[NormalizationRule], dialed: &str) -> Result<Normalization, VoiceError> {
    let dialed = dialed.trim();
    let mut trials = Vec::new();
    for rule in rules {
        let regex = check_pattern(&format!("pattern of rule '{}'", rule.name), &rule.pattern)?;
        let captures = regex.captures(dialed);
        trials.push(RuleTrial {
            name: rule.name.clone(),
            pattern: rule.pattern.clone(),
            translation: rule.translation.clone(),
            matched: captures.is_some(),
        });
        if let Some(captures) = captures {
            return Ok(Normalization {
                dialed: dialed.to_string(),
                translated: translate(dialed, &regex, &captures, &rule.translation),
                matching_rule: Some(rule.name.clone()),
                is_internal_extension: rule.is_internal_extension,
                trials,
            });
        }
    }
    Ok(Normalization {
        dialed: dialed.to_string(),
        translated: dialed.to_string(),
        matching_rule: None,
        is_internal_extension: false,
        trials,
    })
}

/// The number after .NET's `Regex.Replace` with the translation: the matched part is
/// replaced and the rest kept (rules anchored with `^…$` replace it all). `$n` takes
/// the longest group number that exists, `${n}` is explicit, `$$` is a dollar, and a
/// `$` that names no group stays as written.
fn translate(dialed: &str, regex: &Regex, captures: &Captures<'_>, translation: &str) -> String {
    let whole = captures.get(0).expect("group 0 always matches");
    let mut out = String::with_capacity(dialed.len() + translation.len());
    out.push_str(&dialed[..whole.start()]);
    let chars: Vec<char> = translation.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '$' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let rest: String = chars[i + 1..].iter().collect();
        if rest.starts_with('$') {
            out.push('$');
            i += 2;
        } else if let Some((group, used)) = group_reference(&rest, regex.captures_len()) {
            out.push_str(captures.get(group).map_or("", |m| m.as_str()));
            i += 1 + used;
        } else {
            out.push('$');
            i += 1;
        }
    }
    out.push_str(&dialed[whole.end()..]);
    out
}

/// The group a reference after `$` names, and how many characters it used.
fn group_reference(rest: &str, groups: usize) -> Option<(usize, usize)> {
    if let Some(inner) = rest.strip_prefix('{') {
        let close = inner.find('}')?;
        let group: usize = inner[..close].parse().ok()?;
        return (group < groups).then_some((group, close + 2));
    }
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (1..=digits.len()).rev().find_map(|len| {
        digits[..len]
            .parse::<usize>()
            .ok()
            .filter(|g| *g < groups)
            .map(|g| (g, len))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, pattern: &str, translation: &str) -> NormalizationRule {
        NormalizationRule {
            name: name.into(),
            pattern: pattern.into(),
            translation: translation.into(),
            description: String::new(),
            is_internal_extension: false,
        }
    }

    #[test]
    fn the_first_matching_rule_translates() {
        let rules = vec![
            rule("Ext", r"^(\d{4})$", "+1425555$1"),
            rule("Aus", r"^(\d{5,})$", "+613$1"),
        ];
        let result = normalize(&rules, "1234").unwrap();
        assert_eq!(result.translated, "+14255551234");
        assert_eq!(result.matching_rule.as_deref(), Some("Ext"));
        let result = normalize(&rules, "98765").unwrap();
        assert_eq!(result.translated, "+61398765");
        assert_eq!(
            result.trials.iter().map(|t| t.matched).collect::<Vec<_>>(),
            vec![false, true]
        );
        let result = normalize(&rules, "+44 20").unwrap();
        assert_eq!(result.translated, "+44 20");
        assert_eq!(result.matching_rule, None);
    }

    #[test]
    fn group_references_follow_dotnet() {
        let rules = vec![rule(
            "Ten",
            r"^(\d)(\d)(\d)(\d)(\d)(\d)(\d)(\d)(\d)(\d)$",
            "$10${1}0$$x$z",
        )];
        assert_eq!(
            normalize(&rules, "1234567890").unwrap().translated,
            "010$x$z"
        );
        // Only one group: `$10` is group 1 followed by a zero.
        let rules = vec![rule("One", r"^9(\d+)$", "$10")];
        assert_eq!(normalize(&rules, "9123").unwrap().translated, "1230");
        // An unanchored pattern replaces only what it matched.
        let rules = vec![rule("Mid", r"00", "+")];
        assert_eq!(normalize(&rules, "0044").unwrap().translated, "+44");
    }

    #[test]
    fn a_broken_pattern_is_named() {
        let error = normalize(&[rule("Bad", "^(12", "x")], "12").unwrap_err();
        assert!(error.to_string().contains("rule 'Bad'"), "{error}");
    }
}
