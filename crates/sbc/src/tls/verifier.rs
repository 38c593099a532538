//! Certificate verifiers for SBCs, which mostly have self-signed certificates.
//!
//! Both still check the handshake signature with the ring provider, so the peer must
//! hold the private key of the certificate it shows; only the chain-of-trust check is
//! replaced: by a fingerprint comparison (pinning) or by nothing (probing, which
//! sends no credentials and only reports what it saw).

use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, SignatureScheme};

use crate::Sha256Fingerprint;

/// Raised inside rustls when the device shows another certificate than the pinned one;
/// found again by type when the error comes back out of reqwest.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PinMismatch;

impl std::fmt::Display for PinMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the certificate's SHA-256 fingerprint is not the pinned one")
    }
}

impl std::error::Error for PinMismatch {}

pub(crate) fn ring_provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// What both verifiers do: decide about the certificate, verify signatures.
#[derive(Debug)]
pub(crate) struct DeviceVerifier {
    provider: Arc<CryptoProvider>,
    mode: Mode,
}

#[derive(Debug)]
enum Mode {
    Pinned(Sha256Fingerprint),
    /// Accepts any certificate, remembering the chain for the caller.
    Recording(Mutex<Vec<CertificateDer<'static>>>),
}

impl DeviceVerifier {
    pub fn pinned(pin: Sha256Fingerprint) -> Self {
        Self {
            provider: ring_provider(),
            mode: Mode::Pinned(pin),
        }
    }

    pub fn recording() -> Self {
        Self {
            provider: ring_provider(),
            mode: Mode::Recording(Mutex::new(Vec::new())),
        }
    }

    /// The chain a recording verifier saw (end-entity first); empty for a pinned one.
    pub fn recorded_chain(&self) -> Vec<CertificateDer<'static>> {
        match &self.mode {
            Mode::Recording(chain) => chain.lock().map(|chain| chain.clone()).unwrap_or_default(),
            Mode::Pinned(_) => Vec::new(),
        }
    }
}

impl ServerCertVerifier for DeviceVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match &self.mode {
            // The pin identifies the device, so neither the issuer nor the name matter:
            // SBCs are often reached by IP with a certificate naming something else.
            Mode::Pinned(pin) => {
                if Sha256Fingerprint::of_certificate(end_entity.as_ref()) == *pin {
                    Ok(ServerCertVerified::assertion())
                } else {
                    Err(rustls::Error::InvalidCertificate(CertificateError::Other(
                        OtherError(Arc::new(PinMismatch)),
                    )))
                }
            }
            Mode::Recording(chain) => {
                let mut seen = vec![end_entity.clone().into_owned()];
                seen.extend(intermediates.iter().map(|c| c.clone().into_owned()));
                if let Ok(mut chain) = chain.lock() {
                    *chain = seen;
                }
                Ok(ServerCertVerified::assertion())
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A rustls client configuration that trusts only what `verifier` accepts.
pub(crate) fn client_config(
    verifier: Arc<DeviceVerifier>,
) -> Result<rustls::ClientConfig, rustls::Error> {
    let mut config = rustls::ClientConfig::builder_with_provider(ring_provider())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}
