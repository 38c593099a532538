//! Dial plan rule prefixes in the device's notation: literal characters, `x` `z` `n`
//! and `.` wildcards, `\` making the next character literal (`\.` for a dot), `*`
//! alone for any number, `#` last for the end of the number, `[..]` digit ranges, and
//! one `([..])` range group as a suffix at the very end. The numbers of one range
//! group all have the same width, so that the group stands for one digit position.

pub(crate) const PREFIX_MAX: usize = 50;

pub(crate) fn check(prefix: &str) -> Result<(), String> {
    if prefix.is_empty() {
        return Err("a prefix cannot be empty".into());
    }
    let (body, suffix) = match prefix.split_once("([") {
        Some((body, rest)) => {
            let group = rest
                .strip_suffix("])")
                .ok_or("a suffix range group `([..])` must end the prefix")?;
            (body, Some(group))
        }
        None => (prefix, None),
    };
    if let Some(group) = suffix {
        range_group(group)?;
    }
    if body == "*" {
        return Ok(());
    }
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next().ok_or("a prefix cannot end with a lone `\\`")?;
            }
            '[' => {
                let mut group = String::new();
                loop {
                    match chars.next() {
                        Some(']') => break,
                        Some(c) => group.push(c),
                        None => return Err("a range group `[` is not closed".into()),
                    }
                }
                range_group(&group)?;
            }
            ']' | '(' | ')' | ',' => {
                return Err(format!("`{c}` belongs inside a range group only"))
            }
            '#' if chars.peek().is_some() || suffix.is_some() => {
                return Err("`#` may only end a prefix".into())
            }
            '*' => return Err("`*` stands for any number and must stand alone".into()),
            c if c.is_whitespace() || c.is_control() => {
                return Err("a prefix cannot hold white space".into())
            }
            _ => {}
        }
    }
    Ok(())
}

/// `123-130,455,766`: numbers and ranges of numbers, all of one width, not backwards.
fn range_group(group: &str) -> Result<(), String> {
    if group.is_empty() {
        return Err("a range group cannot be empty".into());
    }
    let width = group.split([',', '-']).next().map_or(0, str::len);
    for member in group.split(',') {
        let (low, high) = member.split_once('-').unwrap_or((member, member));
        let number = |bound: &str| !bound.is_empty() && bound.bytes().all(|b| b.is_ascii_digit());
        if !number(low) || !number(high) {
            return Err(format!("`{member}` is not a number or a range of numbers"));
        }
        if low.len() != width || high.len() != width {
            return Err(format!(
                "`{member}` is not {width} digits wide like the rest of its group"
            ));
        }
        // Of equal width, digit strings compare as their numbers do.
        if low > high {
            return Err(format!("the range `{member}` runs backwards"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_notations_pass() {
        let good = [
            "+41589061[000-499,777]",
            "0800xxxxx#",
            "+1425zn.",
            r"ext\.100",
            r"pb\x\#\[\ ",
            "*([0-9])",
            "+4420([10-19])",
        ];
        for prefix in good {
            assert_eq!(check(prefix), Ok(()), "{prefix}");
        }
    }

    #[test]
    fn malformed_prefixes_are_refused_with_a_reason() {
        let bad = [
            ("", "empty"),
            ("+44[1-20]", "wide"),
            ("+44[9-1]", "backwards"),
            ("+44[1-2", "not closed"),
            ("1[2][3", "not closed"),
            ("+44)", "range group"),
            ("+4,4", "range group"),
            ("1#2", "`#`"),
            ("9#([1-2])", "`#`"),
            ("*9", "`*`"),
            ("+44\t1", "white space"),
            ("+44[,]", "not a number"),
            ("+44[]", "empty"),
            ("+44([1-2])9", "suffix"),
            (r"+44\", "lone"),
        ];
        for (prefix, reason) in bad {
            let error = check(prefix).expect_err(prefix);
            assert!(error.contains(reason), "{prefix}: {error}");
        }
    }
}
