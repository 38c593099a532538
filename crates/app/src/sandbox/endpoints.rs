//! How to reach the sandbox's emulators, without owning them: their addresses and the
//! demo credentials. The clients of replication and of the task queue need only this,
//! so they also work against emulators another process runs (the crash drill).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use switchboard_sandbox::Sandbox;
use switchboard_secrets::SecretString;

use crate::sandbox::sbcs::https_address;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxEndpoints {
    pub identity: String,
    pub graph: String,
    pub credentials: Vec<SandboxCredential>,
    pub sbcs: Vec<SandboxSbc>,
    /// The interpreter that stands in for `pwsh`, when it was built beside the app.
    #[serde(default)]
    pub pwsh: Option<PathBuf>,
}

/// A demo tenant's client credentials; they open nothing outside the loopback emulators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxCredential {
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: String,
}

/// An emulated SBC's address and its admin password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxSbc {
    pub host: String,
    pub port: u16,
    pub password: String,
}

impl SandboxEndpoints {
    pub fn of(sandbox: &Sandbox) -> SandboxEndpoints {
        SandboxEndpoints {
            identity: sandbox.urls().identity.clone(),
            graph: sandbox.urls().graph.clone(),
            credentials: sandbox
                .credentials
                .iter()
                .map(|c| SandboxCredential {
                    tenant_id: c.tenant_id.clone(),
                    client_id: c.client_id.clone(),
                    client_secret: c.client_secret.clone(),
                })
                .collect(),
            sbcs: sandbox
                .sbcs
                .iter()
                .filter_map(|handle| {
                    let address = https_address(handle).ok()?;
                    Some(SandboxSbc {
                        host: address.host,
                        port: address.port,
                        password: handle.password().to_owned(),
                    })
                })
                .collect(),
            pwsh: sandbox.pwsh_path(),
        }
    }

    /// The emulator's own password for the SBC at `host:port`, when it is one of them.
    pub(crate) fn sbc_password(&self, host: &str, port: Option<u16>) -> Option<SecretString> {
        self.sbcs
            .iter()
            .find(|sbc| sbc.host == host && Some(sbc.port) == port)
            .map(|sbc| SecretString::from(sbc.password.clone()))
    }

    /// The demo credentials of the Azure tenant `tenant_id`.
    pub(crate) fn credential(&self, tenant_id: &str) -> Option<&SandboxCredential> {
        self.credentials
            .iter()
            .find(|c| c.tenant_id.eq_ignore_ascii_case(tenant_id))
    }
}
