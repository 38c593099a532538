//! switchboard-cache: the local SQLite cache of every customer tenant (users, groups,
//! SBC sites, queued tasks, audit, settings). One file, WAL mode, schema migrations
//! embedded in the binary; a database written by a newer Switchboard is refused.

mod audit;
mod cache;
mod error;
mod groups;
mod invitations;
mod migrations;
#[cfg(feature = "sample-data")]
pub mod sample;
mod sbc_devices;
mod sbc_prefixes;
mod sbc_sites;
mod settings;
mod snapshot;
mod sql_values;
mod task_claims;
mod task_controls;
mod tasks;
mod templates;
mod tenant_state;
mod tenants;
#[cfg(test)]
mod test_tenant;
mod user_facets;
mod user_query;
mod users;
mod voice_objects;

pub use audit::{AuditEntry, AuditFilter, AuditId, AuditRecord, FieldChange};
pub use cache::Cache;
pub use error::CacheError;
pub use groups::GroupRecord;
pub use invitations::{Invitation, InvitationRowId, InvitationStatus, NewInvitation};
pub use migrations::LATEST_VERSION;
pub use sbc_devices::{
    NewSbc, SbcConnectionStatus, SbcCounts, SbcDevice, SbcFields, SbcId, SbcUpdate,
    MAX_SBC_NAME_CHARS,
};
pub use sbc_prefixes::{
    CustomerImport, DeviceRule, ImportSite, ImportedCustomer, ImportedRule, SbcPrefix,
};
pub use sbc_sites::{NewSiteLocation, SbcSite, SiteConfiguration};
pub use snapshot::{FullSnapshot, SnapshotWritten};
pub use task_claims::{ClaimRequest, Written};
pub use tasks::{Claim, NewTask, TaskFilter, TaskId, TaskRecord, TaskTarget};
pub use templates::{NewTemplateVersion, SeedReport, TemplateSummary, TemplateVersion};
pub use tenant_state::{ReplicationOutcome, TenantAuth};
pub use tenants::{NewTenant, TaskCounts, Tenant, TenantProfile, TenantSummary, TenantTotals};
pub use user_facets::{PolicyHolderCounts, UserFacets};
pub use user_query::{UserCursor, UserPage, UserQuery, UserSort};
pub use users::{CachedUser, ReplaceOutcome, UserRecord};
pub use voice_objects::{StoredVoiceObject, StoredVoiceObjects, VoiceObject, VoiceObjectsWritten};
