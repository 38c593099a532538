//! Behaviour the sandbox interpreter cannot show (it has no `Start-Sleep`, never lacks
//! the Teams module and always lists its modules), checked with small shell scripts
//! standing in for PowerShell.
//! Unix only: the stand-ins are `sh` scripts.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use secrecy::ExposeSecret;
use switchboard_teams::{
    check_environment, run_script, PowerShellHost, RenderedScript, RunOptions, TeamsError,
    TeamsTokens, TEAMS_MODULE_INSTALL_COMMAND,
};

/// Reads the script (for a pid-file path written as `# pidfile: …`), starts a long
/// `sleep` child and waits for it: a host that never finishes, with a grandchild.
const SLEEPER: &str = "#!/bin/sh\npidfile=$(sed -n 's/^# pidfile: //p')\nsleep 30 &\necho \"$$ $!\" > \"$pidfile\"\nwait\n";

/// Echoes the whole stdin (tokens included) to stderr and fails.
const ECHOER: &str = "#!/bin/sh\ncat >&2\nexit 3\n";

/// Answers the way real PowerShell 7 without the MicrosoftTeams module would: it finds
/// this run's marker in the script and frames records with it.
fn framed_answer(record_kind: &str, json: &str) -> String {
    format!(
        "#!/bin/sh\nm=$(sed -n \"s/^'\\(##SWITCHBOARD-[0-9a-f]*\\) END'.*/\\1/p\")\n\
         printf '%s\\n' 'WARNING: a module banner'\nprintf '%s {record_kind} %s\\n' \"$m\" '{json}'\nprintf '%s END\\n' \"$m\"\n"
    )
}

struct Hosts {
    _dir: tempfile::TempDir,
    sleeper: PathBuf,
    echoer: PathBuf,
    no_module_report: PathBuf,
    no_module_connect: PathBuf,
    /// A PowerShell whose `Get-Module` fails (e.g. a restricted session).
    module_list_fails: PathBuf,
}

/// All stand-ins are written once, before any test starts a process, so no exec can
/// race a still-open write handle ("text file busy").
fn hosts() -> &'static Hosts {
    static HOSTS: OnceLock<Hosts> = OnceLock::new();
    HOSTS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp folder");
        let write = |name: &str, body: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, body).expect("the stand-in is written");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("it is made executable");
            path
        };
        Hosts {
            sleeper: write("sleeper", SLEEPER),
            echoer: write("echoer", ECHOER),
            no_module_report: write(
                "no-module-report",
                &framed_answer("OBJECT", r#"{"powershellVersion":"7.4.6","teamsModuleVersion":null,"moduleCheckError":null}"#),
            ),
            no_module_connect: write(
                "no-module-connect",
                &framed_answer(
                    "ERROR",
                    r#"{"cmdlet":"Connect-MicrosoftTeams","message":"The term is not recognized.","category":"ObjectNotFound","fullyQualifiedErrorId":"CommandNotFoundException"}"#,
                ),
            ),
            module_list_fails: write(
                "module-list-fails",
                &framed_answer(
                    "OBJECT",
                    r#"{"powershellVersion":"7.4.6","teamsModuleVersion":null,"moduleCheckError":"Get-Module is not available in this restricted session.\nAsk the administrator of this computer."}"#,
                ),
            ),
            _dir: dir,
        }
    })
}

fn tokens() -> TeamsTokens {
    TeamsTokens {
        graph: "eyJncmFwaA.eyJzdWIiOiJn.c2lnbmF0dXJl".into(),
        teams: "eyJ0ZWFtcw.eyJzdWIiOiJ0.c2lnbmF0dXJl".into(),
    }
}

/// `ps` prints nothing for a process that is gone, and `Z` for one that is dead but
/// not yet reaped by its new parent.
fn is_alive(pid: &str) -> bool {
    let output = std::process::Command::new("ps")
        .args(["-o", "stat=", "-p", pid])
        .output()
        .expect("ps runs");
    let state = String::from_utf8_lossy(&output.stdout);
    !state.trim().is_empty() && !state.trim().starts_with('Z')
}

