//! A customer's directory: tenant, domains, subscriptions, users with licences, groups.

use std::collections::BTreeSet;

use super::model::{DemoCustomer, DemoUser};
use super::DemoError;
use crate::directory::{self, AssignedLicense, Directory, Group, SubscribedSku, User};
use crate::graph_error::GraphError;
use crate::state::SandboxState;

pub fn seed(customer: &DemoCustomer, state: &mut SandboxState) -> Result<(), DemoError> {
    let failed = |error: GraphError| DemoError::Directory {
        customer: customer.short_name.clone(),
        message: error.message,
    };
    let tenant = directory::add_tenant(
        state,
        &customer.tenant_id,
        &customer.full_name,
        &customer.initial_domain,
    )
    .map_err(failed)?;
    let directory = &mut tenant.directory;
    for domain in [&customer.custom_domain, &customer.trunk_domain] {
        // The onboarding wizard verifies both through the provider's DNS.
        if !directory.add_domain(domain).map_err(failed)?.is_verified {
            directory.mark_domain_verified(domain).map_err(failed)?;
        }
    }
    for subscription in &customer.subscriptions {
        directory
            .add_sku(SubscribedSku {
                sku_id: subscription.sku_id.to_string(),
                sku_part_number: subscription.sku_part_number.to_string(),
                enabled_units: subscription.prepaid_units,
                // Counted up by the licence assignments below.
                consumed_units: 0,
                service_plans: Vec::new(),
            })
            .map_err(failed)?;
    }
    for user in &customer.users {
        add_user(directory, customer, user).map_err(failed)?;
    }
    for group in &customer.groups {
        let mut seeded = Group::new(&group.display_name);
        seeded.id = group.id.clone();
        seeded.members = group.member_ids.iter().cloned().collect::<BTreeSet<_>>();
        directory.add_group(seeded).map_err(failed)?;
    }
    Ok(())
}

fn add_user(
    directory: &mut Directory,
    customer: &DemoCustomer,
    demo: &DemoUser,
) -> Result<(), GraphError> {
    let mut user = User::new(&demo.user_principal_name, &demo.display_name);
    user.id = demo.object_id.clone();
    user.account_enabled = demo.account_enabled;
    user.given_name = demo.given_name.clone();
    user.surname = demo.surname.clone();
    user.department = demo.department.clone();
    user.usage_location = Some(demo.usage_location.clone());
    user.mail = (!demo.resource_account).then(|| demo.user_principal_name.clone());
    directory.add_user(user)?;
    if demo.licences.is_empty() {
        return Ok(());
    }
    let licences = demo
        .licences
        .iter()
        .map(|part_number| {
            let sku = customer
                .subscriptions
                .iter()
                .find(|s| s.sku_part_number == *part_number)
                .ok_or_else(|| {
                    GraphError::bad_request(format!(
                        "{part_number} of {} is not among the subscriptions",
                        demo.user_principal_name
                    ))
                })?;
            Ok(AssignedLicense {
                sku_id: sku.sku_id.to_string(),
                disabled_plans: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, GraphError>>()?;
    directory.assign_license(&demo.object_id, licences, Vec::new())?;
    Ok(())
}
