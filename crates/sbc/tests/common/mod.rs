//! A sandbox device and clients for it, with retry delays short enough for tests.

use std::time::Duration;

use secrecy::SecretString;
use switchboard_sandbox::sbc::{SbcDevice, SbcHandle, SbcOptions};
use switchboard_sbc::{CertTrust, ClientOptions, SbcClient, SbcEndpoint, Sha256Fingerprint};

pub const PASSWORD: &str = "Pw-9f3kQ-unique-7731";

pub fn fast_options() -> ClientOptions {
    ClientOptions {
        busy_attempts: 4,
        busy_initial_delay: Duration::from_millis(5),
        busy_max_delay: Duration::from_millis(20),
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(10),
    }
}

pub async fn start_device() -> SbcHandle {
    let options = SbcOptions {
        password: PASSWORD.into(),
        ..SbcOptions::default()
    };
    match SbcDevice::start(options).await {
        Ok(handle) => handle,
        Err(error) => panic!("the sandbox SBC did not start: {error}"),
    }
}

/// Host and port out of `http(s)://127.0.0.1:<port>`.
pub fn host_and_port(url: &str) -> (String, u16) {
    let address = url.rsplit("//").next().unwrap_or_default();
    let (host, port) = address.rsplit_once(':').unwrap_or((address, "0"));
    (host.to_string(), port.parse().unwrap_or(0))
}

pub fn pin(handle: &SbcHandle) -> Sha256Fingerprint {
    Sha256Fingerprint::from_bytes(handle.certificate_sha256())
}

pub fn endpoint(handle: &SbcHandle, https: bool, trust: CertTrust, password: &str) -> SbcEndpoint {
    let url = if https {
        handle.https_url()
    } else {
        handle.http_url()
    };
    let (host, port) = host_and_port(&url);
    SbcEndpoint {
        host,
        port: Some(port),
        https,
        admin_user: handle.username().to_string(),
        password: SecretString::from(password.to_string()),
        trust,
        plain_http_confirmed: false,
    }
}

pub fn client_for(endpoint: SbcEndpoint, options: ClientOptions) -> SbcClient {
    match SbcClient::new(endpoint, options) {
        Ok(client) => client,
        Err(error) => panic!("client not built: {error}"),
    }
}

/// The usual client: HTTPS, pinned to the device's certificate.
pub fn pinned_client(handle: &SbcHandle) -> SbcClient {
    client_for(
        endpoint(handle, true, CertTrust::Pinned(pin(handle)), PASSWORD),
        fast_options(),
    )
}

/// A customer onboarding in the shape of the Direct Routing template: carrier and
/// Teams IP groups, a registering SIP account and two CustDialPlan rules.
pub const ONBOARDING: &str = r#"configure voip
 ip-group new
  name "acme-c"
  proxy-set-name "SIPTrunk"
  tags "Trunk=acme.gw.example.net"
  classify-by-proxy-set disable
  call-setup-rules-set-id 1
  activate
 exit
 ip-group new
  name "acme-t"
  proxy-set-name "Teams"
  sip-group-name "acme.gw.example.net"
  local-host-name "acme.gw.example.net"
  tags "Tenant=acme.gw.example.net"
  classify-by-proxy-set disable
  call-setup-rules-set-id 0
  activate
 exit
 sip-definition account new
  account-name "acme"
  served-ip-group-name "acme-t"
  serving-ip-group-name "acme-c"
  user-name "acmeuser"
  password "carrier-secret-5521"
  host-name "carrier.example.net"
  register reg
  application-type sbc
  activate
 exit
 sbc dial-plan where name "CustDialPlan"
  dial-plan-rule new
   name "acme"
   prefix "+3120555[0000-4999]"
   tag "acme.gw.example.net"
  exit
  dial-plan-rule new
   name "acme"
   prefix "+3130555"
   tag "acme.gw.example.net"
  exit
 exit
exit
"#;
