//! The tenant's groups and their direct members, read whole on every run: a tenant has
//! tens or hundreds of groups, so a snapshot costs little and never drifts the way a
//! missed delta would.

use futures::{StreamExt, TryStreamExt};
use switchboard_cache::GroupRecord;
use switchboard_graph::models::Group;
use switchboard_graph::{GraphClient, GraphError, ListQuery, MAX_PAGE_SIZE};

/// Member lists fetched at once: enough to hide latency, few enough not to invite 429s.
const MEMBER_LISTS_IN_FLIGHT: usize = 4;

/// Every group of the tenant with its direct members (also what the benchmark
/// times as the bare groups download).
pub async fn read_groups(graph: &GraphClient) -> Result<Vec<GroupRecord>, GraphError> {
    let query = ListQuery::select(&["id", "displayName", "mail", "securityEnabled"])
        .with_top(MAX_PAGE_SIZE);
    let groups = GraphClient::collect_all(graph.groups(&query)).await?;
    futures::stream::iter(groups)
        .map(|group| with_members(graph, group))
        .buffered(MEMBER_LISTS_IN_FLIGHT)
        .try_collect()
        .await
}

async fn with_members(graph: &GraphClient, group: Group) -> Result<GroupRecord, GraphError> {
    let query = ListQuery::select(&["id"]).with_top(MAX_PAGE_SIZE);
    let members = GraphClient::collect_all(graph.group_members(&group.id, &query)).await?;
    Ok(GroupRecord {
        display_name: group.display_name.unwrap_or_default(),
        mail: group.mail,
        security_enabled: group.security_enabled.unwrap_or(false),
        members: members.into_iter().map(|m| m.id).collect(),
        object_id: group.id,
    })
}
