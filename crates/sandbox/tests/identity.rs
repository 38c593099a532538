//! Contract tests of the identity emulator over real HTTP.

mod common;

use common::*;
use serde_json::Value;
use switchboard_sandbox::identity;
use switchboard_sandbox::token::{peek_claims, GRAPH_RESOURCE, TEAMS_ADMIN_RESOURCE};

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

fn devicecode_url(h: &Harness) -> String {
    format!("{}/{TENANT}/oauth2/v2.0/devicecode", h.ctx.urls.identity)
}

async fn start_device_flow(h: &Harness) -> Value {
    let (status, body) = h
        .post_form(
            &devicecode_url(h),
            &[
                ("client_id", CLIENT_ID),
                (
                    "scope",
                    "https://graph.microsoft.com/.default offline_access",
                ),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn poll(h: &Harness, device_code: &str) -> (u16, Value) {
    h.post_form(
        &h.token_url(),
        &[
            ("grant_type", DEVICE_GRANT),
            ("client_id", CLIENT_ID),
            ("device_code", device_code),
        ],
    )
    .await
}

#[tokio::test]
async fn client_credentials_issue_a_token_that_graph_accepts() {
    let h = start(3).await;
    let token = h.graph_token().await;
    let claims = peek_claims(&token).unwrap();
    assert_eq!(claims.iss, format!("{}/{TENANT}/v2.0", h.ctx.urls.identity));
    assert_eq!(claims.aud, GRAPH_RESOURCE);
    assert!(claims.roles.iter().any(|r| r == "User.ReadWrite.All"));
    assert_eq!(claims.scp, "", "an app-only token has no delegated scopes");
    let (status, body) = h.get("/v1.0/users", &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["value"].as_array().unwrap().len(), 3);

    // The Teams admin resource and HTTP Basic client authentication (the oauth2 crate's default) work too.
    let response = h
        .http
        .post(h.token_url())
        .basic_auth(CLIENT_ID, Some(SECRET))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", &format!("{TEAMS_ADMIN_RESOURCE}/.default")),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
    assert_eq!(
        peek_claims(body["access_token"].as_str().unwrap())
            .unwrap()
            .aud,
        TEAMS_ADMIN_RESOURCE
    );
}

#[tokio::test]
async fn client_credentials_errors_use_aadsts_codes() {
    let h = start(0).await;
    let cc = |secret: &'static str, scope: &'static str| {
        [
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", secret),
            ("scope", scope),
        ]
    };
    let (status, body) = h
        .post_form(
            &h.token_url(),
            &cc("wrong", "https://graph.microsoft.com/.default"),
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(body["error"], "invalid_client");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS7000215:"));
    assert_eq!(body["error_codes"][0], 7000215);
    for field in ["timestamp", "trace_id", "correlation_id"] {
        assert!(body[field].is_string(), "{field} missing in {body}");
    }

    let (status, body) = h
        .post_form(
            &h.token_url(),
            &cc(SECRET, "https://graph.microsoft.com/User.Read.All"),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_scope"))
    );

    let unknown_app = [
        ("grant_type", "client_credentials"),
        ("client_id", "00000000-0000-0000-0000-00000000dead"),
        ("client_secret", SECRET),
        ("scope", "https://graph.microsoft.com/.default"),
    ];
    let (_, body) = h.post_form(&h.token_url(), &unknown_app).await;
    assert_eq!(body["error"], "unauthorized_client");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS700016:"));

    let wrong_tenant = format!("{}/fabrikam.example/oauth2/v2.0/token", h.ctx.urls.identity);
    let (_, body) = h
        .post_form(
            &wrong_tenant,
            &cc(SECRET, "https://graph.microsoft.com/.default"),
        )
        .await;
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS90002:"));
}

#[tokio::test]
async fn tokens_expired_early_are_refused_by_graph() {
    let h = start(1).await;
    let token = h.graph_token().await;
    assert_eq!(h.get("/v1.0/users", &token).await.0, 200);
    identity::expire_tokens(&mut h.ctx.state.lock(), TENANT).unwrap();
    let (status, body) = h.get("/v1.0/users", &token).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "InvalidAuthenticationToken");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("expired"));
    // A new token works again.
    assert_eq!(h.get("/v1.0/users", &h.graph_token().await).await.0, 200);

    let (status, body) = h.get("/v1.0/users", "not-a-jwt").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("InvalidAuthenticationToken"))
    );
    // A token for another resource is refused with 403.
    let teams = h.app_token_for(CLIENT_ID, TEAMS_ADMIN_RESOURCE).await;
    assert_eq!(h.get("/v1.0/users", &teams).await.0, 403);
}

