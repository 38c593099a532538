use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use uuid::Uuid;

use crate::CredentialSlots;

/// Account name prefix of the throwaway entries written by the probe.
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
///
/// Each probe has an entry of its own: the window asks for the status from several places
/// at once, and probes sharing one entry deleted or replaced each other's, reporting a
/// working keychain as broken.
pub(crate) fn probe(slots: &impl CredentialSlots) -> KeychainStatus {
    let id = Uuid::new_v4();
    let account = format!("{PROBE_ACCOUNT}-{id}");
    let value = SecretString::from(format!("probe-{id}"));
    let outcome = slots
        .set_slot(&account, &value)
        .and_then(|()| slots.get_slot(&account))
        .and_then(|read| {
            slots.delete_slot(&account)?;
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;
    use crate::{MemoryStore, SecretsError};

    /// Runs a second probe in the middle of the first one's write, as two windows' calls
    /// interleave on a real keychain.
    struct Interleaving {
        slots: MemoryStore,
        nested: AtomicBool,
    }

    impl CredentialSlots for Interleaving {
        fn set_slot(&self, account: &str, value: &SecretString) -> Result<(), SecretsError> {
            self.slots.set_slot(account, value)?;
            if !self.nested.swap(true, Ordering::SeqCst) {
                assert_eq!(probe(self), KeychainStatus::Available, "the nested probe");
            }
            Ok(())
        }

        fn get_slot(&self, account: &str) -> Result<Option<SecretString>, SecretsError> {
            self.slots.get_slot(account)
        }

        fn delete_slot(&self, account: &str) -> Result<(), SecretsError> {
            self.slots.delete_slot(account)
        }
    }

    #[test]
    fn overlapping_probes_do_not_disturb_each_other_and_leave_nothing() {
        let slots = Interleaving {
            slots: MemoryStore::new(),
            nested: AtomicBool::new(false),
        };
        assert_eq!(probe(&slots), KeychainStatus::Available);
        assert!(
            slots.nested.load(Ordering::SeqCst),
            "a probe ran inside the first"
        );
        assert!(slots.slots.is_empty(), "every probe entry was removed");
    }
}
