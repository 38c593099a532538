//! Licences the tenant has bought and licences assigned to a user.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribedSku {
    pub sku_id: String,
    pub sku_part_number: String,
    /// `Enabled`, `Warning`, `Suspended`, `Deleted` or `LockedOut`.
    pub capability_status: Option<String>,
    #[serde(default)]
    pub consumed_units: i64,
    pub prepaid_units: Option<PrepaidUnits>,
    #[serde(default)]
    pub service_plans: Vec<ServicePlan>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SubscribedSku {
    /// Units still free to assign. Only an `Enabled` or `Warning` (grace period)
    /// subscription can be assigned; a suspended, locked-out or deleted one has none,
    /// whatever its prepaid units say. A status left out counts as enabled.
    pub fn available_units(&self) -> i64 {
        let assignable = self
            .capability_status
            .as_deref()
            .is_none_or(|s| s.eq_ignore_ascii_case("Enabled") || s.eq_ignore_ascii_case("Warning"));
        if !assignable {
            return 0;
        }
        (self.prepaid_units.as_ref().map_or(0, |p| p.enabled) - self.consumed_units).max(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrepaidUnits {
    #[serde(default)]
    pub enabled: i64,
    #[serde(default)]
    pub suspended: i64,
    #[serde(default)]
    pub warning: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePlan {
    pub service_plan_id: String,
    pub service_plan_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignedLicense {
    pub sku_id: String,
    #[serde(default)]
    pub disabled_plans: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suspended_sku_has_no_units_to_assign() {
        let sku = |status: &str| -> SubscribedSku {
            serde_json::from_value(serde_json::json!({
                "skuId": "s", "skuPartNumber": "SPE_E5", "capabilityStatus": status,
                "consumedUnits": 3, "prepaidUnits": {"enabled": 10, "suspended": 10, "warning": 0}
            }))
            .unwrap()
        };
        assert_eq!(sku("Enabled").available_units(), 7);
        assert_eq!(sku("Warning").available_units(), 7);
        for status in ["Suspended", "LockedOut", "Deleted"] {
            assert_eq!(sku(status).available_units(), 0, "{status}");
        }
    }
}
