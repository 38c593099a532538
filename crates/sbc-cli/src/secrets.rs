//! Secret values in a script (SIP account passwords) are shown as `*` and never stored
//! in the open, as the device itself shows them.

use crate::schema::{ValueKind, TABLES};
use crate::tokenize;

/// What stands in for a secret value in a shown script.
pub const SECRET_MASK: &str = "\"********\"";

/// A script with every secret attribute's value masked, and whether it had any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaskedScript {
    pub text: String,
    pub had_secrets: bool,
}

/// Masks the value of every line that sets an attribute some table declares secret.
/// A line that does not tokenize is kept as it is: the device will refuse it.
pub fn mask_secrets(script: &str) -> MaskedScript {
    let mut had_secrets = false;
    let lines: Vec<String> = script
        .lines()
        .map(|line| {
            let words = tokenize(line).unwrap_or_default();
            match words.first() {
                Some(name) if words.len() > 1 && is_secret_attribute(name) => {
                    had_secrets = true;
                    let indent = &line[..line.len() - line.trim_start().len()];
                    format!("{indent}{name} {SECRET_MASK}")
                }
                _ => line.to_owned(),
            }
        })
        .collect();
    MaskedScript {
        text: lines.join("\n"),
        had_secrets,
    }
}

/// The secret values a script sets, to keep them out of what the device answers.
pub fn secret_values(script: &str) -> Vec<String> {
    script
        .lines()
        .filter_map(|line| {
            let words = tokenize(line).ok()?;
            match words.as_slice() {
                [name, value, ..] if is_secret_attribute(name) && !value.is_empty() => {
                    Some(value.clone())
                }
                _ => None,
            }
        })
        .collect()
}

fn is_secret_attribute(name: &str) -> bool {
    TABLES.iter().any(|table| {
        table
            .attributes
            .iter()
            .any(|a| a.name == name && matches!(a.kind, ValueKind::Secret(_)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked_and_everything_else_is_kept() {
        let script =
            "configure voip\n sip-account new\n  user \"alice\"\n  password \"s3cr3t pass\"\n exit";
        let masked = mask_secrets(script);
        assert!(masked.had_secrets);
        assert!(!masked.text.contains("s3cr3t"));
        assert!(masked.text.contains("  password \"********\""));
        assert!(masked.text.contains("  user \"alice\""));
        assert_eq!(masked.text.lines().count(), script.lines().count());
        assert_eq!(secret_values(script), ["s3cr3t pass"]);
    }

    #[test]
    fn a_script_without_secrets_is_unchanged() {
        let script = "configure voip\n sbc dial-plan new\n  name \"Zoom\"\n exit";
        assert_eq!(
            mask_secrets(script),
            MaskedScript {
                text: script.to_owned(),
                had_secrets: false
            }
        );
    }
}
