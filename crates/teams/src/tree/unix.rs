//! Unix: the child leads a new process group, and the group is killed as one.

use tokio::process::{Child, Command};

/// Puts the child in a process group of its own (its pid becomes the group id).
pub(crate) fn prepare(command: &mut Command) {
    command.process_group(0);
}

/// The child's process group; killed on `kill` or on drop unless `release`d.
pub(crate) struct ProcessTree {
    group: Option<libc::pid_t>,
}

impl ProcessTree {
    pub(crate) fn adopt(child: &Child) -> std::io::Result<Self> {
        let pid = child
            .id()
            .ok_or_else(|| std::io::Error::other("the PowerShell process ended at once"))?;
        let group = libc::pid_t::try_from(pid).map_err(std::io::Error::other)?;
        Ok(Self { group: Some(group) })
    }

    /// Sends SIGKILL to every process in the group.
    pub(crate) fn kill(&mut self) {
        if let Some(group) = self.group.take() {
            // SAFETY: kill(2) with a negative pid only signals that process group. Its id
            // is not reused while the unreaped leader, or a member holding our pipes open,
            // is alive, which is when we kill.
            let result = unsafe { libc::kill(-group, libc::SIGKILL) };
            if result != 0 {
                tracing::debug!(group, error = %std::io::Error::last_os_error(), "process group was already gone");
            }
        }
    }

    /// Forgets the group once the leader has exited normally: after it is reaped the
    /// group id may be reused, so signalling it later could hit strangers.
    pub(crate) fn release(&mut self) {
        self.group = None;
    }
}

impl Drop for ProcessTree {
    fn drop(&mut self) {
        self.kill();
    }
}
