//! For the crate's unit tests: an in-memory cache with one tenant in it.

use switchboard_domain::{FullName, Licence, LicenceType, ShortName, TenantId};

use crate::{Cache, NewTenant};

/// A fresh in-memory cache holding one Hosted Pro tenant named `short_name`.
pub(crate) fn cache_with_tenant(short_name: &str) -> (Cache, TenantId) {
    let cache = Cache::open_in_memory().unwrap();
    let tenant = cache
        .create_tenant(&NewTenant {
            short_name: ShortName::parse(short_name).unwrap(),
            full_name: FullName::parse(&format!("{short_name} Ltd")).unwrap(),
            azure_tenant_id: None,
            licence: Licence::new(LicenceType::HostedPro, 10).unwrap(),
        })
        .unwrap();
    (cache, tenant.id)
}
