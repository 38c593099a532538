//! One call that starts every emulator on 127.0.0.1 and hands back their base URLs.
//!
//! Each service gets its own listener, as the real ones have their own hosts, so the
//! app's clients are configured exactly as for Microsoft: one base URL per service.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use axum::Router;
use rand::RngCore;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::context::{Ctx, Urls};
use crate::demo::{self, DemoCredentials, DemoSpec, Estate};
use crate::faults::{self, Faults};
use crate::mail::{MailCapture, MailCredentials};
use crate::sbc::SbcHandle;
use crate::state::SharedState;
use crate::token::TokenSigner;
use crate::{dns, graph, identity, teams};

/// The provider's Azure DNS zone that automatic domain verification writes into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderZone {
    pub subscription: String,
    pub resource_group: String,
    pub zone: String,
}

impl Default for ProviderZone {
    fn default() -> Self {
        Self {
            subscription: "7b0e4c1a-5d2f-4e8b-9a61-3c5d7e9f1a20".into(),
            resource_group: "provider-dns".into(),
            zone: "sbc.example-provider.net".into(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SandboxOptions {
    /// Generate and load a demo estate; `None` starts empty emulators.
    pub demo: Option<DemoSpec>,
    pub zone: ProviderZone,
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("could not open a loopback port for the {service} emulator: {source}")]
    Bind {
        service: &'static str,
        source: std::io::Error,
    },
    #[error("the demo estate could not be built: {0}")]
    Demo(#[from] demo::DemoError),
    #[error("the provider DNS zone could not be created: {0}")]
    Zone(String),
}

/// Fault controls, one per emulator (each SBC has its own on its handle).
#[derive(Clone, Default)]
pub struct EmulatorFaults {
    pub identity: Faults,
    pub graph: Faults,
    pub arm: Faults,
    pub teams: Faults,
}

/// Running emulators. Dropping it stops them all.
pub struct Sandbox {
    pub ctx: Ctx,
    pub faults: EmulatorFaults,
    pub sbcs: Vec<SbcHandle>,
    /// The generated estate, when one was asked for.
    pub estate: Option<Estate>,
    /// How to reach each demo tenant (client credentials and the admin who approves device codes).
    pub credentials: Vec<DemoCredentials>,
    pub zone: ProviderZone,
    /// The SMTP relay stand-in that keeps every mail sent to it.
    pub mail: MailCapture,
    servers: Vec<JoinHandle<()>>,
}

impl Sandbox {
    pub async fn start(options: SandboxOptions) -> Result<Sandbox, SandboxError> {
        let listeners = [
            bind("identity").await?,
            bind("Graph").await?,
            bind("Azure Resource Manager").await?,
        ];
        let [identity_url, graph_url, arm_url] = listeners
            .each_ref()
            .map(|(_, addr)| format!("http://{addr}"));
        let ctx = Ctx {
            state: SharedState::default(),
            signer: TokenSigner::new(random_key()),
            // The PowerShell interpreter finds its backend from the issuer of the token it
            // was given, so the Teams admin backend shares the identity host.
            urls: Urls {
                teams: identity_url.clone(),
                identity: identity_url,
                graph: graph_url,
                arm: arm_url,
            },
        };

        {
            let mut state = ctx.state.lock();
            dns::create_zone(
                &mut state,
                &options.zone.subscription,
                &options.zone.resource_group,
                &options.zone.zone,
            )
            .map_err(|e| SandboxError::Zone(e.message))?;
        }
        let (estate, credentials, sbcs) = match &options.demo {
            Some(spec) => {
                let estate = demo::generate(spec)?;
                let credentials = demo::load(&estate, &mut ctx.state.lock())?;
                let sbcs = demo::start_sbcs(&estate).await?;
                (Some(estate), credentials, sbcs)
            }
            None => (None, Vec::new(), Vec::new()),
        };

        let mail = MailCapture::start(MailCredentials::demo())
            .await
            .map_err(|source| SandboxError::Bind {
                service: "SMTP",
                source,
            })?;
        let faults = EmulatorFaults::default();
        let routers = [
            faults::wrap(identity::router(ctx.clone()), faults.identity.clone()).merge(
                faults::wrap(teams::backend_router(ctx.clone()), faults.teams.clone()),
            ),
            graph::router_with(
                ctx.clone(),
                faults.graph.clone(),
                teams::graph_router(ctx.clone()),
            ),
            faults::wrap(dns::router(ctx.clone()), faults.arm.clone()),
        ];
        let servers = listeners
            .into_iter()
            .zip(routers)
            .map(|((listener, _), router)| serve(listener, router))
            .collect();
        Ok(Sandbox {
            ctx,
            faults,
            sbcs,
            estate,
            credentials,
            zone: options.zone,
            mail,
            servers,
        })
    }

    pub fn urls(&self) -> &Urls {
        &self.ctx.urls
    }

    /// The PowerShell interpreter that stands in for `pwsh`, if it was built beside
    /// the running program (it is a binary of this crate).
    pub fn pwsh_path(&self) -> Option<PathBuf> {
        locate_pwsh()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        for server in &self.servers {
            server.abort();
        }
    }
}

/// Looks for `switchboard-pwsh` next to the current executable, and one folder up
/// (test binaries live in `target/<profile>/deps`).
pub fn locate_pwsh() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let name = format!("switchboard-pwsh{}", std::env::consts::EXE_SUFFIX);
    let folder = exe.parent()?;
    let found = [Some(folder), folder.parent()]
        .into_iter()
        .flatten()
        .map(|dir: &Path| dir.join(&name))
        .find(|path| path.is_file());
    found
}

async fn bind(service: &'static str) -> Result<(TcpListener, SocketAddr), SandboxError> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .map_err(|source| SandboxError::Bind { service, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind { service, source })?;
    Ok((listener, addr))
}

fn serve(listener: TcpListener, router: Router) -> JoinHandle<()> {
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::warn!(%error, "sandbox emulator stopped");
        }
    })
}

fn random_key() -> Vec<u8> {
    let mut key = vec![0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    key
}
