//! `GET /api/v1/status`: what the device is and whether it has unsaved changes.

use std::net::IpAddr;

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceStatus {
    /// The device's local clock as it prints it (no time zone is given).
    #[serde(default)]
    pub local_time_stamp: String,
    #[serde(default, deserialize_with = "lenient_ip")]
    pub ip_address: Option<IpAddr>,
    #[serde(default, deserialize_with = "lenient_ip")]
    pub subnet_mask: Option<IpAddr>,
    #[serde(default, deserialize_with = "lenient_ip")]
    pub default_gateway: Option<IpAddr>,
    pub product_type: String,
    #[serde(rename = "versionID")]
    pub version_id: String,
    #[serde(default)]
    pub protocol_type: String,
    #[serde(default)]
    pub operational_state: OperationalState,
    #[serde(default)]
    pub high_availability: HighAvailability,
    #[serde(default)]
    pub serial_number: String,
    #[serde(default)]
    pub mac_address: String,
    /// Seconds since the device started.
    #[serde(default)]
    pub system_up_time: u64,
    /// Changes are live but not yet written to flash.
    pub save_needed: bool,
    #[serde(default)]
    pub reset_needed: bool,
    #[serde(default)]
    pub upgrade_status: String,
    #[serde(default)]
    pub mc_upgrade_status: Option<String>,
}

/// Firmware differs in how it writes addresses; an unreadable one must not make the
/// whole status unusable.
fn lenient_ip<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<IpAddr>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.and_then(|text| text.trim().parse().ok()))
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum OperationalState {
    Unlocked,
    Locked,
    /// A value this client does not know, kept as sent.
    Other(String),
    #[default]
    Unknown,
}

impl From<String> for OperationalState {
    fn from(value: String) -> Self {
        match value.to_ascii_uppercase().as_str() {
            "UNLOCKED" => Self::Unlocked,
            "LOCKED" => Self::Locked,
            "" => Self::Unknown,
            _ => Self::Other(value),
        }
    }
}

impl From<OperationalState> for String {
    fn from(value: OperationalState) -> Self {
        match value {
            OperationalState::Unlocked => "UNLOCKED".into(),
            OperationalState::Locked => "LOCKED".into(),
            OperationalState::Other(text) => text,
            OperationalState::Unknown => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum HighAvailability {
    Operational,
    NotOperational,
    Other(String),
    #[default]
    Unknown,
}

impl From<String> for HighAvailability {
    fn from(value: String) -> Self {
        match value.to_ascii_lowercase().as_str() {
            "operational" => Self::Operational,
            "not operational" => Self::NotOperational,
            "" => Self::Unknown,
            _ => Self::Other(value),
        }
    }
}

impl From<HighAvailability> for String {
    fn from(value: HighAvailability) -> Self {
        match value {
            HighAvailability::Operational => "Operational".into(),
            HighAvailability::NotOperational => "Not Operational".into(),
            HighAvailability::Other(text) => text,
            HighAvailability::Unknown => String::new(),
        }
    }
}
