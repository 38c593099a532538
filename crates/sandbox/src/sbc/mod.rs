//! An emulated AudioCodes Mediant SBC: the REST API over HTTP and HTTPS, and a CLI
//! interpreter over a model of the tables the Direct Routing scripts configure.
//!
//! Each device is independent of the tenant state and of every other device.
//! The CLI grammar is described in `interpreter.rs`; the tables in `schema.rs`.

mod alarms;
mod api;
pub mod config;
mod device;
mod error;
mod faults;
pub mod interpreter;
pub(crate) mod lexer;
pub mod prefix;
pub mod schema;
mod tls;

pub use alarms::{Alarm, AlarmSeverity};
pub use config::{
    parse_running_config, Config, DialPlan, DialPlanRule, IpGroup, ProxyAddress, ProxySet, Row,
    RowKey, SipAccount,
};
pub use device::{SbcDevice, SbcHandle, SbcOptions, BASELINE_SCRIPT};
pub use error::{SbcError, ScriptError};
pub use faults::SbcFaults;
pub use interpreter::RunReport;
