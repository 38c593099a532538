//! A tenant's directory as Graph sees it: users, groups and memberships, domains,
//! subscribed SKUs, and the change log that delta queries read.
//!
//! Users sit in a `BTreeMap` ordered by object id, so paging resumes from the last id
//! of the previous page instead of counting or copying, and 100k users stay cheap.
//! Every user change takes the next number of a monotonic sequence; the log keeps only
//! each object's latest change, so a delta round names each changed object once.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use rand::Rng;

use crate::graph_error::GraphError;
use crate::state::{SandboxState, TenantState};

/// Delta links of identity objects live seven days at Microsoft.
pub const DEFAULT_DELTA_LINK_MAX_AGE_SECS: i64 = 7 * 24 * 3600;

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: String,
    pub user_principal_name: String,
    pub display_name: String,
    pub mail_nickname: String,
    pub account_enabled: bool,
    pub given_name: Option<String>,
    pub surname: Option<String>,
    pub mail: Option<String>,
    pub job_title: Option<String>,
    pub department: Option<String>,
    /// Two-letter country code; licences cannot be assigned without it.
    pub usage_location: Option<String>,
    pub mobile_phone: Option<String>,
    pub office_location: Option<String>,
    pub business_phones: Vec<String>,
    pub created: DateTime<Utc>,
    pub assigned_licenses: Vec<AssignedLicense>,
}

