//! The command surface is written down in five places: the `#[tauri::command]` functions,
//! the handler list in `lib.rs`, the permission list in `build.rs`, the window's capability
//! file, and the UI's `api.ts`. The TypeScript types are generated (and checked in
//! `switchboard-app`), but these names are not, so this test keeps them in step: a command
//! the UI calls without a permission, or an argument renamed on one side only, fails here
//! instead of at run time in the window.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `"..."` string between `open` and the next `close` after it.
fn quoted_strings_between(text: &str, open: &str, close: &str) -> Vec<String> {
    let start = text
        .find(open)
        .unwrap_or_else(|| panic!("{open:?} not found"))
        + open.len();
    let end = start
        + text[start..]
            .find(close)
            .unwrap_or_else(|| panic!("{close:?} not found"));
    text[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn snake_to_camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Command name → argument names (camelCase, as the UI sends them), from the Rust sources.
fn rust_commands() -> BTreeMap<String, BTreeSet<String>> {
    let mut commands = BTreeMap::new();
    for file in [
        "src/commands.rs",
        "src/connection_commands.rs",
        "src/invitation_commands.rs",
        "src/sandbox_commands.rs",
        "src/sbc_commands.rs",
        "src/security_commands.rs",
        "src/templates_commands.rs",
    ] {
        let source = read(file);
        for block in source.split("#[tauri::command").skip(1) {
            let signature =
                &block[block.find("pub fn ").expect("a command is a pub fn") + "pub fn ".len()..];
            let name: String = signature
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let params = &signature[signature.find('(').unwrap() + 1
                ..signature.find(") ->").expect("commands return a Result")];
            let args = params
                .split(',')
                .filter_map(|param| param.split_once(':'))
                .map(|(arg, ty)| (arg.trim(), ty.trim()))
                .filter(|(_, ty)| !ty.starts_with("State<"))
                .map(|(arg, _)| snake_to_camel(arg))
                .collect();
            commands.insert(name, args);
        }
    }
    commands
}

/// Command name → argument names, from `call<T>('name', { a, b: x })` in `api.ts`.
fn ui_calls() -> BTreeMap<String, BTreeSet<String>> {
    let api = read("../ui/src/lib/api.ts");
    let mut calls = BTreeMap::new();
    for call in api.split("call<").skip(1) {
        let Some(open) = call.find("('") else {
            continue;
        };
        let rest = &call[open + 2..];
        let name = rest[..rest.find('\'').unwrap()].to_owned();
        let after_name = &rest[name.len() + 1..];
        let statement_end = after_name.find(';').unwrap_or(after_name.len());
        let args = match after_name[..statement_end].find('{') {
            Some(brace) => {
                let inner = &after_name[brace + 1..after_name[..statement_end].rfind('}').unwrap()];
                inner
                    .split(',')
                    .map(|part| part.split(':').next().unwrap().trim().to_owned())
                    .filter(|arg| !arg.is_empty())
                    .collect()
            }
            None => BTreeSet::new(),
        };
        calls.insert(name, args);
    }
    calls
}

#[test]
fn every_command_is_registered_permitted_and_called_with_its_own_argument_names() {
    let rust = rust_commands();
    let names: BTreeSet<String> = rust.keys().cloned().collect();
    assert!(
        names.len() >= 10,
        "the parser found the commands: {names:?}"
    );

    let lib = read("src/lib.rs");
    let handlers: BTreeSet<String> = lib[lib.find("generate_handler![").unwrap()..]
        .split(']')
        .next()
        .unwrap()
        .split(',')
        .filter_map(|path| path.trim().rsplit("::").next().map(str::to_owned))
        .filter(|name| !name.is_empty() && !name.contains('['))
        .collect();
    assert_eq!(
        handlers, names,
        "lib.rs registers exactly the command functions"
    );

    let manifest: BTreeSet<String> =
        quoted_strings_between(&read("build.rs"), "const COMMANDS", "];")
            .into_iter()
            .collect();
    assert_eq!(
        manifest, names,
        "build.rs declares a permission for each command"
    );

    let granted: BTreeSet<String> =
        quoted_strings_between(&read("capabilities/main.json"), "\"permissions\"", "]")
            .into_iter()
            .map(|permission| {
                permission
                    .strip_prefix("allow-")
                    .unwrap_or(&permission)
                    .replace('-', "_")
            })
            .collect();
    assert_eq!(
        granted, names,
        "the main window is granted exactly the app's commands and nothing else"
    );

    let ui = ui_calls();
    for (command, args) in &ui {
        let expected = rust
            .get(command)
            .unwrap_or_else(|| panic!("the UI calls '{command}', which the backend does not have"));
        assert_eq!(
            args, expected,
            "arguments of '{command}' differ between api.ts and the Rust command"
        );
    }
    let unused: Vec<&String> = names
        .iter()
        .filter(|name| !ui.contains_key(*name))
        .collect();
    assert!(unused.is_empty(), "commands the UI never calls: {unused:?}");
}
