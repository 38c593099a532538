//! Phone numbers arrive from wizards, imports and Graph: whatever the text, parsing
//! answers with a number or a field error, never a panic.

use proptest::prelude::*;
use switchboard_domain::PhoneNumber;

/// Arbitrary text, and text shaped like a number so that parsing gets past its first
/// checks (scheme, `+`, separators, extension) into the later ones.
fn phone_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\s{0,2}((?i)tel:)?\\s?\\+?[0-9 ().\\-]{0,20}(;(?i)ext=[0-9a-z+;]{0,12})?\\s{0,2}",
        "\\+[1-9][0-9]{6,14}(;ext=[0-9]{0,11})?[\u{80}-\u{10FFFF}]?",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsing_never_panics_and_what_it_accepts_reads_back(input in phone_like()) {
        match PhoneNumber::parse(&input) {
            Ok(number) => {
                prop_assert!(number.as_e164().starts_with('+'));
                prop_assert!(number.digits().chars().all(|c| c.is_ascii_digit()));
                prop_assert_eq!(PhoneNumber::parse(&number.to_string()), Ok(number.clone()));
                prop_assert_eq!(PhoneNumber::parse(&number.to_line_uri()), Ok(number));
            }
            Err(error) => prop_assert_eq!(error.field, "phone"),
        }
    }
}
