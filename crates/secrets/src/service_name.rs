use std::fmt;

use crate::SecretsError;

const MAX_LEN: usize = 64;

/// The keychain "service" all of this installation's entries live under. Release and debug
/// builds use different names so a developer's build never reads or overwrites the
/// credentials of an installed release (as GitButler namespaces by build kind).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServiceName(String);

impl ServiceName {
    /// `Switchboard` in release builds, `Switchboard-dev` in debug builds.
    pub fn for_build() -> Self {
        let name = if cfg!(debug_assertions) {
            "Switchboard-dev"
        } else {
            "Switchboard"
        };
        Self(name.to_owned())
    }

    /// Any other name, e.g. a unique one per test run.
    pub fn custom(name: impl Into<String>) -> Result<Self, SecretsError> {
        let name = name.into();
        let valid = !name.trim().is_empty()
            && name.chars().count() <= MAX_LEN
            && !name.chars().any(char::is_control);
        if valid {
            Ok(Self(name))
        } else {
            Err(SecretsError::InvalidServiceName(
                name.chars().take(MAX_LEN).collect(),
            ))
        }
    }

    /// This name with `-<suffix>` appended, for a second set of entries kept apart from
    /// the first (the sandbox's demo credentials beside the live ones).
    pub fn variant(&self, suffix: &str) -> Result<Self, SecretsError> {
        Self::custom(format!("{}-{suffix}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ServiceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_kind_namespaces_the_service() {
        let expected = if cfg!(debug_assertions) {
            "Switchboard-dev"
        } else {
            "Switchboard"
        };
        assert_eq!(ServiceName::for_build().as_str(), expected);
    }

    #[test]
    fn a_variant_is_a_different_service() {
        let base = ServiceName::for_build();
        let sandbox = base.variant("sandbox").expect("valid");
        assert_ne!(sandbox, base);
        assert_eq!(sandbox.as_str(), format!("{base}-sandbox"));
        assert!(base.variant("bad\nsuffix").is_err());
    }

    #[test]
    fn custom_names_are_validated() {
        assert_eq!(
            ServiceName::custom("Switchboard-test-1")
                .expect("valid")
                .as_str(),
            "Switchboard-test-1"
        );
        for bad in ["", "   ", "line\nbreak", &"x".repeat(65)] {
            assert!(
                matches!(
                    ServiceName::custom(bad),
                    Err(SecretsError::InvalidServiceName(_))
                ),
                "{bad:?}"
            );
        }
    }
}
