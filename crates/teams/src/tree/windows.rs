//! Windows: the child goes into a Job Object that kills every member when closed;
//! `taskkill /T /F` is the fallback when no job could be made.

use std::os::windows::io::RawHandle;
use std::os::windows::process::CommandExt;

use tokio::process::{Child, Command};
use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
    SetInformationJobObject, TerminateJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
    JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
};
use windows_sys::Win32::System::Threading::CREATE_NO_WINDOW;

/// No console window flashes up when the desktop app starts PowerShell.
pub(crate) fn prepare(command: &mut Command) {
    command.creation_flags(CREATE_NO_WINDOW);
}

/// A job handle; the OS kills the job's processes when it is closed.
struct Job(HANDLE);

// SAFETY: a job handle is a kernel object reference usable from any thread.
unsafe impl Send for Job {}
unsafe impl Sync for Job {}

impl Job {
    fn for_process(process: RawHandle) -> Option<Self> {
        // SAFETY: plain Win32 calls on handles we own; every failure is checked.
        unsafe {
            let handle = CreateJobObjectW(std::ptr::null(), std::ptr::null());
            if handle.is_null() {
                return None;
            }
            let job = Job(handle);
            let mut limits = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
            limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
            let set = SetInformationJobObject(
                job.0,
                JobObjectExtendedLimitInformation,
                (&limits as *const JOBOBJECT_EXTENDED_LIMIT_INFORMATION).cast(),
                std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
            );
            if set == 0 || AssignProcessToJobObject(job.0, process as HANDLE) == 0 {
                return None;
            }
            Some(job)
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        // SAFETY: the handle came from CreateJobObjectW and is closed exactly once.
        unsafe {
            CloseHandle(self.0);
        }
    }
}

/// The child and its descendants. The child is assigned to the job before the
/// script is written to its stdin, so nothing it starts can escape the job.
pub(crate) struct ProcessTree {
    job: Option<Job>,
    fallback_pid: Option<u32>,
}

impl ProcessTree {
    pub(crate) fn adopt(child: &Child) -> std::io::Result<Self> {
        let job = child.raw_handle().and_then(Job::for_process);
        if job.is_none() {
            tracing::warn!("no job object for PowerShell; falling back to taskkill");
        }
        Ok(Self {
            job,
            fallback_pid: child.id(),
        })
    }

    pub(crate) fn kill(&mut self) {
        if let Some(job) = self.job.take() {
            // SAFETY: the handle is a live job; closing it afterwards kills stragglers.
            unsafe {
                TerminateJobObject(job.0, 1);
            }
        } else if let Some(pid) = self.fallback_pid.take() {
            let status = std::process::Command::new("taskkill")
                .args(["/T", "/F", "/PID", &pid.to_string()])
                .creation_flags(CREATE_NO_WINDOW)
                .status();
            if let Err(error) = status {
                tracing::warn!(%error, pid, "taskkill failed");
            }
        }
    }

    /// After a normal exit, closing the job still ends any process the script left
    /// behind, which is what we want; only the taskkill fallback is disarmed, since
    /// the pid may be reused.
    pub(crate) fn release(&mut self) {
        self.fallback_pid = None;
    }
}

impl Drop for ProcessTree {
    fn drop(&mut self) {
        self.kill();
    }
}
