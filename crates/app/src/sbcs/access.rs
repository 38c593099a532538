//! Opening a client on a cached SBC for the commands that read or change the device.

use std::future::Future;

use switchboard_cache::{SbcDevice, SbcId};
use switchboard_sbc::{ClientOptions, SbcClient};

use crate::context::AppContext;
use crate::error::ApiError;
use crate::sbcs::connection::wait_on;

impl AppContext {
    /// The cached device and a client on it with `options`.
    pub(crate) fn sbc_client(
        &self,
        sbc_id: i64,
        options: ClientOptions,
    ) -> Result<(SbcDevice, SbcClient), ApiError> {
        self.remote().sbc_client(SbcId::new(sbc_id), options)
    }

    /// Waits for device work on the services runtime.
    pub(crate) fn on_device<F>(&self, work: F) -> F::Output
    where
        F: Future + Send,
        F::Output: Send,
    {
        wait_on(self.runtime_handle(), work)
    }
}