async fn assert_tree_is_gone(pidfile: &Path) {
    let pids = std::fs::read_to_string(pidfile).expect("the stand-in recorded its pids");
    let pids: Vec<&str> = pids.split_whitespace().collect();
    assert_eq!(pids.len(), 2, "shell and sleep pids: {pids:?}");
    let deadline = Instant::now() + Duration::from_secs(5);
    while pids.iter().any(|pid| is_alive(pid)) {
        assert!(Instant::now() < deadline, "still running: {pids:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn sleeper_script(pidfile: &Path) -> RenderedScript {
    RenderedScript::new(format!(
        "# pidfile: {}\nGet-CsOnlineUser",
        pidfile.display()
    ))
    .expect("not empty")
}

#[tokio::test]
async fn a_timeout_kills_the_whole_process_tree() {
    let pids = tempfile::tempdir().expect("a temp folder");
    let pidfile = pids.path().join("timeout.pid");
    let started = Instant::now();
    let error = run_script(
        &PowerShellHost::at(&hosts().sleeper),
        &sleeper_script(&pidfile),
        &tokens(),
        &RunOptions::with_timeout(Duration::from_millis(700)),
    )
    .await
    .expect_err("the stand-in never finishes");

    assert!(
        matches!(error, TeamsError::TimedOut { seconds: 1 }),
        "{error:?}"
    );
    assert_eq!(
        error.user_message(),
        "The PowerShell script did not finish within 1 seconds and was stopped."
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_tree_is_gone(&pidfile).await;
}

#[tokio::test]
async fn cancelling_kills_the_whole_process_tree() {
    let pids = tempfile::tempdir().expect("a temp folder");
    let pidfile = pids.path().join("cancel.pid");
    let options = RunOptions::with_timeout(Duration::from_secs(60));
    let cancel = options.cancel.clone();
    let pidfile_seen = pidfile.clone();
    tokio::spawn(async move {
        // Cancel once the stand-in is up, so its grandchild exists.
        while !pidfile_seen.exists() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        cancel.cancel();
    });
    let started = Instant::now();
    let error = run_script(
        &PowerShellHost::at(&hosts().sleeper),
        &sleeper_script(&pidfile),
        &tokens(),
        &options,
    )
    .await
    .expect_err("the run is cancelled");

    assert!(matches!(error, TeamsError::Cancelled), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_tree_is_gone(&pidfile).await;
}

#[tokio::test]
async fn tokens_echoed_on_stderr_are_redacted() {
    let tokens = tokens();
    let script = RenderedScript::new("Get-CsOnlineUser").expect("not empty");
    let error = run_script(
        &PowerShellHost::at(&hosts().echoer),
        &script,
        &tokens,
        &RunOptions::default(),
    )
    .await
    .expect_err("the stand-in prints no records");

    let TeamsError::Incomplete {
        exit_code,
        stderr_tail,
    } = &error
    else {
        panic!("expected Incomplete, got {error:?}")
    };
    assert_eq!(*exit_code, Some(3));
    // The echo really carried the script, and its tokens were replaced.
    assert!(
        stderr_tail.contains("Connect-MicrosoftTeams -AccessTokens")
            && stderr_tail.contains("[redacted]")
    );
    let shown = [
        stderr_tail.clone(),
        error.to_string(),
        format!("{error:?}"),
        error.user_message(),
    ];
    for secret in [tokens.graph.expose_secret(), tokens.teams.expose_secret()] {
        assert!(shown.iter().all(|text| !text.contains(secret)));
    }
}

#[tokio::test]
async fn a_missing_module_gets_the_install_command() {
    let report = check_environment(
        &PowerShellHost::at(&hosts().no_module_report),
        &RunOptions::default(),
    )
    .await
    .expect("the check runs");
    assert_eq!(report.powershell_version.as_deref(), Some("7.4.6"));
    assert_eq!(report.teams_module_version, None);
    assert_eq!(report.module_check_problem, None);
    assert_eq!(
        report.install_hint.as_deref(),
        Some(TEAMS_MODULE_INSTALL_COMMAND)
    );

    let script = RenderedScript::new("Get-CsOnlineUser").expect("not empty");
    let error = run_script(
        &PowerShellHost::at(&hosts().no_module_connect),
        &script,
        &tokens(),
        &RunOptions::default(),
    )
    .await
    .expect_err("Connect-MicrosoftTeams is not there");
    assert!(matches!(error, TeamsError::ModuleMissing), "{error:?}");
    assert!(error.user_message().contains(TEAMS_MODULE_INSTALL_COMMAND));
}

#[tokio::test]
async fn a_host_that_cannot_list_modules_says_so_without_an_install_command() {
    let report = check_environment(
        &PowerShellHost::at(&hosts().module_list_fails),
        &RunOptions::default(),
    )
    .await
    .expect("the check runs");
    assert_eq!(report.powershell_version.as_deref(), Some("7.4.6"));
    assert_eq!(report.teams_module_version, None);
    // Only the error's first line is kept.
    assert_eq!(
        report.module_check_problem.as_deref(),
        Some("This PowerShell could not list its installed modules, so the MicrosoftTeams module was not checked: Get-Module is not available in this restricted session.")
    );
    // Whether the module is missing is not known, so no install command is offered.
    assert_eq!(report.install_hint, None);
}
