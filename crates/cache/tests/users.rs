use std::collections::BTreeMap;

use switchboard_cache::{
    Cache, CacheError, NewTenant, ReplaceOutcome, UserQuery, UserRecord, UserSort,
};
use switchboard_domain::{FullName, Licence, LicenceType, ShortName, TenantId};

fn tenant(cache: &Cache, short: &str) -> TenantId {
    cache
        .create_tenant(&NewTenant {
            short_name: ShortName::parse(short).unwrap(),
            full_name: FullName::parse(short).unwrap(),
            azure_tenant_id: None,
            licence: Licence::new(LicenceType::HostedPro, 10).unwrap(),
        })
        .unwrap()
        .id
}

fn user(object_id: &str, display: &str, line_uri: Option<&str>, vrp: Option<&str>) -> UserRecord {
    let first = display.split(' ').next().unwrap_or_default().to_lowercase();
    UserRecord {
        object_id: object_id.to_owned(),
        upn: format!("{first}.{object_id}@contoso.com"),
        display_name: display.to_owned(),
        surname: display.split(' ').nth(1).map(str::to_owned),
        line_uri: line_uri.map(str::to_owned),
        enterprise_voice: line_uri.is_some(),
        voice_routing_policy: vrp.map(str::to_owned),
        usage_location: Some("GB".into()),
        account_enabled: true,
        ..UserRecord::default()
    }
}

fn names(cache: &Cache, query: &UserQuery) -> Vec<String> {
    cache
        .query_users(query)
        .unwrap()
        .users
        .into_iter()
        .map(|u| u.record.display_name)
        .collect()
}

fn seeded() -> (Cache, TenantId, TenantId) {
    let cache = Cache::open_in_memory().unwrap();
    let a = tenant(&cache, "alpha");
    let b = tenant(&cache, "bravo");
    cache
        .upsert_users(
            a,
            &[
                user(
                    "1",
                    "Ada Lovelace",
                    Some("tel:+442079460018"),
                    Some("Unrestricted"),
                ),
                user(
                    "2",
                    "alan Turing",
                    Some("tel:+442079460019;ext=12"),
                    Some("UK-Only"),
                ),
                user(
                    "3",
                    "Grace Hopper",
                    Some("tel:+12065550100"),
                    Some("Unrestricted"),
                ),
                user("4", "Linus Torvalds", None, None),
            ],
        )
        .unwrap();
    cache
        .upsert_users(
            b,
            &[user(
                "1",
                "Ada Byron",
                Some("tel:+31201234567"),
                Some("Unrestricted"),
            )],
        )
        .unwrap();
    (cache, a, b)
}

#[test]
fn upsert_inserts_then_updates_by_object_id() {
    let (cache, a, _) = seeded();
    let mut changed = user("1", "Ada King", Some("tel:+442079460099"), Some("UK-Only"));
    changed.policies =
        BTreeMap::from([("TeamsCallingPolicy".to_owned(), "AllowCalling".to_owned())]);
    changed.licences = vec!["MCOEV".into()];
    assert_eq!(cache.upsert_users(a, &[changed.clone()]).unwrap(), 1);

    let page = cache
        .query_users(&UserQuery {
            tenant: Some(a),
            ..UserQuery::default()
        })
        .unwrap();
    assert_eq!(page.total, 4, "updated, not duplicated");
    let stored = page
        .users
        .iter()
        .find(|u| u.record.object_id == "1")
        .unwrap();
    assert_eq!(stored.record, changed);
    assert_eq!(stored.tenant_id, a);
}

#[test]
fn upsert_into_a_missing_tenant_writes_nothing() {
    let (cache, _, _) = seeded();
    let err = cache
        .upsert_users(TenantId::new(99), &[user("9", "Nobody", None, None)])
        .unwrap_err();
    assert!(matches!(err, CacheError::NotFound { .. }));
    assert_eq!(cache.query_users(&UserQuery::default()).unwrap().total, 5);
}

#[test]
fn name_search_matches_display_name_upn_or_surname_prefix_case_insensitively() {
    let (cache, a, _) = seeded();
    let q = |s: &str| UserQuery {
        tenant: Some(a),
        search: Some(s.into()),
        ..UserQuery::default()
    };
    assert_eq!(names(&cache, &q("ADA")), ["Ada Lovelace"]);
    assert_eq!(
        names(&cache, &q("al")),
        ["alan Turing"],
        "upn prefix 'alan.' and display name"
    );
    assert_eq!(names(&cache, &q("hopper")), ["Grace Hopper"], "surname");
    assert!(
        names(&cache, &q("ovelace")).is_empty(),
        "prefix, not substring"
    );
    let everywhere = UserQuery {
        search: Some("ada".into()),
        ..UserQuery::default()
    };
    assert_eq!(names(&cache, &everywhere), ["Ada Byron", "Ada Lovelace"]);
}

