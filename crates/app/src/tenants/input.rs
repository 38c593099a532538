//! The "new customer" form as the UI sends it, and its validation into a `NewTenant`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use switchboard_cache::NewTenant;
use switchboard_domain::{AzureTenantId, DomainError, FullName, Licence, LicenceType, ShortName};

use crate::error::FieldError;

/// Raw form values: strings as typed, so that every rule can report on its own field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewTenantInput {
    pub short_name: String,
    pub full_name: String,
    /// Empty or missing means "not known yet" (it is filled in when the customer connects).
    pub azure_tenant_id: Option<String>,
    pub licence_type: LicenceType,
    pub licensed_users: u32,
}

impl NewTenantInput {
    /// Checks every field and reports all problems at once, so the form can mark each one.
    pub fn validate(&self) -> Result<NewTenant, Vec<FieldError>> {
        let mut errors = Vec::new();
        let short_name = keep(&mut errors, ShortName::parse(&self.short_name));
        let full_name = keep(&mut errors, FullName::parse(&self.full_name));
        let azure_tenant_id = match self.azure_tenant_id.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(id) => keep(&mut errors, AzureTenantId::parse(id)).map(Some),
        };
        let licence = keep(
            &mut errors,
            Licence::new(self.licence_type, self.licensed_users),
        );

        match (short_name, full_name, azure_tenant_id, licence) {
            (Some(short_name), Some(full_name), Some(azure_tenant_id), Some(licence)) => {
                Ok(NewTenant {
                    short_name,
                    full_name,
                    azure_tenant_id,
                    licence,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The parsed value, or `None` after recording why it failed.
fn keep<T>(errors: &mut Vec<FieldError>, parsed: Result<T, DomainError>) -> Option<T> {
    parsed.map_err(|e| errors.push(e.into())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> NewTenantInput {
        NewTenantInput {
            short_name: "contoso".into(),
            full_name: "Contoso Ltd".into(),
            azure_tenant_id: Some("72F988BF-86F1-41AF-91AB-2D7CD011DB47".into()),
            licence_type: LicenceType::HostedPro,
            licensed_users: 120,
        }
    }

    #[test]
    fn valid_input_becomes_a_new_tenant() {
        let t = input().validate().unwrap();
        assert_eq!(t.short_name.as_str(), "contoso");
        assert_eq!(
            t.azure_tenant_id.unwrap().as_str(),
            "72f988bf-86f1-41af-91ab-2d7cd011db47"
        );
        assert_eq!(t.licence.licensed_users(), 120);
    }

    #[test]
    fn blank_azure_tenant_id_means_none() {
        let t = NewTenantInput {
            azure_tenant_id: Some("  ".into()),
            ..input()
        };
        assert_eq!(t.validate().unwrap().azure_tenant_id, None);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let bad = NewTenantInput {
            short_name: "a.b".into(),
            full_name: "  ".into(),
            azure_tenant_id: Some("not-a-guid".into()),
            licence_type: LicenceType::HostedPro,
            licensed_users: 501,
        };
        let fields: Vec<String> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["shortName", "fullName", "azureTenantId", "licensedUsers"]
        );
    }
}
