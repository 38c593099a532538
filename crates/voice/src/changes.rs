//! One change to a tenant's Direct Routing configuration, as the engineer asks for it
//! and as the queue stores it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::objects::{
    CallingPolicy, DialPlan, NetworkRegion, NetworkSite, NetworkSubnet, PstnGateway, TrustedIp,
    VoiceConfig, VoiceRoute, VoiceRoutingPolicy,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "op", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum VoiceChange {
    AddGateway { gateway: PstnGateway },
    EditGateway { gateway: PstnGateway },
    RemoveGateway { fqdn: String },
    AddUsage { usage: String },
    RemoveUsage { usage: String },
    AddRoute { route: VoiceRoute },
    EditRoute { route: VoiceRoute },
    RemoveRoute { name: String },
    AddPolicy { policy: VoiceRoutingPolicy },
    EditPolicy { policy: VoiceRoutingPolicy },
    RemovePolicy { name: String },
    AddDialPlan { plan: DialPlan },
    EditDialPlan { plan: DialPlan },
    RemoveDialPlan { name: String },
    AddCallingPolicy { policy: CallingPolicy },
    EditCallingPolicy { policy: CallingPolicy },
    RemoveCallingPolicy { name: String },
    AddRegion { region: NetworkRegion },
    EditRegion { region: NetworkRegion },
    RemoveRegion { id: String },
    AddSite { site: NetworkSite },
    EditSite { site: NetworkSite },
    RemoveSite { id: String },
    AddSubnet { subnet: NetworkSubnet },
    EditSubnet { subnet: NetworkSubnet },
    RemoveSubnet { id: String },
    AddTrustedIp { trusted_ip: TrustedIp },
    EditTrustedIp { trusted_ip: TrustedIp },
    RemoveTrustedIp { address: String },
}

/// The kinds of object a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ObjectKind {
    Gateway,
    Usage,
    Route,
    Policy,
    DialPlan,
    CallingPolicy,
    Region,
    Site,
    Subnet,
    TrustedIp,
}

impl ObjectKind {
    pub const ALL: [ObjectKind; 10] = [
        Self::Gateway,
        Self::Usage,
        Self::Route,
        Self::Policy,
        Self::DialPlan,
        Self::CallingPolicy,
        Self::Region,
        Self::Site,
        Self::Subnet,
        Self::TrustedIp,
    ];

    /// How the engineer calls it, in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            Self::Gateway => "PSTN gateway",
            Self::Usage => "PSTN usage",
            Self::Route => "voice route",
            Self::Policy => "voice routing policy",
            Self::DialPlan => "dial plan",
            Self::CallingPolicy => "calling policy",
            Self::Region => "network region",
            Self::Site => "network site",
            Self::Subnet => "subnet",
            Self::TrustedIp => "trusted IP address",
        }
    }

    /// The kind a key word names.
    pub fn from_key(key: &str) -> Option<ObjectKind> {
        Self::ALL.into_iter().find(|kind| kind.key() == key)
    }

    /// A stable key word, for idempotency keys, stored rows and PowerShell sections.
    pub fn key(self) -> &'static str {
        match self {
            Self::Gateway => "gateway",
            Self::Usage => "usage",
            Self::Route => "route",
            Self::Policy => "voiceRoutingPolicy",
            Self::DialPlan => "dialPlan",
            Self::CallingPolicy => "callingPolicy",
            Self::Region => "region",
            Self::Site => "site",
            Self::Subnet => "subnet",
            Self::TrustedIp => "trustedIp",
        }
    }
}

/// Whether the change creates, edits or removes its object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Verb {
    Add,
    Edit,
    Remove,
}