impl User {
    /// A minimal enabled user; set the optional fields directly before adding it.
    pub fn new(user_principal_name: &str, display_name: &str) -> Self {
        let nickname = user_principal_name
            .split('@')
            .next()
            .unwrap_or(user_principal_name);
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            user_principal_name: user_principal_name.to_string(),
            display_name: display_name.to_string(),
            mail_nickname: nickname.to_string(),
            account_enabled: true,
            given_name: None,
            surname: None,
            mail: None,
            job_title: None,
            department: None,
            usage_location: None,
            mobile_phone: None,
            office_location: None,
            business_phones: Vec::new(),
            created: Utc::now(),
            assigned_licenses: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AssignedLicense {
    pub sku_id: String,
    pub disabled_plans: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: String,
    pub display_name: String,
    pub description: Option<String>,
    pub mail_nickname: String,
    pub mail: Option<String>,
    pub mail_enabled: bool,
    pub security_enabled: bool,
    /// `["Unified"]` for Microsoft 365 groups, empty for security groups.
    pub group_types: Vec<String>,
    pub created: DateTime<Utc>,
    /// Member object ids, ordered so member pages can resume after an id.
    pub members: BTreeSet<String>,
}

impl Group {
    /// A security group without members.
    pub fn new(display_name: &str) -> Self {
        let nickname: String = display_name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            display_name: display_name.to_string(),
            description: None,
            mail_nickname: nickname,
            mail: None,
            mail_enabled: false,
            security_enabled: true,
            group_types: Vec::new(),
            created: Utc::now(),
            members: BTreeSet::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// The domain name in lower case.
    pub id: String,
    pub is_verified: bool,
    pub is_default: bool,
    pub is_initial: bool,
    /// The TXT value that proves ownership, `MS=ms<digits>`.
    pub verification_text: String,
}

impl Domain {
    /// The MX target Microsoft offers as the alternative proof: `ms<digits>.msv1.invalid`.
    pub fn verification_mx(&self) -> String {
        format!(
            "{}.msv1.invalid",
            self.verification_text.trim_start_matches("MS=")
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServicePlan {
    pub service_plan_id: String,
    pub service_plan_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubscribedSku {
    pub sku_id: String,
    pub sku_part_number: String,
    pub enabled_units: u32,
    pub consumed_units: u32,
    pub service_plans: Vec<ServicePlan>,
}

/// One entry of the change log: the object's latest state, or its deletion.
#[derive(Debug, Clone, PartialEq)]
enum Change {
    Upserted(String),
    Removed(String),
}

/// What a delta round reports for one object.
#[derive(Debug, PartialEq)]
pub enum DeltaEntry<'a> {
    Changed(&'a User),
    Removed(&'a str),
}

#[derive(Debug)]
pub struct Directory {
    users: BTreeMap<String, User>,
    /// Lower-case UPN to object id.
    upn_index: HashMap<String, String>,
    groups: BTreeMap<String, Group>,
    /// Keyed by lower-case name.
    domains: BTreeMap<String, Domain>,
    skus: BTreeMap<String, SubscribedSku>,
    /// Sequence number of each object's latest change.
    changes: BTreeMap<u64, Change>,
    user_change: HashMap<String, u64>,
    seq: u64,
    /// Bumped by `expire_delta_links`; links minted under an older epoch are refused.
    delta_epoch: u64,
    pub delta_link_max_age_secs: i64,
}

impl Default for Directory {
    fn default() -> Self {
        Self {
            users: BTreeMap::new(),
            upn_index: HashMap::new(),
            groups: BTreeMap::new(),
            domains: BTreeMap::new(),
            skus: BTreeMap::new(),
            changes: BTreeMap::new(),
            user_change: HashMap::new(),
            seq: 0,
            delta_epoch: 0,
            delta_link_max_age_secs: DEFAULT_DELTA_LINK_MAX_AGE_SECS,
        }
    }
}

fn request_error(message: impl Into<String>) -> GraphError {
    GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", message)
}

fn user_not_found(key: &str) -> GraphError {
    GraphError::not_found(format!("Resource '{key}' does not exist or one of its queried reference-property objects are not present."))
}

/// Creates a tenant with its initial `*.onmicrosoft.com` domain (verified and default).
/// Replaces nothing: an existing tenant id is an error.
pub fn add_tenant<'a>(
    state: &'a mut SandboxState,
    tenant_id: &str,
    display_name: &str,
    initial_domain: &str,
) -> Result<&'a mut TenantState, GraphError> {
    let tenant_id = tenant_id.to_ascii_lowercase();
    if uuid::Uuid::parse_str(&tenant_id).is_err() {
        return Err(GraphError::bad_request(format!(
            "Tenant id '{tenant_id}' is not a GUID."
        )));
    }
    if state.tenants.contains_key(&tenant_id) {
        return Err(request_error(format!(
            "Tenant '{tenant_id}' already exists."
        )));
    }
    let initial = initial_domain.to_ascii_lowercase();
    validate_domain_name(&initial)?;
    let mut directory = Directory::default();
    directory.domains.insert(
        initial.clone(),
        Domain {
            id: initial.clone(),
            is_verified: true,
            is_default: true,
            is_initial: true,
            verification_text: new_verification_text(),
        },
    );
    let tenant = TenantState {
        tenant_id: tenant_id.clone(),
        display_name: display_name.to_string(),
        initial_domain: initial,
        directory,
        ..TenantState::default()
    };
    Ok(state.tenants.entry(tenant_id).or_insert(tenant))
}

fn new_verification_text() -> String {
    format!(
        "MS=ms{}",
        rand::thread_rng().gen_range(10_000_000u32..100_000_000)
    )
}

fn validate_domain_name(name: &str) -> Result<(), GraphError> {
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
    if labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok || name.len() > 253 {
        return Err(request_error(format!(
            "The domain name '{name}' is not a valid domain name."
        )));
    }
    Ok(())
}

impl Directory {
    // ----- users -----

    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    /// Finds a user by object id or (case-insensitively) by UPN.
    pub fn user(&self, id_or_upn: &str) -> Option<&User> {
        self.users.get(id_or_upn).or_else(|| {
            let id = self.upn_index.get(&id_or_upn.to_ascii_lowercase())?;
            self.users.get(id)
        })
    }

    pub fn user_or_404(&self, id_or_upn: &str) -> Result<&User, GraphError> {
        self.user(id_or_upn)
            .ok_or_else(|| user_not_found(id_or_upn))
    }

    /// Users in id order, starting after `after` (exclusive) when given.
    pub fn users_after<'a>(
        &'a self,
        after: Option<&'a str>,
    ) -> impl Iterator<Item = &'a User> + 'a {
        let lower = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.users
            .range::<str, _>((lower, Bound::Unbounded))
            .map(|(_, user)| user)
    }

    /// Adds a user after checking that its UPN is unique and on a verified domain.
    pub fn add_user(&mut self, user: User) -> Result<&User, GraphError> {
        self.check_upn(&user.user_principal_name, None)?;
        if self.users.contains_key(&user.id) {
            return Err(request_error(
                "Another object with the same value for property id already exists.",
            ));
        }
        let id = user.id.clone();
        self.upn_index
            .insert(user.user_principal_name.to_ascii_lowercase(), id.clone());
        self.users.insert(id.clone(), user);
        self.record_user_change(&id);
        Ok(&self.users[&id])
    }

    /// Applies `change` to the user and logs it for delta; a failed change leaves the
    /// user as it was.
    pub fn update_user(
        &mut self,
        id_or_upn: &str,
        change: impl FnOnce(&mut User) -> Result<(), GraphError>,
    ) -> Result<&User, GraphError> {
        let current = self.user_or_404(id_or_upn)?;
        let id = current.id.clone();
        let old_upn = current.user_principal_name.clone();
        let mut updated = current.clone();
        change(&mut updated)?;
        updated.id = id.clone();
        if !updated.user_principal_name.eq_ignore_ascii_case(&old_upn) {
            self.check_upn(&updated.user_principal_name, Some(&id))?;
            self.upn_index.remove(&old_upn.to_ascii_lowercase());
            self.upn_index
                .insert(updated.user_principal_name.to_ascii_lowercase(), id.clone());
        }
        self.users.insert(id.clone(), updated);
        self.record_user_change(&id);
        Ok(&self.users[&id])
    }

    pub fn delete_user(&mut self, id_or_upn: &str) -> Result<(), GraphError> {
        let id = self.user_or_404(id_or_upn)?.id.clone();
        let Some(user) = self.users.remove(&id) else {
            return Err(user_not_found(id_or_upn));
        };
        self.upn_index
            .remove(&user.user_principal_name.to_ascii_lowercase());
        for group in self.groups.values_mut() {
            group.members.remove(&id);
        }
        for license in &user.assigned_licenses {
            if let Some(sku) = self.skus.get_mut(&license.sku_id) {
                sku.consumed_units = sku.consumed_units.saturating_sub(1);
            }
        }
        self.seq += 1;
        if let Some(old) = self.user_change.remove(&id) {
            self.changes.remove(&old);
        }
        self.changes.insert(self.seq, Change::Removed(id));
        Ok(())
    }

    fn check_upn(&self, upn: &str, own_id: Option<&str>) -> Result<(), GraphError> {
        let Some((local, domain)) = upn.split_once('@') else {
            return Err(request_error(
                "Invalid value specified for property 'userPrincipalName' of resource 'User'.",
            ));
        };
        if local.is_empty() || domain.contains('@') {
            return Err(request_error(
                "Invalid value specified for property 'userPrincipalName' of resource 'User'.",
            ));
        }
        if !self.is_verified_domain(domain) {
            return Err(request_error(
                "The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.",
            ));
        }
        match self.upn_index.get(&upn.to_ascii_lowercase()) {
            Some(existing) if Some(existing.as_str()) != own_id => Err(request_error(
                "Another object with the same value for property userPrincipalName already exists.",
            )),
            _ => Ok(()),
        }
    }

    fn record_user_change(&mut self, id: &str) {
        self.seq += 1;
        if let Some(old) = self.user_change.insert(id.to_string(), self.seq) {
            self.changes.remove(&old);
        }
        self.changes
            .insert(self.seq, Change::Upserted(id.to_string()));
    }

    // ----- delta -----

    /// The sequence number of the latest change; a delta link remembers it.
    pub fn change_seq(&self) -> u64 {
        self.seq
    }

    pub fn delta_epoch(&self) -> u64 {
        self.delta_epoch
    }

    /// Emulator control: every delta link issued so far now answers `syncStateNotFound`.
    pub fn expire_delta_links(&mut self) {
        self.delta_epoch += 1;
    }

    /// Changes with sequence numbers in `(after, upto]`, oldest first, each object once.
    /// An initial round (`include_removed == false`) skips deletions.
    pub fn changes_between(
        &self,
        after: u64,
        upto: u64,
        include_removed: bool,
    ) -> impl Iterator<Item = (u64, DeltaEntry<'_>)> + '_ {
        self.changes
            .range((Bound::Excluded(after), Bound::Included(upto)))
            .filter_map(move |(seq, change)| match change {
                Change::Upserted(id) => self.users.get(id).map(|u| (*seq, DeltaEntry::Changed(u))),
                Change::Removed(id) if include_removed => {
                    Some((*seq, DeltaEntry::Removed(id.as_str())))
                }
                Change::Removed(_) => None,
            })
    }

    // ----- groups -----

    pub fn add_group(&mut self, group: Group) -> Result<&Group, GraphError> {
        if self.groups.contains_key(&group.id) {
            return Err(request_error(
                "Another object with the same value for property id already exists.",
            ));
        }
        if let Some(missing) = group.members.iter().find(|m| !self.users.contains_key(*m)) {
            return Err(user_not_found(missing));
        }
        let id = group.id.clone();
        self.groups.insert(id.clone(), group);
        Ok(&self.groups[&id])
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.get(id)
    }

    pub fn group_or_404(&self, id: &str) -> Result<&Group, GraphError> {
        self.groups.get(id).ok_or_else(|| user_not_found(id))
    }

    pub fn groups_after<'a>(
        &'a self,
        after: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Group> + 'a {
        let lower = after.map_or(Bound::Unbounded, Bound::Excluded);
        self.groups
            .range::<str, _>((lower, Bound::Unbounded))
            .map(|(_, group)| group)
    }

    pub fn add_member(&mut self, group_id: &str, user_id_or_upn: &str) -> Result<(), GraphError> {
        let user_id = self.user_or_404(user_id_or_upn)?.id.clone();
        let group = self
            .groups
            .get_mut(group_id)
            .ok_or_else(|| user_not_found(group_id))?;
        if !group.members.insert(user_id) {
            return Err(request_error("One or more added object references already exist for the following modified properties: 'members'."));
        }
        Ok(())
    }

    /// Groups the user belongs to directly, in id order.
    pub fn member_of(&self, user_id: &str) -> impl Iterator<Item = &Group> + '_ {
        let user_id = user_id.to_string();
        self.groups
            .values()
            .filter(move |g| g.members.contains(&user_id))
    }

    // ----- domains -----

    pub fn domains(&self) -> impl Iterator<Item = &Domain> {
        self.domains.values()
    }

    pub fn domain(&self, name: &str) -> Option<&Domain> {
        self.domains.get(&name.to_ascii_lowercase())
    }

    pub fn domain_or_404(&self, name: &str) -> Result<&Domain, GraphError> {
        self.domain(name).ok_or_else(|| user_not_found(name))
    }

    pub fn is_verified_domain(&self, name: &str) -> bool {
        self.domain(name).is_some_and(|d| d.is_verified)
    }

    /// Adds an unverified domain; a subdomain of a verified domain is verified at once.
    pub fn add_domain(&mut self, name: &str) -> Result<&Domain, GraphError> {
        let name = name.to_ascii_lowercase();
        validate_domain_name(&name)?;
        if self.domains.contains_key(&name) {
            return Err(request_error(format!(
                "Domain '{name}' already exists in this tenant."
            )));
        }
        if name.ends_with(".onmicrosoft.com") || name == "onmicrosoft.com" {
            return Err(request_error(
                "Domains under onmicrosoft.com cannot be added; they belong to Microsoft.",
            ));
        }
        let verified_parent = self
            .domains
            .values()
            .any(|d| d.is_verified && name.ends_with(&format!(".{}", d.id)));
        self.domains.insert(
            name.clone(),
            Domain {
                id: name.clone(),
                is_verified: verified_parent,
                is_default: false,
                is_initial: false,
                verification_text: new_verification_text(),
            },
        );
        Ok(&self.domains[&name])
    }

    /// Marks a domain verified once its proof was found; already verified is an error.
    pub fn mark_domain_verified(&mut self, name: &str) -> Result<&Domain, GraphError> {
        let domain = self
            .domains
            .get_mut(&name.to_ascii_lowercase())
            .ok_or_else(|| user_not_found(name))?;
        if domain.is_verified {
            return Err(request_error(format!(
                "Domain '{}' is already verified.",
                domain.id
            )));
        }
        domain.is_verified = true;
        Ok(domain)
    }

    // ----- licences -----

    pub fn add_sku(&mut self, sku: SubscribedSku) -> Result<(), GraphError> {
        if self.skus.contains_key(&sku.sku_id) {
            return Err(request_error(format!(
                "SKU '{}' is already subscribed.",
                sku.sku_id
            )));
        }
        self.skus.insert(sku.sku_id.clone(), sku);
        Ok(())
    }

    pub fn skus(&self) -> impl Iterator<Item = &SubscribedSku> {
        self.skus.values()
    }

    /// Adds and removes licences in one step: everything is checked before anything
    /// changes, as a failed `assignLicense` leaves the user untouched.
    pub fn assign_license(
        &mut self,
        user_id_or_upn: &str,
        add: Vec<AssignedLicense>,
        remove: Vec<String>,
    ) -> Result<&User, GraphError> {
        let user = self.user_or_404(user_id_or_upn)?;
        if user.usage_location.as_deref().is_none_or(str::is_empty) {
            return Err(request_error(
                "License assignment cannot be done for user with invalid usage location.",
            ));
        }
        for sku_id in add.iter().map(|l| &l.sku_id).chain(remove.iter()) {
            if !self.skus.contains_key(sku_id) {
                return Err(request_error(format!(
                    "License {sku_id} does not correspond to a valid company License."
                )));
            }
        }
        for sku_id in &remove {
            if !user.assigned_licenses.iter().any(|l| &l.sku_id == sku_id) {
                return Err(request_error(format!(
                    "User does not have a corresponding license {sku_id} to remove."
                )));
            }
        }
        for license in &add {
            let already = user
                .assigned_licenses
                .iter()
                .any(|l| l.sku_id == license.sku_id);
            let sku = &self.skus[&license.sku_id];
            if !already && sku.consumed_units >= sku.enabled_units {
                return Err(request_error(format!(
                    "Subscription for license {} has no available units; {} of {} are assigned.",
                    sku.sku_part_number, sku.consumed_units, sku.enabled_units
                )));
            }
            if let Some(plan) = license
                .disabled_plans
                .iter()
                .find(|p| !sku.service_plans.iter().any(|s| &s.service_plan_id == *p))
            {
                return Err(request_error(format!(
                    "Service plan {plan} is not part of license {}.",
                    sku.sku_part_number
                )));
            }
        }
        let id = user.id.clone();
        let previously: BTreeSet<String> = user
            .assigned_licenses
            .iter()
            .map(|l| l.sku_id.clone())
            .collect();
        for sku_id in &remove {
            if let Some(sku) = self.skus.get_mut(sku_id) {
                sku.consumed_units = sku.consumed_units.saturating_sub(1);
            }
        }
        for license in add
            .iter()
            .filter(|l| !previously.contains(&l.sku_id) || remove.contains(&l.sku_id))
        {
            if let Some(sku) = self.skus.get_mut(&license.sku_id) {
                sku.consumed_units += 1;
            }
        }
        self.update_user(&id, |user| {
            user.assigned_licenses.retain(|l| {
                !remove.contains(&l.sku_id) && !add.iter().any(|a| a.sku_id == l.sku_id)
            });
            user.assigned_licenses.extend(add);
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> Directory {
        let mut state = SandboxState::default();
        add_tenant(
            &mut state,
            "11111111-1111-1111-1111-111111111111",
            "Contoso",
            "contoso.onmicrosoft.com",
        )
        .unwrap();
        std::mem::take(&mut state.tenants.values_mut().next().unwrap().directory)
    }

    #[test]
    fn each_object_appears_once_per_delta_round() {
        let mut dir = directory();
        let a = dir
            .add_user(User::new("a@contoso.onmicrosoft.com", "A"))
            .unwrap()
            .id
            .clone();
        let b = dir
            .add_user(User::new("b@contoso.onmicrosoft.com", "B"))
            .unwrap()
            .id
            .clone();
        let mark = dir.change_seq();
        dir.update_user(&a, |u| {
            u.department = Some("Sales".into());
            Ok(())
        })
        .unwrap();
        dir.update_user(&a, |u| {
            u.job_title = Some("Rep".into());
            Ok(())
        })
        .unwrap();
        dir.delete_user(&b).unwrap();
        let round: Vec<_> = dir
            .changes_between(mark, dir.change_seq(), true)
            .map(|(_, e)| e)
            .collect();
        assert_eq!(round.len(), 2);
        assert!(
            matches!(round[0], DeltaEntry::Changed(u) if u.id == a && u.job_title.as_deref() == Some("Rep"))
        );
        assert_eq!(round[1], DeltaEntry::Removed(&b));
        assert_eq!(dir.changes_between(0, dir.change_seq(), false).count(), 1);
    }

    #[test]
    fn a_failed_licence_assignment_changes_nothing() {
        let mut dir = directory();
        dir.add_sku(SubscribedSku {
            sku_id: "s1".into(),
            sku_part_number: "ENTERPRISEPACK".into(),
            enabled_units: 1,
            consumed_units: 0,
            service_plans: vec![],
        })
        .unwrap();
        let mut user = User::new("a@contoso.onmicrosoft.com", "A");
        user.usage_location = Some("US".into());
        let id = dir.add_user(user).unwrap().id.clone();
        let other = dir
            .add_user(User::new("b@contoso.onmicrosoft.com", "B"))
            .unwrap()
            .id
            .clone();
        let one = || {
            vec![AssignedLicense {
                sku_id: "s1".into(),
                disabled_plans: vec![],
            }]
        };
        assert!(dir
            .assign_license(&other, one(), vec![])
            .unwrap_err()
            .message
            .contains("usage location"));
        dir.assign_license(&id, one(), vec![]).unwrap();
        assert_eq!(dir.skus().next().unwrap().consumed_units, 1);
        dir.update_user(&other, |u| {
            u.usage_location = Some("GB".into());
            Ok(())
        })
        .unwrap();
        assert!(dir
            .assign_license(&other, one(), vec![])
            .unwrap_err()
            .message
            .contains("no available units"));
        assert!(dir.user(&other).unwrap().assigned_licenses.is_empty());
        dir.delete_user(&id).unwrap();
        assert_eq!(dir.skus().next().unwrap().consumed_units, 0);
    }

    #[test]
    fn upns_must_be_unique_and_on_a_verified_domain() {
        let mut dir = directory();
        dir.add_user(User::new("a@contoso.onmicrosoft.com", "A"))
            .unwrap();
        let dup = dir
            .add_user(User::new("A@CONTOSO.onmicrosoft.com", "A2"))
            .unwrap_err();
        assert!(dup
            .message
            .contains("same value for property userPrincipalName"));
        let unverified = dir.add_user(User::new("a@fabrikam.com", "A")).unwrap_err();
        assert!(unverified.message.contains("verified domain"));
        dir.add_domain("fabrikam.com").unwrap();
        assert!(!dir.is_verified_domain("fabrikam.com"));
        dir.mark_domain_verified("fabrikam.com").unwrap();
        assert!(dir.add_domain("sip.fabrikam.com").unwrap().is_verified);
    }
}
