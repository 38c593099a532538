//! The project's two set-up commands (and a helper for bindings):
//!
//! - `cargo xtask run [-- <app args>]` — installs what the app needs, builds the UI and
//!   the desktop shell, and starts Switchboard (sandbox mode unless told otherwise).
//! - `cargo xtask test` — installs what the tests need, then runs every test: UI unit
//!   tests, all Rust tests, the real-keychain tests, the end-to-end tests through the
//!   real window, and a Windows type-check of the whole workspace; and `cargo deny` on the
//!   dependency tree's licences, bans and sources (`deny.toml`).
//! - `cargo xtask bindings` — regenerates the TypeScript bindings of the API types.
//!
//! Only the standard library is used, so this builds in seconds on a fresh machine.

mod platform;
mod steps;
mod summary;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match command {
        "run" => steps::run_app(rest),
        "test" => steps::test_all(),
        "bindings" => steps::update_bindings(),
        _ => {
            eprintln!(
                "usage: cargo xtask run [-- <app args>] | cargo xtask test | cargo xtask bindings"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}
