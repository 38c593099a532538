//! One emulated device: its state, its two listeners and the handle tests hold.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use super::alarms::{ActiveAlarms, AlarmSeverity};
use super::api;
use super::config::{parse_running_config, Config};
use super::faults::SbcFaults;
use super::interpreter::{self, RunReport, Strictness};
use super::tls::DeviceCertificate;
use super::{SbcError, ScriptError};

/// The common objects a provider's SBC has before any customer is onboarded: the Teams
/// and carrier proxy sets and the dial plans the templates write into.
pub const BASELINE_SCRIPT: &str = r#"configure voip
 proxy-set new
  proxy-name "Teams"
  sbcipv4-sip-int-name "Teams"
  proxy-enable-keep-alive using-options
  is-proxy-hot-swap enable
  activate
  proxy-ip new
   proxy-address "sip.pstnhub.microsoft.com:5061"
   transport-type tls
  exit
  proxy-ip new
   proxy-address "sip2.pstnhub.microsoft.com:5061"
   transport-type tls
  exit
  proxy-ip new
   proxy-address "sip3.pstnhub.microsoft.com:5061"
   transport-type tls
  exit
 exit
 proxy-set new
  proxy-name "SIPTrunk"
  sbcipv4-sip-int-name "SIPTrunk"
  proxy-enable-keep-alive using-options
  activate
  proxy-ip new
   proxy-address "203.0.113.10:5060"
   transport-type udp
  exit
 exit
 sbc dial-plan new
  name "CustDialPlan"
 exit
 sbc dial-plan new
  name "RegisteredUsers"
 exit
 sbc dial-plan new
  name "OCDialPlan"
 exit
exit
"#;

#[derive(Debug, Clone)]
pub struct SbcOptions {
    /// HTTP Basic credentials of the device's administrator.
    pub username: String,
    pub password: String,
    /// `productType` in `/status`.
    pub product_type: String,
    /// `versionID` in `/status`.
    pub version_id: String,
    pub serial_number: String,
    pub mac_address: String,
    /// The configuration at start, as CLI text in the running-config grammar
    /// (every line must be valid). `BASELINE_SCRIPT` by default.
    pub initial_script: String,
    /// This many configuration changes answer 409 before the device accepts any.
    pub busy_for_next_requests: u32,
}

impl Default for SbcOptions {
    fn default() -> Self {
        Self {
            username: "Admin".into(),
            password: "Admin".into(),
            product_type: "Mediant VE SBC".into(),
            version_id: "7.40A.500.123".into(),
            serial_number: "8123456".into(),
            mac_address: "00:90:8f:12:34:56".into(),
            initial_script: BASELINE_SCRIPT.into(),
            busy_for_next_requests: 0,
        }
    }
}

/// The mutable part of a device.
pub(crate) struct DeviceState {
    pub config: Config,
    pub save_needed: bool,
    pub alarms: ActiveAlarms,
}

impl DeviceState {
    /// Runs a script as the incremental-script endpoint does, updating `save_needed`.
    pub fn apply(&mut self, script: &str) -> Result<RunReport, ScriptError> {
        let report = interpreter::run(&mut self.config, script, Strictness::RejectedRowsInOutput)?;
        if report.saved_at_end {
            self.save_needed = false;
        } else if report.changed {
            self.save_needed = true;
        }
        Ok(report)
    }
}

pub(crate) struct Device {
    pub options: SbcOptions,
    pub faults: SbcFaults,
    pub requests: InFlight,
    pub started: Instant,
    state: Mutex<DeviceState>,
}

impl Device {
    pub fn lock(&self) -> MutexGuard<'_, DeviceState> {
        // A panicking handler must not make the device unusable for the next test step.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Requests being answered right now, and the most there ever were at once, so a test
/// can check that a client bounds its concurrency.
#[derive(Debug, Default)]
pub(crate) struct InFlight {
    now: AtomicU32,
    peak: AtomicU32,
}

impl InFlight {
    /// Counts one request until the returned guard is dropped.
    pub fn enter(&self) -> InFlightGuard<'_> {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        InFlightGuard(self)
    }
}

pub(crate) struct InFlightGuard<'a>(&'a InFlight);

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}

pub struct SbcDevice;

