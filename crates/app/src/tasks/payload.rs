//! What a task stores to run: the change that was asked for, and for SBC prefix changes
//! the script rendered from the template when it was queued. Everything an executor
//! needs is fixed then: a later edit of a template does not change a queued task.

use serde::{Deserialize, Serialize};
use switchboard_domain::TaskKind;
use switchboard_sbc_cli::mask_secrets;
use switchboard_secrets::{ExposeSecret, SecretRef, SecretStore, SecretString, SecretsError};

use crate::tasks::requests::ChangeRequest;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TaskPayload {
    pub change: ChangeRequest,
    /// The rendered add-prefix or remove-prefix template.
    pub rendered: Option<String>,
}

/// An SBC script as stored: in the open, or sealed in the secret store when it sets a
/// secret (a SIP account password), which must never sit in the cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum ScriptText {
    Plain(String),
    /// A secret reference (`SecretRef`) in the keychain-backed store.
    Sealed(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PrefixRule {
    pub prefix: String,
    pub tag: String,
}

/// A Teams user as Graph addresses them, with the sign-in name people read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserRef {
    pub object_id: String,
    pub upn: String,
}

impl ScriptText {
    /// Keeps `script` in the open unless it sets a secret; then it is sealed in `secrets`.
    pub(crate) fn store(
        script: &str,
        secrets: &dyn SecretStore,
    ) -> Result<ScriptText, SecretsError> {
        if mask_secrets(script).had_secrets {
            let reference = secrets.create(&SecretString::from(script.to_owned()))?;
            Ok(ScriptText::Sealed(reference.to_string()))
        } else {
            Ok(ScriptText::Plain(script.to_owned()))
        }
    }

    /// Removes a sealed copy that is needed no more (applied, or its draft discarded).
    /// Best effort: a leftover entry is harmless.
    pub(crate) fn forget(&self, secrets: &dyn SecretStore) {
        let ScriptText::Sealed(reference) = self else {
            return;
        };
        let removed = reference
            .parse::<SecretRef>()
            .map_err(|_| "the reference is damaged".to_owned())
            .and_then(|reference| secrets.delete(&reference).map_err(|e| e.to_string()));
        if let Err(error) = removed {
            tracing::warn!(%error, "a sealed script copy could not be removed");
        }
    }

    /// The script's text; `Ok(None)` when its sealed copy is gone from the store.
    pub(crate) fn read(&self, secrets: &dyn SecretStore) -> Result<Option<String>, String> {
        match self {
            ScriptText::Plain(text) => Ok(Some(text.clone())),
            ScriptText::Sealed(reference) => {
                let reference: SecretRef = reference.parse().map_err(|_| {
                    "The script's sealed copy is damaged; queue the script again.".to_owned()
                })?;
                secrets
                    .get(&reference)
                    .map(|found| found.map(|text| text.expose_secret().to_owned()))
                    .map_err(|error| {
                        format!(
                            "The script's sealed copy could not be read from the keychain: {error}"
                        )
                    })
            }
        }
    }
}

impl TaskPayload {
    pub(crate) fn kind(&self) -> TaskKind {
        match &self.change {
            ChangeRequest::SbcScript { .. } => TaskKind::SbcScript,
            ChangeRequest::PrefixAdd { .. } => TaskKind::SbcPrefixAdd,
            ChangeRequest::PrefixRemove { .. } => TaskKind::SbcPrefixRemove,
            ChangeRequest::NumberAssign { .. } => TaskKind::NumberAssign,
            ChangeRequest::NumberUnassign { .. } => TaskKind::NumberUnassign,
            ChangeRequest::PolicyGrant { .. } => TaskKind::PolicyGrant,
            ChangeRequest::Voice { .. } => TaskKind::VoiceChange,
        }
    }

    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(self).expect("payloads serialize")
    }

    pub(crate) fn from_json(text: &str) -> Result<TaskPayload, String> {
        serde_json::from_str(text)
            .map_err(|e| format!("The task's stored payload is unreadable: {e}"))
    }
}
