//! Opening clients on what Switchboard changes: an SBC, or a tenant's Microsoft Graph.
//! Shared by the commands and the task queue's executor, which runs without an
//! `AppContext`; in sandbox mode the emulators' addresses and demo credentials stand in.

use std::sync::{Arc, RwLock};

use switchboard_cache::{Cache, SbcDevice, SbcId, Tenant};
use switchboard_graph::GraphClient;
use switchboard_sbc::{ClientOptions, SbcClient};
use switchboard_secrets::{SecretRef, SecretStore, SecretString};
use switchboard_teams::{locate, PowerShellHost, TeamsError};

use crate::error::{ApiError, ErrorCode};
use crate::replication::credentials::Connection;
use crate::sandbox::endpoints::SandboxEndpoints;
use crate::sbcs::connection::client_with;
use crate::security::connection::powershell_check::stored_path;

/// The sandbox's endpoints once its emulators run (or a drill attached others).
pub(crate) type SharedEndpoints = Arc<RwLock<Option<SandboxEndpoints>>>;

#[derive(Clone)]
pub(crate) struct RemoteAccess {
    pub(crate) cache: Arc<Cache>,
    pub(crate) secrets: Arc<dyn SecretStore>,
    pub(crate) sandbox: SharedEndpoints,
}

impl RemoteAccess {
    pub(crate) fn sandbox(&self) -> Option<SandboxEndpoints> {
        self.sandbox
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The cached device and a client on it with `options`.
    pub(crate) fn sbc_client(
        &self,
        sbc_id: SbcId,
        options: ClientOptions,
    ) -> Result<(SbcDevice, SbcClient), ApiError> {
        let device = self.cache.sbc(sbc_id)?;
        let password = self.sbc_password(&device).ok_or_else(|| {
            ApiError::new(
                ErrorCode::SbcNoPassword,
                format!(
                    "No password is stored for SBC {}. Edit it and enter the admin password.",
                    device.fields.name
                ),
            )
        })?;
        let client = client_with(&device, password, options)?;
        Ok((device, client))
    }

    /// The stored password; in sandbox mode an emulated SBC's own password stands in
    /// when the keychain could not hold it.
    pub(crate) fn sbc_password(&self, device: &SbcDevice) -> Option<SecretString> {
        let stored = match device.password_ref.as_deref().map(str::parse::<SecretRef>) {
            Some(Ok(reference)) => self.secrets.get(&reference).unwrap_or_else(|error| {
                tracing::warn!(sbc = %device.id, %error, "SBC password could not be read");
                None
            }),
            Some(Err(error)) => {
                tracing::warn!(sbc = %device.id, %error, "SBC password reference is unreadable");
                None
            }
            None => None,
        };
        stored.or_else(|| {
            self.sandbox()?
                .sbc_password(&device.fields.host, device.fields.port)
        })
    }

    /// Where Teams PowerShell runs: the sandbox's interpreter in sandbox mode (so nothing
    /// leaves the loopback emulators), else the configured PowerShell, else one found
    /// on this computer.
    pub(crate) fn powershell_host(&self) -> Result<PowerShellHost, ApiError> {
        let found =
            match self.sandbox() {
                Some(sandbox) => sandbox.pwsh.map(PowerShellHost::at).ok_or_else(|| {
                    TeamsError::PowerShellNotFound {
                        looked_in: Vec::new(),
                    }
                }),
                None => locate(stored_path(&self.cache)?.as_deref()),
            };
        found.map_err(|error| ApiError::new(ErrorCode::PowerShellUnavailable, error.user_message()))
    }

    /// A Graph client signed in as the tenant's stored credential.
    pub(crate) fn tenant_graph(
        &self,
        tenant: &Tenant,
        http: reqwest::Client,
    ) -> Result<GraphClient, ApiError> {
        let sandbox = self.sandbox();
        let connection = Connection::resolve(&self.cache, &self.secrets, sandbox.as_ref(), tenant)?;
        Ok(connection.source(tenant, http)?.source.graph)
    }
}