impl VoiceChange {
    /// What it does, to which kind of object, named how.
    pub fn target(&self) -> (Verb, ObjectKind, &str) {
        use ObjectKind as K;
        use Verb::{Add, Edit, Remove};
        use VoiceChange as C;
        match self {
            C::AddGateway { gateway } => (Add, K::Gateway, &gateway.fqdn),
            C::EditGateway { gateway } => (Edit, K::Gateway, &gateway.fqdn),
            C::RemoveGateway { fqdn } => (Remove, K::Gateway, fqdn),
            C::AddUsage { usage } => (Add, K::Usage, usage),
            C::RemoveUsage { usage } => (Remove, K::Usage, usage),
            C::AddRoute { route } => (Add, K::Route, &route.name),
            C::EditRoute { route } => (Edit, K::Route, &route.name),
            C::RemoveRoute { name } => (Remove, K::Route, name),
            C::AddPolicy { policy } => (Add, K::Policy, &policy.name),
            C::EditPolicy { policy } => (Edit, K::Policy, &policy.name),
            C::RemovePolicy { name } => (Remove, K::Policy, name),
            C::AddDialPlan { plan } => (Add, K::DialPlan, &plan.name),
            C::EditDialPlan { plan } => (Edit, K::DialPlan, &plan.name),
            C::RemoveDialPlan { name } => (Remove, K::DialPlan, name),
            C::AddCallingPolicy { policy } => (Add, K::CallingPolicy, &policy.name),
            C::EditCallingPolicy { policy } => (Edit, K::CallingPolicy, &policy.name),
            C::RemoveCallingPolicy { name } => (Remove, K::CallingPolicy, name),
            C::AddRegion { region } => (Add, K::Region, &region.id),
            C::EditRegion { region } => (Edit, K::Region, &region.id),
            C::RemoveRegion { id } => (Remove, K::Region, id),
            C::AddSite { site } => (Add, K::Site, &site.id),
            C::EditSite { site } => (Edit, K::Site, &site.id),
            C::RemoveSite { id } => (Remove, K::Site, id),
            C::AddSubnet { subnet } => (Add, K::Subnet, &subnet.id),
            C::EditSubnet { subnet } => (Edit, K::Subnet, &subnet.id),
            C::RemoveSubnet { id } => (Remove, K::Subnet, id),
            C::AddTrustedIp { trusted_ip } => (Add, K::TrustedIp, &trusted_ip.address),
            C::EditTrustedIp { trusted_ip } => (Edit, K::TrustedIp, &trusted_ip.address),
            C::RemoveTrustedIp { address } => (Remove, K::TrustedIp, address),
        }
    }

    /// One line for the queue and the audit: "Add voice route LocalRoute".
    pub fn summary(&self) -> String {
        let (verb, kind, name) = self.target();
        let verb = match verb {
            Verb::Add => "Add",
            Verb::Edit => "Change",
            Verb::Remove => "Remove",
        };
        format!("{verb} {} {name}", kind.label())
    }

    /// The object as it is in `config` (before the change), as JSON for the audit.
    pub fn object_in(&self, config: &VoiceConfig) -> Option<serde_json::Value> {
        fn json<T: Serialize>(value: Option<&T>) -> Option<serde_json::Value> {
            value.and_then(|v| serde_json::to_value(v).ok())
        }
        let (_, kind, name) = self.target();
        use ObjectKind as K;
        match kind {
            K::Gateway => json(config.gateway(name)),
            K::Usage => json(config.usage(name)),
            K::Route => json(config.route(name)),
            K::Policy => json(config.policy(name)),
            K::DialPlan => json(config.dial_plan(name)),
            K::CallingPolicy => json(config.calling_policy(name)),
            K::Region => json(config.region(name)),
            K::Site => json(config.site(name)),
            K::Subnet => json(config.subnet(name)),
            K::TrustedIp => json(config.trusted_ip(name)),
        }
    }

    /// Whether `config` already shows the change: the object as asked for, or gone.
    pub fn landed(&self, config: &VoiceConfig) -> bool {
        let (verb, _, _) = self.target();
        let now = self.object_in(config);
        match verb {
            Verb::Remove => now.is_none(),
            Verb::Add | Verb::Edit => now.is_some() && now == self.object_asked(),
        }
    }

    /// The object as the change asks for it (None for a removal).
    pub fn object_asked(&self) -> Option<serde_json::Value> {
        use VoiceChange as C;
        let value = match self {
            C::AddGateway { gateway } | C::EditGateway { gateway } => serde_json::to_value(gateway),
            C::AddUsage { usage } => serde_json::to_value(usage),
            C::AddRoute { route } | C::EditRoute { route } => serde_json::to_value(route),
            C::AddPolicy { policy } | C::EditPolicy { policy } => serde_json::to_value(policy),
            C::AddDialPlan { plan } | C::EditDialPlan { plan } => serde_json::to_value(plan),
            C::AddCallingPolicy { policy } | C::EditCallingPolicy { policy } => {
                serde_json::to_value(policy)
            }
            C::AddRegion { region } | C::EditRegion { region } => serde_json::to_value(region),
            C::AddSite { site } | C::EditSite { site } => serde_json::to_value(site),
            C::AddSubnet { subnet } | C::EditSubnet { subnet } => serde_json::to_value(subnet),
            C::AddTrustedIp { trusted_ip } | C::EditTrustedIp { trusted_ip } => {
                serde_json::to_value(trusted_ip)
            }
            _ => return None,
        };
        value.ok()
    }