#[test]
fn number_search_matches_prefix_suffix_and_national_format() {
    let (cache, a, _) = seeded();
    let q = |s: &str| UserQuery {
        tenant: Some(a),
        search: Some(s.into()),
        ..UserQuery::default()
    };
    assert_eq!(
        names(&cache, &q("+44 20 7946")),
        ["Ada Lovelace", "alan Turing"]
    );
    assert_eq!(names(&cache, &q("0018")), ["Ada Lovelace"], "suffix");
    assert_eq!(
        names(&cache, &q("020 7946 0019")),
        ["alan Turing"],
        "national format"
    );
    assert_eq!(names(&cache, &q("tel:+12065550100")), ["Grace Hopper"]);
    assert!(names(&cache, &q("999999")).is_empty());
}

#[test]
fn filters_combine_with_search() {
    let (cache, a, _) = seeded();
    let unrestricted = UserQuery {
        tenant: Some(a),
        voice_routing_policy: Some("Unrestricted".into()),
        ..UserQuery::default()
    };
    assert_eq!(
        names(&cache, &unrestricted),
        ["Ada Lovelace", "Grace Hopper"]
    );
    let with_search = UserQuery {
        search: Some("grace".into()),
        ..unrestricted.clone()
    };
    assert_eq!(names(&cache, &with_search), ["Grace Hopper"]);
    let no_voice = UserQuery {
        tenant: Some(a),
        enterprise_voice: Some(false),
        ..UserQuery::default()
    };
    assert_eq!(names(&cache, &no_voice), ["Linus Torvalds"]);
    let elsewhere = UserQuery {
        tenant: Some(a),
        usage_location: Some("US".into()),
        ..UserQuery::default()
    };
    assert_eq!(cache.query_users(&elsewhere).unwrap().total, 0);
}

#[test]
fn keyset_paging_walks_every_row_once_in_order() {
    let cache = Cache::open_in_memory().unwrap();
    let t = tenant(&cache, "paging");
    // Duplicate display names check that the id breaks ties between pages.
    let users: Vec<_> = (0..25)
        .map(|i| user(&format!("o{i}"), &format!("User {:02}", i % 10), None, None))
        .collect();
    cache.upsert_users(t, &users).unwrap();

    for (sort, descending) in [UserSort::DisplayName, UserSort::Upn, UserSort::PhoneNumber]
        .into_iter()
        .flat_map(|sort| [(sort, false), (sort, true)])
    {
        let mut query = UserQuery {
            tenant: Some(t),
            limit: 7,
            sort,
            descending,
            ..UserQuery::default()
        };
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let page = cache.query_users(&query).unwrap();
            assert_eq!(page.total, 25);
            assert!(page.users.len() <= 7);
            seen.extend(
                page.users
                    .iter()
                    .map(|u| (u.record.display_name.clone(), u.record.upn.clone(), u.id)),
            );
            pages += 1;
            match page.next {
                Some(cursor) => query.after = Some(cursor),
                None => break,
            }
        }
        assert_eq!(pages, 4, "{sort:?} {descending}");
        assert_eq!(seen.len(), 25, "{sort:?} {descending}: no row twice");
        let mut ids: Vec<_> = seen.iter().map(|s| s.2).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(
            ids.len(),
            25,
            "{sort:?} {descending}: every row exactly once"
        );
        if sort == UserSort::DisplayName {
            let keys: Vec<_> = seen.iter().map(|s| (s.0.to_lowercase(), s.2)).collect();
            assert!(
                keys.windows(2)
                    .all(|w| if descending { w[0] > w[1] } else { w[0] < w[1] }),
                "sorted by name then id, descending={descending}"
            );
        }
    }
}

#[test]
fn has_number_filter_splits_users_with_and_without_a_number() {
    let (cache, a, _) = seeded();
    let q = |has_number| UserQuery {
        tenant: Some(a),
        has_number: Some(has_number),
        ..UserQuery::default()
    };
    assert_eq!(
        names(&cache, &q(true)),
        ["Ada Lovelace", "alan Turing", "Grace Hopper"]
    );
    assert_eq!(names(&cache, &q(false)), ["Linus Torvalds"]);
    let everywhere = UserQuery {
        has_number: Some(true),
        search: Some("ada".into()),
        ..UserQuery::default()
    };
    assert_eq!(names(&cache, &everywhere), ["Ada Byron", "Ada Lovelace"]);
    let numberless_ada = UserQuery {
        has_number: Some(false),
        ..everywhere
    };
    assert_eq!(cache.query_users(&numberless_ada).unwrap().total, 0);
}

