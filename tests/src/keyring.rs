//! A private, unlocked Secret Service for tests that store secrets through the window.
//!
//! A run under Xvfb usually has no D-Bus session and so no Secret Service. Then this
//! starts its own session bus with an unlocked throwaway GNOME keyring (as the
//! real-keychain tests do); tauri-driver and the app inherit the bus address. Both
//! processes stop when the guard is dropped.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use switchboard_secrets::{KeychainStatus, KeychainStore, SecretStore, ServiceName};

use crate::E2eError;

const PRIVATE_BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

pub struct PrivateKeyring {
    bus: Child,
    _home: tempfile::TempDir,
}

impl PrivateKeyring {
    /// Call before tauri-driver starts. `None` when a session bus is already there (or the
    /// system keeps its keychain without D-Bus).
    pub fn start_if_needed() -> Result<Option<PrivateKeyring>, E2eError> {
        // Not probed first: without a bus address D-Bus would autolaunch a bus for the X
        // display, and this process would keep talking to that one. Other systems have
        // their keychain without D-Bus.
        if !cfg!(target_os = "linux") || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
            return Ok(None);
        }
        let home = tempfile::tempdir()?;
        // A bus that starts no services on demand: the Secret Service on it is the keyring
        // below, never one that D-Bus activates for the user's own (locked) keyring.
        let config = home.path().join("bus.conf");
        std::fs::write(&config, PRIVATE_BUS_CONFIG)?;
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()?;
        let mut address = String::new();
        let stdout = bus.stdout.take().expect("piped");
        BufReader::new(stdout).read_line(&mut address)?;
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", address.trim());
        let control = private_folder(&home.path().join("control"))?;
        // The launcher reads the new login keyring's password from stdin, starts the daemon
        // on our bus and returns once it is ready; the daemon ends with the bus.
        let mut launcher = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets"])
            // Its own control folder: otherwise it may hand the password to a daemon that
            // another session started, which is not on this bus.
            .arg(format!("--control-directory={}", control.display()))
            .env("HOME", home.path())
            // And its own runtime folder, where it would otherwise find (and unlock) a
            // keyring daemon another test run started, and start none on this bus.
            .env("XDG_RUNTIME_DIR", &control)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()?;
        launcher
            .stdin
            .take()
            .expect("piped")
            .write_all(b"switchboard")?;
        launcher.wait()?;
        let guard = PrivateKeyring { bus, _home: home };
        let probe = KeychainStore::new(ServiceName::for_build(), std::env::temp_dir());
        let deadline = Instant::now() + Duration::from_secs(10);
        while probe.keychain_status() != KeychainStatus::Available {
            assert!(
                Instant::now() < deadline,
                "the private keyring did not come up: {:?}",
                probe.keychain_status()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(Some(guard))
    }
}

/// gnome-keyring ignores a control folder that others may read, and then falls back to
/// the shared default one.
fn private_folder(path: &Path) -> std::io::Result<PathBuf> {
    std::fs::create_dir(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(path.to_path_buf())
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        let _ = self.bus.kill();
        let _ = self.bus.wait();
        std::env::remove_var("DBUS_SESSION_BUS_ADDRESS");
    }
}
