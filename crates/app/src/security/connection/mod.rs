//! The Connection tab's commands of `AppContext`: the outbound proxy, the PowerShell
//! path, and the PowerShell check.

pub(crate) mod powershell_check;
pub(crate) mod proxy_setting;
pub(crate) mod views;

use crate::context::AppContext;
use crate::error::{ApiError, FieldError};
use crate::outbound_http;
use crate::security::connection::powershell_check::{HostChoice, POWERSHELL_PATH_SETTING};
use crate::security::connection::proxy_setting::{
    http_settings, stored_proxy, ProxyUrl, PROXY_SETTING,
};
use crate::security::connection::views::{
    ConnectionSettings, PowerShellEnvironmentView, ProxyInput, ProxyMode,
};

impl AppContext {
    pub fn connection_settings(&self) -> Result<ConnectionSettings, ApiError> {
        let proxy = stored_proxy(self.cache());
        Ok(ConnectionSettings {
            proxy_mode: if proxy.is_some() {
                ProxyMode::Url
            } else {
                ProxyMode::System
            },
            proxy_url: proxy.map(|p| p.as_str().to_owned()),
            powershell_path: powershell_check::stored_path(self.cache())?
                .map(|p| p.display().to_string()),
        })
    }

    /// Saves the proxy choice and rebuilds the HTTP client with it. Sign-ins and
    /// checks use it at once; tenants on the replication cycle are queued again so
    /// their next run goes the new way too. A refused URL changes nothing.
    pub fn set_proxy(&self, input: &ProxyInput) -> Result<ConnectionSettings, ApiError> {
        let proxy = match input.mode {
            ProxyMode::System => None,
            ProxyMode::Url => Some(
                ProxyUrl::parse(input.url.as_deref().unwrap_or_default())
                    .map_err(|field| ApiError::validation(vec![field]))?,
            ),
        };
        // Built before saving, so that a client that cannot be built changes nothing.
        let client = outbound_http::build(&http_settings(proxy.as_ref()))?;
        // An empty value means the system proxy.
        self.cache()
            .set_setting(PROXY_SETTING, proxy.as_ref().map_or("", ProxyUrl::as_str))?;
        self.outbound_http().replace(client);
        tracing::info!(custom_proxy = proxy.is_some(), "outbound proxy changed");
        self.requeue_replications("the proxy change");
        self.connection_settings()
    }

    /// Sets (or with `None` / blank, clears) the PowerShell executable Teams scripts
    /// run with. The file must exist; a refused path changes nothing.
    pub fn set_powershell_path(&self, path: Option<&str>) -> Result<ConnectionSettings, ApiError> {
        match path.map(str::trim).filter(|p| !p.is_empty()) {
            Some(text) => {
                let path = powershell_check::validate_path(text)
                    .map_err(|field: FieldError| ApiError::validation(vec![field]))?;
                self.cache()
                    .set_setting(POWERSHELL_PATH_SETTING, &path.display().to_string())?;
            }
            // Empty means "find PowerShell".
            None => self.cache().set_setting(POWERSHELL_PATH_SETTING, "")?,
        }
        self.connection_settings()
    }

    /// Runs the PowerShell check: host, version, MicrosoftTeams module.
    pub fn powershell_environment(&self) -> Result<PowerShellEnvironmentView, ApiError> {
        let choice = match (
            powershell_check::stored_path(self.cache())?,
            self.remote().sandbox(),
        ) {
            (Some(path), _) => HostChoice::Configured(path),
            (None, Some(sandbox)) => HostChoice::Sandbox(sandbox.pwsh),
            (None, None) => HostChoice::Detect,
        };
        Ok(powershell_check::check(self.runtime_handle(), choice))
    }
}