#[test]
fn descending_sort_reverses_the_order() {
    let (cache, a, _) = seeded();
    let descending = UserQuery {
        tenant: Some(a),
        descending: true,
        ..UserQuery::default()
    };
    assert_eq!(
        names(&cache, &descending),
        [
            "Linus Torvalds",
            "Grace Hopper",
            "alan Turing",
            "Ada Lovelace"
        ]
    );
    let by_number = UserQuery {
        sort: UserSort::PhoneNumber,
        has_number: Some(true),
        search: Some("+4420".into()),
        ..descending
    };
    assert_eq!(names(&cache, &by_number), ["alan Turing", "Ada Lovelace"]);
}

#[test]
fn user_lookup_by_object_id_is_per_tenant() {
    let (cache, a, b) = seeded();
    let grace = cache.user(a, "3").unwrap();
    assert_eq!(grace.record.display_name, "Grace Hopper");
    assert_eq!(grace.tenant_id, a);
    assert_eq!(cache.user(b, "1").unwrap().record.display_name, "Ada Byron");
    for (tenant, object_id) in [(b, "3"), (a, "missing"), (TenantId::new(99), "1")] {
        let err = cache.user(tenant, object_id).unwrap_err();
        assert!(
            matches!(&err, CacheError::NotFound { what } if what.contains(object_id)),
            "{err:?}"
        );
    }
}

#[test]
fn facets_count_distinct_policies_and_locations() {
    let (cache, a, b) = seeded();
    let mut us = user(
        "5",
        "Hedy Lamarr",
        Some("tel:+13105550100"),
        Some("US-Only"),
    );
    us.usage_location = Some("US".into());
    cache.upsert_users(b, &[us]).unwrap();

    let alpha = cache.user_facets(Some(a)).unwrap();
    assert_eq!(
        alpha.voice_routing_policies,
        [("UK-Only".to_owned(), 1), ("Unrestricted".to_owned(), 2)],
        "users without a policy are left out"
    );
    assert_eq!(alpha.usage_locations, [("GB".to_owned(), 4)]);

    let all = cache.user_facets(None).unwrap();
    assert_eq!(
        all.voice_routing_policies,
        [
            ("UK-Only".to_owned(), 1),
            ("Unrestricted".to_owned(), 3),
            ("US-Only".to_owned(), 1)
        ]
    );
    assert_eq!(
        all.usage_locations,
        [("GB".to_owned(), 5), ("US".to_owned(), 1)]
    );
    assert_eq!(
        cache.user_facets(Some(TenantId::new(99))).unwrap(),
        Default::default(),
        "an unknown tenant has no users"
    );
}

#[test]
fn name_and_number_searches_use_indexes() {
    let (cache, a, _) = seeded();
    for search in ["ada", "+4420", "0018"] {
        for tenant in [Some(a), None] {
            for has_number in [None, Some(true), Some(false)] {
                for descending in [false, true] {
                    let plan = cache
                        .explain_user_query(&UserQuery {
                            tenant,
                            search: Some(search.into()),
                            has_number,
                            descending,
                            ..UserQuery::default()
                        })
                        .unwrap()
                        .join(" | ");
                    let case = format!("{search} / {tenant:?} / {has_number:?} / {descending}");
                    assert!(!plan.contains("SCAN u"), "{case} scans: {plan}");
                    assert!(plan.contains("INDEX"), "{case}: {plan}");
                }
            }
        }
    }
    for has_number in [None, Some(true), Some(false)] {
        for descending in [false, true] {
            let browse = cache
                .explain_user_query(&UserQuery {
                    tenant: Some(a),
                    has_number,
                    descending,
                    ..UserQuery::default()
                })
                .unwrap()
                .join(" | ");
            let case = format!("{has_number:?} / {descending}");
            assert!(!browse.contains("SCAN u"), "{case} scans: {browse}");
            assert!(browse.contains("users_tenant_"), "{case}: {browse}");
            if has_number.is_none() {
                assert!(browse.contains("users_tenant_display_name"), "{browse}");
                assert!(
                    !browse.contains("TEMP B-TREE"),
                    "browsing needs no sort, either way: {browse}"
                );
            }
        }
    }
    let numbered_by_number = cache
        .explain_user_query(&UserQuery {
            tenant: Some(a),
            has_number: Some(true),
            sort: UserSort::PhoneNumber,
            descending: true,
            ..UserQuery::default()
        })
        .unwrap()
        .join(" | ");
    assert!(
        numbered_by_number.contains("users_tenant_phone (tenant_id=? AND phone_digits>?)"),
        "{numbered_by_number}"
    );
    assert!(
        !numbered_by_number.contains("TEMP B-TREE"),
        "{numbered_by_number}"
    );
}

