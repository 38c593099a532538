//! `pwsh` stand-in for the sandbox: `switchboard-pwsh [-NoLogo] [-NoProfile]
//! [-NonInteractive] (-Command - | -Command <text> | -File <path> | -File -)`.
//! See `switchboard_sandbox::pwsh` for the language subset and the stdin convention.

use std::io::{self, Read};
use std::process::ExitCode;

/// Switches real `pwsh` takes that change nothing here.
const IGNORED_SWITCHES: &[&str] = &[
    "-nologo",
    "-noprofile",
    "-noninteractive",
    "-nol",
    "-nop",
    "-noni",
    "-mta",
    "-sta",
];
/// Options real `pwsh` takes with a value that the sandbox ignores.
const IGNORED_WITH_VALUE: &[&str] = &[
    "-executionpolicy",
    "-ex",
    "-ep",
    "-outputformat",
    "-of",
    "-inputformat",
    "-if",
    "-windowstyle",
    "-w",
];

enum Source {
    Stdin,
    Text(String),
    File(String),
}

fn parse_args(args: &[String]) -> Result<Source, String> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let lower = arg.to_ascii_lowercase();
        if IGNORED_SWITCHES.contains(&lower.as_str()) {
            continue;
        }
        if IGNORED_WITH_VALUE.contains(&lower.as_str()) {
            iter.next();
            continue;
        }
        match lower.as_str() {
            "-command" | "-c" => {
                let rest: Vec<&String> = iter.collect();
                return match rest.as_slice() {
                    [dash] if dash.as_str() == "-" => Ok(Source::Stdin),
                    [] => Err("Missing the argument to -Command.".into()),
                    words => Ok(Source::Text(
                        words
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                    )),
                };
            }
            "-file" | "-f" => {
                return match iter.next().map(String::as_str) {
                    Some("-") => Ok(Source::Stdin),
                    Some(path) => Ok(Source::File(path.to_string())),
                    None => Err("Missing the argument to -File.".into()),
                };
            }
            other => return Err(format!("Unknown or unsupported argument '{other}'.")),
        }
    }
    Ok(Source::Stdin)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let source = match parse_args(&args) {
        Ok(source) => source,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(64);
        }
    };
    let stdin = io::stdin();
    let mut script = String::new();
    let read = match &source {
        Source::Stdin => stdin.lock().read_to_string(&mut script).map(|_| ()),
        Source::Text(text) => {
            script.clone_from(text);
            Ok(())
        }
        Source::File(path) => std::fs::read_to_string(path).map(|text| script = text),
    };
    if let Err(error) = read {
        eprintln!("Cannot read the script: {error}");
        return ExitCode::from(64);
    }
    let (mut out, mut err) = (io::stdout().lock(), io::stderr().lock());
    let code =
        switchboard_sandbox::pwsh::run_script(&script, &mut out, &mut err, &mut stdin.lock());
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
