use crate::identity::IdentityError;
use crate::sbc::{SbcError, ScriptError};

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("an estate with customers needs at least one SBC")]
    NoSbc,
    #[error("at most {max} SBCs can be generated, {requested} were asked for")]
    TooManySbcs { requested: usize, max: usize },
    #[error("at most {max} customers can be generated, {requested} were asked for")]
    TooManyCustomers { requested: usize, max: usize },
    #[error("the users per customer range {min}..={max} is empty")]
    EmptyUserRange { min: usize, max: usize },
    #[error("at most {max} users per customer can be generated, {requested} were asked for")]
    TooManyUsers { requested: usize, max: usize },
    #[error("the demo numbering plan of {country} has no free number blocks left")]
    NumbersExhausted { country: &'static str },
    #[error("tenant {tenant_id} ({customer}) already exists in the sandbox; nothing was loaded")]
    TenantExists { customer: String, tenant_id: String },
    #[error("loading {customer} into the directory failed: {message}")]
    Directory { customer: String, message: String },
    #[error("registering Switchboard in {customer} failed: {source}")]
    Identity {
        customer: String,
        #[source]
        source: IdentityError,
    },
    #[error("seeding the Teams voice configuration of {customer} failed ({step}): {message}")]
    Voice {
        customer: String,
        step: String,
        message: String,
    },
    #[error("the estate has {count} SBCs, there is no SBC {index}")]
    UnknownSbc { index: usize, count: usize },
    #[error("the configuration of SBC {sbc} is refused: {source}")]
    SbcScript {
        sbc: String,
        #[source]
        source: ScriptError,
    },
    #[error("SBC {sbc} rejected rows of its configuration: {}", errors.join("; "))]
    SbcRejectedRows { sbc: String, errors: Vec<String> },
    #[error("SBC {sbc} could not be started: {source}")]
    SbcStart {
        sbc: String,
        #[source]
        source: SbcError,
    },
}
