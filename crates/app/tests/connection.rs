//! The Connection tab's commands against the sandbox: the outbound proxy is validated,
//! saved and really used by sign-ins; the PowerShell check runs the sandbox's
//! interpreter or a configured path, and a missing path is refused.

use std::net::{Ipv4Addr, TcpListener};

use switchboard_app::{
    error::ErrorCode, AppConfig, AppContext, Mode, PowerShellKind, PowerShellSource, ProxyInput,
    ProxyMode,
};
use switchboard_domain::AuthStatus;
use switchboard_sandbox::demo::DemoSpec;
use switchboard_secrets::MemoryStore;
use tempfile::TempDir;

fn start() -> (TempDir, AppContext) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = AppConfig::new(dir.path().join("data"), Mode::Sandbox);
    let mut ctx = AppContext::open_with_secrets(config, Box::new(MemoryStore::default()))
        .expect("context opens");
    ctx.start_sandbox(DemoSpec {
        seed: 31,
        customers: 3,
        users_per_customer: 3..=5,
        sbcs: 1,
    })
    .expect("sandbox starts");
    (dir, ctx)
}

/// A demo tenant that signs in with its app registration.
fn connected_tenant(ctx: &AppContext) -> i64 {
    ctx.auth_status()
        .expect("auth status")
        .into_iter()
        .find(|row| row.has_client_secret)
        .expect("a connected demo tenant")
        .tenant_id
        .get()
}

/// A loopback port nobody listens on: bound, read, released.
fn closed_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn proxy(mode: ProxyMode, url: Option<&str>) -> ProxyInput {
    ProxyInput {
        mode,
        url: url.map(str::to_owned),
    }
}

#[test]
fn an_invalid_proxy_is_refused_and_nothing_is_saved() {
    let (_dir, ctx) = start();
    let before = ctx.connection_settings().expect("settings");
    assert_eq!(before.proxy_mode, ProxyMode::System);
    for (url, code) in [
        ("socks5://127.0.0.1:1080", "proxyUrl.scheme"),
        ("http://", "proxyUrl.invalid"),
        ("", "proxyUrl.required"),
        ("http://user:secret@127.0.0.1:3128", "proxyUrl.credentials"),
    ] {
        let err = ctx
            .set_proxy(&proxy(ProxyMode::Url, Some(url)))
            .expect_err(url);
        assert_eq!(err.code, ErrorCode::Validation, "{url}");
        assert_eq!(err.fields[0].code, code, "{url}: {}", err.message);
        assert_eq!(
            ctx.connection_settings().unwrap(),
            before,
            "{url} was saved"
        );
    }
    let saved = ctx
        .set_proxy(&proxy(ProxyMode::Url, Some(" http://127.0.0.1:3128 ")))
        .expect("a valid proxy");
    assert_eq!(saved.proxy_mode, ProxyMode::Url);
    assert_eq!(saved.proxy_url.as_deref(), Some("http://127.0.0.1:3128"));
}

#[test]
fn sign_ins_go_through_the_configured_proxy_until_it_is_cleared() {
    let (_dir, ctx) = start();
    let tenant = connected_tenant(&ctx);
    let direct = ctx.verify_tenant_auth(tenant).expect("checked");
    assert_eq!(
        direct.status,
        AuthStatus::Valid,
        "{:?}",
        direct.last_message
    );

    let dead_proxy = format!("http://127.0.0.1:{}", closed_port());
    ctx.set_proxy(&proxy(ProxyMode::Url, Some(&dead_proxy)))
        .expect("saved");
    let blocked = ctx.verify_tenant_auth(tenant).expect("checked");
    assert_eq!(blocked.status, AuthStatus::Failed);
    let message = blocked.last_message.expect("a message");
    assert!(
        message.contains("could not reach Microsoft") && message.contains("proxy"),
        "{message}"
    );

    let cleared = ctx
        .set_proxy(&proxy(ProxyMode::System, Some(&dead_proxy)))
        .expect("cleared");
    assert_eq!(
        (cleared.proxy_mode, cleared.proxy_url),
        (ProxyMode::System, None)
    );
    let again = ctx.verify_tenant_auth(tenant).expect("checked");
    assert_eq!(again.status, AuthStatus::Valid, "{:?}", again.last_message);
}