impl SbcDevice {
    /// Starts one device on two loopback listeners (HTTP and HTTPS). Must be called
    /// inside a Tokio runtime; the listeners stop when the handle is dropped.
    pub async fn start(options: SbcOptions) -> Result<SbcHandle, SbcError> {
        let config = parse_running_config(&options.initial_script)?;
        let certificate = DeviceCertificate::create()?;
        let faults = SbcFaults::default();
        faults.busy_for_next(options.busy_for_next_requests);
        let device = Arc::new(Device {
            options,
            faults,
            requests: InFlight::default(),
            started: Instant::now(),
            state: Mutex::new(DeviceState {
                config,
                save_needed: false,
                alarms: ActiveAlarms::default(),
            }),
        });
        let (http_listener, http) = bind()?;
        let (https_listener, https) = bind()?;
        let router = api::router(device.clone());
        let http_server = axum_server::Handle::new();
        let https_server = axum_server::Handle::new();
        let plain = axum_server::from_tcp(http_listener).handle(http_server.clone());
        let tls =
            axum_server::tls_rustls::RustlsConfig::from_config(certificate.server_config.clone());
        let secure = axum_server::from_tcp_rustls(https_listener, tls).handle(https_server.clone());
        tokio::spawn(plain.serve(router.clone().into_make_service()));
        tokio::spawn(secure.serve(router.into_make_service()));
        Ok(SbcHandle {
            device,
            http,
            https,
            certificate_der: certificate.der,
            certificate_sha256: certificate.sha256,
            servers: vec![http_server, https_server],
        })
    }
}

fn bind() -> Result<(TcpListener, SocketAddr), SbcError> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(SbcError::Bind)?;
    listener.set_nonblocking(true).map_err(SbcError::Bind)?;
    let address = listener.local_addr().map_err(SbcError::Bind)?;
    Ok((listener, address))
}

/// A running device. Dropping it stops both listeners.
pub struct SbcHandle {
    device: Arc<Device>,
    http: SocketAddr,
    https: SocketAddr,
    certificate_der: Vec<u8>,
    certificate_sha256: [u8; 32],
    servers: Vec<axum_server::Handle>,
}

impl SbcHandle {
    /// `http://127.0.0.1:<port>` (no trailing slash; the API is under `/api/v1`).
    pub fn http_url(&self) -> String {
        format!("http://{}", self.http)
    }

    /// `https://127.0.0.1:<port>`, served with the certificate below.
    pub fn https_url(&self) -> String {
        format!("https://{}", self.https)
    }

    /// The self-signed certificate (SANs `127.0.0.1` and `localhost`), DER encoded.
    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate_der
    }

    pub fn certificate_sha256(&self) -> [u8; 32] {
        self.certificate_sha256
    }

    /// The SHA-256 fingerprint as upper-case hex pairs joined by `:`, the way browsers
    /// and the device's web UI show it.
    pub fn certificate_fingerprint(&self) -> String {
        self.certificate_sha256
            .iter()
            .map(|byte| format!("{byte:02X}"))
            .collect::<Vec<_>>()
            .join(":")
    }

    pub fn username(&self) -> &str {
        &self.device.options.username
    }

    pub fn password(&self) -> &str {
        &self.device.options.password
    }

    /// A copy of the current configuration.
    pub fn config(&self) -> Config {
        self.device.lock().config.clone()
    }

    /// The configuration as `GET /api/v1/files/cliScript` returns it.
    pub fn running_config(&self) -> String {
        self.device.lock().config.render()
    }

    pub fn save_needed(&self) -> bool {
        self.device.lock().save_needed
    }

    /// Runs a script as the incremental-script endpoint would, without HTTP or faults.
    pub fn apply_script(&self, script: &str) -> Result<RunReport, ScriptError> {
        self.device.lock().apply(script)
    }

    pub fn faults(&self) -> &SbcFaults {
        &self.device.faults
    }

    /// The most requests this device was answering at the same time.
    pub fn peak_requests_in_flight(&self) -> u32 {
        self.device.requests.peak.load(Ordering::SeqCst)
    }

    /// Raises an active alarm and returns its id.
    pub fn raise_alarm(&self, severity: AlarmSeverity, source: &str, description: &str) -> u32 {
        self.device
            .lock()
            .alarms
            .raise(severity, source, description)
    }

    /// Clears one active alarm; false when there was none with that id.
    pub fn clear_alarm(&self, id: u32) -> bool {
        self.device.lock().alarms.clear(id)
    }
}

impl Drop for SbcHandle {
    fn drop(&mut self) {
        for server in &self.servers {
            server.shutdown();
        }
    }
}