#[test]
fn remove_users_deletes_only_that_tenants_rows() {
    let (cache, a, b) = seeded();
    assert_eq!(
        cache
            .remove_users(a, &["1", "3", "does-not-exist"])
            .unwrap(),
        2
    );
    assert_eq!(
        names(
            &cache,
            &UserQuery {
                tenant: Some(a),
                ..UserQuery::default()
            }
        ),
        ["alan Turing", "Linus Torvalds"]
    );
    assert_eq!(
        cache
            .query_users(&UserQuery {
                tenant: Some(b),
                ..UserQuery::default()
            })
            .unwrap()
            .total,
        1,
        "same object id in another tenant stays"
    );
    assert!(matches!(
        cache.remove_users(TenantId::new(99), &["1"]),
        Err(CacheError::NotFound { .. })
    ));
}

fn tenant_records(cache: &Cache, tenant: TenantId) -> Vec<UserRecord> {
    let mut records: Vec<UserRecord> = cache
        .query_users(&UserQuery {
            tenant: Some(tenant),
            ..UserQuery::default()
        })
        .unwrap()
        .users
        .into_iter()
        .map(|u| u.record)
        .collect();
    records.sort_by(|x, y| x.object_id.cmp(&y.object_id));
    records
}

#[test]
fn replace_users_keeps_updates_adds_and_removes_in_one_call() {
    let (cache, a, b) = seeded();
    let before_b = tenant_records(&cache, b);
    let snapshot = [
        user(
            "2",
            "alan Turing",
            Some("tel:+442079460019;ext=12"),
            Some("UK-Only"),
        ),
        user("3", "Grace Brewster", Some("tel:+12065550199"), None),
        user(
            "5",
            "Barbara Liskov",
            Some("tel:+16175550100"),
            Some("US-Only"),
        ),
    ];

    let outcome = cache.replace_users(a, &snapshot).unwrap();

    assert_eq!(
        outcome,
        ReplaceOutcome {
            written: 3,
            removed: 2
        }
    );
    assert_eq!(tenant_records(&cache, a), snapshot);
    assert_eq!(
        tenant_records(&cache, b),
        before_b,
        "same object id in another tenant stays"
    );
    assert_eq!(
        cache
            .query_users(&UserQuery {
                tenant: Some(a),
                search: Some("16175550100".into()),
                ..UserQuery::default()
            })
            .unwrap()
            .total,
        1,
        "number search indexes the new user"
    );
}

#[test]
fn replace_users_twice_with_the_same_snapshot_removes_nothing_more() {
    let (cache, a, _) = seeded();
    let snapshot = [user("4", "Linus Torvalds", None, None)];
    assert_eq!(cache.replace_users(a, &snapshot).unwrap().removed, 3);
    assert_eq!(
        cache.replace_users(a, &snapshot).unwrap(),
        ReplaceOutcome {
            written: 1,
            removed: 0
        }
    );
    assert_eq!(tenant_records(&cache, a), snapshot);
}

#[test]
fn replace_users_with_an_empty_snapshot_empties_only_that_tenant() {
    let (cache, a, b) = seeded();
    assert_eq!(cache.replace_users(a, &[]).unwrap().removed, 4);
    assert!(tenant_records(&cache, a).is_empty());
    assert_eq!(tenant_records(&cache, b).len(), 1);
}

#[test]
fn a_failing_replace_leaves_the_previous_snapshot_untouched() {
    let (cache, a, _) = seeded();
    let before = tenant_records(&cache, a);
    let snapshot = [
        user("1", "Ada King", Some("tel:+442079460099"), None),
        user("", "No Identity", None, None),
        user("6", "Edsger Dijkstra", None, None),
    ];

    let err = cache.replace_users(a, &snapshot).unwrap_err();

    assert!(
        matches!(&err, CacheError::Invalid(e) if e.code == "objectId.missing"),
        "{err:?}"
    );
    assert_eq!(
        tenant_records(&cache, a),
        before,
        "the update before the bad record is rolled back and nobody is removed"
    );
    assert!(matches!(
        cache.replace_users(TenantId::new(99), &snapshot[..1]),
        Err(CacheError::NotFound { .. })
    ));
}
