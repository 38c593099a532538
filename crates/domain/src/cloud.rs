//! Which Microsoft cloud a customer's tenant lives in, and its initial ("admin") domain.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::string_enum::string_enum;
use crate::DomainError;

string_enum! {
    /// The Microsoft 365 cloud of a customer tenant; decides the sign-in and Graph endpoints.
    pub enum Cloud {
        Commercial => "commercial",
        /// US Government Community Cloud: the commercial endpoints.
        Gcc => "gcc",
        GccHigh => "gccHigh",
        /// US Department of Defense: the GCC High login, its own Graph.
        Dod => "dod",
        /// Operated by 21Vianet.
        China => "china",
    }
}

impl Cloud {
    pub fn label(self) -> &'static str {
        match self {
            Cloud::Commercial => "Commercial",
            Cloud::Gcc => "GCC",
            Cloud::GccHigh => "GCC High",
            Cloud::Dod => "DoD",
            Cloud::China => "China (21Vianet)",
        }
    }

    /// The suffix of the initial domain Microsoft gives every tenant of this cloud.
    pub fn initial_domain_suffix(self) -> &'static str {
        match self {
            Cloud::Commercial | Cloud::Gcc => ".onmicrosoft.com",
            Cloud::GccHigh | Cloud::Dod => ".onmicrosoft.us",
            Cloud::China => ".partner.onmschina.cn",
        }
    }
}

/// The tenant's original initial domain (e.g. `contoso.onmicrosoft.com`), as it was
/// before vanity domains: admin sign-ins and the onboarding scripts address it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct AdminDomain(String);

impl AdminDomain {
    /// A lower-cased initial domain of any Microsoft cloud.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let domain = input.trim().to_ascii_lowercase();
        let suffix = Cloud::ALL
            .iter()
            .map(|cloud| cloud.initial_domain_suffix())
            .find(|suffix| domain.ends_with(suffix));
        let label = suffix.map(|suffix| &domain[..domain.len() - suffix.len()]);
        let valid_label = label.is_some_and(|label| {
            (1..=63).contains(&label.len())
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
        if !valid_label {
            return Err(DomainError::new(
                "adminDomain",
                "invalid",
                format!("The admin domain must be the tenant's initial domain, such as contoso.onmicrosoft.com (got '{}').", input.trim()),
            ));
        }
        Ok(Self(domain))
    }

    /// Refuses a domain of another cloud than `cloud`.
    pub fn check_cloud(&self, cloud: Cloud) -> Result<(), DomainError> {
        let suffix = cloud.initial_domain_suffix();
        if self.0.ends_with(suffix) {
            return Ok(());
        }
        Err(DomainError::new(
            "adminDomain",
            "otherCloud",
            format!(
                "Tenants in the {} cloud have initial domains ending in {suffix}; '{}' belongs to another cloud.",
                cloud.label(),
                self.0
            ),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for AdminDomain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for AdminDomain {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for AdminDomain {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<AdminDomain> for String {
    fn from(domain: AdminDomain) -> Self {
        domain.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::string_enum::tests::assert_round_trips;

    #[test]
    fn cloud_names_round_trip() {
        assert_round_trips(Cloud::ALL, Cloud::as_str);
        assert_eq!(Cloud::Dod.label(), "DoD");
    }

    #[test]
    fn initial_domains_of_every_cloud_parse_lower_cased() {
        for (raw, cloud) in [
            ("Contoso.onmicrosoft.com", Cloud::Commercial),
            ("contoso.onmicrosoft.com", Cloud::Gcc),
            ("army-1.onmicrosoft.us", Cloud::Dod),
            ("agency.onmicrosoft.us", Cloud::GccHigh),
            ("contoso.partner.onmschina.cn", Cloud::China),
        ] {
            let domain = AdminDomain::parse(raw).unwrap();
            assert_eq!(domain.as_str(), raw.to_ascii_lowercase());
            domain.check_cloud(cloud).unwrap();
        }
    }

    #[test]
    fn other_domains_and_other_clouds_are_refused() {
        for raw in [
            "contoso.com",
            "onmicrosoft.com",
            ".onmicrosoft.com",
            "a.b.onmicrosoft.com",
            "-x.onmicrosoft.com",
            "",
        ] {
            let err = AdminDomain::parse(raw).unwrap_err();
            assert_eq!(err.code, "adminDomain.invalid", "{raw}");
        }
        let us = AdminDomain::parse("agency.onmicrosoft.us").unwrap();
        assert_eq!(
            us.check_cloud(Cloud::Commercial).unwrap_err().code,
            "adminDomain.otherCloud"
        );
    }
}
