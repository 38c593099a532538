//! What a successful sign-in hands out. `Debug` never shows a token.

use std::time::{Duration, Instant};

use secrecy::SecretString;

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
