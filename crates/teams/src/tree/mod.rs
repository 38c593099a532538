//! Stopping a PowerShell child together with everything it started.
//!
//! A script may start other programs; killing only `pwsh` would leave them running
//! with our pipes open. Each platform gets one way to own the whole tree.

#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

#[cfg(unix)]
pub(crate) use unix::{prepare, ProcessTree};
#[cfg(windows)]
pub(crate) use windows::{prepare, ProcessTree};
