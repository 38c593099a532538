use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::SecretsError;

const PREFIX: &str = "sref:";

/// Opaque handle to a stored secret, written as `sref:<uuid>`. It says nothing about the
/// secret, so it is safe to keep in SQLite, send to the UI and print in logs.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SecretRef(Uuid);

impl SecretRef {
    /// A fresh, random reference.
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }

    /// The UUID part, used where `:` is not allowed (file names on Windows).
    pub(crate) fn id(&self) -> Uuid {
        self.0
    }
}

impl Default for SecretRef {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for SecretRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}{}", self.0.hyphenated())
    }
}

impl fmt::Debug for SecretRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretRef({self})")
    }
}

impl FromStr for SecretRef {
    type Err = SecretsError;

    /// Accepts only the canonical spelling, because the text is also the keychain account
    /// name and two spellings of one reference would name two different entries.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || SecretsError::InvalidRef(text.chars().take(80).collect());
        let id = text.strip_prefix(PREFIX).ok_or_else(invalid)?;
        let uuid = Uuid::try_parse(id).map_err(|_| invalid())?;
        if uuid.hyphenated().to_string() != id {
            return Err(invalid());
        }
        Ok(Self(uuid))
    }
}

impl TryFrom<String> for SecretRef {
    type Error = SecretsError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<SecretRef> for String {
    fn from(reference: SecretRef) -> Self {
        reference.to_string()
    }
}

/// What a secret is for; stored by the caller beside the [`SecretRef`] (it is not part of
/// the reference, which stays opaque).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    ClientSecret,
    RefreshToken,
    SbcPassword,
    SmtpPassword,
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse_round_trip() {
        let reference = SecretRef::new();
        let text = reference.to_string();
        assert!(text.starts_with("sref:"), "{text}");
        assert_eq!(
            text.parse::<SecretRef>().expect("canonical text parses"),
            reference
        );
    }

    #[test]
    fn serde_uses_the_text_form_and_validates_it() {
        let reference = SecretRef::new();
        let json = serde_json::to_string(&reference).expect("serialises");
        assert_eq!(json, format!("\"{reference}\""));
        assert_eq!(
            serde_json::from_str::<SecretRef>(&json).expect("parses"),
            reference
        );
        assert!(serde_json::from_str::<SecretRef>("\"sref:nope\"").is_err());
    }

    #[test]
    fn non_canonical_spellings_are_rejected() {
        let id = Uuid::new_v4();
        for text in [
            id.hyphenated().to_string(),
            format!("sref:{}", id.simple()),
            format!("sref:{}", id.hyphenated().to_string().to_uppercase()),
            format!("sref:{{{id}}}"),
            format!("SREF:{id}"),
            "sref:".to_owned(),
        ] {
            let err = text.parse::<SecretRef>().expect_err(&text);
            assert!(
                matches!(err, SecretsError::InvalidRef(_)),
                "{text}: {err:?}"
            );
        }
    }

    #[test]
    fn kind_serialises_in_snake_case() {
        let json = serde_json::to_string(&SecretKind::RefreshToken).expect("serialises");
        assert_eq!(json, "\"refresh_token\"");
        assert_eq!(
            serde_json::from_str::<SecretKind>("\"sbc_password\"").expect("parses"),
            SecretKind::SbcPassword
        );
    }
}
