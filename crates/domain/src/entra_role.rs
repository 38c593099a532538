//! The Microsoft Entra built-in roles Switchboard's stages need, by Microsoft's template
//! ids (the same in every tenant; for built-in roles a role assignment's
//! `roleDefinitionId` is this id). Read by the verification and by the Graph emulator.

/// A built-in Entra directory role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntraRole {
    GlobalAdministrator,
    TeamsAdministrator,
    TeamsTelephonyAdministrator,
    SkypeForBusinessAdministrator,
    DomainNameAdministrator,
    UserAdministrator,
}

impl EntraRole {
    pub const ALL: &'static [EntraRole] = &[
        EntraRole::GlobalAdministrator,
        EntraRole::TeamsAdministrator,
        EntraRole::TeamsTelephonyAdministrator,
        EntraRole::SkypeForBusinessAdministrator,
        EntraRole::DomainNameAdministrator,
        EntraRole::UserAdministrator,
    ];

    pub fn template_id(self) -> &'static str {
        match self {
            EntraRole::GlobalAdministrator => "62e90394-69f5-4237-9190-012177145e10",
            EntraRole::TeamsAdministrator => "69091246-20e8-4a56-aa4d-066075b2a7a8",
            EntraRole::TeamsTelephonyAdministrator => "aa38014f-0993-46e9-9b45-30501a20909d",
            EntraRole::SkypeForBusinessAdministrator => "75941009-915a-4869-abe7-691bff18279e",
            EntraRole::DomainNameAdministrator => "8329153b-31d0-4727-b945-745eb3bc5f31",
            EntraRole::UserAdministrator => "fe930be7-5e62-47db-91af-98c3a49a38b1",
        }
    }

    /// The role's name as the Entra admin center shows it.
    pub fn name(self) -> &'static str {
        match self {
            EntraRole::GlobalAdministrator => "Global Administrator",
            EntraRole::TeamsAdministrator => "Teams Administrator",
            EntraRole::TeamsTelephonyAdministrator => "Teams Telephony Administrator",
            EntraRole::SkypeForBusinessAdministrator => "Skype for Business Administrator",
            EntraRole::DomainNameAdministrator => "Domain Name Administrator",
            EntraRole::UserAdministrator => "User Administrator",
        }
    }

    /// The role a role definition (template) id names, if it is one of these.
    pub fn from_template_id(id: &str) -> Option<EntraRole> {
        Self::ALL
            .iter()
            .copied()
            .find(|role| role.template_id().eq_ignore_ascii_case(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_ids_are_distinct_guids_that_lead_back_to_their_role() {
        for role in EntraRole::ALL {
            assert!(uuid::Uuid::parse_str(role.template_id()).is_ok());
            assert_eq!(
                EntraRole::from_template_id(&role.template_id().to_uppercase()),
                Some(*role)
            );
        }
        assert_eq!(EntraRole::from_template_id("not-a-role"), None);
    }
}
