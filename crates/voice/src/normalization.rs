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
                translated: translate(&regex, &captures, &rule.translation),
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

/// The translation with the match's groups put in, as .NET's `Match.Result` does:
/// `$n` reads every digit that follows, `${n}` and `${name}` are explicit, `$0` and `$&`
/// are the whole match, `$$` is a dollar, and a reference to no group stays as written.
/// (For the anchored `^…$` patterns dial plans use, this equals replacing the number.)
fn translate(regex: &Regex, captures: &Captures<'_>, translation: &str) -> String {
    let mut out = String::with_capacity(translation.len() + 16);
    let mut rest = translation;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match reference(regex, captures, after) {
            Some((text, used)) => {
                out.push_str(&text);
                rest = &after[used..];
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What a reference after `$` stands for, and how many characters it used.
fn reference(regex: &Regex, captures: &Captures<'_>, after: &str) -> Option<(String, usize)> {
    let group = |m: Option<regex::Match<'_>>| m.map_or(String::new(), |m| m.as_str().to_owned());
    if after.starts_with('$') {
        return Some(("$".to_owned(), 1));
    }
    if after.starts_with('&') {
        return Some((group(captures.get(0)), 1));
    }
    if let Some(inner) = after.strip_prefix('{') {
        let close = inner.find('}')?;
        let name = &inner[..close];
        let text = match name.parse::<usize>() {
            Ok(number) if number < regex.captures_len() => group(captures.get(number)),
            Ok(_) => return None,
            Err(_) if regex.capture_names().flatten().any(|n| n == name) => {
                group(captures.name(name))
            }
            Err(_) => return None,
        };
        return Some((text, close + 2));
    }
    let digits = after.chars().take_while(char::is_ascii_digit).count();
    let number: usize = after[..digits].parse().ok()?;
    (number < regex.captures_len()).then(|| (group(captures.get(number)), digits))
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
        // Only one group: `$10` names no group and stays as written.
        let rules = vec![rule("One", r"^9(?P<rest>\d+)$", "$10|${rest}|$&|$0")];
        assert_eq!(
            normalize(&rules, "9123").unwrap().translated,
            "$10|123|9123|9123"
        );
        // The translation is the result, whatever the pattern left unmatched.
        let rules = vec![rule("Mid", r"00(\d+)", "+$1")];
        assert_eq!(normalize(&rules, "x0044").unwrap().translated, "+44");
    }

    #[test]
    fn a_broken_pattern_is_named() {
        let error = normalize(&[rule("Bad", "^(12", "x")], "12").unwrap_err();
        assert!(error.to_string().contains("rule 'Bad'"), "{error}");
    }
}
