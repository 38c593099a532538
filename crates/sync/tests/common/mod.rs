//! A demo sandbox with one customer, a fresh in-memory cache registered for it, and
//! the sync clients pointed at the sandbox by base URL.
#![allow(dead_code)] // each test file uses a different part of the harness

use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::SecretString;
use switchboard_cache::{Cache, CachedUser, NewTenant, UserQuery, UserSort};
use switchboard_domain::{FullName, Licence, LicenceType, ShortName, TenantId};
use switchboard_graph::{build_http_client, CloudEndpoints, HttpSettings, RetryPolicy};
use switchboard_sandbox::demo::{DemoCustomer, DemoSpec};
use switchboard_sandbox::directory::Directory;
use switchboard_sandbox::{Sandbox, SandboxOptions};
use switchboard_sync::{SyncContext, SyncProgress, TenantSource};

pub struct Harness {
    pub sandbox: Sandbox,
    pub ctx: SyncContext,
    pub source: TenantSource,
    pub azure_tenant: String,
}

/// Quick waits: every `Retry-After` and backoff shrunk to milliseconds.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 10,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        delay_scale: 0.001,
        request_timeout: Duration::from_secs(10),
    }
}

pub async fn start(users: usize) -> Harness {
    let spec = DemoSpec {
        seed: 11,
        customers: 1,
        users_per_customer: users..=users,
        sbcs: 1,
    };
    let sandbox = Sandbox::start(SandboxOptions {
        demo: Some(spec),
        ..Default::default()
    })
    .await
    .expect("sandbox starts");
    let credentials = sandbox.credentials[0].clone();
    let cache = Arc::new(Cache::open_in_memory().unwrap());
    let tenant = cache
        .create_tenant(&NewTenant {
            short_name: ShortName::parse("synctest").unwrap(),
            full_name: FullName::parse("Sync Test Ltd").unwrap(),
            azure_tenant_id: None,
            licence: Licence::new(LicenceType::HostedPro, 10).unwrap(),
        })
        .unwrap();
    let urls = sandbox.urls();
    let cloud = CloudEndpoints::custom(&urls.identity, &urls.graph).unwrap();
    let http = build_http_client(&HttpSettings::default()).unwrap();
    let source = TenantSource::client_credentials(
        tenant.id,
        http,
        &cloud,
        &credentials.tenant_id,
        &credentials.client_id,
        SecretString::from(credentials.client_secret.clone()),
        fast_retry(),
    )
    .unwrap();
    Harness {
        sandbox,
        ctx: SyncContext { cache },
        source,
        azure_tenant: credentials.tenant_id,
    }
}

impl Harness {
    pub fn tenant(&self) -> TenantId {
        self.source.id
    }

    pub fn customer(&self) -> &DemoCustomer {
        let estate = self.sandbox.estate.as_ref().unwrap();
        estate
            .customers
            .iter()
            .find(|c| c.tenant_id.eq_ignore_ascii_case(&self.azure_tenant))
            .unwrap()
    }

    /// Changes the emulated directory (adds, updates, deletes users).
    pub fn with_directory<T>(&self, change: impl FnOnce(&mut Directory) -> T) -> T {
        let mut state = self.sandbox.ctx.state.lock();
        let tenant = state.tenant_mut(&self.azure_tenant).unwrap();
        change(&mut tenant.directory)
    }

    /// Every cached user of the tenant, by object id.
    pub fn cached(&self) -> Vec<CachedUser> {
        let mut all = Vec::new();
        let mut query = UserQuery {
            tenant: Some(self.tenant()),
            sort: UserSort::Upn,
            limit: 1000,
            ..UserQuery::default()
        };
        loop {
            let page = self.ctx.cache.query_users(&query).unwrap();
            all.extend(page.users);
            match page.next {
                Some(next) => query.after = Some(next),
                None => break,
            }
        }
        all.sort_by(|a, b| a.record.object_id.cmp(&b.record.object_id));
        all
    }
}

/// A progress callback that keeps every report.
pub fn recorder() -> (
    Arc<Mutex<Vec<SyncProgress>>>,
    impl Fn(SyncProgress) + Send + Sync,
) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    (seen, move |p| sink.lock().unwrap().push(p))
}
