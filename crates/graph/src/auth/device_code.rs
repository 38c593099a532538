//! The device authorization grant: start it, show the prompt, then poll until the admin
//! approves, declines, the code expires, or the caller cancels.

use std::time::{Duration, Instant, SystemTime};

use oauth2::{DeviceAuthorizationResponse, DeviceAuthorizationUrl, ExtraDeviceAuthorizationFields};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use super::oauth_error::to_graph_error;
use super::sign_in::{token_set, SignIn};
use super::tokens::TokenSet;
use crate::cloud::Resource;
use crate::error::GraphError;

/// How polling follows the server's `interval` (and its `slow_down` +5 s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollPacing {
    /// Multiplies the server's interval: 1.0 in the app, small in tests.
    pub interval_scale: f64,
    /// Never poll faster than this, whatever the server says.
    pub min_interval: Duration,
}

impl Default for PollPacing {
    fn default() -> Self {
        Self {
            interval_scale: 1.0,
            min_interval: Duration::from_secs(1),
        }
    }
}

impl PollPacing {
    fn wait(&self, interval: Duration) -> Duration {
        interval
            .mul_f64(self.interval_scale.max(0.0))
            .max(self.min_interval)
    }
}

/// Microsoft adds a ready-made `message` to the RFC 8628 answer.
#[derive(Debug, Serialize, Deserialize)]
struct MicrosoftFields {
    message: Option<String>,
}

impl ExtraDeviceAuthorizationFields for MicrosoftFields {}

type MicrosoftDeviceAuthorization = DeviceAuthorizationResponse<MicrosoftFields>;

/// What the UI shows while the admin signs in elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCodePrompt {
    pub user_code: String,
    pub verification_uri: String,
    pub expires_at: SystemTime,
    pub interval: Duration,
    pub message: String,
}

/// A started device-code sign-in, to be finished with `SignIn::finish_device_code`.
#[derive(Debug)]
pub struct DeviceCodeSession {
    prompt: DeviceCodePrompt,
    resource: Resource,
    details: MicrosoftDeviceAuthorization,
}

impl DeviceCodeSession {
    pub fn prompt(&self) -> &DeviceCodePrompt {
        &self.prompt
    }

    pub fn resource(&self) -> Resource {
        self.resource
    }
}

impl SignIn {
    /// Asks for a user code for `resource` (with `offline_access`, so a refresh token follows).
    pub async fn start_device_code(
        &self,
        resource: Resource,
    ) -> Result<DeviceCodeSession, GraphError> {
        let device_url =
            DeviceAuthorizationUrl::new(self.authority.device_code_url()).map_err(|e| {
                GraphError::InvalidInput(format!("the device-code URL is not valid ({e})"))
            })?;
        let details: MicrosoftDeviceAuthorization = self
            .token_client()?
            .set_device_authorization_url(device_url)
            .exchange_device_code()
            .add_scope(self.scope(resource))
            .add_scope(oauth2::Scope::new("offline_access".into()))
            .request_async(self)
            .await
            .map_err(to_graph_error)?;
        let prompt = DeviceCodePrompt {
            user_code: details.user_code().secret().clone(),
            verification_uri: details.verification_uri().to_string(),
            expires_at: SystemTime::now() + details.expires_in(),
            interval: details.interval(),
            message: details.extra_fields().message.clone().unwrap_or_else(|| {
                format!(
                    "Open {} and enter the code {}.",
                    details.verification_uri().as_str(),
                    details.user_code().secret()
                )
            }),
        };
        Ok(DeviceCodeSession {
            prompt,
            resource,
            details,
        })
    }

    /// Polls until the sign-in ends. Stops with `SignInDeclined`, `SignInExpired` or
    /// `BadVerificationCode`, or `Cancelled` as soon as `cancel` fires.
    pub async fn finish_device_code(
        &self,
        session: &DeviceCodeSession,
        cancel: &CancellationToken,
    ) -> Result<TokenSet, GraphError> {
        let client = self.token_client()?;
        let pacing = self.pacing;
        let poll = client
            .exchange_device_access_token(&session.details)
            .request_async(
                self,
                move |interval| tokio::time::sleep(pacing.wait(interval)),
                None,
            );
        tokio::select! {
            result = poll => {
                let response = result.map_err(to_graph_error)?;
                Ok(token_set(&response, session.resource, Instant::now()))
            }
            _ = cancel.cancelled() => Err(GraphError::Cancelled),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pacing_scales_the_interval_but_keeps_a_floor() {
        let pacing = PollPacing {
            interval_scale: 0.1,
            min_interval: Duration::from_millis(50),
        };
        assert_eq!(
            pacing.wait(Duration::from_secs(5)),
            Duration::from_millis(500)
        );
        assert_eq!(pacing.wait(Duration::ZERO), Duration::from_millis(50));
        assert_eq!(
            PollPacing::default().wait(Duration::from_secs(5)),
            Duration::from_secs(5)
        );
    }
}
