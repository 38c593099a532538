//! Finds the TLS cause inside a reqwest error, whose chain wraps rustls's error in
//! hyper and I/O errors.

use std::error::Error as StdError;

use rustls::{CertificateError, OtherError};

use super::verifier::PinMismatch;
use crate::TlsFailure;

/// The TLS failure behind `error`, if there is one, with the rustls message.
pub(crate) fn tls_failure(error: &(dyn StdError + 'static)) -> Option<(TlsFailure, String)> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(error) = current {
        if let Some(tls) = as_rustls(error) {
            return Some((classify(tls), tls.to_string()));
        }
        current = error.source();
    }
    None
}

fn as_rustls<'a>(error: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    if let Some(tls) = error.downcast_ref::<rustls::Error>() {
        return Some(tls);
    }
    // An I/O error may carry the rustls error as its payload (possibly inside another
    // I/O error) without exposing it as a source.
    let mut payload: &(dyn StdError + 'static) = error;
    while let Some(io) = payload.downcast_ref::<std::io::Error>() {
        let inner: &(dyn StdError + 'static) = io.get_ref()?;
        if let Some(tls) = inner.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        payload = inner;
    }
    None
}

fn classify(error: &rustls::Error) -> TlsFailure {
    match error {
        rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(inner)))
            if inner.downcast_ref::<PinMismatch>().is_some() =>
        {
            TlsFailure::PinMismatch
        }
        rustls::Error::InvalidCertificate(
            CertificateError::UnknownIssuer | CertificateError::BadSignature,
        ) => TlsFailure::Untrusted,
        _ => TlsFailure::Other,
    }
}
