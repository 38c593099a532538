//! The tenant, its users and groups.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::licenses::AssignedLicense;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    pub display_name: Option<String>,
    #[serde(default)]
    pub verified_domains: Vec<VerifiedDomain>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedDomain {
    pub name: String,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub is_initial: bool,
}

/// A user as listed; every field but `id` may be left out by `$select`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub user_principal_name: Option<String>,
    pub display_name: Option<String>,
    pub given_name: Option<String>,
    pub surname: Option<String>,
    pub mail: Option<String>,
    pub department: Option<String>,
    pub job_title: Option<String>,
    pub usage_location: Option<String>,
    pub account_enabled: Option<bool>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub business_phones: Vec<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub assigned_licenses: Vec<AssignedLicense>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// The body of `POST /users`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub account_enabled: bool,
    pub display_name: String,
    pub mail_nickname: String,
    pub user_principal_name: String,
    pub password_profile: PasswordProfile,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_location: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordProfile {
    pub force_change_password_next_sign_in: bool,
    #[serde(serialize_with = "expose")]
    pub password: SecretString,
}

fn expose<S: Serializer>(secret: &SecretString, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(secret.expose_secret())
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: String,
    pub display_name: Option<String>,
    pub mail: Option<String>,
    pub mail_enabled: Option<bool>,
    pub security_enabled: Option<bool>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub group_types: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A member of a group: usually a user, sometimes a group or device.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryObject {
    pub id: String,
    #[serde(rename = "@odata.type")]
    pub odata_type: Option<String>,
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DirectoryObject {
    /// Graph writes the type with and without the leading `#`.
    pub fn is_user(&self) -> bool {
        self.odata_type
            .as_deref()
            .is_some_and(|t| t.trim_start_matches('#') == "microsoft.graph.user")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selected_user_reads_with_nulls_and_keeps_unknown_fields() {
        let user: User = serde_json::from_value(serde_json::json!({
            "id": "u1", "displayName": "Ann", "businessPhones": null, "mobilePhone": "+1 555"
        }))
        .unwrap();
        assert_eq!(user.display_name.as_deref(), Some("Ann"));
        assert!(user.business_phones.is_empty());
        assert_eq!(user.extra["mobilePhone"], "+1 555");
    }

    #[test]
    fn a_member_is_a_user_with_or_without_the_hash() {
        let member = |t: &str| -> DirectoryObject {
            serde_json::from_value(serde_json::json!({"id": "m", "@odata.type": t})).unwrap()
        };
        assert!(member("#microsoft.graph.user").is_user());
        assert!(member("microsoft.graph.user").is_user());
        assert!(!member("#microsoft.graph.group").is_user());
    }

    #[test]
    fn a_new_user_puts_the_password_on_the_wire_but_not_in_debug() {
        let user = NewUser {
            account_enabled: true,
            display_name: "Ann".into(),
            mail_nickname: "ann".into(),
            user_principal_name: "ann@contoso.com".into(),
            password_profile: PasswordProfile {
                force_change_password_next_sign_in: true,
                password: SecretString::from("Pa55-word!"),
            },
            usage_location: None,
        };
        let json = serde_json::to_value(&user).unwrap();
        assert_eq!(json["passwordProfile"]["password"], "Pa55-word!");
        assert_eq!(
            json["passwordProfile"]["forceChangePasswordNextSignIn"],
            true
        );
        assert!(json.get("usageLocation").is_none());
        assert!(!format!("{user:?}").contains("Pa55-word!"));
    }
}
