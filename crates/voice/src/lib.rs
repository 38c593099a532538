//! A tenant's Teams Direct Routing objects (gateways, usages, routes, policies, dial
//! plans, the location-based routing topology): how they are read from Teams
//! PowerShell, the changes Switchboard makes to them, checked before they are queued
//! and rendered as the PowerShell that makes them, and the route simulator.

mod changes;
mod checks;
mod error;
mod normalization;
mod objects;
mod powershell;
mod reading;
mod render;
mod simulator;
mod stored;

pub use changes::{ObjectKind, Verb, VoiceChange};
pub use checks::{check_fqdn, check_pattern, Holders};
pub use error::VoiceError;
pub use normalization::{normalize, Normalization, RuleTrial};
pub use objects::{
    CallingPolicy, DialPlan, NetworkRegion, NetworkSite, NetworkSubnet, NormalizationRule,
    PstnGateway, TrustedIp, VoiceConfig, VoiceRoute, VoiceRoutingPolicy,
};
pub use reading::{parse_read_output, read_script};
pub use simulator::{simulate, GatewayStep, RouteCheck, RouteVerdict, Simulation};
pub use stored::StoredObject;
