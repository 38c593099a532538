//! The AudioCodes SBC CLI as the client side understands it: how a line splits into
//! words, which tables and attributes exist under `configure voip`, and which values
//! each attribute accepts. The running-config parser (`switchboard-sbc`) and the
//! template validator (`switchboard-templates`) both read the CLI through this crate,
//! so they cannot drift apart. The sandbox's emulated SBC keeps its own grammar on
//! purpose; a differential test in `crates/templates/tests` holds the two together.

mod error;
mod lexer;
mod prefix;
mod schema;
mod secrets;
mod tags;
mod value;

pub use error::CliError;
pub use lexer::tokenize;
pub use schema::{table_at, Attribute, Table, TableId, ValueKind, TABLES};
pub use secrets::{mask_secrets, secret_values, MaskedScript, SECRET_MASK};
pub use value::check_value;
