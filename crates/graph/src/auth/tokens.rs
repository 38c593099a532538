//! What a successful sign-in hands out. `Debug` never shows a token.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use secrecy::{ExposeSecret, SecretString};

use crate::cloud::Resource;

/// An access token, kept in memory only.
#[derive(Debug, Clone)]
pub struct AccessToken {
    secret: SecretString,
    resource: Resource,
    expires_at: Instant,
}

impl AccessToken {
    pub fn new(secret: SecretString, resource: Resource, expires_at: Instant) -> Self {
        Self {
            secret,
            resource,
            expires_at,
        }
    }

    /// The bearer value; expose it only to put it on the wire or hand it to PowerShell.
    pub fn secret(&self) -> &SecretString {
        &self.secret
    }

    pub fn resource(&self) -> Resource {
        self.resource
    }

    pub fn expires_at(&self) -> Instant {
        self.expires_at
    }

    /// The application permissions an app-only token carries (its `roles` claim), read
    /// without checking the signature: only to tell the user what the sign-in may do.
    /// Empty for delegated tokens and for tokens that are not JWTs.
    pub fn application_permissions(&self) -> Vec<String> {
        #[derive(serde::Deserialize)]
        struct RolesClaim {
            #[serde(default)]
            roles: Vec<String>,
        }
        self.secret
            .expose_secret()
            .split('.')
            .nth(1)
            .and_then(|payload| URL_SAFE_NO_PAD.decode(payload).ok())
            .and_then(|json| serde_json::from_slice::<RolesClaim>(&json).ok())
            .map(|claim| claim.roles)
            .unwrap_or_default()
    }

    /// Still good `margin` from now.
    pub fn is_fresh(&self, margin: Duration) -> bool {
        Instant::now() + margin < self.expires_at
    }
}

/// An access token plus, for delegated sign-ins, the refresh token that replaces the
/// previous one. The caller persists `refresh_token` (in the keychain).
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access: AccessToken,
    pub refresh_token: Option<SecretString>,
}
