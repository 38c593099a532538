//! The Microsoft 365 SKUs demo users hold, with their fixed catalogue ids.

pub const E3: &str = "ENTERPRISEPACK";
pub const E5: &str = "ENTERPRISEPREMIUM";
pub const BUSINESS_PREMIUM: &str = "SPB";
pub const PHONE_SYSTEM: &str = "MCOEV";
pub const PHONE_SYSTEM_VIRTUAL_USER: &str = "PHONESYSTEM_VIRTUALUSER";

/// `(skuPartNumber, skuId)` as Microsoft's licensing catalogue lists them.
const CATALOGUE: &[(&str, &str)] = &[
    (E3, "6fd2c87f-b296-42f0-b197-1e91e994b900"),
    (E5, "c7df2760-2c81-4ef7-b578-5b5392b571df"),
    (BUSINESS_PREMIUM, "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46"),
    (PHONE_SYSTEM, "e43b5b99-8dfb-405f-9987-dc307f34bcbd"),
    (
        PHONE_SYSTEM_VIRTUAL_USER,
        "440eaaa8-b3e0-484b-a8be-62870b9ba70a",
    ),
];

/// The suite a customer buys for everyone; E5 already contains Phone System.
#[derive(Clone, Copy)]
pub struct Suite {
    pub base: &'static str,
    pub includes_phone_system: bool,
}

pub const SUITES: &[Suite] = &[
    Suite {
        base: E3,
        includes_phone_system: false,
    },
    Suite {
        base: E5,
        includes_phone_system: true,
    },
    Suite {
        base: BUSINESS_PREMIUM,
        includes_phone_system: false,
    },
];

/// Catalogue entries in a fixed order, for counting a tenant's consumption.
pub fn catalogue() -> impl Iterator<Item = (&'static str, &'static str)> {
    CATALOGUE.iter().copied()
}
