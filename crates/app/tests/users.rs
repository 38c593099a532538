//! The Users screen commands driven headlessly over a real cache file in a temp folder.

use std::collections::HashSet;

use switchboard_app::{
    error::ErrorCode, AppConfig, AppContext, Mode, NewTenantInput, UsersPageView, UsersQueryInput,
};
use switchboard_cache::{Cache, UserRecord, UserSort};
use switchboard_domain::{LicenceType, TenantId};
use switchboard_secrets::MemoryStore;
use tempfile::TempDir;

struct Host {
    _dir: TempDir,
    ctx: AppContext,
    contoso: TenantId,
    fabrikam: TenantId,
}

fn tenant_input(short_name: &str) -> NewTenantInput {
    NewTenantInput {
        short_name: short_name.into(),
        full_name: format!("{short_name} Ltd"),
        azure_tenant_id: None,
        licence_type: LicenceType::HostedPro,
        licensed_users: 100,
    }
}

fn user(n: usize, name: &str, line_uri: Option<&str>, policy: Option<&str>) -> UserRecord {
    let upn_name = name.to_lowercase().replace(' ', ".");
    UserRecord {
        object_id: format!("00000000-0000-0000-0000-{n:012}"),
        upn: format!("{upn_name}@example.com"),
        display_name: name.into(),
        surname: name.split(' ').next_back().map(str::to_owned),
        line_uri: line_uri.map(str::to_owned),
        enterprise_voice: line_uri.is_some(),
        voice_routing_policy: policy.map(str::to_owned),
        tenant_dial_plan: Some("DP-UK".into()),
        usage_location: Some(if n.is_multiple_of(2) { "GB" } else { "NL" }.into()),
        licences: vec!["MCOEV".into()],
        department: Some("Sales".into()),
        account_enabled: true,
        ..UserRecord::default()
    }
}

impl Host {
    /// Two tenants; contoso has five named users, fabrikam one.
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let config = AppConfig::new(data.clone(), Mode::Sandbox);
        let ctx =
            AppContext::open_with_secrets(config, Box::new(MemoryStore::new())).expect("opens");
        let contoso = ctx
            .create_tenant(&tenant_input("contoso"))
            .expect("contoso")
            .id;
        let fabrikam = ctx
            .create_tenant(&tenant_input("fabrikam"))
            .expect("fabrikam")
            .id;
        // A second connection, as the sync engine would hold; WAL lets both work.
        let cache = Cache::open(&ctx.paths().cache_file).expect("cache");
        cache
            .upsert_users(
                contoso,
                &[
                    user(
                        1,
                        "Alice Archer",
                        Some("tel:+442079460018;ext=12"),
                        Some("UK-Intl"),
                    ),
                    user(
                        2,
                        "Bob Baker",
                        Some("tel:+442079460019"),
                        Some("UK-National"),
                    ),
                    user(3, "Carol Clark", Some("tel:+31201234567"), Some("NL-Intl")),
                    user(4, "Dave Dyer", None, None),
                    user(5, "Alina Avery", Some("tel:+12065550100"), Some("UK-Intl")),
                ],
            )
            .expect("contoso users");
        cache
            .upsert_users(
                fabrikam,
                &[user(
                    6,
                    "Alfred Ames",
                    Some("tel:+442079461111"),
                    Some("UK-Intl"),
                )],
            )
            .expect("fabrikam users");
        Self {
            _dir: dir,
            ctx,
            contoso,
            fabrikam,
        }
    }

    fn page(&self, input: &UsersQueryInput) -> UsersPageView {
        self.ctx.query_users(input).expect("query")
    }

    fn names(&self, input: &UsersQueryInput) -> Vec<String> {
        self.page(input)
            .users
            .into_iter()
            .map(|u| u.display_name)
            .collect()
    }
}

fn all() -> UsersQueryInput {
    UsersQueryInput::first_page(100)
}

fn search(text: &str) -> UsersQueryInput {
    UsersQueryInput {
        search: Some(text.into()),
        ..all()
    }
}

