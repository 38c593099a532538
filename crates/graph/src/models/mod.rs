//! Graph's request and response bodies: only the fields the product reads, with the
//! rest kept in `extra` where a caller may want to show it.

mod directory;
mod domains;
mod licenses;
mod roles;
pub(crate) mod teams;

pub use directory::{
    DirectoryObject, Group, NewUser, Organization, PasswordProfile, User, VerifiedDomain,
};
pub use domains::{Domain, DomainDnsRecord};
pub use licenses::{AssignedLicense, PrepaidUnits, ServicePlan, SubscribedSku};
pub use roles::{RoleAssignment, ServicePrincipal};
pub use teams::{
    AssignedTelephoneNumber, AssignmentCategory, EffectivePolicyAssignment, NumberType,
    PolicyAssignment, PolicyType, TeamsUserConfiguration,
};
