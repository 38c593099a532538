//! switchboard-sbc: the REST client for AudioCodes Mediant SBCs (status, incremental
//! CLI scripts, running configuration, saving, alarms), certificate pinning, and the
//! pure helpers built on the device's data: the running-configuration parser, the
//! customer prefix validator and the "Import Customers" candidate finder.

mod alarms;
mod client;
mod endpoint;
mod error;
mod import;
mod prefix;
mod running_config;
mod script_answer;
mod status;
mod tls;

pub use alarms::{Alarm, AlarmSeverity};
pub use client::{writes_configuration, ApplyOutcome, SbcClient};
pub use endpoint::{CertTrust, ClientOptions, SbcEndpoint, Sha256Fingerprint};
pub use error::{ParseError, PrefixError, SbcError, TlsFailure};
pub use import::{import_candidates, ImportCandidate, ImportTag, KnownRule};
pub use prefix::{validate_prefix, DigitRange, PrefixPattern, PrefixSegment};
pub use running_config::{
    parse_running_config, strip_leading_junk, DialPlan, DialPlanRule, IpGroup, IpGroupType,
    ProxyAddress, ProxySet, RunningConfig, SipAccount,
};
pub use script_answer::PushOutcome;
pub use status::{DeviceStatus, HighAvailability, OperationalState};
pub use tls::{probe_certificate, CertificateInfo};
