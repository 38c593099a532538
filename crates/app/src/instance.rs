//! One Switchboard per data folder: two processes on the same cache would run two
//! replication schedules and race each other's writes. The first start holds a lock on
//! `instance.lock` and listens on a loopback port (written to `instance.port`); a second
//! start asks it to bring its window forward and exits. A process that is shutting down
//! does not answer, so the newcomer waits for its lock instead of giving up.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{ApiError, ErrorCode};

const LOCK_FILE: &str = "instance.lock";
const PORT_FILE: &str = "instance.port";
const FOCUS_REQUEST: &str = "focus";
const FOCUSED: &str = "focused";
/// How long a running instance has to answer; it answers once its window is in front.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(3);
/// How long to wait for an instance that did not answer (it is closing) to let go.
const RELEASE_TIMEOUT: Duration = Duration::from_secs(15);

/// The outcome of starting in a data folder.
pub enum Instance {
    /// This process owns the folder; call [`FirstInstance::serve`] once the window exists.
    First(FirstInstance),
    /// Another process owns it and has brought its window forward; this one should exit.
    AlreadyRunning,
}

pub struct FirstInstance {
    // Held, never read: the operating system releases the lock when the process ends.
    lock: File,
    listener: TcpListener,
}

impl FirstInstance {
    /// Answers later starts on a background thread: `bring_forward` shows and focuses the
    /// window and says whether it could (not while the app is closing).
    pub fn serve(self, bring_forward: impl Fn() -> bool + Send + 'static) {
        let Self { lock, listener } = self;
        std::thread::Builder::new()
            .name("single-instance".into())
            .spawn(move || {
                // Owned by the thread that lives as long as the process.
                let _held = lock;
                for stream in listener.incoming().flatten() {
                    answer(stream, &bring_forward);
                }
            })
            .expect("the single-instance thread starts");
    }

    /// Where later starts knock, for tests.
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }
}

fn answer(stream: TcpStream, bring_forward: &impl Fn() -> bool) {
    let _ = stream.set_read_timeout(Some(ANSWER_TIMEOUT));
    let mut line = String::new();
    let mut reader = BufReader::new(&stream);
    if reader.read_line(&mut line).is_err() || line.trim() != FOCUS_REQUEST {
        return;
    }
    if bring_forward() {
        let _ = (&stream).write_all(format!("{FOCUSED}\n").as_bytes());
    }
}

/// Claims `data_dir` for this process, or hands over to the process that has it.
pub fn claim(data_dir: &Path) -> Result<Instance, ApiError> {
    switchboard_logging::create_private_dir(data_dir).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!(
                "Switchboard cannot create its data folder {}: {e}",
                data_dir.display()
            ),
        )
    })?;
    let lock_path = data_dir.join(LOCK_FILE);
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| storage(&lock_path, e))?;
    match lock.try_lock() {
        Ok(()) => return first(lock, data_dir).map(Instance::First),
        Err(TryLockError::WouldBlock) => {}
        Err(TryLockError::Error(e)) => return Err(storage(&lock_path, e)),
    }
    if ask_to_come_forward(&data_dir.join(PORT_FILE)) {
        return Ok(Instance::AlreadyRunning);
    }
    // The owner is closing (or hung): wait for the operating system to release its lock.
    let deadline = Instant::now() + RELEASE_TIMEOUT;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        match lock.try_lock() {
            Ok(()) => return first(lock, data_dir).map(Instance::First),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(storage(&lock_path, e)),
        }
    }
    Err(ApiError::new(
        ErrorCode::Storage,
        format!(
            "Another Switchboard is using the data folder {} and does not answer. Close it \
             (or end it in the task manager) and start Switchboard again.",
            data_dir.display()
        ),
    ))
}

/// Whether a running Switchboard owns `data_dir` now (for tools and tests that must not
/// start a second one while the previous one is still closing).
pub fn is_in_use(data_dir: &Path) -> bool {
    let Ok(lock) = File::open(data_dir.join(LOCK_FILE)) else {
        return false;
    };
    // A successful probe lock is released at once when `lock` is dropped.
    matches!(lock.try_lock(), Err(TryLockError::WouldBlock))
}

fn first(lock: File, data_dir: &Path) -> Result<FirstInstance, ApiError> {
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).map_err(|e| {
        ApiError::internal(format!("Switchboard could not listen on loopback: {e}"))
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| ApiError::internal(format!("Switchboard could not listen on loopback: {e}")))?
        .port();
    let port_path: PathBuf = data_dir.join(PORT_FILE);
    fs::write(&port_path, port.to_string()).map_err(|e| storage(&port_path, e))?;
    Ok(FirstInstance { lock, listener })
}

/// Whether the owner answered that its window is in front now.
fn ask_to_come_forward(port_path: &Path) -> bool {
    let Some(port) = fs::read_to_string(port_path)
        .ok()
        .and_then(|text| text.trim().parse::<u16>().ok())
    else {
        return false;
    };
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&address, ANSWER_TIMEOUT) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(ANSWER_TIMEOUT));
    if stream
        .write_all(format!("{FOCUS_REQUEST}\n").as_bytes())
        .is_err()
    {
        return false;
    }
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line).is_ok() && line.trim() == FOCUSED
}

fn storage(path: &Path, error: std::io::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Storage,
        format!("Switchboard cannot use {}: {error}", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    #[test]
    fn a_second_start_brings_the_first_forward_and_steps_aside() {
        let dir = tempfile::tempdir().unwrap();
        let Instance::First(first) = claim(dir.path()).unwrap() else {
            panic!("the first start owns the folder");
        };
        let asked = Arc::new(AtomicUsize::new(0));
        let counter = asked.clone();
        first.serve(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            true
        });
        assert!(is_in_use(dir.path()));
        assert!(matches!(
            claim(dir.path()).unwrap(),
            Instance::AlreadyRunning
        ));
        assert_eq!(
            asked.load(Ordering::SeqCst),
            1,
            "the first window was asked once"
        );

        // Another data folder is another installation: it starts on its own.
        let other = tempfile::tempdir().unwrap();
        assert!(matches!(claim(other.path()).unwrap(), Instance::First(_)));
    }

    #[test]
    fn an_owner_that_lets_go_is_replaced_and_a_stale_port_is_harmless() {
        let dir = tempfile::tempdir().unwrap();
        let Instance::First(first) = claim(dir.path()).unwrap() else {
            panic!("the first start owns the folder");
        };
        let port = first.port();
        // The owner closes without answering: its lock and listener go with it.
        drop(first);
        assert!(!is_in_use(dir.path()));
        fs::write(dir.path().join(PORT_FILE), port.to_string()).unwrap();
        assert!(matches!(claim(dir.path()).unwrap(), Instance::First(_)));
    }
}
