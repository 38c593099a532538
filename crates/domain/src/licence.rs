use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::string_enum::string_enum;
use crate::DomainError;

/// The onboarding wizard caps licensed users at 500 per customer.
pub const MAX_LICENSED_USERS: u32 = 500;

string_enum! {
    /// Commercial model of a customer; decides whether it connects to Microsoft 365.
    pub enum LicenceType {
        HostedEssentials => "hostedEssentials",
        HostedEssentialsPlus => "hostedEssentialsPlus",
        HostedPro => "hostedPro",
        OcEssential => "ocEssential",
        OcPro => "ocPro",
    }
}

impl LicenceType {
    pub fn label(self) -> &'static str {
        match self {
            LicenceType::HostedEssentials => "Hosted Essentials",
            LicenceType::HostedEssentialsPlus => "Hosted Essentials+",
            LicenceType::HostedPro => "Hosted Pro",
            LicenceType::OcEssential => "OC Essential",
            LicenceType::OcPro => "OC Pro",
        }
    }

    /// Essentials types have no Microsoft 365 connection, hence no replication and
    /// no licensed users.
    pub fn connects_to_m365(self) -> bool {
        !matches!(
            self,
            LicenceType::HostedEssentials | LicenceType::OcEssential
        )
    }

    /// Whether a customer of this type may be changed to `to` on the Tenants screen. As in
    /// the product we mirror: Hosted Essentials is upgraded to Essentials+ or Pro, and
    /// Essentials+ and Pro move between each other; nothing goes back to an Essentials
    /// tier (that would drop its Microsoft 365 connection) and Operator Connect customers,
    /// who come from the leads flow, only go from OC Essential to OC Pro.
    pub fn change_to(self, to: LicenceType) -> Result<(), DomainError> {
        use LicenceType::*;
        let allowed = self == to
            || matches!(
                (self, to),
                (
                    HostedEssentials | HostedEssentialsPlus | HostedPro,
                    HostedEssentialsPlus | HostedPro
                ) | (OcEssential, OcPro)
            );
        if allowed {
            return Ok(());
        }
        Err(DomainError::new(
            "licenceType",
            "notAllowed",
            format!(
                "A {} customer cannot become {}: only upgrades from Hosted Essentials to Essentials+ or Pro, between Essentials+ and Pro, and from OC Essential to OC Pro are possible.",
                self.label(),
                to.label()
            ),
        ))
    }

    /// Highest number of licensed users this type allows (`None` would mean
    /// unlimited; every current type has a cap).
    pub fn user_cap(self) -> Option<u32> {
        if self.connects_to_m365() {
            Some(MAX_LICENSED_USERS)
        } else {
            Some(0)
        }
    }
}

/// A licence type together with a licensed-user count that respects its cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", try_from = "UncheckedLicence")]
pub struct Licence {
    licence_type: LicenceType,
    licensed_users: u32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UncheckedLicence {
    licence_type: LicenceType,
    licensed_users: u32,
}

impl TryFrom<UncheckedLicence> for Licence {
    type Error = DomainError;
    fn try_from(raw: UncheckedLicence) -> Result<Self, Self::Error> {
        Licence::new(raw.licence_type, raw.licensed_users)
    }
}

impl Licence {
    pub fn new(licence_type: LicenceType, licensed_users: u32) -> Result<Self, DomainError> {
        match licence_type.user_cap() {
            Some(0) if licensed_users > 0 => Err(DomainError::new(
                "licensedUsers",
                "notAllowed",
                format!(
                    "{} customers have no Microsoft 365 connection, so licensed users must be 0 (got {licensed_users}).",
                    licence_type.label()
                ),
            )),
            Some(cap) if licensed_users > cap => Err(DomainError::new(
                "licensedUsers",
                "overCap",
                format!(
                    "{} allows at most {cap} licensed users (got {licensed_users}).",
                    licence_type.label()
                ),
            )),
            _ => Ok(Self { licence_type, licensed_users }),
        }
    }

    pub fn licence_type(self) -> LicenceType {
        self.licence_type
    }

