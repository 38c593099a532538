//! The Users screen's paging cursor as the UI holds it: one opaque string.
//!
//! It carries the sort and direction it was made for, so a cursor kept across a sort
//! change is refused instead of silently starting the new order at the wrong place.

use switchboard_cache::{UserCursor, UserSort};
use switchboard_domain::DomainError;

const FIELD: &str = "cursor";
const SEPARATOR: char = ':';
/// Appended to the sort tag of a descending cursor (`n-`); ascending has no suffix.
const DESCENDING: &str = "-";

fn sort_tag(sort: UserSort) -> &'static str {
    match sort {
        UserSort::DisplayName => "n",
        UserSort::Upn => "u",
        UserSort::PhoneNumber => "p",
    }
}

fn order_tag(sort: UserSort, descending: bool) -> String {
    let suffix = if descending { DESCENDING } else { "" };
    format!("{}{suffix}", sort_tag(sort))
}

/// `<sort>[-]:<row id>:<sort key>`; the key goes last because it may contain the
/// separator.
pub(crate) fn encode(sort: UserSort, descending: bool, cursor: &UserCursor) -> String {
    format!(
        "{}{SEPARATOR}{}{SEPARATOR}{}",
        order_tag(sort, descending),
        cursor.id,
        cursor.sort_key
    )
}

pub(crate) fn decode(
    sort: UserSort,
    descending: bool,
    text: &str,
) -> Result<UserCursor, DomainError> {
    let invalid = || {
        DomainError::new(
            FIELD,
            "invalid",
            "The paging position is not one Switchboard issued; reload the list.",
        )
    };
    let mut parts = text.splitn(3, SEPARATOR);
    let (Some(tag), Some(id), Some(sort_key)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(invalid());
    };
    if tag != order_tag(sort, descending) {
        return Err(DomainError::new(
            FIELD,
            "otherSort",
            "The paging position belongs to another sort order or direction; reload the list from the top.",
        ));
    }
    let id = id.parse::<i64>().map_err(|_| invalid())?;
    Ok(UserCursor {
        sort_key: sort_key.to_owned(),
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(key: &str, id: i64) -> UserCursor {
        UserCursor {
            sort_key: key.to_owned(),
            id,
        }
    }

    #[test]
    fn round_trips_keys_containing_the_separator() {
        let original = cursor("sip:alice@contoso.com", 42);
        let text = encode(UserSort::Upn, false, &original);
        assert_eq!(decode(UserSort::Upn, false, &text), Ok(original.clone()));
        let descending = encode(UserSort::Upn, true, &original);
        assert_eq!(decode(UserSort::Upn, true, &descending), Ok(original));
        let empty = cursor("", 7);
        assert_eq!(
            decode(
                UserSort::PhoneNumber,
                false,
                &encode(UserSort::PhoneNumber, false, &empty)
            ),
            Ok(empty)
        );
    }

    #[test]
    fn a_cursor_of_another_sort_is_refused() {
        let text = encode(UserSort::DisplayName, false, &cursor("Alice", 1));
        let err = decode(UserSort::Upn, false, &text).expect_err("other sort");
        assert_eq!(err.code, "cursor.otherSort");
        let err = decode(UserSort::DisplayName, true, &text).expect_err("other direction");
        assert_eq!(err.code, "cursor.otherSort");
    }

    #[test]
    fn garbage_is_refused() {
        for bad in ["", "n", "n:1", "n:x:Alice", "zz:1:Alice", "n+:1:Alice"] {
            let err = decode(UserSort::DisplayName, false, bad).expect_err(bad);
            assert!(err.code.starts_with("cursor."), "{bad}: {}", err.code);
        }
    }
}
