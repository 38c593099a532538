//! Contract tests of the Graph directory emulator over real HTTP.

mod common;

use std::collections::HashSet;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};
use switchboard_sandbox::identity::{self, AppRegistration};
use switchboard_sandbox::token::GRAPH_RESOURCE;

fn ids(body: &Value) -> Vec<String> {
    body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn paging_with_top_and_next_links_covers_every_user_once() {
    let h = start(250).await;
    let token = h.graph_token().await;
    let mut seen = HashSet::new();
    let mut pages = 0;
    let mut next = Some("/v1.0/users?$top=99&$select=id,displayName".to_string());
    while let Some(url) = next {
        let (status, body) = h.get(&url, &token).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("$metadata#users(id,displayName)"));
        for user in body["value"].as_array().unwrap() {
            assert_eq!(
                user.as_object().unwrap().len(),
                2,
                "only the selected properties: {user}"
            );
            assert!(
                seen.insert(user["id"].as_str().unwrap().to_string()),
                "a user came twice"
            );
        }
        next = body["@odata.nextLink"].as_str().map(str::to_string);
        pages += 1;
    }
    assert_eq!((seen.len(), pages), (250, 3));
    let (_, default_page) = h.get("/v1.0/users", &token).await;
    assert_eq!(default_page["value"].as_array().unwrap().len(), 100);
}

#[tokio::test]
async fn page_size_and_unknown_properties_are_validated() {
    let h = start(1).await;
    let token = h.graph_token().await;
    let (status, body) = h.get("/v1.0/users?$top=1000", &token).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["message"],
        "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive."
    );
    let (status, body) = h.get("/v1.0/users?$select=shoeSize", &token).await;
    assert_eq!(status, 400);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("shoeSize"));
    let (status, body) = h.get("/v1.0/users?$filter=jobTitle eq 'x'", &token).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("Request_UnsupportedQuery"))
    );
    assert_eq!(h.get("/v1.0/users?$skip=5", &token).await.0, 400);
    assert_eq!(h.get("/v1.0/users?$count=true", &token).await.0, 400);
}

#[tokio::test]
async fn filters_select_matching_users() {
    let h = start(30).await;
    let token = h.graph_token().await;
    let (_, body) = h
        .get(
            "/v1.0/users?$filter=userPrincipalName eq 'USER00007@contoso.onmicrosoft.com'",
            &token,
        )
        .await;
    assert_eq!(body["value"].as_array().unwrap().len(), 1);
    assert_eq!(body["value"][0]["displayName"], "User 00007");

    let (_, body) = h.get("/v1.0/users?$filter=startswith(displayName,'User 0001') and department eq 'Sales'&$top=999", &token).await;
    let names: Vec<&str> = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(names.iter().all(|n| n.starts_with("User 0001")));

    let response = h
        .http
        .get(format!(
            "{}/v1.0/users?$filter=accountEnabled eq true&$count=true&$top=5",
            h.ctx.urls.graph
        ))
        .bearer_auth(&token)
        .header("ConsistencyLevel", "eventual")
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["@odata.count"], 30);
    assert!(body["@odata.nextLink"].is_string());
}

