//! Running commands and installing prerequisites, per operating system.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;

pub type Result<T = ()> = std::result::Result<T, String>;

/// Debian packages the desktop shell needs to build and run (WebKitGTK and friends).
pub const APP_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "libsoup-3.0-dev",
    "libjavascriptcoregtk-4.1-dev",
    "libgtk-3-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "libxdo-dev",
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "libdbus-1-dev",
    "file",
];

/// Extra Debian packages for the tests: a virtual display, the WebKit WebDriver, a real
/// keychain (Secret Service and keyutils) and the MinGW toolchain for the Windows check.
pub const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "dbus",
    "gnome-keyring",
    "keyutils",
    "libsecret-tools",
    "gcc-mingw-w64-x86-64",
];

pub fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// npm is a `.cmd` script on Windows, which `Command` cannot start directly.
pub fn npm() -> Command {
    if cfg!(windows) {
        let mut command = Command::new("cmd");
        command.args(["/C", "npm"]);
        command
    } else {
        Command::new("npm")
    }
}

pub fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs a command with inherited output; fails with the command line if it fails.
pub fn run(command: &mut Command) -> Result {
    println!("$ {}", describe(command));
    let status = command
        .status()
        .map_err(|e| format!("could not start `{}`: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

/// Runs a command, echoing its standard output line by line while handing each line to
/// `on_line` (used to count test results). Standard error passes straight through.
pub fn run_watching(command: &mut Command, mut on_line: impl FnMut(&str)) -> Result {
    println!("$ {}", describe(command));
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{}`: {e}", describe(command)))?;
    let stdout = child.stdout.take().expect("stdout was piped");
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading output of `{}`: {e}", describe(command)))?;
        println!("{line}");
        on_line(&line);
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

pub fn succeeds(command: &mut Command) -> bool {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

pub fn on_path(program: &str) -> bool {
    succeeds(Command::new(program).arg("--version"))
}

/// Installs missing Debian packages with apt-get. Elsewhere it only says what is needed.
pub fn ensure_debian_packages(packages: &[&str]) -> Result {
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    if !Path::new("/usr/bin/apt-get").exists() {
        println!("Not a Debian-family system: make sure these packages (or your distribution's equivalents) are installed: {}", packages.join(" "));
        return Ok(());
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !debian_package_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("Installing Debian packages: {}", missing.join(" "));
    let sudo = !is_root();
    let apt = |args: &[&str]| {
        let mut command = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            command.arg("apt-get");
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    run(&mut apt(&["update", "-qq"]))?;
    let mut install = apt(&["install", "-y", "-qq", "--no-install-recommends"]);
    install.args(&missing);
    run(&mut install)
}

fn debian_package_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

pub fn ensure_node() -> Result {
    if on_path_npm() {
        return Ok(());
    }
    Err("Node.js 20 or newer with npm is required to build the UI: install it from your package manager or nodejs.org, then run this command again.".into())
}

fn on_path_npm() -> bool {
    succeeds(npm().arg("--version"))
}

/// `npm ci` when the installed modules are missing or older than the lock file.
pub fn ensure_ui_modules(ui: &Path) -> Result {
    ensure_node()?;
    let lock = ui.join("package-lock.json");
    let marker = ui.join("node_modules").join(".package-lock.json");
    let fresh = match (modified(&lock), modified(&marker)) {
        (Some(lock), Some(marker)) => marker >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run(npm()
        .arg("ci")
        .arg("--no-audit")
        .arg("--no-fund")
        .current_dir(ui))
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

pub fn ensure_rust_target(target: &str) -> Result {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|out| {
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l.trim() == target)
        })
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", target]))
}

pub fn ensure_tauri_driver() -> Result {
    if on_path("tauri-driver") || cargo_bin("tauri-driver").exists() {
        return Ok(());
    }
    run(cargo().args(["install", "tauri-driver", "--locked"]))
}

/// `cargo deny`, for the licence, ban and source checks of the dependency tree. Cargo finds
/// its subcommands on PATH and in `$CARGO_HOME/bin`, so either place will do.
pub fn ensure_cargo_deny() -> Result {
    if succeeds(cargo().args(["deny", "--version"])) || cargo_bin("cargo-deny").exists() {
        return Ok(());
    }
    run(cargo().args(["install", "cargo-deny", "--locked"]))
}

/// Where `cargo install` puts binaries, for when `~/.cargo/bin` is not on PATH.
pub fn cargo_bin(name: &str) -> PathBuf {
    cargo_home().join("bin").join(name)
}

pub fn cargo_home() -> PathBuf {
    tool_home("CARGO_HOME", ".cargo")
}

pub fn rustup_home() -> PathBuf {
    tool_home("RUSTUP_HOME", ".rustup")
}

fn tool_home(variable: &str, default_folder: &str) -> PathBuf {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .or_else(|| home_dir().map(|h| h.join(default_folder)))
        .unwrap_or_default()
}

fn home_dir() -> Option<PathBuf> {
    std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" }).map(PathBuf::from)
}

/// Runs two closures at once; used to overlap I/O-bound installs with compilation.
pub fn in_parallel(a: impl FnOnce() -> Result + Send, b: impl FnOnce() -> Result + Send) -> Result {
    thread::scope(|scope| {
        let first = scope.spawn(a);
        let second = b();
        let first = first
            .join()
            .map_err(|_| "a parallel step panicked".to_string())?;
        first.and(second)
    })
}
