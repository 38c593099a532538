//! What the Users screen receives: table rows, a page of them, and one user's details.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use switchboard_cache::CachedUser;
use switchboard_domain::TenantId;

/// One line of the Users table: the columns it shows, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserRowView {
    pub tenant_id: TenantId,
    pub tenant_short_name: String,
    /// Entra object id; with `tenantId` it names the user for `user_detail`.
    pub object_id: String,
    pub display_name: String,
    pub upn: String,
    /// Teams `LineURI` as stored, e.g. `tel:+442079460018;ext=12`.
    pub line_uri: Option<String>,
    pub enterprise_voice: bool,
    pub voice_routing_policy: Option<String>,
    pub tenant_dial_plan: Option<String>,
    pub usage_location: Option<String>,
    pub licences: Vec<String>,
    pub department: Option<String>,
    /// RFC 3339.
    pub synced_at: String,
}

impl UserRowView {
    pub(crate) fn new(user: CachedUser, tenant_short_name: String) -> Self {
        let synced_at = user.synced_at.to_rfc3339();
        let r = user.record;
        Self {
            tenant_id: user.tenant_id,
            tenant_short_name,
            object_id: r.object_id,
            display_name: r.display_name,
            upn: r.upn,
            line_uri: r.line_uri,
            enterprise_voice: r.enterprise_voice,
            voice_routing_policy: r.voice_routing_policy,
            tenant_dial_plan: r.tenant_dial_plan,
            usage_location: r.usage_location,
            licences: r.licences,
            department: r.department,
            synced_at,
        }
    }
}

/// One page of the Users table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsersPageView {
    pub users: Vec<UserRowView>,
    /// Rows matching the search and filters, across all pages.
    #[ts(type = "number")]
    pub total: u64,
    /// Pass back as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Every cached field of one user (including `syncedAt`), plus its tenant's short name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserDetailView {
    pub tenant_short_name: String,
    /// Display names of the groups the user is a direct member of, sorted.
    pub groups: Vec<String>,
    /// The tenant's last successful replication, which confirmed these values; `syncedAt`
    /// is when they were last written (a run leaves unchanged users alone).
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The PSTN gateways the user's calls can reach, in the order their voice routing
    /// policy (or the tenant's Global one) tries them, from the cached voice objects.
    pub online_pstn_gateways: Vec<String>,
    /// The network site of the first of those gateways that has one.
    pub site_location: Option<String>,
    #[serde(flatten)]
    #[ts(flatten)]
    pub user: CachedUser,
}
