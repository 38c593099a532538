//! Fetches a device's certificate before it is trusted, so a person can compare the
//! fingerprint with the one on the SBC's web page and pin it.

use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::verifier::{client_config, DeviceVerifier};
use super::CertificateInfo;
use crate::SbcError;

const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// Completes one TLS handshake with `host:port` (443 when `None`) and describes the
/// certificate the device presented. Nothing is sent over the connection, least of all
/// credentials, since the certificate is not trusted yet.
pub async fn probe_certificate(host: &str, port: Option<u16>) -> Result<CertificateInfo, SbcError> {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    let server_name = ServerName::try_from(host.to_string()).map_err(|_| {
        SbcError::InvalidEndpoint(format!("'{host}' is not a host name or IP address"))
    })?;
    let port = port.unwrap_or(443);
    let verifier = Arc::new(DeviceVerifier::recording());
    let config = client_config(verifier.clone()).map_err(|error| SbcError::Tls {
        kind: crate::TlsFailure::Other,
        detail: error.to_string(),
    })?;
    let handshake = async {
        let tcp =
            TcpStream::connect((host, port))
                .await
                .map_err(|error| SbcError::Unreachable {
                    detail: error.to_string(),
                })?;
        TlsConnector::from(Arc::new(config))
            .connect(server_name, tcp)
            .await
            .map_err(|error| SbcError::Tls {
                kind: crate::TlsFailure::Other,
                detail: error.to_string(),
            })
    };
    let stream = tokio::time::timeout(PROBE_TIMEOUT, handshake)
        .await
        .map_err(|_| SbcError::Timeout)??;
    drop(stream);
    let chain = verifier.recorded_chain();
    let end_entity = chain.first().ok_or_else(|| SbcError::Tls {
        kind: crate::TlsFailure::Other,
        detail: "the device presented no certificate".into(),
    })?;
    Ok(CertificateInfo::from_der(end_entity.as_ref()))
}