#[tokio::test]
async fn users_are_created_validated_and_updated() {
    let h = start(0).await;
    let token = h.graph_token().await;
    let new_user = |upn: &str| {
        json!({
            "accountEnabled": true,
            "displayName": "Adele Vance",
            "mailNickname": "adelev",
            "userPrincipalName": upn,
            "passwordProfile": {"forceChangePasswordNextSignIn": true, "password": "xWwvJ]6NMw+bWH-d"}
        })
    };
    let (status, _, created) = h
        .graph(
            Method::POST,
            "/v1.0/users",
            &token,
            Some(new_user("adelev@contoso.onmicrosoft.com")),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();

    let (status, _, dup) = h
        .graph(
            Method::POST,
            "/v1.0/users",
            &token,
            Some(new_user("AdeleV@contoso.onmicrosoft.com")),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(dup["error"]["code"], "Request_BadRequest");
    assert_eq!(
        dup["error"]["message"],
        "Another object with the same value for property userPrincipalName already exists."
    );

    let (status, _, body) = h
        .graph(
            Method::POST,
            "/v1.0/users",
            &token,
            Some(new_user("adele@unverified.example")),
        )
        .await;
    assert_eq!(status, 400);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("verified domain"));

    let mut missing = new_user("x@contoso.onmicrosoft.com");
    missing.as_object_mut().unwrap().remove("mailNickname");
    let (status, _, body) = h
        .graph(Method::POST, "/v1.0/users", &token, Some(missing))
        .await;
    assert_eq!(status, 400);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("'mailNickname'"));

    let (status, _, _) = h
        .graph(
            Method::PATCH,
            &format!("/v1.0/users/{id}"),
            &token,
            Some(json!({"jobTitle": "Buyer", "usageLocation": "GB"})),
        )
        .await;
    assert_eq!(status, 204);
    let (_, body) = h
        .get(
            "/v1.0/users/adelev@contoso.onmicrosoft.com?$select=jobTitle,usageLocation",
            &token,
        )
        .await;
    assert_eq!(
        (body["jobTitle"].as_str(), body["usageLocation"].as_str()),
        (Some("Buyer"), Some("GB"))
    );
    let (status, _, _) = h
        .graph(
            Method::PATCH,
            &format!("/v1.0/users/{id}"),
            &token,
            Some(json!({"id": "other"})),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        h.get("/v1.0/users/nobody@contoso.onmicrosoft.com", &token)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn missing_permissions_are_refused_with_403() {
    let h = start(1).await;
    let bare = h.app_token_for(BARE_CLIENT_ID, GRAPH_RESOURCE).await;
    let (status, body) = h.get("/v1.0/users", &bare).await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "Authorization_RequestDenied");
    assert_eq!(
        body["error"]["message"],
        "Insufficient privileges to complete the operation."
    );

    let reader = "6a1c5f1e-2b7d-4c55-a0de-4f3b2a9c0003";
    let app =
        AppRegistration::new(reader, SECRET).with_app_roles(GRAPH_RESOURCE, &["User.Read.All"]);
    identity::register_app(&mut h.ctx.state.lock(), TENANT, app).unwrap();
    let token = h.app_token_for(reader, GRAPH_RESOURCE).await;
    assert_eq!(h.get("/v1.0/users", &token).await.0, 200);
    let (status, _, _) = h
        .graph(
            Method::PATCH,
            "/v1.0/users/user00000@contoso.onmicrosoft.com",
            &token,
            Some(json!({"jobTitle": "x"})),
        )
        .await;
    assert_eq!(status, 403);
}

async fn delta_round(h: &Harness, token: &str, start: &str) -> (Vec<Value>, String) {
    let mut items = Vec::new();
    let mut url = start.to_string();
    loop {
        let (status, body) = h.get(&url, token).await;
        assert_eq!(status, 200, "{body}");
        items.extend(body["value"].as_array().unwrap().iter().cloned());
        if let Some(next) = body["@odata.nextLink"].as_str() {
            url = next.to_string();
        } else {
            return (
                items,
                body["@odata.deltaLink"]
                    .as_str()
                    .expect("a round ends with a delta link")
                    .to_string(),
            );
        }
    }
}

#[tokio::test]
async fn delta_reports_adds_updates_and_deletes_exactly_once() {
    let h = start(120).await;
    let token = h.graph_token().await;
    let (first, link) = delta_round(
        &h,
        &token,
        "/v1.0/users/delta?$select=displayName,department",
    )
    .await;
    assert_eq!(first.len(), 120);
    assert_eq!(
        first
            .iter()
            .map(|u| u["id"].as_str().unwrap())
            .collect::<HashSet<_>>()
            .len(),
        120
    );

    let (nothing, link) = delta_round(&h, &token, &link).await;
    assert!(nothing.is_empty());

    let (updated, deleted, added) = {
        let mut state = h.ctx.state.lock();
        let dir = &mut state.tenant_mut(TENANT).unwrap().directory;
        let updated = dir
            .user("user00005@contoso.onmicrosoft.com")
            .unwrap()
            .id
            .clone();
        for title in ["A", "B", "C"] {
            dir.update_user(&updated, |u| {
                u.department = Some(title.into());
                Ok(())
            })
            .unwrap();
        }
        let deleted = dir
            .user("user00009@contoso.onmicrosoft.com")
            .unwrap()
            .id
            .clone();
        dir.delete_user(&deleted).unwrap();
        let added = dir
            .add_user(switchboard_sandbox::directory::User::new(
                "new@contoso.onmicrosoft.com",
                "Newcomer",
            ))
            .unwrap()
            .id
            .clone();
        (updated, deleted, added)
    };
    let (changes, link) = delta_round(&h, &token, &link).await;
    assert_eq!(changes.len(), 3, "{changes:?}");
    let find = |id: &str| {
        changes
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    assert_eq!(find(&updated)["department"], "C");
    assert_eq!(find(&deleted)["@removed"]["reason"], "deleted");
    assert_eq!(find(&added)["displayName"], "Newcomer");
    assert!(
        find(&added).get("userPrincipalName").is_none(),
        "the $select of the first request is kept"
    );

    let (again, _) = delta_round(&h, &token, &link).await;
    assert!(again.is_empty());

    h.ctx
        .state
        .lock()
        .tenant_mut(TENANT)
        .unwrap()
        .directory
        .expire_delta_links();
    let (status, body) = h.get(&link, &token).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("syncStateNotFound"))
    );
}

