//! Custom domains and the DNS records that prove ownership.

use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    pub id: String,
    #[serde(default)]
    pub is_verified: bool,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub is_initial: bool,
    #[serde(default)]
    pub supported_services: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A record from `verificationDnsRecords`: `Txt` carries `text`, `Mx` carries
/// `mail_exchange` and `preference`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainDnsRecord {
    pub record_type: String,
    pub label: String,
    pub ttl: Option<u32>,
    pub text: Option<String>,
    pub mail_exchange: Option<String>,
    pub preference: Option<u32>,
    #[serde(default)]
    pub is_optional: bool,
}

impl DomainDnsRecord {
    pub fn is_txt(&self) -> bool {
        self.record_type.eq_ignore_ascii_case("txt")
    }
}