    pub fn licensed_users(self) -> u32 {
        self.licensed_users
    }

    /// The same type with a new user count, validated against the same cap.
    pub fn with_users(self, licensed_users: u32) -> Result<Self, DomainError> {
        Self::new(self.licence_type, licensed_users)
    }

    /// Tenants-table label, e.g. "Hosted Pro (120)".
    pub fn label(self) -> String {
        format!("{} ({})", self.licence_type.label(), self.licensed_users)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::string_enum::tests::assert_round_trips;

    #[test]
    fn licence_type_names_labels_and_caps() {
        assert_round_trips(LicenceType::ALL, LicenceType::as_str);
        assert_eq!(
            LicenceType::HostedEssentialsPlus.label(),
            "Hosted Essentials+"
        );
        assert_eq!(LicenceType::OcEssential.label(), "OC Essential");
        assert_eq!(LicenceType::HostedPro.user_cap(), Some(500));
        assert_eq!(LicenceType::HostedEssentialsPlus.user_cap(), Some(500));
        assert_eq!(LicenceType::OcPro.user_cap(), Some(500));
        assert_eq!(LicenceType::HostedEssentials.user_cap(), Some(0));
        assert_eq!(LicenceType::OcEssential.user_cap(), Some(0));
    }

    #[test]
    fn licence_changes_follow_the_upgrade_paths() {
        use LicenceType::*;
        for (from, to) in [
            (HostedEssentials, HostedEssentialsPlus),
            (HostedEssentials, HostedPro),
            (HostedEssentialsPlus, HostedPro),
            (HostedPro, HostedEssentialsPlus),
            (OcEssential, OcPro),
            (OcPro, OcPro),
        ] {
            assert!(from.change_to(to).is_ok(), "{from} -> {to}");
        }
        for (from, to) in [
            (HostedPro, HostedEssentials),
            (HostedEssentialsPlus, HostedEssentials),
            (OcPro, OcEssential),
            (HostedPro, OcPro),
            (OcEssential, HostedPro),
        ] {
            let err = from.change_to(to).unwrap_err();
            assert_eq!(err.code, "licenceType.notAllowed", "{from} -> {to}");
        }
    }

    #[test]
    fn users_up_to_the_cap_are_accepted() {
        let l = Licence::new(LicenceType::HostedPro, 500).unwrap();
        assert_eq!(l.licensed_users(), 500);
        assert_eq!(
            Licence::new(LicenceType::HostedPro, 120).unwrap().label(),
            "Hosted Pro (120)"
        );
        assert!(Licence::new(LicenceType::HostedEssentials, 0).is_ok());
    }

    #[test]
    fn users_over_the_cap_are_rejected() {
        let err = Licence::new(LicenceType::HostedEssentialsPlus, 501).unwrap_err();
        assert_eq!(err.code, "licensedUsers.overCap");
        assert_eq!(err.field, "licensedUsers");
        assert_eq!(
            err.message,
            "Hosted Essentials+ allows at most 500 licensed users (got 501)."
        );
        for t in [LicenceType::HostedEssentials, LicenceType::OcEssential] {
            let err = Licence::new(t, 1).unwrap_err();
            assert_eq!(err.code, "licensedUsers.notAllowed");
        }
        let base = Licence::new(LicenceType::OcPro, 10).unwrap();
        assert_eq!(
            base.with_users(600).unwrap_err().code,
            "licensedUsers.overCap"
        );
        assert_eq!(base.with_users(20).unwrap().licensed_users(), 20);
    }

    #[test]
    fn licence_serde_is_camel_case_and_validated() {
        let l = Licence::new(LicenceType::HostedPro, 3).unwrap();
        let json = serde_json::to_string(&l).unwrap();
        assert_eq!(json, r#"{"licenceType":"hostedPro","licensedUsers":3}"#);
        assert_eq!(serde_json::from_str::<Licence>(&json).unwrap(), l);
        let over = r#"{"licenceType":"hostedPro","licensedUsers":9999}"#;
        assert!(serde_json::from_str::<Licence>(over).is_err());
    }
}
