//! End to end: the runner drives the sandbox's `switchboard-pwsh` exactly as it drives
//! real PowerShell, signed in with tokens from the sandbox's identity emulator.

mod support;

use std::path::Path;
use std::time::Duration;

use secrecy::ExposeSecret;
use switchboard_sandbox::pwsh;
use switchboard_teams::{
    check_environment, detect, run_script, HostKind, RenderedScript, RunOptions, TeamsError,
    TeamsTokens,
};

fn options() -> RunOptions {
    RunOptions::with_timeout(Duration::from_secs(60))
}

fn script(text: &str) -> RenderedScript {
    RenderedScript::new(text).expect("test scripts are not empty")
}

/// Every way an error can be shown or logged must be free of both tokens.
fn assert_no_tokens(error: &TeamsError, tokens: &TeamsTokens) {
    let shown = [
        error.to_string(),
        format!("{error:?}"),
        error.user_message(),
    ];
    for secret in [tokens.graph.expose_secret(), tokens.teams.expose_secret()] {
        for text in &shown {
            assert!(!text.contains(secret), "a token leaked into {text}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_objects_come_back_as_json() {
    let sandbox = support::sandbox().await;
    let tokens = support::tokens(&sandbox).await;
    let outcome = run_script(
        &support::interpreter(),
        &script("Write-Host 'noise before'\nGet-CsOnlineUser -ResultSize 5 | Select-Object UserPrincipalName, LineURI\n\nWrite-Host 'noise after'"),
        &tokens,
        &options(),
    )
    .await
    .expect("the script runs");

    assert_eq!(outcome.objects.len(), 5, "{:?}", outcome.objects);
    let known: Vec<&str> = sandbox.estate.as_ref().unwrap().customers[0]
        .users
        .iter()
        .map(|u| u.user_principal_name.as_str())
        .collect();
    for object in &outcome.objects {
        let fields = object.as_object().expect("each output is an object");
        let mut keys: Vec<&str> = fields.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["LineURI", "UserPrincipalName"]);
        let upn = object["UserPrincipalName"].as_str().expect("a UPN string");
        assert!(known.contains(&upn), "{upn} is not a demo user");
    }
    assert!(outcome.errors.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cmdlet_error_is_a_typed_failure() {
    let sandbox = support::sandbox().await;
    let tokens = support::tokens(&sandbox).await;
    let upn = &sandbox.estate.as_ref().unwrap().customers[0].users[0].user_principal_name;
    let error = run_script(
        &support::interpreter(),
        &script(&format!(
            "Get-CsOnlineUser -ResultSize 1\nGrant-CsOnlineVoiceRoutingPolicy -Identity '{upn}' -PolicyName DoesNotExist\n'never reached'"
        )),
        &tokens,
        &options(),
    )
    .await
    .expect_err("the policy does not exist");

    let TeamsError::ScriptFailed { errors, .. } = &error else {
        panic!("expected ScriptFailed, got {error:?}")
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].cmdlet, "Grant-CsOnlineVoiceRoutingPolicy");
    assert!(
        errors[0].message.contains("DoesNotExist"),
        "{}",
        errors[0].message
    );
    assert!(!errors[0].category.is_empty() && !errors[0].fully_qualified_error_id.is_empty());
    assert!(error
        .user_message()
        .contains("Grant-CsOnlineVoiceRoutingPolicy: "));
    assert_no_tokens(&error, &tokens);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_parameter_is_reported_with_its_name() {
    let sandbox = support::sandbox().await;
    let tokens = support::tokens(&sandbox).await;
    let error = run_script(
        &support::interpreter(),
        &script("New-CsOnlineVoiceRoutingPolicy -Identity 'Test' -Bogus 1"),
        &tokens,
        &options(),
    )
    .await
    .expect_err("-Bogus is not a parameter");

    let TeamsError::ScriptFailed { errors, .. } = &error else {
        panic!("expected ScriptFailed, got {error:?}")
    };
    assert_eq!(errors[0].cmdlet, "New-CsOnlineVoiceRoutingPolicy");
    assert_eq!(
        errors[0].message,
        "A parameter cannot be found that matches parameter name 'Bogus'."
    );
    assert!(
        errors[0]
            .fully_qualified_error_id
            .starts_with("NamedParameterNotFound"),
        "{:?}",
        errors[0]
    );
    assert_eq!(errors[0].category, "InvalidArgument");
    assert_no_tokens(&error, &tokens);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_tokens_fail_at_sign_in_without_leaking() {
    let sandbox = support::sandbox().await;
    let good = support::tokens(&sandbox).await;
    // Two Graph tokens and no Teams admin token: the sign-in itself must fail.
    let no_teams = TeamsTokens {
        graph: good.graph.clone(),
        teams: good.graph.clone(),
    };
    let error = run_script(
        &support::interpreter(),
        &script("Get-CsOnlineUser"),
        &no_teams,
        &options(),
    )
    .await
    .expect_err("a sign-in without a Teams admin token is refused");

    let TeamsError::ScriptFailed {
        errors,
        stderr_tail,
    } = &error
    else {
        panic!("expected ScriptFailed, got {error:?}")
    };
    assert_eq!(errors[0].cmdlet, "Connect-MicrosoftTeams");
    assert_no_tokens(&error, &good);
    for secret in [good.graph.expose_secret(), good.teams.expose_secret()] {
        assert!(!stderr_tail.contains(secret));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_that_does_not_parse_stops_the_host_early() {
    let sandbox = support::sandbox().await;
    let tokens = support::tokens(&sandbox).await;
    let error = run_script(
        &support::interpreter(),
        &script("Get-CsOnlineUser -Identity 'unterminated"),
        &tokens,
        &options(),
    )
    .await
    .expect_err("the script does not parse");

    let TeamsError::Incomplete {
        exit_code,
        stderr_tail,
    } = &error
    else {
        panic!("expected Incomplete, got {error:?}")
    };
    assert_ne!(*exit_code, Some(0));
    assert!(!stderr_tail.is_empty());
    assert_no_tokens(&error, &tokens);
}

#[tokio::test]
async fn the_environment_check_reports_the_sandbox_powershell_and_teams_module() {
    let report = check_environment(&support::interpreter(), &options())
        .await
        .expect("the check runs");
    assert_eq!(
        report.powershell_version.as_deref(),
        Some(pwsh::POWERSHELL_VERSION)
    );
    assert_eq!(
        report.teams_module_version.as_deref(),
        Some(pwsh::TEAMS_MODULE_VERSION)
    );
    assert_eq!(report.module_check_problem, None);
    // The module is there, so nothing needs installing.
    assert_eq!(report.install_hint, None);
}

#[tokio::test]
async fn detection_uses_a_configured_path_and_refuses_a_missing_one() {
    let path = support::interpreter_path();
    let host = detect(Some(&path), &options())
        .await
        .expect("the interpreter is detected");
    assert_eq!(
        (host.path.as_path(), host.kind, host.version.as_deref()),
        (
            path.as_path(),
            HostKind::Custom,
            Some(pwsh::POWERSHELL_VERSION)
        )
    );

    let missing = Path::new("/no/such/folder/pwsh");
    let error = detect(Some(missing), &options())
        .await
        .expect_err("nothing is there");
    let TeamsError::PowerShellNotFound { looked_in } = &error else {
        panic!("expected PowerShellNotFound, got {error:?}")
    };
    assert_eq!(looked_in, &[missing.to_path_buf()]);
    let message = error.user_message();
    assert!(
        message.contains(&missing.display().to_string()) && message.contains("PowerShell 7"),
        "{message}"
    );
}
