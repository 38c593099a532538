//! Reading the Entra roles an app holds, against the Graph emulator's role assignments.

mod common;

use std::sync::Arc;

use common::*;
use secrecy::SecretString;
use switchboard_domain::EntraRole;
use switchboard_graph::{
    AppRegistration, Authority, ClientCredentials, GraphClient, GraphError, Resource, SignIn,
    TenantRef, TokenCache, TokenProvider,
};
use switchboard_sandbox::identity::{self, AppRegistration as SandboxApp};
use switchboard_sandbox::token::GRAPH_RESOURCE;

const READER: &str = "0c0ffee0-1111-4222-8333-444455556666";

/// A second app that may read the directory, signed in with client credentials.
fn reader(sandbox: &Sandbox) -> (GraphClient, Arc<dyn TokenProvider>) {
    let app =
        SandboxApp::new(READER, SECRET).with_app_roles(GRAPH_RESOURCE, &["Directory.Read.All"]);
    identity::register_app(&mut sandbox.state(), TENANT, app).unwrap();
    let authority = Authority::new(sandbox.cloud.clone(), TenantRef::new(TENANT).unwrap());
    let sign_in = SignIn::new(
        sandbox.http.clone(),
        authority,
        AppRegistration::confidential(READER, SecretString::from(SECRET.to_string())),
    )
    .unwrap();
    let tokens: Arc<dyn TokenProvider> = Arc::new(TokenCache::new(ClientCredentials(sign_in)));
    let client = GraphClient::new(sandbox.http.clone(), sandbox.cloud.graph(), tokens.clone())
        .with_retry_policy(fast_retry());
    (client, tokens)
}

#[tokio::test]
async fn an_apps_roles_and_permissions_are_read_as_graph_lists_them() {
    let sandbox = start(0, quick_identity()).await;
    let (client, tokens) = reader(&sandbox);
    let token = tokens.token(Resource::Graph).await.unwrap();
    assert_eq!(token.application_permissions(), ["Directory.Read.All"]);

    let sp = client
        .service_principal_of_app(CLIENT_ID)
        .await
        .unwrap()
        .expect("consent created the service principal");
    assert_eq!(sp.app_id, CLIENT_ID);
    assert!(client.role_assignments_of(&sp.id).await.unwrap().is_empty());

    {
        let mut state = sandbox.state();
        let roles = &mut state.tenant_mut(TENANT).unwrap().roles;
        roles.assign(&sp.id, EntraRole::TeamsAdministrator);
        roles.assign(&sp.id, EntraRole::UserAdministrator);
    }
    let mut held: Vec<String> = client
        .role_assignments_of(&sp.id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| {
            assert_eq!(a.principal_id, sp.id);
            assert_eq!(a.directory_scope_id.as_deref(), Some("/"));
            a.role_definition_id
        })
        .collect();
    held.sort();
    assert_eq!(
        held,
        [
            EntraRole::TeamsAdministrator.template_id(),
            EntraRole::UserAdministrator.template_id()
        ]
    );
    assert_eq!(
        client
            .service_principal_of_app("99999999-0000-4000-8000-000000000000")
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn an_app_without_directory_read_is_refused_and_me_needs_a_user() {
    let sandbox = start(0, quick_identity()).await;
    let app = sandbox.app_client();
    let refused = app.service_principal_of_app(CLIENT_ID).await.unwrap_err();
    assert!(
        matches!(&refused, GraphError::Api(e) if e.status == 403),
        "{refused:?}"
    );
    let (reader, _) = reader(&sandbox);
    let no_user = reader.me().await.unwrap_err();
    assert!(
        matches!(&no_user, GraphError::Api(e) if e.status == 400),
        "{no_user:?}"
    );
}
