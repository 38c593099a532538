//! Deterministic sample users for benchmarks (the cache, Users query and app start-up
//! benches share them, so their figures describe the same data).

use crate::{Cache, CacheError, NewTenant, UserRecord};
use switchboard_domain::{FullName, Licence, LicenceType, ShortName, TenantId};

pub const FIRST: &[&str] = &[
    "Ada",
    "Alan",
    "Grace",
    "Linus",
    "Margaret",
    "Dennis",
    "Barbara",
    "Ken",
    "Frances",
    "John",
    "Radia",
    "Tim",
    "Hedy",
    "Edsger",
    "Katherine",
    "Donald",
    "Sophie",
    "Niklaus",
    "Annie",
    "Bjarne",
];
pub const LAST: &[&str] = &[
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Hamilton",
    "Ritchie",
    "Liskov",
    "Thompson",
    "Allen",
    "Backus",
    "Perlman",
    "Berners-Lee",
    "Lamarr",
    "Dijkstra",
    "Johnson",
    "Knuth",
    "Wilson",
    "Wirth",
    "Easley",
    "Stroustrup",
    "Smith",
    "Jones",
    "Brown",
    "Taylor",
    "Evans",
];
pub const POLICIES: &[&str] = &["Unrestricted", "Unrestricted", "UK-Only", "International"];

/// Small deterministic generator so runs are comparable without a rand dependency.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % bound as u64) as usize
    }
}

pub fn make_user(i: usize, rng: &mut Lcg) -> UserRecord {
    let first = FIRST[rng.next(FIRST.len())];
    let last = LAST[rng.next(LAST.len())];
    let has_number = rng.next(10) < 7;
    UserRecord {
        object_id: format!("00000000-0000-4000-8000-{i:012}"),
        upn: format!(
            "{}.{}{i}@customer.example",
            first.to_lowercase(),
            last.to_lowercase()
        ),
        sip_address: Some(format!(
            "sip:{}.{}{i}@customer.example",
            first.to_lowercase(),
            last.to_lowercase()
        )),
        display_name: format!("{first} {last}"),
        given_name: Some(first.to_owned()),
        surname: Some(last.to_owned()),
        department: Some(["Sales", "Support", "Finance", "IT"][rng.next(4)].to_owned()),
        usage_location: Some(["GB", "US", "NL"][rng.next(3)].to_owned()),
        user_type: Some("TeamsOnly".into()),
        feature_types: vec!["Teams".into(), "PhoneSystem".into()],
        line_uri: has_number.then(|| format!("tel:+44207{i:07}")),
        enterprise_voice: has_number,
        voice_routing_policy: has_number.then(|| POLICIES[rng.next(POLICIES.len())].to_owned()),
        licences: vec!["SPE_E5".into()],
        account_enabled: true,
        ..UserRecord::default()
    }
}

/// Creates `tenants` customers and spreads `total` sample users over them evenly
/// (rounded down); returns the tenants.
pub fn fill(cache: &Cache, total: usize, tenants: usize) -> Result<Vec<TenantId>, CacheError> {
    let mut ids = Vec::with_capacity(tenants);
    for t in 0..tenants {
        let new = NewTenant {
            short_name: ShortName::parse(&format!("tenant{t:02}"))?,
            full_name: FullName::parse(&format!("Tenant number {t}"))?,
            azure_tenant_id: None,
            licence: Licence::new(LicenceType::HostedPro, 500)?,
        };
        ids.push(cache.create_tenant(&new)?.id);
    }
    let mut rng = Lcg(42);
    let per_tenant = total / tenants.max(1);
    for (t, tenant) in ids.iter().enumerate() {
        let users: Vec<_> = (0..per_tenant)
            .map(|i| make_user(t * per_tenant + i, &mut rng))
            .collect();
        cache.upsert_users(*tenant, &users)?;
    }
    Ok(ids)
}