#[test]
fn lists_every_tenant_sorted_by_name_with_row_columns() {
    let host = Host::new();
    let page = host.page(&all());
    assert_eq!(page.total, 6);
    assert_eq!(page.next_cursor, None);
    let names: Vec<&str> = page.users.iter().map(|u| u.display_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Alfred Ames",
            "Alice Archer",
            "Alina Avery",
            "Bob Baker",
            "Carol Clark",
            "Dave Dyer"
        ]
    );
    let alice = &page.users[1];
    assert_eq!(alice.tenant_short_name, "contoso");
    assert_eq!(alice.tenant_id, host.contoso);
    assert_eq!(alice.upn, "alice.archer@example.com");
    assert_eq!(alice.line_uri.as_deref(), Some("tel:+442079460018;ext=12"));
    assert!(alice.enterprise_voice);
    assert_eq!(alice.voice_routing_policy.as_deref(), Some("UK-Intl"));
    assert_eq!(alice.tenant_dial_plan.as_deref(), Some("DP-UK"));
    assert_eq!(alice.licences, ["MCOEV"]);
    assert!(chrono_like(&alice.synced_at), "{}", alice.synced_at);
    assert_eq!(page.users[0].tenant_short_name, "fabrikam");

    let json = serde_json::to_value(&page).expect("json");
    assert!(json.get("nextCursor").is_some(), "{json}");
    for key in [
        "tenantShortName",
        "lineUri",
        "enterpriseVoice",
        "voiceRoutingPolicy",
        "syncedAt",
    ] {
        assert!(json["users"][0].get(key).is_some(), "missing {key}");
    }
}

/// RFC 3339 as produced by chrono: a date, a `T` and an offset.
fn chrono_like(text: &str) -> bool {
    text.len() >= 20
        && text.as_bytes()[10] == b'T'
        && (text.ends_with("+00:00") || text.ends_with('Z'))
}

#[test]
fn searches_by_name_upn_and_surname_prefix() {
    let host = Host::new();
    assert_eq!(host.names(&search("ali")), ["Alice Archer", "Alina Avery"]);
    assert_eq!(host.names(&search("bob.b")), ["Bob Baker"]);
    assert_eq!(host.names(&search("Clark")), ["Carol Clark"]);
    assert!(host.names(&search("nobody")).is_empty());
    assert_eq!(host.page(&search("ali")).total, 2);
}

#[test]
fn searches_by_part_of_a_number_in_any_notation() {
    let host = Host::new();
    let both_london = ["Alice Archer", "Bob Baker"];
    for notation in [
        "+4420794600",
        "4420794600",
        "tel:+4420794600",
        "+44 20 7946 00",
    ] {
        assert_eq!(host.names(&search(notation)), both_london, "{notation}");
    }
    // A national number (trunk 0) finds the international one by its end.
    assert_eq!(host.names(&search("020 7946 0018")), ["Alice Archer"]);
    // The end of a number finds it too, with or without its extension.
    assert_eq!(host.names(&search("460018")), ["Alice Archer"]);
    assert_eq!(host.names(&search("tel:+31 20 123")), ["Carol Clark"]);
}

#[test]
fn filters_by_tenant_policy_location_and_voice() {
    let host = Host::new();
    let uk_intl = UsersQueryInput {
        voice_routing_policy: Some("UK-Intl".into()),
        ..all()
    };
    assert_eq!(
        host.names(&uk_intl),
        ["Alfred Ames", "Alice Archer", "Alina Avery"]
    );
    let in_contoso = UsersQueryInput {
        tenant_id: Some(host.contoso),
        ..uk_intl.clone()
    };
    assert_eq!(host.names(&in_contoso), ["Alice Archer", "Alina Avery"]);
    let in_fabrikam = UsersQueryInput {
        tenant_id: Some(host.fabrikam),
        ..all()
    };
    assert_eq!(host.page(&in_fabrikam).total, 1);

    let no_voice = UsersQueryInput {
        enterprise_voice: Some(false),
        ..all()
    };
    assert_eq!(host.names(&no_voice), ["Dave Dyer"]);
    let gb = UsersQueryInput {
        usage_location: Some("GB".into()),
        tenant_id: Some(host.contoso),
        ..all()
    };
    assert_eq!(host.names(&gb), ["Bob Baker", "Dave Dyer"]);
}

#[test]
fn sorts_by_upn_and_by_number() {
    let host = Host::new();
    let by_number = UsersQueryInput {
        sort: UserSort::PhoneNumber,
        tenant_id: Some(host.contoso),
        ..all()
    };
    // No number sorts first; then by digits: 1206…, 3120…, 4420…18, 4420…19.
    assert_eq!(
        host.names(&by_number),
        [
            "Dave Dyer",
            "Alina Avery",
            "Carol Clark",
            "Alice Archer",
            "Bob Baker"
        ]
    );
    let by_upn = UsersQueryInput {
        sort: UserSort::Upn,
        search: Some("al".into()),
        ..all()
    };
    assert_eq!(
        host.names(&by_upn),
        ["Alfred Ames", "Alice Archer", "Alina Avery"]
    );
}

#[test]
fn filters_by_whether_a_user_has_a_number_and_sorts_descending() {
    let host = Host::new();
    let numbered = UsersQueryInput {
        tenant_id: Some(host.contoso),
        has_number: Some(true),
        descending: Some(true),
        ..all()
    };
    assert_eq!(
        host.names(&numbered),
        ["Carol Clark", "Bob Baker", "Alina Avery", "Alice Archer"]
    );
    let numberless = UsersQueryInput {
        has_number: Some(false),
        ..all()
    };
    let page = host.page(&numberless);
    assert_eq!(page.total, 1);
    assert_eq!(page.users[0].display_name, "Dave Dyer");
    assert_eq!(page.users[0].line_uri, None);
}

