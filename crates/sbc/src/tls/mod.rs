//! TLS towards SBCs: certificate pinning, the one-off certificate probe, and reading
//! TLS failures back out of reqwest's error chain.

mod certificate_info;
mod failure;
mod probe;
mod verifier;

pub use certificate_info::CertificateInfo;
pub(crate) use failure::tls_failure;
pub use probe::probe_certificate;
pub(crate) use verifier::{client_config, DeviceVerifier};
