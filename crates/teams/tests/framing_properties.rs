//! Whatever a PowerShell host prints (banners, binary noise, records with broken
//! JSON, forged or unknown record kinds), reading its output answers with an outcome
//! or an error and never panics. A stand-in host prints a generated answer with
//! `@@` at a line's start replaced by this run's record marker.
//! Unix only: the stand-in is an `sh` script.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;

use proptest::prelude::*;
use switchboard_teams::{run_script, PowerShellHost, RenderedScript, RunOptions, TeamsTokens};

/// Finds the marker the way `fake_hosts.rs` does, and the answer file named in the script.
const ANSWERER: &str = "#!/bin/sh\nscript=$(cat)\n\
    m=$(printf '%s\\n' \"$script\" | sed -n \"s/^'\\(##SWITCHBOARD-[0-9a-f]*\\) END'.*/\\1/p\")\n\
    answer=$(printf '%s\\n' \"$script\" | sed -n 's/^# answer: //p')\n\
    sed \"s/^@@/$m/\" \"$answer\"\n";

/// Mostly well-formed records among banner noise, so that some runs succeed and the
/// objects are read, with broken and unknown ones mixed in.
fn answer_line() -> impl Strategy<Value = String> {
    let kind = prop_oneof![
        4 => Just("OBJECT".to_string()),
        1 => Just("ERROR".to_string()),
        2 => Just("END".to_string()),
        1 => "[A-Za-z]{0,8}",
    ];
    let json = prop_oneof![
        4 => (any::<String>(), any::<String>())
            .prop_map(|(key, text)| serde_json::json!({ key: text }).to_string()),
        1 => any::<String>().prop_map(|message| {
            serde_json::json!({"cmdlet": "Get-CsOnlineUser", "message": message, "category": "x"})
                .to_string()
        }),
        1 => any::<String>(),
        1 => "[\\[\\]{}\":,0-9a-z ]{0,24}",
    ];
    prop_oneof![
        2 => any::<String>(),
        6 => (kind, json).prop_map(|(kind, json)| format!("@@ {kind} {json}")),
        1 => "@@[A-Z ]{0,8}\r?",
    ]
}

proptest! {
    // Each case starts a process, so fewer cases than the in-process tests.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_host_output_is_read_without_panicking(lines in prop::collection::vec(answer_line(), 0..12)) {
        let dir = tempfile::tempdir().expect("a temp folder");
        let host = dir.path().join("answerer");
        std::fs::write(&host, ANSWERER).expect("the stand-in is written");
        std::fs::set_permissions(&host, std::fs::Permissions::from_mode(0o755))
            .expect("it is made executable");
        let answer = dir.path().join("answer");
        let text = lines.join("\n");
        std::fs::write(&answer, &text).expect("the answer is written");
        let script = RenderedScript::new(format!("# answer: {}\nGet-CsOnlineUser", answer.display()))
            .expect("not empty");
        let tokens = TeamsTokens {
            graph: "eyJncmFwaA.eyJzdWIiOiJn.c2lnbmF0dXJl".into(),
            teams: "eyJ0ZWFtcw.eyJzdWIiOiJ0.c2lnbmF0dXJl".into(),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let result = runtime.block_on(run_script(
            &PowerShellHost::at(&host),
            &script,
            &tokens,
            &RunOptions::default(),
        ));
        if let Ok(outcome) = result {
            let marked_objects = text.lines().filter(|line| line.starts_with("@@ OBJECT ")).count();
            prop_assert!(outcome.objects.len() <= marked_objects, "{:?}", outcome);
        }
    }
}
