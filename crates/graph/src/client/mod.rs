//! `GraphClient`: Graph v1.0 calls over a token provider, all through one retry loop.

mod any_path;
mod batch;
mod delta;
mod directory;
mod domains;
mod error_body;
mod licenses;
mod paging;
mod roles;
mod teams;
mod transport;

pub use batch::{BatchRequest, BatchResponse, MAX_BATCH_SIZE};
pub use delta::{DeltaLink, DeltaPage, DeltaRound, DeltaStart, UserChange};
pub use paging::{ListQuery, PageStream, MAX_PAGE_SIZE};
pub use teams::OperationPolling;
pub use transport::GraphClient;