    /// The change that puts back what `before` had: an addition is removed, a removal
    /// is added again as it was, an edit is edited back. `None` when `before` does
    /// not hold the object an edit or removal needs.
    pub fn undo(&self, before: &VoiceConfig) -> Option<VoiceChange> {
        use VoiceChange as C;
        let (verb, kind, name) = self.target();
        let name = name.to_string();
        let undo = match (verb, kind) {
            (Verb::Add, _) => self.removal(),
            (Verb::Edit, ObjectKind::Gateway) => C::EditGateway {
                gateway: before.gateway(&name)?.clone(),
            },
            (Verb::Remove, ObjectKind::Gateway) => C::AddGateway {
                gateway: before.gateway(&name)?.clone(),
            },
            (Verb::Remove, ObjectKind::Usage) => C::AddUsage {
                usage: before.usage(&name)?.clone(),
            },
            (Verb::Edit, ObjectKind::Route) => C::EditRoute {
                route: before.route(&name)?.clone(),
            },
            (Verb::Remove, ObjectKind::Route) => C::AddRoute {
                route: before.route(&name)?.clone(),
            },
            (Verb::Edit, ObjectKind::Policy) => C::EditPolicy {
                policy: before.policy(&name)?.clone(),
            },
            (Verb::Remove, ObjectKind::Policy) => C::AddPolicy {
                policy: before.policy(&name)?.clone(),
            },
            (Verb::Edit, ObjectKind::DialPlan) => C::EditDialPlan {
                plan: before.dial_plan(&name)?.clone(),
            },
            (Verb::Remove, ObjectKind::DialPlan) => C::AddDialPlan {
                plan: before.dial_plan(&name)?.clone(),
            },
            (Verb::Edit, ObjectKind::CallingPolicy) => C::EditCallingPolicy {
                policy: before.calling_policy(&name)?.clone(),
            },
            (Verb::Remove, ObjectKind::CallingPolicy) => C::AddCallingPolicy {
                policy: before.calling_policy(&name)?.clone(),
            },
            (Verb::Edit, ObjectKind::Region) => C::EditRegion {
                region: before.region(&name)?.clone(),
            },
            (Verb::Remove, ObjectKind::Region) => C::AddRegion {
                region: before.region(&name)?.clone(),
            },
            (Verb::Edit, ObjectKind::Site) => C::EditSite {
                site: before.site(&name)?.clone(),
            },
            (Verb::Remove, ObjectKind::Site) => C::AddSite {
                site: before.site(&name)?.clone(),
            },
            (Verb::Edit, ObjectKind::Subnet) => C::EditSubnet {
                subnet: before.subnet(&name)?.clone(),
            },
            (Verb::Remove, ObjectKind::Subnet) => C::AddSubnet {
                subnet: before.subnet(&name)?.clone(),
            },
            (Verb::Edit, ObjectKind::TrustedIp) => C::EditTrustedIp {
                trusted_ip: before.trusted_ip(&name)?.clone(),
            },
            (Verb::Remove, ObjectKind::TrustedIp) => C::AddTrustedIp {
                trusted_ip: before.trusted_ip(&name)?.clone(),
            },
            (Verb::Edit, ObjectKind::Usage) => return None,
        };
        Some(undo)
    }

    /// The removal of what this change names.
    fn removal(&self) -> VoiceChange {
        use VoiceChange as C;
        let (_, kind, name) = self.target();
        let name = name.to_string();
        match kind {
            ObjectKind::Gateway => C::RemoveGateway { fqdn: name },
            ObjectKind::Usage => C::RemoveUsage { usage: name },
            ObjectKind::Route => C::RemoveRoute { name },
            ObjectKind::Policy => C::RemovePolicy { name },
            ObjectKind::DialPlan => C::RemoveDialPlan { name },
            ObjectKind::CallingPolicy => C::RemoveCallingPolicy { name },
            ObjectKind::Region => C::RemoveRegion { id: name },
            ObjectKind::Site => C::RemoveSite { id: name },
            ObjectKind::Subnet => C::RemoveSubnet { id: name },
            ObjectKind::TrustedIp => C::RemoveTrustedIp { address: name },
        }
    }
}
