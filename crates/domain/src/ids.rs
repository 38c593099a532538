use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::DomainError;

/// Local row id of a tenant in the cache (not the Azure tenant id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "number")]
pub struct TenantId(i64);

impl TenantId {
    pub fn new(id: i64) -> Self {
        Self(id)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl std::fmt::Display for TenantId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The customer's Microsoft Entra (Azure AD) tenant id: a GUID, kept in lower-case
/// hyphenated form so comparisons and the SBC dial-plan tags match byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct AzureTenantId(String);

impl AzureTenantId {
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        parse_guid(input, "azureTenantId", "Azure tenant ID").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for AzureTenantId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for AzureTenantId {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for AzureTenantId {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<AzureTenantId> for String {
    fn from(id: AzureTenantId) -> Self {
        id.0
    }
}

/// A GUID in lower-case hyphenated form, or a field error naming `label`.
fn parse_guid(input: &str, field: &str, label: &str) -> Result<String, DomainError> {
    let trimmed = input.trim();
    let guid = uuid::Uuid::parse_str(trimmed).map_err(|_| {
        DomainError::new(
            field,
            "invalid",
            format!(
                "{label} must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47 (got '{trimmed}')."
            ),
        )
    })?;
    if guid.is_nil() {
        return Err(DomainError::new(
            field,
            "invalid",
            format!("{label} cannot be the all-zero GUID."),
        ));
    }
    Ok(guid.hyphenated().to_string())
}

/// The application (client) id of an Entra app registration: a GUID, normalised like
/// [`AzureTenantId`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientId(String);

impl ClientId {
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        parse_guid(input, "clientId", "Client ID").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_is_normalised_to_lower_case_hyphenated() {
        let id = AzureTenantId::parse(" 72F988BF-86F1-41AF-91AB-2D7CD011DB47 ").unwrap();
        assert_eq!(id.as_str(), "72f988bf-86f1-41af-91ab-2d7cd011db47");
        let braced = AzureTenantId::parse("{72f988bf-86f1-41af-91ab-2d7cd011db47}").unwrap();
        assert_eq!(braced, id);
    }

    #[test]
    fn non_guids_and_the_nil_guid_are_rejected() {
        for bad in [
            "",
            "contoso.onmicrosoft.com",
            "72f988bf-86f1-41af-91ab-2d7cd011db4",
            "72f988bg-86f1-41af-91ab-2d7cd011db47",
        ] {
            let err = AzureTenantId::parse(bad).unwrap_err();
            assert_eq!(err.code, "azureTenantId.invalid", "{bad}");
            assert_eq!(err.field, "azureTenantId");
        }
        let nil = AzureTenantId::parse("00000000-0000-0000-0000-000000000000").unwrap_err();
        assert!(nil.message.contains("all-zero"));
    }

    #[test]
    fn client_ids_are_guids_reported_under_their_own_field() {
        let id = ClientId::parse("{1B2C3D4E-0000-4000-8000-00000000ABCD}").unwrap();
        assert_eq!(id.as_str(), "1b2c3d4e-0000-4000-8000-00000000abcd");
        let err = ClientId::parse("my-app").unwrap_err();
        assert_eq!(err.code, "clientId.invalid");
        assert!(
            err.message.starts_with("Client ID must be a GUID"),
            "{}",
            err.message
        );
    }

    #[test]
    fn serde_validates_and_tenant_id_is_a_plain_number() {
        let ok: AzureTenantId =
            serde_json::from_str("\"72F988BF-86F1-41AF-91AB-2D7CD011DB47\"").unwrap();
        assert_eq!(
            serde_json::to_string(&ok).unwrap(),
            "\"72f988bf-86f1-41af-91ab-2d7cd011db47\""
        );
        assert!(serde_json::from_str::<AzureTenantId>("\"nope\"").is_err());
        assert_eq!(serde_json::to_string(&TenantId::new(42)).unwrap(), "42");
        assert_eq!(serde_json::from_str::<TenantId>("7").unwrap().get(), 7);
    }
}
