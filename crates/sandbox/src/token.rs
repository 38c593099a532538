//! Access tokens issued by the emulated identity platform.
//!
//! They are real JWTs (`header.payload.signature`, base64url, HS256) so that clients
//! which peek at `exp` or `iss` behave as they would with Microsoft's tokens. The
//! issuer carries the sandbox's own base URL: the PowerShell interpreter reads it to
//! find the Teams admin backend, just as the real module finds Microsoft's.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The Teams admin API resource that `Connect-MicrosoftTeams -AccessTokens` needs.
pub const TEAMS_ADMIN_RESOURCE: &str = "48ac35b8-9aa8-4d74-927d-1f4a14a0b239";
/// Microsoft Graph's resource URI.
pub const GRAPH_RESOURCE: &str = "https://graph.microsoft.com";
/// Azure Resource Manager's resource URI (the DNS record sets live there).
pub const ARM_RESOURCE: &str = "https://management.azure.com";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    /// Base URL of the sandbox identity endpoint that issued the token, ending in `/{tid}/v2.0`.
    pub iss: String,
    /// Resource the token is for (`GRAPH_RESOURCE` or `TEAMS_ADMIN_RESOURCE`).
    pub aud: String,
    /// Tenant id (GUID).
    pub tid: String,
    /// Application (client) id.
    pub appid: String,
    /// Object id of the signed-in user for delegated tokens; absent for app-only tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oid: Option<String>,
    /// Space-separated delegated scopes of a signed-in user's token.
    #[serde(default)]
    pub scp: String,
    /// Application permissions of an app-only token, as Microsoft puts them in `roles`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Issued at and expiry, seconds since the epoch.
    pub iat: i64,
    pub exp: i64,
    /// Unique token id, so a token can be revoked by the emulator.
    pub jti: String,
}

impl Claims {
    /// Every permission the token carries: its delegated scopes and its app roles.
    pub fn permissions(&self) -> impl Iterator<Item = &str> {
        self.scp
            .split_whitespace()
            .chain(self.roles.iter().map(String::as_str))
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TokenError {
    #[error("the token is not a well-formed JWT")]
    Malformed,
    #[error("the token signature is invalid")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
}

/// Signs and checks tokens with one per-sandbox key.
#[derive(Clone)]
pub struct TokenSigner {
    key: Vec<u8>,
}

impl TokenSigner {
    pub fn new(key: Vec<u8>) -> Self {
        Self { key }
    }

    pub fn sign(&self, claims: &Claims) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialize"));
        let signing_input = format!("{header}.{payload}");
        let signature = URL_SAFE_NO_PAD.encode(self.mac(signing_input.as_bytes()));
        format!("{signing_input}.{signature}")
    }

    /// Checks signature and expiry against `now` (seconds since the epoch).
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        let claims = self.verify_signature(token)?;
        if claims.exp <= now {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }

    /// Checks the signature only; used where an expired token must still be recognised.
    pub fn verify_signature(&self, token: &str) -> Result<Claims, TokenError> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Malformed)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(format!("{header}.{payload}").as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| TokenError::BadSignature)?;
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| TokenError::Malformed)?;
        serde_json::from_slice(&payload).map_err(|_| TokenError::Malformed)
    }

    fn mac(&self, data: &[u8]) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }
}

/// Reads the claims of a token without checking its signature. Only for a client that
/// must learn where a token came from (the PowerShell interpreter); never for auth.
pub fn peek_claims(token: &str) -> Result<Claims, TokenError> {
    let payload = token.split('.').nth(1).ok_or(TokenError::Malformed)?;
    let payload = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| TokenError::Malformed)?;
    serde_json::from_slice(&payload).map_err(|_| TokenError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            iss: "http://127.0.0.1:1/t/v2.0".into(),
            aud: GRAPH_RESOURCE.into(),
            tid: "t".into(),
            appid: "a".into(),
            oid: None,
            scp: String::new(),
            roles: Vec::new(),
            iat: 0,
            exp,
            jti: "j".into(),
        }
    }

    #[test]
    fn a_signed_token_verifies_until_it_expires() {
        let signer = TokenSigner::new(b"k".to_vec());
        let token = signer.sign(&claims(100));
        assert_eq!(signer.verify(&token, 99).unwrap(), claims(100));
        assert_eq!(signer.verify(&token, 100), Err(TokenError::Expired));
        assert_eq!(peek_claims(&token).unwrap().exp, 100);
    }

    #[test]
    fn a_token_signed_by_another_key_is_refused() {
        let token = TokenSigner::new(b"other".to_vec()).sign(&claims(100));
        assert_eq!(
            TokenSigner::new(b"k".to_vec()).verify(&token, 1),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            TokenSigner::new(b"k".to_vec()).verify("abc", 1),
            Err(TokenError::Malformed)
        );
    }
}
