//! Tag lists (`Country=India;Belgium`): `;`-separated tags, each a name or a
//! `name=value`, neither empty nor holding white space, and at most one without a value.

pub(crate) fn check(list: &str) -> Result<(), String> {
    if list.is_empty() {
        return Ok(());
    }
    let solid = |part: &str| !part.is_empty() && !part.contains(char::is_whitespace);
    let mut bare_names = 0;
    for tag in list.split(';') {
        let well_formed = match tag.split_once('=') {
            Some((name, value)) => solid(name) && solid(value),
            None => {
                bare_names += 1;
                solid(tag)
            }
        };
        if !well_formed {
            return Err(format!(
                "`{tag}` is neither a name nor a name=value, each without white space"
            ));
        }
    }
    if bare_names > 1 {
        return Err("only one tag may be given without a value".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bare_name_and_any_number_of_pairs() {
        assert_eq!(check("Tenant=a.example.com;Trunk=b"), Ok(()));
        assert_eq!(check("gw.example.net"), Ok(()));
        assert_eq!(check("Teams;Tenant=a"), Ok(()));
        for bad in [
            "Teams;Other",
            "Tenant=",
            "=x",
            "a b",
            "Tenant=a b",
            "a;;b=c",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