#[tokio::test]
async fn delta_links_older_than_the_configured_age_expire() {
    let h = start(2).await;
    let token = h.graph_token().await;
    let (_, link) = delta_round(&h, &token, "/v1.0/users/delta").await;
    h.ctx
        .state
        .lock()
        .tenant_mut(TENANT)
        .unwrap()
        .directory
        .delta_link_max_age_secs = -1;
    assert_eq!(
        h.get(&link, &token).await.1["error"]["code"],
        "syncStateNotFound"
    );
}

#[tokio::test]
async fn batch_dispatches_up_to_twenty_requests() {
    let h = start(5).await;
    let token = h.graph_token().await;
    let mut requests: Vec<Value> = (0..19).map(|n| json!({"id": n.to_string(), "method": "GET", "url": format!("/users/user{:05}@contoso.onmicrosoft.com?$select=id", n % 5)})).collect();
    requests
        .push(json!({"id": "19", "method": "GET", "url": "/users/ghost@contoso.onmicrosoft.com"}));
    let (status, _, body) = h
        .graph(
            Method::POST,
            "/v1.0/$batch",
            &token,
            Some(json!({"requests": requests.clone()})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let responses = body["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 20);
    for response in responses {
        let expected = if response["id"] == "19" { 404 } else { 200 };
        assert_eq!(response["status"], expected, "{response}");
        assert!(response["headers"].is_object());
    }

    requests.push(json!({"id": "20", "method": "GET", "url": "/users"}));
    let (status, _, body) = h
        .graph(
            Method::POST,
            "/v1.0/$batch",
            &token,
            Some(json!({"requests": requests})),
        )
        .await;
    assert_eq!(status, 400);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("exceeds the limit of 20"));

    let patch = json!({"requests": [
        {"id": "1", "method": "PATCH", "url": "/users/user00001@contoso.onmicrosoft.com", "headers": {"Content-Type": "application/json"}, "body": {"jobTitle": "Lead"}},
        {"id": "2", "method": "GET", "url": "/users/user00001@contoso.onmicrosoft.com?$select=jobTitle", "dependsOn": ["1"]}
    ]});
    let (_, _, body) = h
        .graph(Method::POST, "/v1.0/$batch", &token, Some(patch))
        .await;
    assert_eq!(body["responses"][0]["status"], 204);
    assert_eq!(body["responses"][1]["body"]["jobTitle"], "Lead");
}

#[tokio::test]
async fn licences_need_a_usage_location_and_free_units() {
    let h = start(6).await;
    let token = h.graph_token().await;
    let assign = |sku: &str| json!({"addLicenses": [{"skuId": sku, "disabledPlans": []}], "removeLicenses": []});
    // user00000 has no usage location (n % 3 == 0).
    let (status, _, body) = h
        .graph(
            Method::POST,
            "/v1.0/users/user00000@contoso.onmicrosoft.com/assignLicense",
            &token,
            Some(assign(E5_SKU)),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "Request_BadRequest");
    assert_eq!(
        body["error"]["message"],
        "License assignment cannot be done for user with invalid usage location."
    );

    let (status, _, body) = h
        .graph(
            Method::POST,
            "/v1.0/users/user00001@contoso.onmicrosoft.com/assignLicense",
            &token,
            Some(assign(PHONE_SKU)),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _, _) = h
        .graph(
            Method::POST,
            "/v1.0/users/user00002@contoso.onmicrosoft.com/assignLicense",
            &token,
            Some(assign(PHONE_SKU)),
        )
        .await;
    assert_eq!(status, 400, "only one unit");
    let (status, _, _) = h
        .graph(
            Method::POST,
            "/v1.0/users/user00002@contoso.onmicrosoft.com/assignLicense",
            &token,
            Some(assign("00000000-0000-0000-0000-000000000000")),
        )
        .await;
    assert_eq!(status, 400);

    let (_, skus) = h.get("/v1.0/subscribedSkus", &token).await;
    let phone = skus["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skuId"] == PHONE_SKU)
        .unwrap();
    assert_eq!(
        (
            phone["consumedUnits"].as_u64(),
            phone["prepaidUnits"]["enabled"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let (_, user) = h
        .get(
            "/v1.0/users/user00001@contoso.onmicrosoft.com?$select=assignedLicenses",
            &token,
        )
        .await;
    assert_eq!(user["assignedLicenses"][0]["skuId"], PHONE_SKU);
}

#[tokio::test]
async fn groups_members_and_member_of() {
    let h = start(5).await;
    let group_id = {
        let mut state = h.ctx.state.lock();
        let dir = &mut state.tenant_mut(TENANT).unwrap().directory;
        let id = dir
            .add_group(switchboard_sandbox::directory::Group::new("Voice Users"))
            .unwrap()
            .id
            .clone();
        for n in 0..3 {
            dir.add_member(&id, &format!("user{n:05}@contoso.onmicrosoft.com"))
                .unwrap();
        }
        id
    };
    let token = h.graph_token().await;
    let (_, groups) = h
        .get("/v1.0/groups?$filter=displayName eq 'voice users'", &token)
        .await;
    assert_eq!(ids(&groups), vec![group_id.clone()]);
    let (_, first) = h
        .get(&format!("/v1.0/groups/{group_id}/members?$top=2"), &token)
        .await;
    assert_eq!(first["value"].as_array().unwrap().len(), 2);
    assert_eq!(first["value"][0]["@odata.type"], "#microsoft.graph.user");
    let (_, rest) = h
        .get(first["@odata.nextLink"].as_str().unwrap(), &token)
        .await;
    assert_eq!(rest["value"].as_array().unwrap().len(), 1);
    assert!(rest.get("@odata.nextLink").is_none());
    let (_, member_of) = h
        .get(
            "/v1.0/users/user00001@contoso.onmicrosoft.com/memberOf",
            &token,
        )
        .await;
    assert_eq!(member_of["value"][0]["displayName"], "Voice Users");
    let (_, none) = h
        .get(
            "/v1.0/users/user00004@contoso.onmicrosoft.com/memberOf",
            &token,
        )
        .await;
    assert!(none["value"].as_array().unwrap().is_empty());
    assert_eq!(h.get("/v1.0/groups?$top=1000", &token).await.0, 400);
}

#[tokio::test]
async fn organization_lists_the_verified_domains() {
    let h = start(0).await;
    let token = h.graph_token().await;
    let (status, body) = h.get("/v1.0/organization", &token).await;
    assert_eq!(status, 200);
    assert_eq!(body["value"][0]["id"], TENANT);
    assert_eq!(
        body["value"][0]["verifiedDomains"][0]["name"],
        "contoso.onmicrosoft.com"
    );
}

#[tokio::test]
async fn listing_a_hundred_thousand_users_is_fast() {
    let h = start(0).await;
    {
        let mut state = h.ctx.state.lock();
        let dir = &mut state.tenant_mut(TENANT).unwrap().directory;
        for n in 0..100_000 {
            dir.add_user(switchboard_sandbox::directory::User::new(
                &format!("bulk{n}@contoso.onmicrosoft.com"),
                "Bulk",
            ))
            .unwrap();
        }
    }
    let token = h.graph_token().await;
    let started = std::time::Instant::now();
    let mut count = 0;
    let mut next = Some("/v1.0/users?$top=999&$select=id".to_string());
    while let Some(url) = next {
        let (_, body) = h.get(&url, &token).await;
        count += body["value"].as_array().unwrap().len();
        next = body["@odata.nextLink"].as_str().map(str::to_string);
    }
    assert_eq!(count, 100_000);
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}
