//! The SBC devices repository: validation, uniqueness, updates and connection checks.

use chrono::{TimeZone, Utc};
use switchboard_cache::{
    Cache, CacheError, NewSbc, SbcConnectionStatus, SbcCounts, SbcFields, SbcId, SbcUpdate,
};

fn fields(name: &str) -> SbcFields {
    SbcFields {
        name: name.to_owned(),
        host: "10.0.0.5".to_owned(),
        device_fqdn: Some("sbc1.provider.example".to_owned()),
        port: Some(8443),
        https: true,
        nat_ip: Some("192.0.2.10".to_owned()),
        admin_user: "Admin".to_owned(),
        plain_http_confirmed_for: None,
    }
}

fn new_sbc(name: &str) -> NewSbc {
    NewSbc {
        fields: fields(name),
        password_ref: Some("sref:first".to_owned()),
        pinned_cert_sha256: Some("AB:CD".to_owned()),
    }
}

fn invalid_field(error: CacheError) -> String {
    match error {
        CacheError::Invalid(domain) => domain.code,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn created_sbcs_list_by_name_with_unknown_status() {
    let cache = Cache::open_in_memory().unwrap();
    let second = cache.create_sbc(&new_sbc("  zeta-sbc ")).unwrap();
    let first = cache.create_sbc(&new_sbc("alpha-sbc")).unwrap();
    assert_eq!(second.fields.name, "zeta-sbc", "names are trimmed");
    let listed = cache.list_sbcs().unwrap();
    let names: Vec<&str> = listed.iter().map(|s| s.fields.name.as_str()).collect();
    assert_eq!(names, ["alpha-sbc", "zeta-sbc"]);
    assert_eq!(listed[0], first);
    assert_eq!(first.connection_status, SbcConnectionStatus::Unknown);
    assert_eq!(first.last_checked_at, None);
    assert_eq!(first.fields.port, Some(8443));
    assert_eq!(first.password_ref.as_deref(), Some("sref:first"));
    assert_eq!(first.sites_count, 0);
    assert_eq!(cache.sbc(first.id).unwrap(), first);
}

#[test]
fn names_are_unique_ignoring_case() {
    let cache = Cache::open_in_memory().unwrap();
    cache.create_sbc(&new_sbc("Edge-1")).unwrap();
    match cache.create_sbc(&new_sbc("EDGE-1")) {
        Err(CacheError::Conflict { field, message }) => {
            assert_eq!(field, "name");
            assert!(message.contains("EDGE-1"), "{message}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(cache.list_sbcs().unwrap().len(), 1);
}

#[test]
fn bad_fields_are_refused_and_nothing_is_stored() {
    let cache = Cache::open_in_memory().unwrap();
    let mut bad = new_sbc(" ");
    assert_eq!(
        invalid_field(cache.create_sbc(&bad).unwrap_err()),
        "name.empty"
    );
    bad.fields.name = "x".repeat(65);
    assert_eq!(
        invalid_field(cache.create_sbc(&bad).unwrap_err()),
        "name.tooLong"
    );
    bad.fields.name = "x".repeat(64);
    bad.fields.host = "  ".to_owned();
    assert_eq!(
        invalid_field(cache.create_sbc(&bad).unwrap_err()),
        "host.empty"
    );
    bad.fields.host = "sbc.example".to_owned();
    bad.fields.port = Some(0);
    assert_eq!(
        invalid_field(cache.create_sbc(&bad).unwrap_err()),
        "port.outOfRange"
    );
    assert!(cache.list_sbcs().unwrap().is_empty());
    let all = SbcFields {
        name: String::new(),
        host: String::new(),
        port: Some(0),
        ..fields("")
    }
    .validate();
    assert_eq!(all.len(), 3, "every field is reported: {all:?}");
}

#[test]
fn updates_keep_the_password_unless_given_and_forget_the_pin_on_a_new_address() {
    let cache = Cache::open_in_memory().unwrap();
    let sbc = cache.create_sbc(&new_sbc("edge")).unwrap();
    cache
        .record_sbc_check(
            sbc.id,
            SbcConnectionStatus::Connected,
            Utc::now(),
            true,
            SbcCounts::default(),
        )
        .unwrap();
    let mut renamed = fields("edge-renamed");
    renamed.nat_ip = Some("  ".to_owned());
    let updated = cache
        .update_sbc(
            sbc.id,
            &SbcUpdate {
                fields: renamed.clone(),
                password_ref: None,
            },
        )
        .unwrap();
    assert_eq!(updated.fields.name, "edge-renamed");
    assert_eq!(
        updated.fields.nat_ip, None,
        "blank text is stored as nothing"
    );
    assert_eq!(updated.password_ref.as_deref(), Some("sref:first"));
    assert_eq!(updated.pinned_cert_sha256.as_deref(), Some("AB:CD"));
    assert_eq!(updated.connection_status, SbcConnectionStatus::Connected);

    renamed.host = "10.0.0.6".to_owned();
    let moved = cache
        .update_sbc(
            sbc.id,
            &SbcUpdate {
                fields: renamed,
                password_ref: Some("sref:second".to_owned()),
            },
        )
        .unwrap();
    assert_eq!(moved.password_ref.as_deref(), Some("sref:second"));
    assert_eq!(moved.pinned_cert_sha256, None);
    assert_eq!(moved.connection_status, SbcConnectionStatus::Unknown);
    assert_eq!(moved.last_checked_at, None);
}

#[test]
fn updating_to_a_taken_name_is_a_conflict() {
    let cache = Cache::open_in_memory().unwrap();
    cache.create_sbc(&new_sbc("one")).unwrap();
    let two = cache.create_sbc(&new_sbc("two")).unwrap();
    let clash = cache.update_sbc(
        two.id,
        &SbcUpdate {
            fields: fields("ONE"),
            password_ref: None,
        },
    );
    assert!(
        matches!(clash, Err(CacheError::Conflict { .. })),
        "{clash:?}"
    );
    assert_eq!(cache.sbc(two.id).unwrap().fields.name, "two");
}

#[test]
fn checks_pins_and_deletes_are_recorded() {
    let cache = Cache::open_in_memory().unwrap();
    let sbc = cache.create_sbc(&new_sbc("edge")).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 5, 6, 7, 8, 9).unwrap();
    let checked = cache
        .record_sbc_check(
            sbc.id,
            SbcConnectionStatus::Failed,
            at,
            true,
            SbcCounts::default(),
        )
        .unwrap();
    assert_eq!(checked.connection_status, SbcConnectionStatus::Failed);
    assert_eq!(checked.last_checked_at, Some(at));
    assert!(checked.save_needed);
    let pinned = cache.set_sbc_pin(sbc.id, Some("01:02")).unwrap();
    assert_eq!(pinned.pinned_cert_sha256.as_deref(), Some("01:02"));

    cache.delete_sbc(sbc.id).unwrap();
    assert!(matches!(
        cache.sbc(sbc.id),
        Err(CacheError::NotFound { .. })
    ));
    assert!(matches!(
        cache.delete_sbc(sbc.id),
        Err(CacheError::NotFound { .. })
    ));
    let missing = SbcId::new(999);
    assert!(matches!(
        cache.record_sbc_check(
            missing,
            SbcConnectionStatus::Connected,
            at,
            false,
            SbcCounts::default()
        ),
        Err(CacheError::NotFound { .. })
    ));
}

#[test]
fn the_plain_http_confirmation_covers_only_the_host_it_names() {
    let cache = Cache::open_in_memory().unwrap();
    let mut plain = fields("edge");
    plain.https = false;
    plain.plain_http_confirmed_for = Some("10.0.0.99".to_owned());
    let stale = cache
        .create_sbc(&NewSbc {
            fields: plain.clone(),
            ..new_sbc("edge")
        })
        .unwrap();
    assert_eq!(
        stale.fields.plain_http_confirmed_for, None,
        "a confirmation for another host is not stored"
    );

    plain.plain_http_confirmed_for = Some("10.0.0.5".to_owned());
    let update = |fields: &SbcFields| {
        cache
            .update_sbc(
                stale.id,
                &SbcUpdate {
                    fields: fields.clone(),
                    password_ref: None,
                },
            )
            .unwrap()
    };
    let confirmed = update(&plain);
    assert_eq!(
        confirmed.fields.plain_http_confirmed_for.as_deref(),
        Some("10.0.0.5")
    );
    assert_eq!(
        update(&SbcFields {
            name: "edge-renamed".to_owned(),
            ..plain.clone()
        })
        .fields
        .plain_http_confirmed_for
        .as_deref(),
        Some("10.0.0.5"),
        "renaming keeps it"
    );
    plain.host = "10.0.0.6".to_owned();
    assert_eq!(
        update(&plain).fields.plain_http_confirmed_for,
        None,
        "a new host clears it"
    );
}

#[test]
fn the_last_counts_survive_a_failed_check_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    let read_at = Utc.with_ymd_and_hms(2026, 5, 6, 7, 8, 9).unwrap();
    let failed_at = Utc.with_ymd_and_hms(2026, 5, 6, 8, 0, 0).unwrap();
    let id = {
        let cache = Cache::open(&path).unwrap();
        let sbc = cache.create_sbc(&new_sbc("edge")).unwrap();
        assert_eq!(sbc.last_counts, SbcCounts::default());
        let counts = SbcCounts {
            sip_users: Some(4),
            active_alarms: Some(2),
        };
        let read = cache
            .record_sbc_check(
                sbc.id,
                SbcConnectionStatus::Connected,
                read_at,
                false,
                counts,
            )
            .unwrap();
        assert_eq!(read.last_counts, counts);
        assert_eq!(read.counts_read_at, Some(read_at));
        cache
            .record_sbc_check(
                sbc.id,
                SbcConnectionStatus::Failed,
                failed_at,
                false,
                SbcCounts::default(),
            )
            .unwrap();
        sbc.id
    };
    let reopened = Cache::open(&path).unwrap().sbc(id).unwrap();
    assert_eq!(reopened.connection_status, SbcConnectionStatus::Failed);
    assert_eq!(reopened.last_checked_at, Some(failed_at));
    assert_eq!(reopened.last_counts.sip_users, Some(4));
    assert_eq!(reopened.last_counts.active_alarms, Some(2));
    assert_eq!(reopened.counts_read_at, Some(read_at), "dated when read");
}
