//! The demo SBCs of sandbox mode: registered in the cache like the demo customers, and
//! re-pointed at the emulators on every start, because the emulators listen on fresh
//! loopback ports with a fresh certificate each time.

use switchboard_cache::{Cache, NewSbc, SbcDevice, SbcFields, SbcId, SbcUpdate};
use switchboard_sandbox::demo::DemoSbc;
use switchboard_sandbox::sbc::SbcHandle;
use switchboard_sandbox::Sandbox;
use switchboard_secrets::{KeychainStatus, SecretStore, SecretString};

use crate::error::{ApiError, ErrorCode};
use crate::sandbox::sites::seed_demo_sites;

/// The cache setting that records which demo estate's SBCs were registered, so an SBC
/// the user deleted does not come back on the next start.
const SEEDED_SETTING: &str = "sandbox.demoSbcSeed";

/// Where an emulated SBC's HTTPS API listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoopbackAddress {
    pub(crate) host: String,
    pub(crate) port: u16,
}

pub(crate) fn https_address(handle: &SbcHandle) -> Result<LoopbackAddress, ApiError> {
    let url = handle.https_url();
    let parsed = url
        .strip_prefix("https://")
        .and_then(|rest| rest.rsplit_once(':'))
        .and_then(|(host, port)| {
            Some(LoopbackAddress {
                host: host.to_owned(),
                port: port.parse().ok()?,
            })
        });
    parsed.ok_or_else(|| {
        ApiError::new(
            ErrorCode::Sandbox,
            format!("The emulated SBC's address '{url}' could not be read."),
        )
    })
}

/// Registers (once per estate) and refreshes the demo SBCs. Returns how many were added.
pub fn register_demo_sbcs(
    cache: &Cache,
    secrets: &dyn SecretStore,
    sandbox: &Sandbox,
    seed: u64,
) -> Result<usize, ApiError> {
    let Some(estate) = &sandbox.estate else {
        return Ok(0);
    };
    let marker = seed.to_string();
    let seeded = cache.setting(SEEDED_SETTING)?.as_deref() == Some(marker.as_str());
    let existing = cache.list_sbcs()?;
    let mut added = 0;
    for (index, (demo, handle)) in estate.sbcs.iter().zip(&sandbox.sbcs).enumerate() {
        let address = https_address(handle)?;
        match existing
            .iter()
            .find(|sbc| sbc.fields.name.eq_ignore_ascii_case(&demo.name))
        {
            // Only a row that points at the loopback emulators is ours to move.
            Some(row) if row.fields.host == address.host => refresh(cache, row, &address, handle)?,
            Some(_) => {}
            None if !seeded => {
                let sbc = register(cache, secrets, demo, handle, &address)?;
                let homed: Vec<_> = estate
                    .customers
                    .iter()
                    .filter(|customer| customer.site.sbc == index)
                    .collect();
                seed_demo_sites(cache, sbc, handle, &homed)?;
                added += 1;
            }
            None => {}
        }
    }
    cache.set_setting(SEEDED_SETTING, &marker)?;
    tracing::info!(added, "demo SBCs registered in the cache");
    Ok(added)
}

fn demo_fields(demo: &DemoSbc, handle: &SbcHandle, address: &LoopbackAddress) -> SbcFields {
    SbcFields {
        name: demo.name.clone(),
        host: address.host.clone(),
        device_fqdn: Some(demo.fqdn.clone()),
        port: Some(address.port),
        https: true,
        nat_ip: Some(demo.public_ip.clone()),
        admin_user: handle.username().to_owned(),
        plain_http_confirmed_for: None,
    }
}

fn register(
    cache: &Cache,
    secrets: &dyn SecretStore,
    demo: &DemoSbc,
    handle: &SbcHandle,
    address: &LoopbackAddress,
) -> Result<SbcId, ApiError> {
    // Without a keychain the password is not stored: `sandbox_password` supplies the
    // emulator's own credentials when the SBC is tested.
    let password_ref = match secrets.keychain_status() {
        KeychainStatus::Available => Some(
            secrets
                .create(&SecretString::from(handle.password().to_owned()))?
                .to_string(),
        ),
        KeychainStatus::Unavailable { reason } => {
            tracing::warn!(%reason, sbc = %demo.name, "demo SBC password not stored: the keychain is unavailable");
            None
        }
    };
    let device = cache.create_sbc(&NewSbc {
        fields: demo_fields(demo, handle, address),
        password_ref,
        pinned_cert_sha256: Some(handle.certificate_fingerprint()),
    })?;
    Ok(device.id)
}

fn refresh(
    cache: &Cache,
    row: &SbcDevice,
    address: &LoopbackAddress,
    handle: &SbcHandle,
) -> Result<(), ApiError> {
    let fields = SbcFields {
        host: address.host.clone(),
        port: Some(address.port),
        https: true,
        ..row.fields.clone()
    };
    cache.update_sbc(
        row.id,
        &SbcUpdate {
            fields,
            password_ref: None,
        },
    )?;
    cache.set_sbc_pin(row.id, Some(&handle.certificate_fingerprint()))?;
    Ok(())
}
