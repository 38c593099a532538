//! For other crates' tests (feature `test-support`): the sandbox's interpreter, built,
//! and the scan that proves a secret stayed out of a data folder.

mod interpreter;
mod secret_scan;

pub use interpreter::interpreter_path;
pub use secret_scan::files_containing;
