//! The crate's errors. `SbcError` covers talking to a device; `ParseError` and
//! `PrefixError` are the two pure checks (running configuration, customer prefixes)
//! that callers also use on their own, so they stand alone and `SbcError` wraps the
//! first. No variant ever holds the admin password: requests carry it only in the
//! `Authorization` header, never in a URL or a message.

use std::fmt;

/// Why a TLS handshake with the device failed, so the UI can offer the right action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsFailure {
    /// The certificate does not chain to a trusted root (typical for a self-signed SBC).
    Untrusted,
    /// The certificate is not the one pinned for this device.
    PinMismatch,
    /// Anything else: protocol versions, expired certificate, name mismatch, ...
    Other,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SbcError {
    #[error("the SBC address is not valid: {0}")]
    InvalidEndpoint(String),
    #[error("the SBC refused the credentials (HTTP 401)")]
    AuthFailed,
    #[error("the SBC could not be reached: {detail}")]
    Unreachable { detail: String },
    #[error("the SBC did not answer in time")]
    Timeout,
    #[error("TLS with the SBC failed ({kind}): {detail}")]
    Tls { kind: TlsFailure, detail: String },
    #[error("the SBC stayed busy (HTTP 409) after {attempts} attempts: {description}")]
    Busy { attempts: u32, description: String },
    #[error("the SBC rejected the script{}: {reason}", line_suffix(*line, text.as_deref()))]
    ScriptRejected {
        line: Option<u32>,
        text: Option<String>,
        reason: String,
        output: String,
    },
    #[error("the SBC answered HTTP {status}: {description}")]
    UnexpectedStatus { status: u16, description: String },
    #[error("the SBC's answer could not be read: {0}")]
    InvalidAnswer(String),
    #[error("the SBC's running configuration could not be read: {0}")]
    RunningConfig(#[from] ParseError),
    #[error("refused to send the admin password unencrypted (plain HTTP) to {host}")]
    PlainHttpRefused { host: String },
    #[error("the SBC's answer links to {origin}, outside the device; the link was not followed")]
    ForeignLink { origin: String },
}

fn line_suffix(line: Option<u32>, text: Option<&str>) -> String {
    match (line, text) {
        (Some(line), Some(text)) => format!(" at line {line} \"{text}\""),
        (Some(line), None) => format!(" at line {line}"),
        _ => String::new(),
    }
}

pub(crate) const UNTRUSTED_HINT: &str =
    "The SBC's certificate is not trusted. Check its fingerprint and choose Trust this certificate.";

impl SbcError {
    /// Worth trying again later: the device was unreachable, slow, busy or failing on
    /// its side. Refusals (credentials, certificate, the script itself) are not.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Unreachable { .. } | Self::Timeout | Self::Busy { .. } => true,
            Self::UnexpectedStatus { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// A sentence for the UI saying what happened and what to do about it.
    pub fn user_message(&self) -> String {
        match self {
            Self::InvalidEndpoint(detail) => format!("The SBC address is not valid: {detail}."),
            Self::AuthFailed => "The SBC refused the admin user name or password.".into(),
            Self::Unreachable { .. } => {
                "The SBC could not be reached. Check its address, port and whether HTTPS is on."
                    .into()
            }
            Self::Timeout => "The SBC did not answer in time. Try again later.".into(),
            Self::Tls { kind: TlsFailure::Untrusted, .. } => UNTRUSTED_HINT.into(),
            Self::Tls { kind: TlsFailure::PinMismatch, .. } => "The SBC presented a different certificate from the one you trusted. If it was renewed, check the new fingerprint and choose Trust this certificate again.".into(),
            Self::Tls { kind: TlsFailure::Other, detail } => {
                format!("A secure connection to the SBC could not be set up: {detail}.")
            }
            Self::Busy { .. } => "The SBC is busy (for example synchronising its HA pair) and did not accept the change. Try again in a few minutes.".into(),
            Self::ScriptRejected { line, text, reason, .. } => match (line, text) {
                (Some(line), Some(text)) => {
                    format!("The SBC rejected line {line} of the script (\"{text}\"): {reason}")
                }
                (Some(line), None) => format!("The SBC rejected line {line} of the script: {reason}"),
                _ => format!("The SBC rejected the script: {reason}"),
            },
            Self::UnexpectedStatus { status, description } => {
                format!("The SBC answered with an error (HTTP {status}): {description}")
            }
            Self::InvalidAnswer(_) => {
                "The SBC's answer was not in the expected format. Check that the address points to an AudioCodes SBC.".into()
            }
            Self::RunningConfig(error) => {
                format!("The SBC's configuration could not be read: {error}")
            }
            Self::PlainHttpRefused { host } => format!("Switchboard will not send the admin password unencrypted (plain HTTP) to {host}. Turn HTTPS on, or edit the SBC and confirm plain HTTP for this device."),
            Self::ForeignLink { origin } => format!("The SBC's answer pointed to another server ({origin}). Switchboard only follows links on the SBC's own address, so the admin password was not sent there."),
        }
    }
}

/// A running configuration whose structure is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ParseError {
    /// 1-based line of the (junk-stripped) configuration text.
    pub line: u32,
    pub reason: String,
}

/// Why a customer prefix is refused. Each names the offending prefix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrefixError {
    #[error("Enter at least one prefix.")]
    Empty,
    #[error("There is an empty prefix between two ';'.")]
    EmptyItem,
    #[error("Wildcards (x, n, z, #) are not supported in customer prefixes: use digits and [from-to] ranges. ('{prefix}')")]
    Wildcard { prefix: String },
    #[error("'{prefix}' contains '{character}': a prefix may only hold digits, a leading + and [from-to] ranges.")]
    InvalidCharacter { prefix: String, character: char },
    #[error("'{prefix}' has a '+' that is not at the start.")]
    MisplacedPlus { prefix: String },
    #[error("'{prefix}' has a '[' without its closing ']' (or a ']' without '[').")]
    UnbalancedBracket { prefix: String },
    #[error("'{prefix}' has a range member '{member}' that is not a number or a from-to pair of numbers.")]
    BadRangeMember { prefix: String, member: String },
    #[error(
        "'{prefix}': all numbers in one [..] group must have the same length ('{member}' differs)."
    )]
    UnequalRangeLength { prefix: String, member: String },
    #[error("'{prefix}': the range '{member}' runs backwards; write it ascending.")]
    DescendingRange { prefix: String, member: String },
    #[error("'{prefix}' has no digits.")]
    NoDigits { prefix: String },
    #[error("'{prefix}' is longer than an E.164 number ({digits} digits, at most 15).")]
    TooManyDigits { prefix: String, digits: usize },
    #[error("'{prefix}' is longer than the SBC allows ({length} characters, at most 50).")]
    TooLong { prefix: String, length: usize },
}

impl fmt::Display for TlsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Untrusted => "untrusted certificate",
            Self::PinMismatch => "certificate does not match the pin",
            Self::Other => "handshake failed",
        })
    }
}
