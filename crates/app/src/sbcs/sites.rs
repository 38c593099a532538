//! The "Sites" view of an SBC: the customer sites whose calls it carries.

use switchboard_cache::{SbcId, SbcSite};

use crate::context::AppContext;
use crate::error::ApiError;

impl AppContext {
    pub fn list_sbc_sites(&self, sbc_id: i64) -> Result<Vec<SbcSite>, ApiError> {
        let id = SbcId::new(sbc_id);
        // A missing SBC is "not found", not an empty list.
        self.cache().sbc(id)?;
        Ok(self.cache().sbc_sites(id)?)
    }
}
