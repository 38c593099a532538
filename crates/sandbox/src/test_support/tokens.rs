//! Access tokens for tests: asked of the identity emulator with client credentials, as
//! the app asks for them, or signed directly when a test needs claims the emulator
//! would never issue (another issuer, say).

use serde_json::Value;

use crate::token::{Claims, TokenSigner};
use crate::Sandbox;

/// A client-credentials token for `resource` (e.g. [`crate::token::GRAPH_RESOURCE`])
/// from the identity emulator at `identity_url`.
pub async fn client_credentials_token(
    identity_url: &str,
    tenant_id: &str,
    client_id: &str,
    client_secret: &str,
    resource: &str,
) -> String {
    let scope = format!("{resource}/.default");
    let answer: Value = reqwest::Client::new()
        .post(format!("{identity_url}/{tenant_id}/oauth2/v2.0/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", client_secret),
            ("scope", &scope),
        ])
        .send()
        .await
        .expect("the identity emulator answers")
        .json()
        .await
        .expect("the token answer is JSON");
    answer["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token in {answer}"))
        .to_string()
}

/// A token of the started sandbox's demo tenant number `tenant` for `resource`.
pub async fn demo_token(sandbox: &Sandbox, tenant: usize, resource: &str) -> String {
    let credentials = &sandbox.credentials[tenant];
    client_credentials_token(
        &sandbox.urls().identity,
        &credentials.tenant_id,
        &credentials.client_id,
        &credentials.client_secret,
        resource,
    )
    .await
}

/// A token for `audience` in `tenant_id`, valid for an hour, signed as the emulator
/// signs its own but claiming whatever `issuer` the test names.
pub fn signed_token(signer: &TokenSigner, issuer: &str, audience: &str, tenant_id: &str) -> String {
    let now = chrono::Utc::now().timestamp();
    signer.sign(&Claims {
        iss: issuer.to_string(),
        aud: audience.to_string(),
        tid: tenant_id.to_string(),
        appid: "00000000-0000-0000-0000-00000000a11c".into(),
        oid: None,
        scp: String::new(),
        roles: Vec::new(),
        iat: now,
        exp: now + 3600,
        jti: uuid::Uuid::new_v4().to_string(),
    })
}
