use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use uuid::Uuid;

use crate::CredentialSlots;

/// Account name of the throwaway entry written by the probe.
const PROBE_ACCOUNT: &str = "switchboard-keychain-probe";

/// Whether the keychain can be used right now, for display in the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum KeychainStatus {
    Available,
    /// `reason` is a message a person can act on.
    Unavailable {
        reason: String,
    },
}

/// Writes, reads back and deletes a throwaway entry: the only reliable test, since a locked
/// keychain often answers lookups but refuses writes.
pub(crate) fn probe(slots: &impl CredentialSlots) -> KeychainStatus {
    let value = SecretString::from(format!("probe-{}", Uuid::new_v4()));
    let outcome = slots
        .set_slot(PROBE_ACCOUNT, &value)
        .and_then(|()| slots.get_slot(PROBE_ACCOUNT))
        .and_then(|read| {
            slots.delete_slot(PROBE_ACCOUNT)?;
            Ok(read)
        });
    match outcome {
        Ok(Some(read)) if read.expose_secret() == value.expose_secret() => KeychainStatus::Available,
        Ok(_) => KeychainStatus::Unavailable {
            reason: "The system keychain accepted a test entry but did not return it; check that it is unlocked and working."
                .to_owned(),
        },
        Err(err) => KeychainStatus::Unavailable { reason: err.to_string() },
    }
}
