//! Every voice change applied to a tenant, in order, whichever surface (Graph or a
//! cmdlet) asked for it: tests read it to prove that each change landed exactly once.

use chrono::{DateTime, Utc};

use super::model::{PhoneNumber, PolicyType};

/// What was applied to one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoiceChange {
    NumberAssigned(PhoneNumber),
    NumberUnassigned(PhoneNumber),
    /// A direct grant; `None` removed it (the user falls back to `Global`).
    PolicyGranted(PolicyType, Option<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    /// The user's object id.
    pub user_id: String,
    pub change: VoiceChange,
    pub applied: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct VoiceLedger {
    entries: Vec<LedgerEntry>,
}

impl VoiceLedger {
    pub(crate) fn record(&mut self, user_id: &str, change: VoiceChange) {
        self.entries.push(LedgerEntry {
            user_id: user_id.to_string(),
            change,
            applied: Utc::now(),
        });
    }

    pub fn entries(&self) -> &[LedgerEntry] {
        &self.entries
    }

    /// How many times `change` was applied to the user.
    pub fn count(&self, user_id: &str, change: &VoiceChange) -> usize {
        self.entries
            .iter()
            .filter(|e| e.user_id == user_id && &e.change == change)
            .count()
    }
}
