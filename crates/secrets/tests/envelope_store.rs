//! `KeychainStore` over an in-memory keychain: small secrets in the keychain, large ones in
//! encrypted blob files, and failures that never fall back to plain text.

mod support;

use std::sync::Arc;

use support::{shares_a_window, unique_secret};
use switchboard_logging::redact::redact_line;
use switchboard_secrets::{
    CredentialSlots, ExposeSecret, KeychainStatus, KeychainStore, MemoryStore, SecretRef,
    SecretStore, SecretString, SecretsError, KEYCHAIN_SAFE_LIMIT_BYTES,
};

const MASTER_KEY_ACCOUNT: &str = "switchboard-master-key";

struct Fixture {
    keychain: Arc<MemoryStore>,
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        Self {
            keychain: Arc::new(MemoryStore::new()),
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn store(&self) -> KeychainStore<Arc<MemoryStore>> {
        KeychainStore::with_slots(Arc::clone(&self.keychain), self.dir.path().join("secrets"))
    }

    fn slot(&self, account: &str) -> Option<String> {
        self.keychain
            .get_slot(account)
            .expect("memory slot")
            .map(|value| value.expose_secret().to_owned())
    }
}

#[test]
fn small_secret_goes_to_the_keychain_only() {
    let fixture = Fixture::new();
    let store = fixture.store();
    let secret = unique_secret(40);
    let reference = store
        .create(&SecretString::from(secret.clone()))
        .expect("create");

    assert_eq!(
        fixture.slot(&reference.to_string()).as_deref(),
        Some(secret.as_str())
    );
    assert!(!store.blob_path(&reference).exists());
    assert!(
        fixture.slot(MASTER_KEY_ACCOUNT).is_none(),
        "no key is needed for small secrets"
    );
    assert_eq!(
        store
            .get(&reference)
            .expect("get")
            .expect("present")
            .expose_secret(),
        secret
    );
}

#[test]
fn four_kilobyte_secret_round_trips_through_an_encrypted_blob() {
    let fixture = Fixture::new();
    let store = fixture.store();
    let secret = unique_secret(4096);
    let reference = store
        .create(&SecretString::from(secret.clone()))
        .expect("create");

    let blob_path = store.blob_path(&reference);
    assert!(blob_path.starts_with(store.blob_dir()));
    let blob = std::fs::read(&blob_path).expect("blob file written");
    assert!(blob.len() > secret.len(), "ciphertext plus nonce and tag");
    assert!(
        !shares_a_window(&blob, secret.as_bytes(), 16),
        "plaintext must not appear in the blob"
    );
    assert!(
        fixture.slot(&reference.to_string()).is_none(),
        "nothing large in the keychain"
    );
    assert!(
        fixture.slot(MASTER_KEY_ACCOUNT).is_some(),
        "the key lives in the keychain"
    );

    let read = store.get(&reference).expect("get").expect("present");
    assert_eq!(read.expose_secret(), secret);
}

#[cfg(unix)]
#[test]
fn the_blob_folder_is_created_for_the_user_only() {
    use std::os::unix::fs::PermissionsExt;

    let fixture = Fixture::new();
    let store = fixture.store();
    store
        .create(&SecretString::from(unique_secret(4096)))
        .expect("create");
    let mode = std::fs::metadata(store.blob_dir())
        .expect("created")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700);
}

#[test]
fn limit_is_measured_in_utf16_bytes() {
    let fixture = Fixture::new();
    let store = fixture.store();
    // 1,001 characters: 1,001 UTF-8 bytes but 2,002 bytes as Windows stores them.
    let secret = "x".repeat(KEYCHAIN_SAFE_LIMIT_BYTES / 2 + 1);
    let reference = store
        .create(&SecretString::from(secret.clone()))
        .expect("create");
    assert!(store.blob_path(&reference).exists());
    assert_eq!(
        store
            .get(&reference)
            .expect("get")
            .expect("present")
            .expose_secret(),
        secret
    );
}

#[test]
fn a_second_store_on_the_same_keychain_and_folder_reads_large_secrets() {
    let fixture = Fixture::new();
    let secret = unique_secret(3000);
    let reference = fixture
        .store()
        .create(&SecretString::from(secret.clone()))
        .expect("create");
    let read = fixture
        .store()
        .get(&reference)
        .expect("get")
        .expect("present");
    assert_eq!(read.expose_secret(), secret);
}

