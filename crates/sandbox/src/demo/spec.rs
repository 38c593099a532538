use std::ops::RangeInclusive;

use super::sbcs::MAX_SBCS;
use super::DemoError;

/// Most customers: short names stay unique within 15 characters well below this.
pub const MAX_CUSTOMERS: usize = 10_000;
/// Most users in one tenant; a country's demo number ranges hold this many with room.
pub const MAX_USERS_PER_CUSTOMER: usize = 250_000;

/// What to generate. The same spec always yields the same estate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSpec {
    pub seed: u64,
    pub customers: usize,
    /// Each customer gets a user count drawn from this range.
    pub users_per_customer: RangeInclusive<usize>,
    pub sbcs: usize,
}

impl DemoSpec {
    pub fn validate(&self) -> Result<(), DemoError> {
        let (min, max) = (
            *self.users_per_customer.start(),
            *self.users_per_customer.end(),
        );
        if self.customers > 0 && self.sbcs == 0 {
            return Err(DemoError::NoSbc);
        }
        if self.sbcs > MAX_SBCS {
            return Err(DemoError::TooManySbcs {
                requested: self.sbcs,
                max: MAX_SBCS,
            });
        }
        if self.customers > MAX_CUSTOMERS {
            return Err(DemoError::TooManyCustomers {
                requested: self.customers,
                max: MAX_CUSTOMERS,
            });
        }
        if min > max {
            return Err(DemoError::EmptyUserRange { min, max });
        }
        if max > MAX_USERS_PER_CUSTOMER {
            return Err(DemoError::TooManyUsers {
                requested: max,
                max: MAX_USERS_PER_CUSTOMER,
            });
        }
        Ok(())
    }
}
