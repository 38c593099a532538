//! How the service turns a dialled number into a routed call: a tenant dial plan's
//! normalization rules, then the caller's online voice routing policy. The
//! `Test-Cs…` cmdlets report these evaluations; they are written here independently of
//! the app's own simulator so that the two can be checked against each other.
//!
//! Simplifications against Microsoft's service, on purpose:
//! - Only tenant dial plans are evaluated. Microsoft's service country dial plan (the
//!   rules it derives from the user's usage location) is never applied, so
//!   `Test-CsEffectiveTenantDialPlan` answers with and without `-TenantScopeOnly` alike.
//! - Patterns run on Rust's `regex` engine, not .NET's. Patterns using .NET-only
//!   syntax (look-around, back-references) are already refused when a rule or route is
//!   saved, so every stored pattern evaluates; `\d` means any Unicode digit in both.
//! - Translations expand .NET substitutions (`$1`, `${1}`, `${name}`, `$0`, `$&`, `$$`)
//!   against the match; anything else after `$` stays literal, as in .NET.

use regex::{Captures, Regex};

use super::model::{NormalizationRule, VoiceRoute, VoiceRoutingPolicy};

/// The result of normalising a number through a list of rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalized<'a> {
    pub translated: String,
    /// The first rule whose pattern matched; `None` leaves the number as dialled.
    pub rule: Option<&'a NormalizationRule>,
}

/// Applies one rule: `None` when its pattern does not match the dialled number.
///
/// The pattern is searched as written (like .NET's `Regex.Match`, so rules anchor
/// themselves with `^…$`); the translated number is the translation with the match's
/// groups substituted (.NET's `Match.Result`), not the dialled string with the matched
/// part replaced.
pub fn apply_rule(rule: &NormalizationRule, dialed: &str) -> Option<String> {
    let regex = Regex::new(&rule.pattern).ok()?;
    let captures = regex.captures(dialed)?;
    Some(expand(&regex, &captures, &rule.translation))
}

/// Runs the rules in order; the first that matches translates the number.
pub fn normalize<'a>(rules: &'a [NormalizationRule], dialed: &str) -> Normalized<'a> {
    rules
        .iter()
        .find_map(|rule| {
            apply_rule(rule, dialed).map(|translated| Normalized {
                translated,
                rule: Some(rule),
            })
        })
        .unwrap_or_else(|| Normalized {
            translated: dialed.to_string(),
            rule: None,
        })
}

/// .NET's substitution language for `Match.Result`.
fn expand(regex: &Regex, captures: &Captures<'_>, translation: &str) -> String {
    let group = |index: usize| captures.get(index).map_or("", |m| m.as_str());
    let mut out = String::new();
    let mut rest = translation;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let (replacement, consumed) = if after.starts_with('$') {
            (Some("$".to_string()), 1)
        } else if after.starts_with('&') {
            (Some(group(0).to_string()), 1)
        } else if digits > 0 {
            // .NET takes every digit; a number that names no group stays literal.
            let number: Option<usize> = after[..digits].parse().ok();
            let known = number.filter(|n| *n < regex.captures_len());
            (known.map(|n| group(n).to_string()), digits)
        } else if let Some(close) = after.strip_prefix('{').and_then(|s| s.find('}')) {
            let name = &after[1..=close];
            let value = match name.parse::<usize>() {
                Ok(n) if n < regex.captures_len() => Some(group(n).to_string()),
                Ok(_) => None,
                Err(_) => regex
                    .capture_names()
                    .any(|known| known == Some(name))
                    .then(|| captures.name(name).map_or("", |m| m.as_str()).to_string()),
            };
            (value, close + 2)
        } else {
            (None, 0)
        };
        match replacement {
            Some(text) => out.push_str(&text),
            None => out.push_str(&rest[at..at + 1 + consumed]),
        }
        rest = &after[consumed..];
    }
    out.push_str(rest);
    out
}

/// The route a policy sends a number to.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteMatch<'a> {
    pub usage: &'a str,
    pub route: &'a VoiceRoute,
}

/// Direct Routing's selection, as Microsoft's "Configure call routing for Direct
/// Routing" describes it: the policy's PSTN usages are tried in their order, and a
/// match in one usage means later usages are never looked at; within a usage the
/// routes holding it are tried by `Priority`, and the first whose number pattern
/// matches (searched as written) wins. `routes` is in priority order (a route's
/// priority is its index), so ties cannot occur. Microsoft tries the matched route's
/// gateways in random order; the list is reported as configured.
pub fn select_route<'a>(
    policy: &'a VoiceRoutingPolicy,
    routes: &'a [VoiceRoute],
    number: &str,
) -> Option<RouteMatch<'a>> {
    policy.usages.iter().find_map(|usage| {
        routes
            .iter()
            .filter(|route| route.usages.iter().any(|u| u.eq_ignore_ascii_case(usage)))
            .find(|route| Regex::new(&route.number_pattern).is_ok_and(|r| r.is_match(number)))
            .map(|route| RouteMatch { usage, route })
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
    fn the_first_matching_rule_translates_with_dotnet_substitutions() {
        let rules = vec![
            rule("Ext", r"^(\d{4})$", "+4420794600$1"),
            rule("Named", r"^9(?<rest>\d{5,})$", "+1${rest}"),
            rule("Any", r"^(\d+)$", "+$1"),
        ];
        let ext = normalize(&rules, "1234");
        assert_eq!(ext.translated, "+44207946001234");
        assert_eq!(ext.rule.unwrap().name, "Ext");
        assert_eq!(normalize(&rules, "9555123").translated, "+1555123");
        assert_eq!(normalize(&rules, "12345").rule.unwrap().name, "Any");
        let none = normalize(&rules, "+12345");
        assert_eq!((none.translated.as_str(), none.rule), ("+12345", None));
    }

    #[test]
    fn substitutions_that_name_no_group_stay_literal() {
        let r = rule("R", r"^(\d)(\d)$", "$$ $& $0 $2$1 $3 ${9} $x ${nope}");
        assert_eq!(
            apply_rule(&r, "12").unwrap(),
            "$ 12 12 21 $3 ${9} $x ${nope}"
        );
        // `$12` is group twelve, not group one then '2'.
        assert_eq!(
            apply_rule(&rule("R", r"^(\d)$", "$12"), "7").unwrap(),
            "$12"
        );
    }

    #[test]
    fn routes_are_chosen_by_usage_order_then_priority() {
        let route = |name: &str, pattern: &str, usage: &str| VoiceRoute {
            identity: name.into(),
            number_pattern: pattern.into(),
            gateways: vec![format!("{name}.example.com")],
            usages: vec![usage.into()],
            description: String::new(),
            bridge_source_phone_number: None,
        };
        let routes = vec![
            route("Any", ".*", "Intl"),
            route("Local", r"^\+44\d+$", "Local"),
            route("Local2", r"^\+44\d+$", "Local"),
        ];
        let policy = VoiceRoutingPolicy {
            name: "P".into(),
            id: "1".into(),
            usages: vec!["local".into(), "Intl".into()],
            description: String::new(),
        };
        let hit = select_route(&policy, &routes, "+441234567").unwrap();
        assert_eq!((hit.usage, hit.route.identity.as_str()), ("local", "Local"));
        let hit = select_route(&policy, &routes, "+331234567").unwrap();
        assert_eq!(hit.route.identity, "Any");
        let narrow = VoiceRoutingPolicy {
            usages: vec!["Local".into()],
            ..policy
        };
        assert!(select_route(&narrow, &routes, "+331234567").is_none());
    }
}
