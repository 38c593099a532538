//! For other crates' tests (feature `test-support`): the sandbox's interpreter, built,
//! access tokens, the scan that proves a secret stayed out of a data folder, the
//! emulated SBC's CLI grammar line by line, and a server that records what reached it.

mod interpreter;
mod request_recorder;
pub mod sbc_grammar;
mod secret_scan;
mod tokens;

pub use interpreter::interpreter_path;
pub use request_recorder::{RecordedRequest, RequestRecorder};
pub use secret_scan::files_containing;
pub use tokens::{client_credentials_token, demo_token, signed_token};
