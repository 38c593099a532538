//! Round trips through the real OS keychain. `#[ignore]`d, so a plain `cargo test` lists it
//! as ignored; `cargo xtask test` runs it with `--ignored` and `SWITCHBOARD_REAL_KEYCHAIN=1`
//! in a throwaway keyring session. Asked to run without `SWITCHBOARD_REAL_KEYCHAIN=1`, it
//! fails instead of touching the keychain. On Linux by hand:
//! `HOME=$(mktemp -d) SWITCHBOARD_REAL_KEYCHAIN=1 dbus-run-session -- bash -c 'printf pw |
//! gnome-keyring-daemon --unlock --components=secrets >/dev/null; keyctl session - cargo test
//! -p switchboard-secrets --test real_keychain -- --ignored'`

mod support;

use support::{shares_a_window, unique_secret};
use switchboard_secrets::{
    CredentialSlots, ExposeSecret, KeychainStatus, KeychainStore, KeyringSlots, SecretStore,
    SecretString, ServiceName,
};

/// The test was asked to run (`--ignored`); without the variable that says this is a
/// session whose keychain it may write to, it fails rather than passing unrun.
fn require_real_keychain() {
    assert!(
        std::env::var("SWITCHBOARD_REAL_KEYCHAIN").is_ok_and(|value| value == "1"),
        "the real-keychain test was asked to run but SWITCHBOARD_REAL_KEYCHAIN=1 is not set: \
         it writes to the OS keychain, so run it through `cargo xtask test` or in a throwaway \
         keyring session as this file's header shows"
    );
}

fn unique_service() -> ServiceName {
    ServiceName::custom(format!(
        "Switchboard-test-{}",
        uuid::Uuid::new_v4().simple()
    ))
    .expect("valid name")
}

#[test]
#[ignore = "needs a real, unlocked OS keychain and SWITCHBOARD_REAL_KEYCHAIN=1; `cargo xtask test` runs it (by hand: see this file's header)"]
fn real_keychain_round_trips_and_persists_across_store_values() {
    require_real_keychain();
    let dir = tempfile::tempdir().expect("temp dir");
    let service = unique_service();
    let blob_dir = dir.path().join("secrets");

    let writer = KeychainStore::new(service.clone(), &blob_dir);
    assert_eq!(writer.keychain_status(), KeychainStatus::Available);
    let small = unique_secret(48);
    let large = unique_secret(4096);
    let small_ref = writer
        .create(&SecretString::from(small.clone()))
        .expect("store small secret");
    let large_ref = writer
        .create(&SecretString::from(large.clone()))
        .expect("store 4 KB secret");

    let blob =
        std::fs::read(writer.blob_path(&large_ref)).expect("large secret went to a blob file");
    assert!(!shares_a_window(&blob, large.as_bytes(), 16));

    let reader = KeychainStore::new(service.clone(), &blob_dir);
    assert_eq!(
        reader
            .get(&small_ref)
            .expect("read small")
            .expect("present")
            .expose_secret(),
        small
    );
    assert_eq!(
        reader
            .get(&large_ref)
            .expect("read large")
            .expect("present")
            .expose_secret(),
        large
    );

    reader.delete(&small_ref).expect("delete small");
    reader.delete(&large_ref).expect("delete large");
    let after = KeychainStore::new(service.clone(), &blob_dir);
    assert!(after.get(&small_ref).expect("read after delete").is_none());
    assert!(after.get(&large_ref).expect("read after delete").is_none());

    // The per-installation key is never deleted by the store; remove this run's test key.
    KeyringSlots::new(service)
        .delete_slot("switchboard-master-key")
        .expect("remove test key");
}