#[test]
fn the_proxy_setting_survives_a_restart() {
    let (dir, ctx) = start();
    ctx.set_proxy(&proxy(
        ProxyMode::Url,
        Some("https://proxy.example.com:8443"),
    ))
    .expect("saved");
    drop(ctx);
    let reopened = AppContext::open_with_secrets(
        AppConfig::new(dir.path().join("data"), Mode::Sandbox),
        Box::new(MemoryStore::default()),
    )
    .expect("reopens");
    let settings = reopened.connection_settings().expect("settings");
    assert_eq!(
        settings.proxy_url.as_deref(),
        Some("https://proxy.example.com:8443")
    );
}

#[test]
fn the_powershell_check_runs_the_sandbox_interpreter_or_the_configured_path() {
    let interpreter = switchboard_sandbox::test_support::interpreter_path();
    let (dir, ctx) = start();

    let sandbox = ctx.powershell_environment().expect("checked");
    assert_eq!(sandbox.source, PowerShellSource::Sandbox);
    assert_eq!(sandbox.host_path, Some(interpreter.display().to_string()));
    assert_eq!(sandbox.host_kind, Some(PowerShellKind::Other));
    assert_eq!(sandbox.problem, None);
    // The sandbox interpreter answers as PowerShell 7 with the MicrosoftTeams module.
    assert_eq!(
        sandbox.powershell_version.as_deref(),
        Some(switchboard_sandbox::pwsh::POWERSHELL_VERSION),
        "{sandbox:?}"
    );
    assert_eq!(
        sandbox.teams_module_version.as_deref(),
        Some(switchboard_sandbox::pwsh::TEAMS_MODULE_VERSION)
    );
    assert_eq!(sandbox.module_check_problem, None);
    assert_eq!(sandbox.install_command, None);

    let missing = dir.path().join("no-such-pwsh");
    let err = ctx
        .set_powershell_path(Some(&missing.display().to_string()))
        .expect_err("nothing is there");
    assert_eq!(err.fields[0].code, "powershellPath.missing");
    assert!(err.message.contains("no-such-pwsh"), "{}", err.message);
    assert_eq!(ctx.connection_settings().unwrap().powershell_path, None);

    let configured = ctx
        .set_powershell_path(Some(&interpreter.display().to_string()))
        .expect("saved");
    assert_eq!(
        configured.powershell_path,
        Some(interpreter.display().to_string())
    );
    let checked = ctx.powershell_environment().expect("checked");
    assert_eq!(checked.source, PowerShellSource::Configured);
    assert_eq!(checked.problem, None);
    assert_eq!(
        checked.teams_module_version.as_deref(),
        Some(switchboard_sandbox::pwsh::TEAMS_MODULE_VERSION)
    );

    // A configured host that is not PowerShell at all is reported, not hidden.
    let not_powershell = dir.path().join("pwsh");
    std::fs::write(&not_powershell, b"not a program").unwrap();
    ctx.set_powershell_path(Some(&not_powershell.display().to_string()))
        .expect("the file exists");
    let broken = ctx.powershell_environment().expect("checked");
    assert_eq!(broken.host_kind, Some(PowerShellKind::Pwsh7));
    assert!(broken.problem.is_some(), "{broken:?}");

    let cleared = ctx.set_powershell_path(None).expect("cleared");
    assert_eq!(cleared.powershell_path, None);
    assert_eq!(
        ctx.powershell_environment().unwrap().source,
        PowerShellSource::Sandbox
    );
}
