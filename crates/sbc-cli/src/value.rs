//! Whether a value suits an attribute. Values are checked as written after
//! unquoting: the device does not care whether `5` was written as `5` or `"5"`.

use crate::schema::ValueKind;
use crate::{prefix, tags, CliError};

pub fn check_value(kind: ValueKind, value: &str) -> Result<(), CliError> {
    match kind {
        ValueKind::Text(max) | ValueKind::Secret(max) => at_most(max, value),
        ValueKind::Keyword(allowed) if allowed.contains(&value) => Ok(()),
        ValueKind::Keyword(allowed) => Err(CliError::NotAKeyword {
            value: value.to_string(),
            allowed,
        }),
        ValueKind::Number(min, max) => match value.parse::<i64>() {
            Ok(number) if (min..=max).contains(&number) => Ok(()),
            Ok(number) => Err(CliError::OutOfRange {
                value: number,
                min,
                max,
            }),
            Err(_) => Err(CliError::NotANumber(value.to_string())),
        },
        ValueKind::Prefix => {
            at_most(prefix::PREFIX_MAX, value)?;
            prefix::check(value).map_err(|reason| CliError::Prefix {
                prefix: value.to_string(),
                reason,
            })
        }
        ValueKind::Tags(max) => {
            at_most(max, value)?;
            tags::check(value).map_err(|reason| CliError::Tags {
                tags: value.to_string(),
                reason,
            })
        }
    }
}

/// Lengths count characters, as the device does, not bytes.
fn at_most(max: usize, value: &str) -> Result<(), CliError> {
    let length = value.chars().count();
    if length > max {
        return Err(CliError::TooLong { length, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_refuses_what_the_device_refuses() {
        assert_eq!(check_value(ValueKind::Text(3), "äöü"), Ok(()));
        assert_eq!(
            check_value(ValueKind::Secret(3), "abcd"),
            Err(CliError::TooLong { length: 4, max: 3 })
        );
        assert_eq!(
            check_value(ValueKind::Keyword(&["udp", "tls"]), "tls"),
            Ok(())
        );
        assert!(check_value(ValueKind::Keyword(&["udp"]), "UDP").is_err());
        assert_eq!(check_value(ValueKind::Number(-1, 31), "-1"), Ok(()));
        assert_eq!(
            check_value(ValueKind::Number(-1, 31), "99").map_err(|e| e.to_string()),
            Err("99 is outside -1..31".into())
        );
        assert!(check_value(ValueKind::Number(0, 9), "").is_err());
        assert_eq!(
            check_value(ValueKind::Prefix, "+1425555[0100-0199]"),
            Ok(())
        );
        assert!(check_value(ValueKind::Prefix, "").is_err());
        assert!(check_value(ValueKind::Prefix, &"1".repeat(51)).is_err());
        assert_eq!(check_value(ValueKind::Tags(70), "Tenant=a.example"), Ok(()));
        assert_eq!(check_value(ValueKind::Tags(70), ""), Ok(()));
        assert!(check_value(ValueKind::Tags(4), "Tenant").is_err());
    }
}
