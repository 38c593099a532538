//! The SBC list's background status check. Opening the list starts it: every device is
//! asked for its status and counts on the services runtime, a few at a time, and each
//! outcome goes to the cache as it arrives, so the list (rendered at once from the
//! cache, last known counts included) polls the progress and re-reads its rows. A newer
//! check, leaving the screen or closing the app cancels the running one: its pending
//! requests are dropped and nothing more is recorded.

use std::sync::{Arc, Mutex, MutexGuard};

use futures::StreamExt;
use serde::Serialize;
use switchboard_cache::{Cache, SbcId};
use tokio::runtime::Handle;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::context::AppContext;
use crate::error::ApiError;
use crate::sbcs::check::PlannedCheck;

/// Devices asked at once: the list fills quickly without a burst of logins on a
/// provider's whole estate.
pub const SBC_CHECKS_IN_FLIGHT: usize = 3;

/// The progress of the latest background check, for the SBC list to poll.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SbcStatusCheckView {
    /// Counts the checks started since the app opened; a newer one replaces the last.
    pub generation: u32,
    pub running: bool,
    /// Devices in this check, and how many have answered (or failed) so far.
    pub total: u32,
    pub done: u32,
    /// Devices being asked right now.
    pub checking: Vec<SbcId>,
}

#[derive(Default)]
struct Board {
    view: SbcStatusCheckView,
    /// Cancels the current check.
    stop: CancellationToken,
}

pub(crate) struct SbcStatusChecks {
    runtime: Handle,
    cache: Arc<Cache>,
    board: Arc<Mutex<Board>>,
    /// Stops any check when the app closes.
    shutdown: CancellationToken,
}

impl SbcStatusChecks {
    pub(crate) fn new(runtime: &Handle, cache: Arc<Cache>) -> Self {
        Self {
            runtime: runtime.clone(),
            cache,
            board: Arc::default(),
            shutdown: CancellationToken::new(),
        }
    }

    pub(crate) fn status(&self) -> SbcStatusCheckView {
        lock(&self.board).view.clone()
    }

    /// Cancels the running check, if any; what was already recorded stays.
    pub(crate) fn cancel(&self) -> SbcStatusCheckView {
        let mut board = lock(&self.board);
        board.stop.cancel();
        board.view.running = false;
        board.view.checking.clear();
        board.view.clone()
    }

    /// Cancels any running check and starts checking `planned`.
    pub(crate) fn start(&self, planned: Vec<PlannedCheck>) -> SbcStatusCheckView {
        let mut board = lock(&self.board);
        board.stop.cancel();
        let stop = self.shutdown.child_token();
        board.stop = stop.clone();
        let generation = board.view.generation.wrapping_add(1);
        board.view = SbcStatusCheckView {
            generation,
            running: !planned.is_empty(),
            total: u32::try_from(planned.len()).unwrap_or(u32::MAX),
            done: 0,
            checking: Vec::new(),
        };
        let started = board.view.clone();
        drop(board);
        let (cache, board) = (self.cache.clone(), self.board.clone());
        self.runtime.spawn(async move {
            let checks = futures::stream::iter(planned).for_each_concurrent(
                SBC_CHECKS_IN_FLIGHT,
                |planned| {
                    let (cache, board) = (cache.clone(), board.clone());
                    async move { check_one(&cache, &board, generation, planned).await }
                },
            );
            tokio::select! {
                () = checks => {}
                () = stop.cancelled() => {}
            }
            finish(&board, generation);
        });
        started
    }
}

impl Drop for SbcStatusChecks {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

async fn check_one(cache: &Cache, board: &Mutex<Board>, generation: u32, planned: PlannedCheck) {
    let id = planned.device.id;
    update(board, generation, |view| view.checking.push(id));
    let outcome = planned.run().await;
    // Cancellation drops this future at an await, so a cancelled check never gets here;
    // the board's generation guards the bookkeeping of a check that was replaced.
    if let Err(error) = planned.record(cache, outcome) {
        tracing::warn!(sbc = %id, %error, "background SBC check not recorded");
    }
    update(board, generation, |view| {
        view.checking.retain(|checking| *checking != id);
        view.done += 1;
    });
}

fn finish(board: &Mutex<Board>, generation: u32) {
    update(board, generation, |view| {
        view.running = false;
        view.checking.clear();
    });
}

/// Changes the progress only while `generation` is still the latest check.
fn update(board: &Mutex<Board>, generation: u32, change: impl FnOnce(&mut SbcStatusCheckView)) {
    let mut board = lock(board);
    if board.view.generation == generation {
        change(&mut board.view);
    }
}

/// A poisoned lock only means a check panicked; the board is still consistent.
fn lock(board: &Mutex<Board>) -> MutexGuard<'_, Board> {
    board
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppContext {
    /// Starts checking every SBC in the background (cancelling a check still running);
    /// poll `sbc_status_check` for the progress and `list_sbcs` for the rows.
    pub fn start_sbc_status_check(&self) -> Result<SbcStatusCheckView, ApiError> {
        let planned = self
            .cache()
            .list_sbcs()?
            .into_iter()
            .map(|device| self.plan_sbc_check(device))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self.sbc_status_checks().start(planned))
    }

    pub fn sbc_status_check(&self) -> SbcStatusCheckView {
        self.sbc_status_checks().status()
    }

    /// Stops the background check (the list was left); finished devices stay recorded.
    pub fn cancel_sbc_status_check(&self) -> SbcStatusCheckView {
        self.sbc_status_checks().cancel()
    }
}
