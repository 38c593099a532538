//! Talking to one SBC from a synchronous command: building the client from the cached
//! device, and waiting for its answer on the services runtime.

use std::future::Future;
use std::time::Duration;

use switchboard_cache::SbcDevice;
use switchboard_domain::confirmed_for;
use switchboard_sbc::{
    CertTrust, ClientOptions, SbcClient, SbcEndpoint, SbcError, Sha256Fingerprint,
};
use switchboard_secrets::SecretString;
use tokio::runtime::Handle;

/// A connection test must answer while the user waits at the screen: one attempt, and
/// shorter time-outs than a configuration push.
pub(crate) fn check_options() -> ClientOptions {
    ClientOptions {
        busy_attempts: 1,
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(15),
        ..ClientOptions::default()
    }
}

pub(crate) fn client_for(
    device: &SbcDevice,
    password: SecretString,
) -> Result<SbcClient, SbcError> {
    client_with(device, password, check_options())
}

/// A client for the device with `options` (a push waits out a busy device longer than
/// a connection test does).
pub(crate) fn client_with(
    device: &SbcDevice,
    password: SecretString,
    options: ClientOptions,
) -> Result<SbcClient, SbcError> {
    let trust = match &device.pinned_cert_sha256 {
        Some(pin) => CertTrust::Pinned(pin.parse::<Sha256Fingerprint>()?),
        None => CertTrust::System,
    };
    let endpoint = SbcEndpoint {
        host: device.fields.host.clone(),
        port: device.fields.port,
        https: device.fields.https,
        admin_user: device.fields.admin_user.clone(),
        password,
        trust,
        plain_http_confirmed: confirmed_for(
            device.fields.plain_http_confirmed_for.as_deref(),
            &device.fields.host,
        ),
    };
    SbcClient::new(endpoint, options)
}

/// Runs `work` on `runtime` and waits for it. A separate thread does the waiting, so
/// this is safe whether or not the caller is itself on an async runtime (Tauri's).
pub(crate) fn wait_on<F>(runtime: &Handle, work: F) -> F::Output
where
    F: Future + Send,
    F::Output: Send,
{
    std::thread::scope(|scope| {
        scope
            .spawn(|| runtime.block_on(work))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