#[test]
fn replacing_moves_the_secret_between_keychain_and_blob() {
    let fixture = Fixture::new();
    let store = fixture.store();
    let reference = SecretRef::new();
    let large = unique_secret(2500);
    let small = unique_secret(30);

    store
        .put(&reference, &SecretString::from(small.clone()))
        .expect("small");
    store
        .put(&reference, &SecretString::from(large.clone()))
        .expect("large");
    assert!(
        fixture.slot(&reference.to_string()).is_none(),
        "the old small value is removed"
    );
    assert_eq!(
        store
            .get(&reference)
            .expect("get")
            .expect("present")
            .expose_secret(),
        large
    );

    store
        .put(&reference, &SecretString::from(small.clone()))
        .expect("small again");
    assert!(
        !store.blob_path(&reference).exists(),
        "the old blob is removed"
    );
    assert_eq!(
        store
            .get(&reference)
            .expect("get")
            .expect("present")
            .expose_secret(),
        small
    );
}

#[test]
fn concurrent_writers_of_one_reference_leave_a_whole_blob_and_no_temporary_files() {
    const WRITERS: usize = 8;
    const ROUNDS: usize = 10;
    let fixture = Fixture::new();
    let store = fixture.store();
    let reference = SecretRef::new();
    let values: Vec<Vec<String>> = (0..WRITERS)
        .map(|_| (0..ROUNDS).map(|_| unique_secret(16 * 1024)).collect())
        .collect();
    let start = std::sync::Barrier::new(WRITERS);
    std::thread::scope(|scope| {
        for mine in &values {
            let (store, start) = (&store, &start);
            scope.spawn(move || {
                start.wait();
                for value in mine {
                    store
                        .put(&reference, &SecretString::from(value.clone()))
                        .expect("every concurrent put succeeds");
                }
            });
        }
    });

    let read = store
        .get(&reference)
        .expect("the blob opens")
        .expect("present");
    assert!(
        values
            .iter()
            .flatten()
            .any(|value| value == read.expose_secret()),
        "the blob holds one whole written value"
    );
    let names: Vec<String> = std::fs::read_dir(store.blob_dir())
        .expect("blob folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let blob_name = store.blob_path(&reference);
    let blob_name = blob_name.file_name().expect("file name").to_string_lossy();
    assert_eq!(
        names,
        [blob_name.as_ref()],
        "no temporary file is left behind"
    );
}

#[test]
fn delete_removes_keychain_entry_and_blob() {
    let fixture = Fixture::new();
    let store = fixture.store();
    let small = store
        .create(&SecretString::from(unique_secret(20)))
        .expect("small");
    let large = store
        .create(&SecretString::from(unique_secret(4096)))
        .expect("large");

    store.delete(&small).expect("delete small");
    store.delete(&large).expect("delete large");
    assert!(store.get(&small).expect("get").is_none());
    assert!(store.get(&large).expect("get").is_none());
    assert!(!store.blob_path(&large).exists());
    assert!(fixture.slot(&small.to_string()).is_none());
    store.delete(&large).expect("deleting twice is fine");
}

#[test]
fn tampered_blob_fails_authentication_without_revealing_the_secret() {
    let fixture = Fixture::new();
    let store = fixture.store();
    let secret = unique_secret(4096);
    let reference = store
        .create(&SecretString::from(secret.clone()))
        .expect("create");
    let path = store.blob_path(&reference);
    let mut blob = std::fs::read(&path).expect("blob");
    let middle = blob.len() / 2;
    blob[middle] ^= 0x40;
    std::fs::write(&path, &blob).expect("tamper");

    let err = store
        .get(&reference)
        .expect_err("tampered blob must not open");
    assert!(
        matches!(err, SecretsError::BlobAuthenticationFailed { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("integrity check"), "{err}");
    assert!(!err.to_string().contains(&secret[..32]));
}

#[test]
fn blob_moved_to_another_reference_fails_authentication() {
    let fixture = Fixture::new();
    let store = fixture.store();
    let original = store
        .create(&SecretString::from(unique_secret(4096)))
        .expect("create");
    let other = SecretRef::new();
    std::fs::copy(store.blob_path(&original), store.blob_path(&other)).expect("copy");
    let err = store.get(&other).expect_err("wrong reference");
    assert!(
        matches!(err, SecretsError::BlobAuthenticationFailed { .. }),
        "{err:?}"
    );
}

#[test]
fn missing_master_key_is_reported_not_treated_as_absent() {
    let fixture = Fixture::new();
    let reference = fixture
        .store()
        .create(&SecretString::from(unique_secret(4096)))
        .expect("create");
    fixture
        .keychain
        .delete_slot(MASTER_KEY_ACCOUNT)
        .expect("remove key");
    let err = fixture.store().get(&reference).expect_err("key gone");
    assert!(
        matches!(err, SecretsError::MasterKeyMissing { .. }),
        "{err:?}"
    );
}

#[test]
fn foreign_file_in_place_of_a_blob_is_malformed() {
    let fixture = Fixture::new();
    let store = fixture.store();
    let reference = store
        .create(&SecretString::from(unique_secret(4096)))
        .expect("create");
    std::fs::write(store.blob_path(&reference), b"not a secret file").expect("overwrite");
    let err = store.get(&reference).expect_err("malformed");
    assert!(matches!(err, SecretsError::BlobMalformed { .. }), "{err:?}");
}

#[test]
fn values_passing_through_put_and_get_are_masked_in_logs() {
    let fixture = Fixture::new();
    let large = unique_secret(4096);
    let small = unique_secret(24);
    let large_ref = fixture
        .store()
        .create(&SecretString::from(large.clone()))
        .expect("large");
    fixture
        .store()
        .create(&SecretString::from(small.clone()))
        .expect("small");
    fixture
        .store()
        .get(&large_ref)
        .expect("get")
        .expect("present");

    let line = format!("server echoed {small} and {large} back");
    assert_eq!(
        redact_line(&line),
        "server echoed [REDACTED] and [REDACTED] back"
    );
}

#[test]
fn a_rotated_secret_replaces_its_predecessor_in_the_redaction() {
    let fixture = Fixture::new();
    let store = fixture.store();
    let reference = SecretRef::new();
    // Small, then large enough for a blob, then small again: both paths register.
    let [first, second, current] = [40, 4096, 40].map(unique_secret);
    for token in [&first, &second, &current] {
        store
            .put(&reference, &SecretString::from(token.clone()))
            .expect("put");
    }
    let line = format!("tokens {first} {second} {current}");
    assert_eq!(
        redact_line(&line),
        format!("tokens {first} {second} [REDACTED]"),
        "only the stored value is kept for masking"
    );
}

#[test]
fn empty_secret_is_rejected() {
    let fixture = Fixture::new();
    let err = fixture
        .store()
        .create(&SecretString::from(String::new()))
        .expect_err("empty");
    assert!(matches!(err, SecretsError::EmptySecret));
}

/// A keychain that refuses everything, as a locked or missing one does.
struct LockedKeychain;

impl LockedKeychain {
    fn error() -> SecretsError {
        SecretsError::KeychainUnavailable {
            detail: "collection is locked".into(),
        }
    }
}

impl CredentialSlots for LockedKeychain {
    fn set_slot(&self, _: &str, _: &SecretString) -> Result<(), SecretsError> {
        Err(Self::error())
    }
    fn get_slot(&self, _: &str) -> Result<Option<SecretString>, SecretsError> {
        Err(Self::error())
    }
    fn delete_slot(&self, _: &str) -> Result<(), SecretsError> {
        Err(Self::error())
    }
}

#[test]
fn locked_keychain_fails_loudly_and_writes_nothing_to_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let blob_dir = dir.path().join("secrets");
    let store = KeychainStore::with_slots(LockedKeychain, &blob_dir);
    for len in [32, 4096] {
        let secret = unique_secret(len);
        let err = store
            .create(&SecretString::from(secret.clone()))
            .expect_err("locked");
        assert!(
            matches!(err, SecretsError::KeychainUnavailable { .. }),
            "{err:?}"
        );
        assert!(!err.to_string().contains(&secret), "{err}");
    }
    assert!(
        !blob_dir.exists(),
        "no plain-text or encrypted fallback was written"
    );
    assert!(
        store.get(&SecretRef::new()).is_err(),
        "a failing keychain is not reported as 'absent'"
    );

    match store.keychain_status() {
        KeychainStatus::Unavailable { reason } => assert!(reason.contains("unlock it"), "{reason}"),
        KeychainStatus::Available => panic!("a locked keychain must not be reported available"),
    }
}

#[test]
fn keychain_status_of_a_working_keychain_is_available() {
    let fixture = Fixture::new();
    assert_eq!(fixture.store().keychain_status(), KeychainStatus::Available);
}
