//! A customer's users: people from the name tables plus its Teams resource accounts.

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::ids::guid;
use super::model::DemoUser;
use super::skus::{Suite, PHONE_SYSTEM, PHONE_SYSTEM_VIRTUAL_USER};
use super::voice::{PolicyNames, ALLOW_CALLING};
use super::words::{DEPARTMENTS, GIVEN_NAMES, RESOURCE_ACCOUNTS, SURNAMES};

/// Customers this small get no resource accounts: every user is a person.
const MIN_USERS_FOR_RESOURCE_ACCOUNTS: usize = 10;

pub struct PeopleSpec<'a> {
    pub count: usize,
    pub usage_location: &'a str,
    pub domain: &'a str,
    pub suite: Suite,
    pub policies: &'a PolicyNames,
}

/// Users in order, and the indices of those that get a number (ascending).
pub struct People {
    pub users: Vec<DemoUser>,
    pub numbered: Vec<usize>,
}

pub fn generate(rng: &mut ChaCha8Rng, spec: &PeopleSpec<'_>) -> People {
    let mut users = Vec::with_capacity(spec.count);
    let mut numbered = Vec::new();
    // Each customer has its own share of voice users that have a number.
    let numbered_percent = rng.gen_range(80..=90);
    let resource_accounts = if spec.count >= MIN_USERS_FOR_RESOURCE_ACCOUNTS {
        RESOURCE_ACCOUNTS
    } else {
        &[]
    };
    for &(display_name, local_part) in resource_accounts {
        numbered.push(users.len());
        users.push(resource_account(rng, spec, display_name, local_part));
    }
    // Counted by the UPN form: different spellings (Chloé, Chloe) share one.
    let mut name_uses: HashMap<(&str, &str), u32> = HashMap::new();
    while users.len() < spec.count {
        let (given_name, given_key) = GIVEN_NAMES[rng.gen_range(0..GIVEN_NAMES.len())];
        let (surname_name, surname_key) = SURNAMES[rng.gen_range(0..SURNAMES.len())];
        let uses = name_uses.entry((given_key, surname_key)).or_insert(0);
        *uses += 1;
        let upn = match *uses {
            1 => format!("{given_key}.{surname_key}@{}", spec.domain),
            n => format!("{given_key}.{surname_key}{n}@{}", spec.domain),
        };
        // A few leavers: disabled, unlicensed, no voice.
        let enabled = !rng.gen_ratio(3, 100);
        let voice = enabled && rng.gen_ratio(85, 100);
        let has_number = voice && rng.gen_range(0..100) < numbered_percent;
        if has_number {
            numbered.push(users.len());
        }
        let mut licences = Vec::with_capacity(2);
        if enabled {
            licences.push(spec.suite.base);
        }
        if voice && !spec.suite.includes_phone_system {
            licences.push(PHONE_SYSTEM);
        }
        let policy = match (voice, rng.gen_ratio(7, 10)) {
            (false, _) => None,
            (true, true) => Some(spec.policies.unrestricted.clone()),
            (true, false) => Some(spec.policies.national_only.clone()),
        };
        users.push(DemoUser {
            object_id: guid(rng),
            user_principal_name: upn,
            display_name: format!("{given_name} {surname_name}"),
            given_name: Some(given_name.to_string()),
            surname: Some(surname_name.to_string()),
            department: DEPARTMENTS.choose(rng).map(|d| d.to_string()),
            usage_location: spec.usage_location.to_string(),
            account_enabled: enabled,
            line_uri: None,
            enterprise_voice: voice,
            voice_routing_policy: policy,
            tenant_dial_plan: voice.then(|| spec.policies.dial_plan.clone()),
            calling_policy: (voice && rng.gen_ratio(15, 100)).then(|| ALLOW_CALLING.to_string()),
            licences,
            resource_account: false,
        });
    }
    People { users, numbered }
}

fn resource_account(
    rng: &mut ChaCha8Rng,
    spec: &PeopleSpec<'_>,
    display_name: &str,
    local_part: &str,
) -> DemoUser {
    DemoUser {
        object_id: guid(rng),
        user_principal_name: format!("{local_part}@{}", spec.domain),
        display_name: display_name.to_string(),
        given_name: None,
        surname: None,
        department: None,
        usage_location: spec.usage_location.to_string(),
        // Entra ID creates resource accounts disabled; they never sign in.
        account_enabled: false,
        line_uri: None,
        enterprise_voice: true,
        voice_routing_policy: Some(spec.policies.unrestricted.clone()),
        tenant_dial_plan: None,
        calling_policy: None,
        licences: vec![PHONE_SYSTEM_VIRTUAL_USER],
        resource_account: true,
    }
}