#[test]
fn facets_list_policies_and_locations_with_counts() {
    let host = Host::new();
    let contoso = host
        .ctx
        .user_facets(Some(host.contoso.get()))
        .expect("facets");
    assert_eq!(
        contoso.voice_routing_policies,
        [
            ("NL-Intl".to_owned(), 1),
            ("UK-Intl".to_owned(), 2),
            ("UK-National".to_owned(), 1)
        ]
    );
    assert_eq!(
        contoso.usage_locations,
        [("GB".to_owned(), 2), ("NL".to_owned(), 3)]
    );
    let everywhere = host.ctx.user_facets(None).expect("facets");
    assert!(everywhere
        .voice_routing_policies
        .contains(&("UK-Intl".to_owned(), 3)));
    assert_eq!(
        everywhere.usage_locations,
        [("GB".to_owned(), 3), ("NL".to_owned(), 3)]
    );
    let err = host.ctx.user_facets(Some(999)).expect_err("unknown tenant");
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn pages_through_every_row_exactly_once_in_each_sort() {
    let host = Host::new();
    for (sort, descending) in [UserSort::DisplayName, UserSort::Upn, UserSort::PhoneNumber]
        .into_iter()
        .flat_map(|sort| [(sort, false), (sort, true)])
    {
        let mut input = UsersQueryInput {
            sort,
            descending: Some(descending),
            limit: 2,
            ..all()
        };
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let page = host.page(&input);
            assert_eq!(page.total, 6, "{sort:?}");
            assert!(page.users.len() <= 2);
            pages += 1;
            seen.extend(page.users.into_iter().map(|u| u.object_id));
            match page.next_cursor {
                Some(next) => input.cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(pages, 3, "{sort:?}");
        assert_eq!(seen.len(), 6, "{sort:?}");
        assert_eq!(
            seen.iter().collect::<HashSet<_>>().len(),
            6,
            "no row twice in {sort:?}"
        );
    }
}

#[test]
fn bad_queries_are_refused_with_field_errors() {
    let host = Host::new();
    let first = host.page(&UsersQueryInput { limit: 2, ..all() });
    let cursor = first.next_cursor.expect("more pages");
    let err = host
        .ctx
        .query_users(&UsersQueryInput {
            sort: UserSort::Upn,
            cursor: Some(cursor),
            limit: 2,
            ..all()
        })
        .expect_err("cursor of another sort");
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.fields[0].code, "cursor.otherSort");

    let descending_cursor = host
        .page(&UsersQueryInput {
            limit: 2,
            descending: Some(true),
            ..all()
        })
        .next_cursor
        .expect("more pages");
    let err = host
        .ctx
        .query_users(&UsersQueryInput {
            cursor: Some(descending_cursor),
            limit: 2,
            ..all()
        })
        .expect_err("cursor of the other direction");
    assert_eq!(err.fields[0].code, "cursor.otherSort");

    let err = host
        .ctx
        .query_users(&UsersQueryInput {
            tenant_id: Some(TenantId::new(999)),
            ..all()
        })
        .expect_err("unknown tenant");
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn detail_has_every_cached_field_and_the_sync_time() {
    let host = Host::new();
    let detail = host
        .ctx
        .user_detail(host.contoso.get(), "00000000-0000-0000-0000-000000000002")
        .expect("detail");
    assert_eq!(detail.tenant_short_name, "contoso");
    assert_eq!(detail.user.record.display_name, "Bob Baker");
    assert_eq!(detail.user.record.usage_location.as_deref(), Some("GB"));

    let json = serde_json::to_value(&detail).expect("json");
    for key in [
        "tenantShortName",
        "tenantId",
        "syncedAt",
        "objectId",
        "upn",
        "sipAddress",
        "givenName",
        "surname",
        "city",
        "userType",
        "featureTypes",
        "lineUri",
        "callingPolicy",
        "policies",
        "licences",
        "accountEnabled",
        "sourceModifiedAt",
    ] {
        assert!(json.get(key).is_some(), "missing {key} in {json}");
    }

    let err = host
        .ctx
        .user_detail(host.fabrikam.get(), "00000000-0000-0000-0000-000000000002")
        .expect_err("belongs to contoso");
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("fabrikam"), "{}", err.message);
    let err = host
        .ctx
        .user_detail(host.contoso.get(), "  ")
        .expect_err("blank");
    assert_eq!(err.fields[0].code, "objectId.empty");
}
