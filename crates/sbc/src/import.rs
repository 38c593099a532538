//! "Import Customers" from a device's dial plans: each rule name is a customer's short
//! name, each tag its PSTN gateway FQDN or Azure tenant id. A customer is identified by
//! dial plan, rule name and tag, so a name imported before comes back only with a new tag.

use serde::Serialize;
use switchboard_domain::{AzureTenantId, DomainError, ShortName};

use crate::DialPlanRule;

/// A dial plan rule the app has already imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownRule {
    pub dial_plan: String,
    pub rule_name: String,
    pub tag: String,
}

/// What a rule's tag says about the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ImportTag {
    /// Direct Routing: the customer's PSTN gateway FQDN (`Trunk=<fqdn>` or bare).
    PstnGateway(String),
    /// Operator Connect: the customer's Azure tenant id.
    AzureTenant(AzureTenantId),
    /// Neither, kept as written.
    Other(String),
    None,
}

impl ImportTag {
    fn read(tag: &str) -> Self {
        let tag = tag.trim();
        if tag.is_empty() {
            return Self::None;
        }
        let value = tag
            .split(';')
            .find_map(|part| {
                let (name, value) = part.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("trunk")
                    .then(|| value.trim())
            })
            .unwrap_or(tag);
        if let Ok(tenant) = AzureTenantId::parse(value) {
            return Self::AzureTenant(tenant);
        }
        let looks_like_fqdn = value.contains('.')
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if looks_like_fqdn {
            Self::PstnGateway(value.to_string())
        } else {
            Self::Other(tag.to_string())
        }
    }
}

/// One customer to offer for import: all rules of one dial plan sharing name and tag.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportCandidate {
    pub dial_plan: String,
    pub rule_name: String,
    /// Derived from the rule name; an error when no valid short name can be made from
    /// it, so the person must type one.
    pub short_name: Result<ShortName, DomainError>,
    /// The editable full name's initial value.
    pub full_name: String,
    pub prefixes: Vec<String>,
    /// The rules' indexes on the device, in order.
    pub rule_indexes: Vec<u32>,
    /// The tag as configured.
    pub tag_text: String,
    pub tag: ImportTag,
}

/// The candidates among `rules` that are not yet in `known`, in the device's order.
pub fn import_candidates(rules: &[DialPlanRule], known: &[KnownRule]) -> Vec<ImportCandidate> {
    let mut candidates: Vec<ImportCandidate> = Vec::new();
    for rule in rules.iter().filter(|rule| !rule.name.trim().is_empty()) {
        let same_customer = |plan: &str, name: &str, tag: &str| {
            plan == rule.dial_plan
                && name.eq_ignore_ascii_case(&rule.name)
                && tag.trim().eq_ignore_ascii_case(rule.tag.trim())
        };
        if known
            .iter()
            .any(|known| same_customer(&known.dial_plan, &known.rule_name, &known.tag))
        {
            continue;
        }
        match candidates.iter_mut().find(|candidate| {
            same_customer(
                &candidate.dial_plan,
                &candidate.rule_name,
                &candidate.tag_text,
            )
        }) {
            Some(candidate) => {
                candidate.prefixes.push(rule.prefix.clone());
                candidate.rule_indexes.push(rule.index);
            }
            None => candidates.push(ImportCandidate {
                dial_plan: rule.dial_plan.clone(),
                rule_name: rule.name.clone(),
                short_name: derive_short_name(&rule.name),
                full_name: rule.name.clone(),
                prefixes: vec![rule.prefix.clone()],
                rule_indexes: vec![rule.index],
                tag_text: rule.tag.clone(),
                tag: ImportTag::read(&rule.tag),
            }),
        }
    }
    candidates
}

/// The rule name with characters a short name may not hold replaced by `-`, cut to the
/// short name's maximum; `ShortName::parse` has the final word.
fn derive_short_name(rule_name: &str) -> Result<ShortName, DomainError> {
    const SHORT_NAME_MAX: usize = 15;
    let cleaned: String = rule_name
        .trim()
        .chars()
        .map(|c| {
            if c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '.' | '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|'
                )
            {
                '-'
            } else {
                c
            }
        })
        .take(SHORT_NAME_MAX)
        .collect();
    ShortName::parse(&cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(plan: &str, index: u32, name: &str, prefix: &str, tag: &str) -> DialPlanRule {
        DialPlanRule {
            dial_plan: plan.into(),
            index,
            name: name.into(),
            prefix: prefix.into(),
            tag: tag.into(),
        }
    }

    #[test]
    fn tags_are_classified() {
        assert_eq!(
            ImportTag::read("Trunk=gw.example.com"),
            ImportTag::PstnGateway("gw.example.com".into())
        );
        assert_eq!(
            ImportTag::read("gw.example.com"),
            ImportTag::PstnGateway("gw.example.com".into())
        );
        assert!(matches!(
            ImportTag::read("72f988bf-86f1-41af-91ab-2d7cd011db47"),
            ImportTag::AzureTenant(_)
        ));
        assert_eq!(ImportTag::read("2345"), ImportTag::Other("2345".into()));
        assert_eq!(ImportTag::read(""), ImportTag::None);
    }

    #[test]
    fn short_names_are_derived_or_refused() {
        assert_eq!(
            derive_short_name("Acme.Corp Ltd")
                .map(|n| n.as_str().to_string())
                .ok()
                .as_deref(),
            Some("Acme-Corp-Ltd")
        );
        assert!(derive_short_name("ab").is_err());
    }

    #[test]
    fn rules_sharing_name_and_tag_form_one_candidate() {
        let rules = [
            rule("CustDialPlan", 0, "Acme", "+3120", "gw.acme.example"),
            rule("CustDialPlan", 1, "Acme", "+3130", "gw.acme.example"),
            rule("CustDialPlan", 2, "", "+3140", "x.example"),
            rule("OCDialPlan", 0, "Acme", "+3150", "gw.acme.example"),
        ];
        let candidates = import_candidates(&rules, &[]);
        assert_eq!(candidates.len(), 2);
        assert_eq!(candidates[0].prefixes, ["+3120", "+3130"]);
        assert_eq!(candidates[0].rule_indexes, [0, 1]);
        assert_eq!(candidates[1].dial_plan, "OCDialPlan");
    }
}