#[tokio::test]
async fn short_token_lifetimes_are_configurable() {
    let h = start(0).await;
    h.ctx
        .state
        .lock()
        .identity
        .config
        .access_token_lifetime_secs = 60;
    let token = h.graph_token().await;
    let claims = peek_claims(&token).unwrap();
    assert_eq!(claims.exp - claims.iat, 60);
}

#[tokio::test]
async fn device_code_pending_then_slow_down_then_approved() {
    let h = start(0).await;
    let flow = start_device_flow(&h).await;
    let user_code = flow["user_code"].as_str().unwrap();
    assert_eq!(user_code.len(), 8);
    assert_eq!(flow["interval"], 5);
    assert_eq!(flow["expires_in"], 900);
    assert_eq!(
        flow["verification_uri"],
        format!("{}/devicelogin", h.ctx.urls.identity)
    );
    assert!(flow["message"].as_str().unwrap().contains(user_code));
    let device_code = flow["device_code"].as_str().unwrap();

    let (status, body) = poll(&h, device_code).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("authorization_pending"))
    );
    let (_, body) = poll(&h, device_code).await;
    assert_eq!(body["error"], "slow_down");

    identity::approve_device_code(&mut h.ctx.state.lock(), user_code, ADMIN).unwrap();
    h.ctx.state.lock().identity.config.poll_interval_secs = 0;
    // The flow keeps the interval it was issued with, so an immediate poll is still too fast.
    assert_eq!(poll(&h, device_code).await.1["error"], "slow_down");
}

#[tokio::test]
async fn an_approved_device_code_yields_tokens_once_and_refresh_reaches_teams() {
    let h = start(0).await;
    h.ctx.state.lock().identity.config.poll_interval_secs = 0;
    let flow = start_device_flow(&h).await;
    identity::approve_device_code(
        &mut h.ctx.state.lock(),
        flow["user_code"].as_str().unwrap(),
        ADMIN,
    )
    .unwrap();
    let (status, body) = poll(&h, flow["device_code"].as_str().unwrap()).await;
    assert_eq!(status, 200, "{body}");
    let claims = peek_claims(body["access_token"].as_str().unwrap()).unwrap();
    assert!(claims.oid.is_some());
    assert_eq!(claims.scp, "User.Read.All Directory.Read.All");
    assert!(body["scope"].as_str().unwrap().contains("offline_access"));
    let refresh = body["refresh_token"].as_str().unwrap().to_string();
    let (_, again) = poll(&h, flow["device_code"].as_str().unwrap()).await;
    assert_eq!(again["error"], "invalid_grant");

    // The delegated Graph token reads users.
    assert_eq!(
        h.get("/v1.0/users", body["access_token"].as_str().unwrap())
            .await
            .0,
        200
    );

    let teams_scope = format!("{TEAMS_ADMIN_RESOURCE}/.default");
    let (status, teams) = h
        .post_form(
            &h.token_url(),
            &[
                ("grant_type", "refresh_token"),
                ("client_id", CLIENT_ID),
                ("refresh_token", &refresh),
                ("scope", &teams_scope),
            ],
        )
        .await;
    assert_eq!(status, 200, "{teams}");
    assert_eq!(
        peek_claims(teams["access_token"].as_str().unwrap())
            .unwrap()
            .aud,
        TEAMS_ADMIN_RESOURCE
    );

    assert_eq!(
        identity::revoke_refresh_tokens(&mut h.ctx.state.lock(), TENANT, None).unwrap(),
        2
    );
    let (status, body) = h
        .post_form(
            &h.token_url(),
            &[
                ("grant_type", "refresh_token"),
                ("client_id", CLIENT_ID),
                ("refresh_token", &refresh),
            ],
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS50173:"));
}

#[tokio::test]
async fn expired_refresh_tokens_are_invalid_grants() {
    let h = start(0).await;
    h.ctx.state.lock().identity.config.poll_interval_secs = 0;
    let flow = start_device_flow(&h).await;
    identity::approve_device_code(
        &mut h.ctx.state.lock(),
        flow["user_code"].as_str().unwrap(),
        ADMIN,
    )
    .unwrap();
    let (_, body) = poll(&h, flow["device_code"].as_str().unwrap()).await;
    let refresh = body["refresh_token"].as_str().unwrap();
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", CLIENT_ID),
        ("refresh_token", refresh),
    ];
    assert_eq!(h.post_form(&h.token_url(), &form).await.0, 200);
    identity::expire_refresh_tokens(&mut h.ctx.state.lock(), TENANT).unwrap();
    let (_, body) = h.post_form(&h.token_url(), &form).await;
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS700082:"));
}

