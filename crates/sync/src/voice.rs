//! A tenant's Direct Routing objects, read through Teams PowerShell: Microsoft offers
//! no Graph API for gateways, routes, dial plans or the network topology. The script
//! signs in with two tokens from the tenant's Graph sign-in (Graph and the Teams admin
//! API), so the stored credential serves both.

use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde_json::Value;
use switchboard_cache::{Cache, CacheError, VoiceObject, VoiceObjectsWritten};
use switchboard_domain::TenantId;
use switchboard_graph::{GraphClient, GraphError, Resource};
use switchboard_teams::{
    run_script, CancellationToken, PowerShellHost, RenderedScript, RunOptions, TeamsError,
    TeamsTokens,
};
use switchboard_voice::{parse_read_output, read_script, VoiceConfig, VoiceError};

/// The phase label of a plain read.
const CURRENT: &str = "current";

/// Where Teams PowerShell runs, and how long a read may take.
#[derive(Debug, Clone)]
pub struct VoiceReader {
    pub host: PowerShellHost,
    pub timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum VoiceReadError {
    #[error("signing in for Teams PowerShell failed: {0}")]
    Token(GraphError),
    #[error("Teams PowerShell: {0}")]
    Teams(TeamsError),
    #[error("{0}")]
    Voice(VoiceError),
}

impl VoiceReadError {
    pub fn user_message(&self) -> String {
        match self {
            Self::Token(error) => error.user_message(),
            Self::Teams(error) => error.user_message(),
            Self::Voice(error) => error.to_string(),
        }
    }

    pub fn is_cancelled(&self) -> bool {
        matches!(
            self,
            Self::Token(GraphError::Cancelled) | Self::Teams(TeamsError::Cancelled)
        )
    }
}

/// The two tokens `Connect-MicrosoftTeams -AccessTokens` takes, from `graph`'s sign-in.
pub async fn teams_tokens(graph: &GraphClient) -> Result<TeamsTokens, GraphError> {
    let graph_token = graph.access_token(Resource::Graph).await?;
    let teams_token = graph.access_token(Resource::TeamsAdmin).await?;
    Ok(TeamsTokens {
        graph: SecretString::clone(graph_token.secret()),
        teams: SecretString::clone(teams_token.secret()),
    })
}

/// Runs `script` for the tenant `graph` signs in to and returns its output objects.
pub async fn run_teams_script(
    graph: &GraphClient,
    host: &PowerShellHost,
    script: &str,
    options: &RunOptions,
) -> Result<Vec<Value>, VoiceReadError> {
    let tokens = teams_tokens(graph).await.map_err(VoiceReadError::Token)?;
    let script = RenderedScript::new(script).map_err(VoiceReadError::Teams)?;
    let outcome = run_script(host, &script, &tokens, options)
        .await
        .map_err(VoiceReadError::Teams)?;
    Ok(outcome.objects)
}

/// Reads every Direct Routing object of the tenant.
pub async fn read_voice_config(
    graph: &GraphClient,
    reader: &VoiceReader,
    cancel: &CancellationToken,
) -> Result<VoiceConfig, VoiceReadError> {
    let options = RunOptions {
        timeout: reader.timeout,
        cancel: cancel.clone(),
    };
    let objects = run_teams_script(graph, &reader.host, &read_script(CURRENT), &options).await?;
    parse_read_output(&objects, CURRENT).map_err(VoiceReadError::Voice)
}

/// Stores a read; unchanged objects are left as they were.
pub fn store_voice_config(
    cache: &Cache,
    tenant: TenantId,
    config: &VoiceConfig,
    at: DateTime<Utc>,
) -> Result<VoiceObjectsWritten, CacheError> {
    let rows: Vec<VoiceObject> = config
        .to_stored()
        .into_iter()
        .map(|o| VoiceObject {
            kind: o.kind.to_string(),
            identity: o.identity,
            body: o.body,
        })
        .collect();
    cache.store_voice_objects(tenant, &rows, at)
}

/// The tenant's cached configuration, as last read.
pub fn cached_voice_config(
    cache: &Cache,
    tenant: TenantId,
) -> Result<(VoiceConfig, switchboard_cache::StoredVoiceObjects), CacheError> {
    let stored = cache.voice_objects(tenant)?;
    let config = VoiceConfig::from_stored(
        stored
            .objects
            .iter()
            .map(|o| (o.object.kind.as_str(), o.object.body.as_str())),
    )
    .unwrap_or_else(|error| {
        tracing::warn!(%tenant, %error, "cached voice objects are unreadable; showing none");
        VoiceConfig::default()
    });
    Ok((config, stored))
}
