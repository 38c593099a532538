//! A `tauri-driver` process that is always stopped, with everything it started, when the
//! guard is dropped — also when a test fails half-way.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::E2eError;

const READY_TIMEOUT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(100);

pub struct TauriDriver {
    child: Child,
    port: u16,
}

impl TauriDriver {
    pub fn start(program: &Path) -> Result<TauriDriver, E2eError> {
        let port = free_port()?;
        let native_port = free_port()?;
        let mut command = Command::new(program);
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdin(Stdio::null());
        own_process_group(&mut command);
        let child = command.spawn().map_err(|source| E2eError::Spawn {
            program: program.display().to_string(),
            source,
        })?;
        let driver = TauriDriver { child, port };
        // tauri-driver accepts sessions as soon as it listens, but forwards them to the
        // native driver it started, which may not listen yet (a session then fails with
        // a connect error): both must be up.
        wait_until_listening("tauri-driver", driver.port)?;
        wait_until_listening("the native WebDriver tauri-driver started", native_port)?;
        Ok(driver)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn wait_until_listening(driver: &'static str, port: u16) -> Result<(), E2eError> {
    let deadline = Instant::now() + READY_TIMEOUT;
    while Instant::now() < deadline {
        if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(POLL);
    }
    Err(E2eError::DriverNotReady {
        driver,
        port,
        timeout: READY_TIMEOUT,
    })
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        kill_tree(&mut self.child);
    }
}

/// Asks the OS for a port nobody uses right now (there is a small race until
/// tauri-driver binds it; acceptable for tests run one at a time).
fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

// tauri-driver starts the native WebDriver, which starts the app: a process tree. Giving
// it its own group lets the guard end the whole tree at once.
#[cfg(unix)]
fn own_process_group(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
}

#[cfg(not(unix))]
fn own_process_group(_command: &mut Command) {}

#[cfg(unix)]
fn kill_tree(child: &mut Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(not(unix))]
fn kill_tree(child: &mut Child) {
    let pid = child.id().to_string();
    let _ = Command::new("taskkill")
        .args(["/T", "/F", "/PID", &pid])
        .status();
    let _ = child.kill();
    let _ = child.wait();
}