#[tokio::test]
async fn declined_expired_and_unknown_device_codes() {
    let h = start(0).await;
    let declined = start_device_flow(&h).await;
    identity::decline_device_code(
        &mut h.ctx.state.lock(),
        declined["user_code"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(
        poll(&h, declined["device_code"].as_str().unwrap()).await.1["error"],
        "authorization_declined"
    );

    let expired = start_device_flow(&h).await;
    identity::expire_device_codes(&mut h.ctx.state.lock());
    assert_eq!(
        poll(&h, expired["device_code"].as_str().unwrap()).await.1["error"],
        "expired_token"
    );
    let late = identity::approve_device_code(
        &mut h.ctx.state.lock(),
        expired["user_code"].as_str().unwrap(),
        ADMIN,
    );
    assert!(matches!(
        late,
        Err(identity::IdentityError::ExpiredUserCode(_))
    ));

    assert_eq!(
        poll(&h, "no-such-code").await.1["error"],
        "bad_verification_code"
    );

    let fresh = start_device_flow(&h).await;
    let not_admin = identity::approve_device_code(
        &mut h.ctx.state.lock(),
        fresh["user_code"].as_str().unwrap(),
        "someone@contoso.onmicrosoft.com",
    );
    assert!(matches!(
        not_admin,
        Err(identity::IdentityError::NotAnAdmin(_))
    ));
}

#[tokio::test]
async fn the_device_login_page_approves_with_a_form_post() {
    let h = start(0).await;
    h.ctx.state.lock().identity.config.poll_interval_secs = 0;
    let flow = start_device_flow(&h).await;
    let page_url = flow["verification_uri"].as_str().unwrap();
    let page = h
        .http
        .get(page_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<form") && page.contains("name=\"user_code\""));

    let code = flow["user_code"].as_str().unwrap().to_lowercase();
    let wrong = h
        .http
        .post(page_url)
        .form(&[
            ("user_code", "ZZZZ9999"),
            ("upn", ADMIN),
            ("action", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    assert!(wrong.text().await.unwrap().contains("does not match"));

    let ok = h
        .http
        .post(page_url)
        .form(&[
            ("user_code", code.as_str()),
            ("upn", ADMIN),
            ("action", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(poll(&h, flow["device_code"].as_str().unwrap()).await.0, 200);
}

#[tokio::test]
async fn device_flows_against_organizations_take_the_admins_tenant() {
    let h = start(0).await;
    h.ctx.state.lock().identity.config.poll_interval_secs = 0;
    let url = format!(
        "{}/organizations/oauth2/v2.0/devicecode",
        h.ctx.urls.identity
    );
    let (status, flow) = h
        .post_form(
            &url,
            &[
                ("client_id", CLIENT_ID),
                ("scope", "User.Read.All offline_access"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{flow}");
    identity::approve_device_code(
        &mut h.ctx.state.lock(),
        flow["user_code"].as_str().unwrap(),
        ADMIN,
    )
    .unwrap();
    let token_url = format!("{}/organizations/oauth2/v2.0/token", h.ctx.urls.identity);
    let (status, body) = h
        .post_form(
            &token_url,
            &[
                ("grant_type", DEVICE_GRANT),
                ("client_id", CLIENT_ID),
                ("device_code", flow["device_code"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        peek_claims(body["access_token"].as_str().unwrap())
            .unwrap()
            .tid,
        TENANT
    );
}
