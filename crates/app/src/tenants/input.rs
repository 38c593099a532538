//! The "new customer" and "edit customer" forms as the UI sends them, and their
//! validation into a `NewTenant` or a `TenantProfile`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use switchboard_cache::{NewTenant, TenantProfile};
use switchboard_domain::{
    AdminDomain, AzureTenantId, Cloud, DomainError, FullName, Licence, LicenceType, ShortName,
};

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
        let azure_tenant_id = optional(&mut errors, &self.azure_tenant_id, AzureTenantId::parse);
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

/// Every field of the "edit customer" dialog (the short name cannot change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantEditInput {
    pub full_name: String,
    /// Empty or missing: not known yet.
    pub azure_tenant_id: Option<String>,
    /// The tenant's initial `*.onmicrosoft.*` domain; empty or missing: not known yet.
    pub admin_domain: Option<String>,
    pub licence_type: LicenceType,
    pub licensed_users: u32,
    pub cloud: Cloud,
}

impl TenantEditInput {
    /// Checks every field, and the licence change from `current`, reporting all problems.
    pub fn validate(&self, current: LicenceType) -> Result<TenantProfile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let full_name = keep(&mut errors, FullName::parse(&self.full_name));
        let azure_tenant_id = optional(&mut errors, &self.azure_tenant_id, AzureTenantId::parse);
        let admin_domain = optional(&mut errors, &self.admin_domain, |raw| {
            AdminDomain::parse(raw)
                .and_then(|domain| domain.check_cloud(self.cloud).map(|()| domain))
        });
        let licence = keep(&mut errors, current.change_to(self.licence_type)).and_then(|()| {
            keep(
                &mut errors,
                Licence::new(self.licence_type, self.licensed_users),
            )
        });
        match (full_name, azure_tenant_id, admin_domain, licence) {
            (Some(full_name), Some(azure_tenant_id), Some(admin_domain), Some(licence)) => {
                Ok(TenantProfile {
                    full_name,
                    azure_tenant_id,
                    admin_domain,
                    licence,
                    cloud: self.cloud,
                })
            }
            _ => Err(errors),
        }
    }
}

/// An optional field: blank means `Some(None)`, a bad value `None` after recording why.
fn optional<T>(
    errors: &mut Vec<FieldError>,
    raw: &Option<String>,
    parse: impl FnOnce(&str) -> Result<T, DomainError>,
) -> Option<Option<T>> {
    match raw.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(value) => keep(errors, parse(value)).map(Some),
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

    fn edit() -> TenantEditInput {
        TenantEditInput {
            full_name: "Contoso Defense".into(),
            azure_tenant_id: Some("72F988BF-86F1-41AF-91AB-2D7CD011DB47".into()),
            admin_domain: Some(" Contoso.onmicrosoft.us ".into()),
            licence_type: LicenceType::HostedPro,
            licensed_users: 200,
            cloud: Cloud::Dod,
        }
    }

    #[test]
    fn a_valid_edit_becomes_a_profile() {
        let profile = edit().validate(LicenceType::HostedEssentials).unwrap();
        assert_eq!(profile.full_name.as_str(), "Contoso Defense");
        assert_eq!(
            profile.admin_domain.unwrap().as_str(),
            "contoso.onmicrosoft.us"
        );
        assert_eq!(profile.licence.licensed_users(), 200);
        assert_eq!(profile.cloud, Cloud::Dod);
        let blank = TenantEditInput {
            azure_tenant_id: Some(" ".into()),
            admin_domain: None,
            ..edit()
        };
        let profile = blank.validate(LicenceType::HostedPro).unwrap();
        assert_eq!(
            (profile.azure_tenant_id, profile.admin_domain),
            (None, None)
        );
    }

    #[test]
    fn every_bad_edit_field_is_reported() {
        let bad = TenantEditInput {
            full_name: " ".into(),
            azure_tenant_id: Some("nope".into()),
            admin_domain: Some("contoso.onmicrosoft.com".into()),
            licence_type: LicenceType::HostedEssentials,
            licensed_users: 0,
            cloud: Cloud::GccHigh,
        };
        let codes: Vec<String> = bad
            .validate(LicenceType::HostedPro)
            .unwrap_err()
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(
            codes,
            [
                "fullName.empty",
                "azureTenantId.invalid",
                "adminDomain.otherCloud",
                "licenceType.notAllowed"
            ]
        );
        let over = TenantEditInput {
            licensed_users: 501,
            ..edit()
        };
        let fields: Vec<String> = over
            .validate(LicenceType::HostedPro)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["licensedUsers"]);
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
