//! Syntax checks for dial plan rule prefixes and tag lists.
//!
//! Prefix notation (AudioCodes dial plans): digits and other literal characters,
//! `x` any digit, `z` 1-9, `n` 2-9, `.` any character, `\.` a literal dot, `*` alone
//! matching anything, `#` only at the very end (end of number), `[a-b,c]` ranges in
//! the number and one optional `([..])` range group as a suffix. All numbers inside one
//! range group must have the same number of digits, and a range must not run backwards.

pub const PREFIX_MAX: usize = 50;

/// Checks a dial plan prefix; the error text says what is wrong.
pub fn validate_prefix(prefix: &str) -> Result<(), String> {
    if prefix.is_empty() {
        return Err("prefix is empty".into());
    }
    if prefix.chars().count() > PREFIX_MAX {
        return Err(format!("prefix is longer than {PREFIX_MAX} characters"));
    }
    let (body, suffix) = match prefix.find("([") {
        Some(start) => {
            let suffix = &prefix[start..];
            let inner = suffix
                .strip_prefix("([")
                .and_then(|rest| rest.strip_suffix("])"))
                .ok_or("a suffix range must have the form ([..]) and end the prefix")?;
            (&prefix[..start], Some(inner))
        }
        None => (prefix, None),
    };
    if let Some(inner) = suffix {
        validate_range_group(inner)?;
    }
    let chars: Vec<char> = body.chars().collect();
    let mut position = 0;
    while position < chars.len() {
        match chars[position] {
            '[' => {
                let close = chars[position..]
                    .iter()
                    .position(|&c| c == ']')
                    .ok_or("a range group '[' is not closed")?;
                let inner: String = chars[position + 1..position + close].iter().collect();
                validate_range_group(&inner)?;
                position += close;
            }
            ']' | '(' | ')' | ',' => {
                return Err(format!(
                    "'{}' is only allowed as part of a range group",
                    chars[position]
                ));
            }
            '#' if position + 1 != chars.len() || suffix.is_some() => {
                return Err("'#' is only allowed at the end of a prefix".into());
            }
            '*' if chars.len() > 1 && !is_escaped(&chars, position) => {
                return Err("'*' means any number and must stand alone".into());
            }
            '\\' if position + 1 == chars.len() => {
                return Err("the prefix ends with a lone '\\'".into());
            }
            '\\' => position += 1,
            c if c.is_whitespace() || c.is_control() => {
                return Err("a prefix must not contain white space".into());
            }
            _ => {}
        }
        position += 1;
    }
    Ok(())
}

fn is_escaped(chars: &[char], position: usize) -> bool {
    position > 0 && chars[position - 1] == '\\'
}

/// `123-130,455,766`: numbers and ranges of numbers, all of the same length.
fn validate_range_group(inner: &str) -> Result<(), String> {
    if inner.is_empty() {
        return Err("a range group is empty".into());
    }
    let mut width = None;
    for member in inner.split(',') {
        let (low, high) = member.split_once('-').unwrap_or((member, member));
        for bound in [low, high] {
            if bound.is_empty() || !bound.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!(
                    "range member '{member}' is not a number or a range of numbers"
                ));
            }
            match width {
                None => width = Some(bound.len()),
                Some(expected) if expected != bound.len() => {
                    return Err(format!(
                        "range member '{member}' differs in length from the others in its group"
                    ));
                }
                Some(_) => {}
            }
        }
        // Equal widths make the string comparison a numeric one.
        if low > high {
            return Err(format!("range '{member}' runs backwards"));
        }
    }
    Ok(())
}

/// Checks a tag list: `name` or `name=value`, joined with `;`, at most one without a value.
pub fn validate_tags(tags: &str, max: usize) -> Result<(), String> {
    if tags.chars().count() > max {
        return Err(format!("tags are longer than {max} characters"));
    }
    if tags.is_empty() {
        return Ok(());
    }
    let mut bare = 0;
    for tag in tags.split(';') {
        let (name, value) = match tag.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (tag, None),
        };
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(format!("tag '{tag}' has no valid name"));
        }
        match value {
            Some(value) if value.is_empty() || value.contains(char::is_whitespace) => {
                return Err(format!("tag '{tag}' has an empty or invalid value"));
            }
            Some(_) => {}
            None => bare += 1,
        }
    }
    if bare > 1 {
        return Err("only one tag may be given without a value".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_notations() {
        for prefix in [
            "+9729004567",
            "551136184[4000-9999]",
            "[123-130,455,766,780-790]",
            "+1425xxxzn",
            "*",
            "1800#",
            "2345\\.pbx.example.com",
            "pb2345\\.pbx.example.com",
            "+4930([100-199])",
        ] {
            assert_eq!(validate_prefix(prefix), Ok(()), "{prefix}");
        }
    }

    #[test]
    fn rejects_malformed_prefixes_with_a_reason() {
        for (prefix, reason) in [
            ("", "empty"),
            ("12[3-45]", "length"),
            ("12[30-20]", "backwards"),
            ("12[3", "not closed"),
            ("12]3", "range group"),
            ("12#3", "'#'"),
            ("12*", "'*'"),
            ("12 3", "white space"),
            ("12[]", "empty"),
            ("12[a-b]", "not a number"),
            ("12([3-4]", "suffix"),
            ("12\\", "lone"),
        ] {
            let error = validate_prefix(prefix).expect_err(prefix);
            assert!(error.contains(reason), "{prefix}: {error}");
        }
        assert!(validate_prefix(&"1".repeat(51)).is_err());
        assert!(validate_prefix(&"1".repeat(50)).is_ok());
    }

    #[test]
    fn tags_allow_one_bare_name_only() {
        assert!(validate_tags("Tenant=a.example.com;Trunk=b", 70).is_ok());
        assert!(validate_tags("Teams;Tenant=a", 70).is_ok());
        assert!(validate_tags("Teams;Other", 70)
            .unwrap_err()
            .contains("only one"));
        assert!(validate_tags("Tenant=", 70).is_err());
        assert!(validate_tags("abcdefgh", 4).is_err());
    }
}
