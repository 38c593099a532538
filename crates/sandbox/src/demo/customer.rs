//! One customer tenant: company, licence, users with numbers, groups, voice config, site.

use std::collections::{BTreeMap, HashMap};

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::company::CompanyNamer;
use super::ids::guid;
use super::model::{
    DemoCustomer, DemoGroup, DemoSbc, DemoSite, DemoSubscription, DemoUser, LicenceType,
    SiteConfiguration, MAX_LICENSED_USERS,
};
use super::numbering::{pick_country, pick_numbers, NumberPool};
use super::people::{self, PeopleSpec};
use super::skus::{self, SUITES};
use super::voice::{lbr_topology, voice_config, PolicyNames, VoiceInputs};
use super::DemoError;

/// Group of every user with enterprise voice; lifecycle templates bind to groups like it.
pub const VOICE_USERS_GROUP: &str = "Teams Phone Users";

/// State shared by all customers of one estate, so names and numbers stay unique.
pub struct EstateBuilder<'a> {
    pub provider_domain: &'a str,
    pub sbcs: &'a [DemoSbc],
    pub namer: CompanyNamer,
    pub numbers: NumberPool,
}

impl EstateBuilder<'_> {
    pub fn customer(
        &mut self,
        rng: &mut ChaCha8Rng,
        user_count: usize,
    ) -> Result<DemoCustomer, DemoError> {
        let country = pick_country(rng);
        let company = self.namer.next(rng, country);
        let licence_type = pick_licence(rng);
        let tenant_id = guid(rng);
        let custom_domain = format!("{}.{}", company.slug, country.tld);
        let trunk_domain = format!(
            "{}.{}",
            company.short_name.to_ascii_lowercase(),
            self.provider_domain
        );
        let site = self.site(
            rng,
            licence_type,
            &company.short_name,
            &trunk_domain,
            &custom_domain,
            &tenant_id,
        );
        let policies = PolicyNames::for_country(country);
        let suite = SUITES[rng.gen_range(0..SUITES.len())];
        let people::People {
            mut users,
            numbered,
        } = people::generate(
            rng,
            &PeopleSpec {
                count: user_count,
                usage_location: country.iso,
                domain: &custom_domain,
                suite,
                policies: &policies,
            },
        );
        let blocks = self.numbers.allocate(rng, country, numbered.len())?;
        let numbers = pick_numbers(rng, &blocks, numbered.len());
        for (index, number) in numbered.into_iter().zip(numbers) {
            users[index].line_uri = Some(format!("tel:{number}"));
        }
        let lbr = licence_type
            .includes_lbr()
            .then(|| lbr_topology(&site.name, &self.sbcs[site.sbc].city, &tenant_id));
        let voice = voice_config(VoiceInputs {
            country,
            gateway_fqdn: &site.pstn_gateway_fqdn,
            names: &policies,
            extensions: blocks.first(),
            lbr,
        });
        let initial_domain = format!(
            "{}.onmicrosoft.com",
            company.short_name.to_ascii_lowercase()
        );
        let voice_people = users
            .iter()
            .filter(|u| u.enterprise_voice && !u.resource_account)
            .count();
        Ok(DemoCustomer {
            licensed_users: licensed_users(licence_type, voice_people),
            admin_upn: format!("admin@{initial_domain}"),
            trunk_domain,
            initial_domain,
            country: country.iso.to_string(),
            subscriptions: subscriptions(&users),
            groups: groups(rng, &users),
            site: DemoSite {
                number_blocks: blocks,
                ..site
            },
            tenant_id,
            short_name: company.short_name,
            full_name: company.full_name,
            licence_type,
            custom_domain,
            users,
            voice,
        })
    }

    /// The site without number blocks (those come once the users are known).
    fn site(
        &self,
        rng: &mut ChaCha8Rng,
        licence_type: LicenceType,
        short_name: &str,
        trunk_domain: &str,
        custom_domain: &str,
        tenant_id: &str,
    ) -> DemoSite {
        let sbc = rng.gen_range(0..self.sbcs.len());
        // The SBC's host name under the customer's own subdomain of the provider
        // domain: the tenant owns that subdomain, as Teams requires of a gateway.
        let derived_trunk = format!("{}.{trunk_domain}", self.sbcs[sbc].name);
        let configuration = match rng.gen_range(0..100) {
            // Operator Connect numbers always ride the operator's own trunk.
            _ if licence_type.is_operator_connect() => SiteConfiguration::SipTrunk,
            0..=9 => SiteConfiguration::Byoc,
            10..=24 => SiteConfiguration::IpPbx,
            _ => SiteConfiguration::SipTrunk,
        };
        let pstn_gateway_fqdn = match configuration {
            SiteConfiguration::Byoc => format!("sbc.{custom_domain}"),
            _ => derived_trunk.clone(),
        };
        let (sbc_dial_plan, tag) = match configuration {
            _ if licence_type.is_operator_connect() => ("OCDialPlan", tenant_id.to_string()),
            SiteConfiguration::IpPbx => ("RegisteredUsers", derived_trunk),
            _ => ("CustDialPlan", pstn_gateway_fqdn.clone()),
        };
        DemoSite {
            sbc,
            name: format!("{short_name}-{}", self.sbcs[sbc].city.replace(' ', "")),
            configuration,
            pstn_gateway_fqdn,
            sbc_dial_plan: sbc_dial_plan.to_string(),
            tag,
            number_blocks: Vec::new(),
        }
    }
}

