use crate::string_enum::string_enum;

string_enum! {
    /// Where a tenant is in its deployment lifecycle (Tenants screen "State").
    pub enum DeploymentState {
        ReadyForDeployment => "readyForDeployment",
        Deploying => "deploying",
        Deployed => "deployed",
        ReadyForRemove => "readyForRemove",
        Failed => "failed",
    }
}

string_enum! {
    /// How Switchboard authenticates against the customer's Microsoft 365 tenant.
    pub enum AuthMethod {
        None => "none",
        AppRegistration => "appRegistration",
        DeviceCode => "deviceCode",
    }
}

string_enum! {
    /// Result of the last authentication attempt against the customer tenant.
    pub enum AuthStatus {
        NeverConnected => "neverConnected",
        Valid => "valid",
        Expired => "expired",
        Revoked => "revoked",
        Failed => "failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::string_enum::tests::assert_round_trips;

    #[test]
    fn state_enums_round_trip_through_serde_and_from_str() {
        assert_round_trips(DeploymentState::ALL, DeploymentState::as_str);
        assert_round_trips(AuthMethod::ALL, AuthMethod::as_str);
        assert_round_trips(AuthStatus::ALL, AuthStatus::as_str);
        assert_eq!(DeploymentState::ALL.len(), 5);
    }

    #[test]
    fn unknown_text_is_rejected_with_the_enum_name() {
        let err = "bogus".parse::<AuthStatus>().unwrap_err();
        assert_eq!(err.kind, "AuthStatus");
        assert_eq!(err.to_string(), "'bogus' is not a known AuthStatus");
        assert!(
            "Deployed".parse::<DeploymentState>().is_err(),
            "names are case-sensitive"
        );
    }
}
