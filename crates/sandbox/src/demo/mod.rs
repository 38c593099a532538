//! Seeded demo estates of a Direct Routing service provider: customer tenants with
//! users, numbers, groups and voice routing, and the provider's SBCs.
//!
//! `generate` is pure: the same `DemoSpec` (seed included) always yields the same
//! `Estate`, so a sandbox session, a screenshot or a failing test can be reproduced.
//! `load` seeds the directory, identity and Teams emulators with it; `start_sbcs`
//! (or `sbc_config` without a network) gives the SBCs their customers.

mod company;
mod customer;
mod error;
mod ids;
mod load;
mod model;
mod numbering;
mod people;
mod sbc_alarms;
mod sbc_config;
mod sbcs;
mod seed_directory;
mod seed_voice;
mod skus;
mod spec;
mod voice;
mod words;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use customer::VOICE_USERS_GROUP;
pub use error::DemoError;
pub use load::{load, missing_role_customer, DemoCredentials};
pub use model::*;
pub use sbc_config::{sbc_config, sbc_options, sbc_script, start_sbcs};
pub use sbcs::MAX_SBCS;
pub use spec::{DemoSpec, MAX_CUSTOMERS, MAX_USERS_PER_CUSTOMER};
pub use voice::UNRESTRICTED;

/// Builds the estate `spec` describes; bad specs are refused before anything is made.
pub fn generate(spec: &DemoSpec) -> Result<Estate, DemoError> {
    spec.validate()?;
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let provider_domain = sbcs::provider_domain(&mut rng);
    let app = DemoApp {
        display_name: "Switchboard".to_string(),
        client_id: ids::guid(&mut rng),
        client_secret: ids::secret(&mut rng, 40),
    };
    let sbcs: Vec<DemoSbc> = (0..spec.sbcs)
        .map(|index| sbcs::sbc(&mut rng, index, &provider_domain))
        .collect();
    let mut builder = customer::EstateBuilder {
        provider_domain: &provider_domain,
        sbcs: &sbcs,
        namer: company::CompanyNamer::default(),
        numbers: numbering::NumberPool::default(),
    };
    let customers = (0..spec.customers)
        .map(|_| {
            let users = rand::Rng::gen_range(&mut rng, spec.users_per_customer.clone());
            builder.customer(&mut rng, users)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Estate {
        provider_domain,
        app,
        customers,
        sbcs,
    })
}
