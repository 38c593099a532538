//! Identifiers and secrets drawn from the estate's seeded generator.

use rand::distributions::{Alphanumeric, DistString};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A random (version 4) GUID in lower case, as Entra ID shows object ids.
pub fn guid(rng: &mut ChaCha8Rng) -> String {
    uuid::Builder::from_random_bytes(rng.gen())
        .into_uuid()
        .to_string()
}

/// A password or client secret of `len` letters and digits.
pub fn secret(rng: &mut ChaCha8Rng, len: usize) -> String {
    Alphanumeric.sample_string(rng, len)
}
