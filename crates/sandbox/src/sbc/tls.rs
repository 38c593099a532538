//! The device's self-signed HTTPS certificate, made fresh at every start.

use std::sync::Arc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::ServerConfig;
use sha2::{Digest, Sha256};

use super::SbcError;

pub(crate) struct DeviceCertificate {
    pub der: Vec<u8>,
    pub sha256: [u8; 32],
    pub server_config: Arc<ServerConfig>,
}

impl DeviceCertificate {
    /// A certificate for `127.0.0.1` and `localhost`, served with the ring provider
    /// chosen explicitly (the process may have no default provider, or another one).
    pub fn create() -> Result<Self, SbcError> {
        let certified = rcgen::generate_simple_self_signed(vec![
            "127.0.0.1".to_string(),
            "localhost".to_string(),
        ])?;
        let der = certified.cert.der().to_vec();
        let key =
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certified.key_pair.serialize_der()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut server_config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(vec![CertificateDer::from(der.clone())], key)?;
        server_config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let sha256 = Sha256::digest(&der).into();
        Ok(Self {
            der,
            sha256,
            server_config: Arc::new(server_config),
        })
    }
}
