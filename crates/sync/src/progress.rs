//! What a running sync tells the UI.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SyncPhase {
    SigningIn,
    Users,
    Voice,
    Writing,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub phase: SyncPhase,
    /// Users read from Graph so far in this run.
    pub users: usize,
    /// Teams user configurations read so far.
    pub voice: usize,
    /// Rows written to the cache (only non-zero once writing has finished).
    pub written: usize,
}

/// Progress of a full run's overlapping downloads (users, voice, groups). Pages arrive
/// from several streams at once, so the counts live here and every page reports both.
/// The phase follows what the UI expects: `Users` until the last users page is read
/// (the voice count then has no total to be measured against), `Voice` afterwards.
pub(crate) struct DownloadProgress<'a> {
    sink: &'a (dyn Fn(SyncProgress) + Send + Sync),
    users: AtomicUsize,
    voice: AtomicUsize,
    users_done: AtomicBool,
}

impl<'a> DownloadProgress<'a> {
    pub(crate) fn new(sink: &'a (dyn Fn(SyncProgress) + Send + Sync)) -> Self {
        Self {
            sink,
            users: AtomicUsize::new(0),
            voice: AtomicUsize::new(0),
            users_done: AtomicBool::new(false),
        }
    }

    /// `read` users pages' entries so far.
    pub(crate) fn users(&self, read: usize) {
        self.users.store(read, Ordering::Relaxed);
        self.emit();
    }

    /// `read` Teams configurations so far.
    pub(crate) fn voice(&self, read: usize) {
        self.voice.store(read, Ordering::Relaxed);
        self.emit();
    }

    /// Every users page is in: from now on the run is in the voice phase, even when the
    /// configurations finished first, so the UI always passes through it.
    pub(crate) fn users_finished(&self) {
        self.users_done.store(true, Ordering::Relaxed);
        self.emit();
    }

    fn emit(&self) {
        let phase = if self.users_done.load(Ordering::Relaxed) {
            SyncPhase::Voice
        } else {
            SyncPhase::Users
        };
        (self.sink)(SyncProgress {
            phase,
            users: self.users.load(Ordering::Relaxed),
            voice: self.voice.load(Ordering::Relaxed),
            written: 0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn overlapping_pages_report_users_first_then_voice_with_both_counts() {
        let seen = Mutex::new(Vec::new());
        let sink = |p: SyncProgress| seen.lock().unwrap().push((p.phase, p.users, p.voice));
        let progress = DownloadProgress::new(&sink);
        progress.users(999);
        progress.voice(999);
        progress.voice(1500);
        progress.users(1500);
        progress.users_finished();
        progress.voice(1500);
        assert_eq!(
            seen.into_inner().unwrap(),
            [
                (SyncPhase::Users, 999, 0),
                (SyncPhase::Users, 999, 999),
                (SyncPhase::Users, 999, 1500),
                (SyncPhase::Users, 1500, 1500),
                (SyncPhase::Voice, 1500, 1500),
                (SyncPhase::Voice, 1500, 1500),
            ]
        );
    }
}