fn pick_licence(rng: &mut ChaCha8Rng) -> LicenceType {
    // Shares of a typical provider's book: mostly Pro and Essentials+.
    const WEIGHTS: [u32; 5] = [15, 25, 35, 10, 15];
    let mut ticket = rng.gen_range(0..WEIGHTS.iter().sum::<u32>());
    for (licence, weight) in LicenceType::ALL.into_iter().zip(WEIGHTS) {
        if ticket < weight {
            return licence;
        }
        ticket -= weight;
    }
    LicenceType::HostedPro
}

/// Voice users rounded up to tens, capped by the wizard's limit; none for Essentials.
fn licensed_users(licence_type: LicenceType, voice_people: usize) -> u32 {
    if !licence_type.has_user_licences() {
        return 0;
    }
    let rounded = voice_people.max(1).div_ceil(10) * 10;
    u32::try_from(rounded).map_or(MAX_LICENSED_USERS, |n| n.min(MAX_LICENSED_USERS))
}

fn subscriptions(users: &[DemoUser]) -> Vec<DemoSubscription> {
    let mut consumed: HashMap<&str, u32> = HashMap::new();
    for licence in users.iter().flat_map(|u| &u.licences) {
        *consumed.entry(licence).or_insert(0) += 1;
    }
    skus::catalogue()
        .filter_map(|(part_number, id)| {
            let used = *consumed.get(part_number)?;
            Some(DemoSubscription {
                sku_part_number: part_number,
                sku_id: id,
                // Bought in packs of 25 with some spare, as resellers do.
                prepaid_units: (used / 25 + 1) * 25,
                consumed_units: used,
            })
        })
        .collect()
}

/// One group per department, plus the group of all voice users.
fn groups(rng: &mut ChaCha8Rng, users: &[DemoUser]) -> Vec<DemoGroup> {
    let mut by_department: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut voice_members = Vec::new();
    for user in users {
        if let Some(department) = &user.department {
            by_department
                .entry(department)
                .or_default()
                .push(user.object_id.clone());
        }
        if user.enterprise_voice && !user.resource_account {
            voice_members.push(user.object_id.clone());
        }
    }
    let mut groups: Vec<DemoGroup> = by_department
        .into_iter()
        .map(|(department, member_ids)| DemoGroup {
            id: guid(rng),
            display_name: format!("{department} Team"),
            member_ids,
        })
        .collect();
    groups.push(DemoGroup {
        id: guid(rng),
        display_name: VOICE_USERS_GROUP.to_string(),
        member_ids: voice_members,
    });
    groups
}
