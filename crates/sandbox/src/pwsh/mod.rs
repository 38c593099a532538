//! A PowerShell-subset interpreter that stands in for `pwsh` in the sandbox.
//!
//! The app runs it exactly as it runs real PowerShell:
//! `switchboard-pwsh -NoLogo -NoProfile -NonInteractive -Command -`, writing the script
//! to stdin. Output objects go to stdout (list view, or real JSON from
//! `ConvertTo-Json`), error records to stderr in PowerShell 7's concise view
//! (`Cmdlet: message`), and the exit code follows `pwsh -Command`: the `exit N` value,
//! 1 after an uncaught terminating error or when the last statement failed, else 0.
//!
//! # Passing tokens without a command line
//!
//! Tokens never appear on the command line. With `-Command -` the whole of stdin is
//! the script, so the app puts the tokens in the script's first lines as single-quoted
//! literals and connects with them:
//!
//! ```text
//! $graphToken = '<jwt>'
//! $teamsToken = '<jwt>'
//! Connect-MicrosoftTeams -AccessTokens @($graphToken, $teamsToken) | Out-Null
//! ...the template's cmdlets...
//! ```
//!
//! This works unchanged with real `pwsh`, which also reads `-Command -` scripts from
//! stdin (real `pwsh` reads them line by line and needs an empty line after each
//! multi-line block such as `if { ... }`; the sandbox reads the whole script first and
//! accepts either). With `-File script.ps1` stdin stays free, and the script may instead read
//! one token per line with `[Console]::In.ReadLine()`.
//!
//! `Connect-MicrosoftTeams` finds the Teams admin backend from the `iss` claim of the
//! Teams token (see [`client`]), and refuses any host but 127.0.0.1 or localhost.
//!
//! Modules: [`lexer`] → [`parser`] ([`ast`]) → [`eval`] with [`ops`] and [`builtins`];
//! [`catalogue`] and [`binding`] validate every command ([`check`] does so statically,
//! for templates); [`client`] talks to the
//! backend; [`format`] renders output; [`emulated`] says which PowerShell and modules
//! it stands in for (`$PSVersionTable`, `Get-Module`).

pub mod ast;
pub mod binding;
mod builtins;
pub mod catalogue;
pub mod check;
pub mod client;
pub mod emulated;
pub mod error;
pub mod eval;
pub mod format;
pub mod lexer;
pub mod ops;
pub mod parser;
pub mod value;

use std::io::{BufRead, Write};

pub use catalogue::{catalogue, Catalogue, CmdletSpec, Module, ParamKind, ParamSpec};
pub use check::{check_script, Problem};
pub use emulated::{POWERSHELL_EDITION, POWERSHELL_VERSION, TEAMS_MODULE_VERSION};
pub use error::ErrorRecord;
pub use eval::Interpreter;

/// Runs a script with the given streams and returns the exit code. Must not be called
/// from inside a Tokio runtime: Teams cmdlets block on their own HTTP runtime.
pub fn run_script(
    script: &str,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    stdin: &mut dyn BufRead,
) -> i32 {
    Interpreter::new(stdout, stderr, stdin).run(script)
}
