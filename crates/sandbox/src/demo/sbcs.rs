//! The provider's SBCs and its own domain.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::ids::secret;
use super::model::DemoSbc;
use super::sbc_alarms;
use super::words::{PROVIDER_NAMES, SBC_CITIES};

/// RFC 5737 documentation networks: addresses that can never reach a real device.
const DOCUMENTATION_NETS: [&str; 3] = ["192.0.2", "198.51.100", "203.0.113"];
const HOSTS_PER_NET: usize = 250;
/// Most SBCs one estate can have, each with its own documentation address.
pub const MAX_SBCS: usize = DOCUMENTATION_NETS.len() * HOSTS_PER_NET;

pub fn provider_domain(rng: &mut ChaCha8Rng) -> String {
    let name = PROVIDER_NAMES[rng.gen_range(0..PROVIDER_NAMES.len())];
    format!("sip.{}voice.net", name.to_ascii_lowercase())
}

pub fn sbc(rng: &mut ChaCha8Rng, index: usize, provider_domain: &str) -> DemoSbc {
    let (city, code) = SBC_CITIES[index % SBC_CITIES.len()];
    let name = format!("sbc-{code}-{:02}", index / SBC_CITIES.len() + 1);
    DemoSbc {
        fqdn: format!("{name}.{provider_domain}"),
        name,
        city: city.to_string(),
        public_ip: format!(
            "{}.{}",
            DOCUMENTATION_NETS[index / HOSTS_PER_NET],
            index % HOSTS_PER_NET + 1
        ),
        admin_user: "Admin".to_string(),
        admin_password: secret(rng, 16),
        alarms: sbc_alarms::alarms(index),
    }
}
