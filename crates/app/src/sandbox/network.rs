//! Sandbox mode's network switch: while "offline", the Microsoft 365 emulators (identity,
//! Graph, Azure DNS, Teams) close every connection without answering, as a dead link or
//! a dropping proxy would. A person can then see how each screen behaves on cached data
//! without stopping the app, and the end-to-end tests use the same switch.

use serde::Serialize;
use switchboard_sandbox::faults::{FaultConfig, Faults};
use switchboard_sandbox::Sandbox;
use ts_rs::TS;

use crate::context::AppContext;
use crate::error::{ApiError, ErrorCode};

/// Whether the sandbox's Microsoft 365 emulators answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SandboxNetwork {
    pub online: bool,
}

impl AppContext {
    pub fn sandbox_network(&self) -> Result<SandboxNetwork, ApiError> {
        // Every emulator is switched together, so Graph speaks for all.
        let graph = &self.running_sandbox()?.faults.graph;
        Ok(SandboxNetwork {
            online: graph.config().drop_ratio < 1.0,
        })
    }

    pub fn set_sandbox_network(&self, online: bool) -> Result<SandboxNetwork, ApiError> {
        for faults in microsoft_faults(self.running_sandbox()?) {
            // Other fault settings someone made stay as they were.
            faults.set(FaultConfig {
                drop_ratio: if online { 0.0 } else { 1.0 },
                ..faults.config()
            });
        }
        tracing::info!(online, "sandbox network switched");
        // Every screen shows at once whether Microsoft 365 can be reached, rather than
        // after the next cycle.
        self.requeue_replications("the sandbox network switch");
        Ok(SandboxNetwork { online })
    }

    /// Graph, Teams and Azure DNS answer each request after `latency_ms`: a slow tenant
    /// to watch, or a replication that runs long enough to be cancelled. Sign-in stays
    /// quick, so a run gets as far as reading the tenant.
    pub fn set_sandbox_latency(&self, latency_ms: u32) -> Result<(), ApiError> {
        let sandbox = self.running_sandbox()?;
        let f = &sandbox.faults;
        for faults in [&f.graph, &f.arm, &f.teams] {
            faults.set(FaultConfig {
                latency_ms: u64::from(latency_ms),
                ..faults.config()
            });
        }
        tracing::info!(latency_ms, "sandbox latency set");
        Ok(())
    }

    fn running_sandbox(&self) -> Result<&Sandbox, ApiError> {
        self.sandbox().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Sandbox,
                "The network switch exists only in sandbox mode: in live mode Switchboard talks to the real Microsoft 365.",
            )
        })
    }
}

fn microsoft_faults(sandbox: &Sandbox) -> [&Faults; 4] {
    let f = &sandbox.faults;
    [&f.identity, &f.graph, &f.arm, &f.teams]
}
