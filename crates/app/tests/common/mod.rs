//! Setup shared by the test binaries: an `AppContext` in sandbox mode with an in-memory
//! keychain and the form that registers one of the sandbox's emulated SBCs.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::Path;

use std::time::{Duration, Instant};

use switchboard_app::{AppConfig, AppContext, Mode, ReplicationStatus, SbcFields, SbcInput};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::sbc::SbcHandle;
use switchboard_secrets::MemoryStore;

/// A context whose data lives in `data_dir`, with the sandbox started for `spec`.
pub fn sandbox_context(data_dir: &Path, spec: DemoSpec) -> AppContext {
    let config = AppConfig::new(data_dir.to_path_buf(), Mode::Sandbox);
    let mut ctx =
        AppContext::open_with_secrets(config, Box::new(MemoryStore::new())).expect("context opens");
    ctx.start_sandbox(spec).expect("sandbox starts");
    ctx
}

/// The form for the emulated SBC behind `handle` over HTTPS, named `name`, logging in with `password`.
pub fn sbc_input(handle: &SbcHandle, name: &str, password: &str) -> SbcInput {
    let url = handle.https_url();
    let (host, port) = url
        .trim_start_matches("https://")
        .rsplit_once(':')
        .expect("host:port");
    SbcInput {
        fields: SbcFields {
            name: name.to_owned(),
            host: host.to_owned(),
            device_fqdn: None,
            port: Some(port.parse().expect("port")),
            https: true,
            nat_ip: None,
            admin_user: handle.username().to_owned(),
        },
        password: password.to_owned(),
    }
}

/// Polls until no replication is queued or running; the demo estates are small.
pub fn replication_settled(ctx: &AppContext) -> ReplicationStatus {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let status = ctx.replication_status();
        if status.running == 0 {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "replication did not finish: {status:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
