//! Starts every emulator with a generated demo estate and prints how to reach them,
//! for trying clients by hand. Stops on Ctrl-C.
//!
//! Usage: switchboard-sandbox [--seed N] [--customers N] [--users N] [--sbcs N]

use switchboard_sandbox::demo::DemoSpec;
use switchboard_sandbox::{Sandbox, SandboxOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let spec = parse_args(std::env::args().skip(1))?;
    let sandbox = Sandbox::start(SandboxOptions {
        demo: Some(spec),
        ..Default::default()
    })
    .await?;
    let urls = sandbox.urls();
    println!("identity  {}", urls.identity);
    println!("graph     {}/v1.0", urls.graph);
    println!("arm       {}", urls.arm);
    println!("teams     {}", urls.teams);
    match sandbox.pwsh_path() {
        Some(path) => println!("pwsh      {}", path.display()),
        None => println!("pwsh      (switchboard-pwsh was not built beside this program)"),
    }
    for (sbc, handle) in sandbox
        .estate
        .iter()
        .flat_map(|e| &e.sbcs)
        .zip(&sandbox.sbcs)
    {
        println!(
            "sbc       {} {} {} (certificate {})",
            sbc.name,
            handle.http_url(),
            handle.https_url(),
            handle.certificate_fingerprint()
        );
    }
    // These are the emulator's own made-up credentials, printed so a person can sign in.
    for tenant in &sandbox.credentials {
        println!(
            "tenant    {} {} client {} admin {}",
            tenant.short_name, tenant.tenant_id, tenant.client_id, tenant.admin_upn
        );
    }
    println!("Sandbox running; press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    Ok(())
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<DemoSpec, String> {
    let mut spec = DemoSpec {
        seed: 1,
        customers: 12,
        users_per_customer: 20..=400,
        sbcs: 2,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number: u64 = value
            .parse()
            .map_err(|_| format!("{flag} takes a whole number, not '{value}'"))?;
        match flag.as_str() {
            "--seed" => spec.seed = number,
            "--customers" => spec.customers = number as usize,
            "--users" => spec.users_per_customer = (number as usize)..=(number as usize),
            "--sbcs" => spec.sbcs = number as usize,
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(spec)
}
