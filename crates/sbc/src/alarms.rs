//! Active alarms: the list endpoint (paged by cursor) and each alarm's detail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alarm {
    pub id: u32,
    pub description: String,
    pub severity: AlarmSeverity,
    /// The component that raised it, e.g. `Board#1/EthernetLink#2`.
    pub source: String,
    /// `None` when the device's date could not be read; `date_text` keeps what it sent.
    pub raised_at: Option<DateTime<Utc>>,
    pub date_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AlarmSeverity {
    Critical,
    Major,
    Minor,
    Warning,
    Indeterminate,
    Cleared,
    Other(String),
}

impl From<&str> for AlarmSeverity {
    fn from(value: &str) -> Self {
        match value.to_ascii_lowercase().as_str() {
            "critical" => Self::Critical,
            "major" => Self::Major,
            "minor" => Self::Minor,
            "warning" => Self::Warning,
            "indeterminate" => Self::Indeterminate,
            "cleared" => Self::Cleared,
            _ => Self::Other(value.to_string()),
        }
    }
}

/// One page of `GET /api/v1/alarms/active`.
#[derive(Debug, Deserialize)]
pub(crate) struct AlarmPage {
    #[serde(default)]
    pub alarms: Vec<AlarmLink>,
    #[serde(default)]
    pub cursor: Option<Cursor>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct AlarmLink {
    pub id: serde_json::Value,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Cursor {
    #[serde(default)]
    pub after: serde_json::Value,
}

impl AlarmPage {
    /// The cursor for the next page; `-1`, absent or empty means this was the last.
    pub fn next_cursor(&self) -> Option<String> {
        let after = &self.cursor.as_ref()?.after;
        let text = match after {
            serde_json::Value::Number(number) => number.to_string(),
            serde_json::Value::String(text) => text.trim().to_string(),
            _ => return None,
        };
        (!text.is_empty() && text != "-1").then_some(text)
    }
}

impl AlarmLink {
    /// Where the detail lives: the link the device gave (absolute or relative, checked
    /// by the client before it is followed), or the documented path for the id.
    pub fn detail_link(&self) -> String {
        match &self.url {
            Some(url) if !url.trim().is_empty() => url.trim().to_string(),
            _ => {
                let id = match &self.id {
                    serde_json::Value::String(id) => id.clone(),
                    other => other.to_string(),
                };
                format!("api/v1/alarms/active/{id}")
            }
        }
    }
}

/// `GET /api/v1/alarms/active/{id}`.
#[derive(Debug, Deserialize)]
pub(crate) struct AlarmDetail {
    #[serde(deserialize_with = "number_or_text")]
    pub id: u32,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub date: String,
}

fn number_or_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Number(number) => number
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| serde::de::Error::custom("alarm id out of range")),
        serde_json::Value::String(text) => text.trim().parse().map_err(serde::de::Error::custom),
        _ => Err(serde::de::Error::custom(
            "alarm id is neither a number nor text",
        )),
    }
}

impl From<AlarmDetail> for Alarm {
    fn from(detail: AlarmDetail) -> Self {
        let raised_at = DateTime::parse_from_rfc3339(detail.date.trim())
            .ok()
            .map(|date| date.with_timezone(&Utc));
        Self {
            id: detail.id,
            description: detail.description,
            severity: AlarmSeverity::from(detail.severity.as_str()),
            source: detail.source,
            raised_at,
            date_text: detail.date,
        }
    }
}
