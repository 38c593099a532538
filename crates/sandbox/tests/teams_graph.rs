//! Graph's `/v1.0/admin/teams` endpoints over real HTTP on 127.0.0.1, sharing state
//! with the cmdlets.

mod teams_support;

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{json, Value};
use teams_support::{Sandbox, ALICE, BOB};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_configurations_page_through_next_links_and_select() {
    let sandbox = Sandbox::start(5).await;
    let mut url = format!(
        "{}/v1.0/admin/teams/userConfigurations?$top=3&$select=userPrincipalName",
        sandbox.base
    );
    let mut seen = BTreeSet::new();
    let mut pages = 0;
    loop {
        let page: Value = reqwest::Client::new()
            .get(&url)
            .bearer_auth(sandbox.token(switchboard_sandbox::token::GRAPH_RESOURCE))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        pages += 1;
        for item in page["value"].as_array().unwrap() {
            let keys: BTreeSet<&str> = item
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(keys, BTreeSet::from(["id", "userPrincipalName"]));
            assert!(
                seen.insert(item["id"].as_str().unwrap().to_string()),
                "a user came twice"
            );
        }
        match page["@odata.nextLink"].as_str() {
            Some(next) => url = next.to_string(),
            None => break,
        }
    }
    assert_eq!((seen.len(), pages), (7, 3));

    let bad = sandbox
        .graph("/v1.0/admin/teams/userConfigurations?$top=1000")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let anonymous = reqwest::get(format!(
        "{}/v1.0/admin/teams/userConfigurations",
        sandbox.base
    ))
    .await
    .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

async fn poll(sandbox: &Sandbox, location: &str) -> Vec<Value> {
    let mut states = Vec::new();
    for _ in 0..5 {
        let operation: Value = reqwest::Client::new()
            .get(location)
            .bearer_auth(sandbox.token(switchboard_sandbox::token::GRAPH_RESOURCE))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let done = matches!(operation["status"].as_str(), Some("succeeded" | "failed"));
        states.push(operation);
        if done {
            break;
        }
    }
    states
}

async fn assign(sandbox: &Sandbox, user_id: &str, number: &str) -> String {
    let response = sandbox
        .graph_post(
            "/v1.0/admin/teams/telephoneNumberManagement/numberAssignments/assignNumber",
            json!({"telephoneNumber": number, "assignmentTargetId": user_id, "numberType": "directRouting", "assignmentCategory": "primary"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.contains("/telephoneNumberManagement/operations('"),
        "{location}"
    );
    location
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assign_number_runs_as_an_operation_and_is_seen_by_graph_and_cmdlets() {
    let sandbox = Sandbox::start(0).await;
    let alice = sandbox.user_id(ALICE);
    let location = assign(&sandbox, &alice, "14255550123").await;
    let states = poll(&sandbox, &location).await;
    let statuses: Vec<&str> = states
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["notStarted", "running", "succeeded"]);

    let config: Value = sandbox
        .graph(&format!("/v1.0/admin/teams/userConfigurations/{alice}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config["isEnterpriseVoiceEnabled"], true);
    assert_eq!(
        config["telephoneNumbers"],
        json!([{"telephoneNumber": "+14255550123", "assignmentCategory": "primary"}])
    );

    let inventory: Value = sandbox
        .graph("/v1.0/admin/teams/telephoneNumberManagement/numberAssignments?$filter=telephoneNumber eq '%2B14255550123'")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(inventory["value"][0]["assignmentTargetId"], alice.as_str());
    assert_eq!(inventory["value"][0]["assignmentStatus"], "userAssigned");

    let run = sandbox
        .pwsh(&format!("(Get-CsOnlineUser -Identity '{ALICE}').LineURI\n"))
        .await;
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "tel:+14255550123\n", "")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflicting_assignment_ends_failed_and_changes_nothing() {
    let sandbox = Sandbox::start(0).await;
    let (alice, bob) = (sandbox.user_id(ALICE), sandbox.user_id(BOB));
    let first = poll(&sandbox, &assign(&sandbox, &alice, "+14255550123").await).await;
    assert_eq!(first.last().unwrap()["status"], "succeeded");
    let second = poll(&sandbox, &assign(&sandbox, &bob, "+14255550123").await).await;
    let last = second.last().unwrap();
    assert_eq!(last["status"], "failed");
    assert!(last["statusDetail"]
        .as_str()
        .unwrap()
        .contains("already assigned to another user"));

    let config: Value = sandbox
        .graph(&format!("/v1.0/admin/teams/userConfigurations/{bob}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            config["telephoneNumbers"].clone(),
            config["isEnterpriseVoiceEnabled"].clone()
        ),
        (json!([]), json!(false))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn policies_resolve_by_name_and_assign_in_bulk() {
    let sandbox = Sandbox::start(0).await;
    let setup = sandbox.pwsh("Set-CsOnlinePstnUsage -Usage @{Add='Local'}\nNew-CsOnlineVoiceRoutingPolicy -Identity Local -OnlinePstnUsages Local | Out-Null\n").await;
    assert_eq!(setup.code, 0, "{}", setup.stderr);
    let found: Value = sandbox
        .graph("/v1.0/admin/teams/policy/getPolicyId(type='onlineVoiceRoutingPolicy',name='Local')")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let policy_id = found["value"][0]["policyId"].as_str().unwrap().to_string();
    let alice = sandbox.user_id(ALICE);

    let bad = sandbox
        .graph_post(
            "/v1.0/admin/teams/policy/userAssignments/assign",
            json!({"value": [
                {"userId": alice, "policyType": "onlineVoiceRoutingPolicy", "policyId": policy_id},
                {"userId": alice, "policyType": "tenantDialPlan", "policyId": "no-such-id"},
            ]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::NOT_FOUND);
    let run = sandbox
        .pwsh(&format!(
            "(Get-CsOnlineUser -Identity {ALICE}).OnlineVoiceRoutingPolicy -eq $null\n"
        ))
        .await;
    assert_eq!(run.stdout, "True\n", "a refused batch must change nothing");

    let ok = sandbox
        .graph_post(
            "/v1.0/admin/teams/policy/userAssignments/assign",
            json!({"value": [{"userId": alice, "policyType": "onlineVoiceRoutingPolicy", "policyId": policy_id}]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    let run = sandbox
        .pwsh(&format!(
            "(Get-CsOnlineUser -Identity {ALICE}).OnlineVoiceRoutingPolicy\n"
        ))
        .await;
    assert_eq!(run.stdout, "Local\n");
    let config: Value = sandbox
        .graph(&format!("/v1.0/admin/teams/userConfigurations/{alice}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        config["effectivePolicyAssignments"][0]["policyAssignment"]["policyId"],
        policy_id.as_str()
    );

    let missing = sandbox
        .graph("/v1.0/admin/teams/policy/getPolicyId(type='tenantDialPlan',name='Nope')")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
