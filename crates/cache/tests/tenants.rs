use chrono::Utc;
use switchboard_cache::{Cache, CacheError, NewTenant, TenantProfile, UserQuery, UserRecord};
use switchboard_domain::{
    AdminDomain, AzureTenantId, Cloud, DeploymentState, FullName, Licence, LicenceType, ShortName,
    TenantId,
};

fn new_tenant(short: &str, full: &str, licence: LicenceType, users: u32) -> NewTenant {
    NewTenant {
        short_name: ShortName::parse(short).unwrap(),
        full_name: FullName::parse(full).unwrap(),
        azure_tenant_id: None,
        licence: Licence::new(licence, users).unwrap(),
    }
}

fn user(object_id: &str) -> UserRecord {
    UserRecord {
        object_id: object_id.to_owned(),
        upn: format!("{object_id}@example.com"),
        display_name: object_id.to_owned(),
        ..UserRecord::default()
    }
}

#[test]
fn create_then_read_back() {
    let cache = Cache::open_in_memory().unwrap();
    let mut input = new_tenant("Contoso", "Contoso Ltd", LicenceType::HostedPro, 120);
    input.azure_tenant_id =
        Some(AzureTenantId::parse("72F988BF-86F1-41AF-91AB-2D7CD011DB47").unwrap());
    let before = Utc::now();
    let t = cache.create_tenant(&input).unwrap();
    assert_eq!(t.short_name.as_str(), "Contoso");
    assert_eq!(t.full_name.as_str(), "Contoso Ltd");
    assert_eq!(
        t.azure_tenant_id.as_ref().unwrap().as_str(),
        "72f988bf-86f1-41af-91ab-2d7cd011db47"
    );
    assert_eq!(t.licence_type, LicenceType::HostedPro);
    assert_eq!(t.licensed_users, 120);
    assert_eq!(t.deployment_state, DeploymentState::ReadyForDeployment);
    assert!(t.created_at >= before - chrono::Duration::seconds(1));
    assert_eq!(t.last_replication_at, None);
    assert_eq!(cache.tenant(t.id).unwrap(), t);
}

#[test]
fn duplicate_short_name_is_a_conflict_regardless_of_case() {
    let cache = Cache::open_in_memory().unwrap();
    cache
        .create_tenant(&new_tenant("contoso", "Contoso", LicenceType::HostedPro, 1))
        .unwrap();
    let err = cache
        .create_tenant(&new_tenant(
            "CONTOSO",
            "Other",
            LicenceType::HostedEssentials,
            0,
        ))
        .unwrap_err();
    match err {
        CacheError::Conflict { field, message } => {
            assert_eq!(field, "shortName");
            assert_eq!(
                message,
                "A customer with the short name 'CONTOSO' already exists."
            );
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(
        cache.list_tenants(None).unwrap().len(),
        1,
        "nothing was written"
    );
}

#[test]
fn the_profile_is_replaced_and_a_missing_tenant_is_not_found() {
    let cache = Cache::open_in_memory().unwrap();
    let t = cache
        .create_tenant(&new_tenant(
            "fabrikam",
            "Fabrikam",
            LicenceType::HostedEssentialsPlus,
            10,
        ))
        .unwrap();
    assert_eq!(
        (t.cloud, t.admin_domain.as_ref()),
        (Cloud::Commercial, None)
    );
    let profile = TenantProfile {
        full_name: FullName::parse("Fabrikam Defense").unwrap(),
        azure_tenant_id: Some(
            AzureTenantId::parse("72f988bf-86f1-41af-91ab-2d7cd011db47").unwrap(),
        ),
        admin_domain: Some(AdminDomain::parse("fabrikam.onmicrosoft.us").unwrap()),
        licence: Licence::new(LicenceType::HostedPro, 500).unwrap(),
        cloud: Cloud::Dod,
    };
    let updated = cache.update_tenant_profile(t.id, &profile).unwrap();
    assert_eq!(updated.full_name.as_str(), "Fabrikam Defense");
    assert_eq!(
        updated.azure_tenant_id.as_ref().map(AzureTenantId::as_str),
        Some("72f988bf-86f1-41af-91ab-2d7cd011db47")
    );
    assert_eq!(updated.admin_domain, profile.admin_domain);
    assert_eq!(
        (updated.licence_type, updated.licensed_users, updated.cloud),
        (LicenceType::HostedPro, 500, Cloud::Dod)
    );
    assert_eq!(
        updated.short_name.as_str(),
        "fabrikam",
        "the short name stays"
    );
    assert_eq!(cache.tenant(t.id).unwrap(), updated);
    assert!(matches!(
        cache.update_tenant_profile(TenantId::new(999), &profile),
        Err(CacheError::NotFound { .. })
    ));
}

#[test]
fn missing_tenants_are_not_found() {
    let cache = Cache::open_in_memory().unwrap();
    let err = cache.tenant(TenantId::new(42)).unwrap_err();
    assert_eq!(err.to_string(), "Customer 42 was not found.");
    assert!(matches!(
        cache.delete_tenant(TenantId::new(42)),
        Err(CacheError::NotFound { .. })
    ));
}

#[test]
fn delete_cascades_to_users() {
    let cache = Cache::open_in_memory().unwrap();
    let gone = cache
        .create_tenant(&new_tenant("gone", "Gone", LicenceType::HostedPro, 5))
        .unwrap();
    let kept = cache
        .create_tenant(&new_tenant("kept", "Kept", LicenceType::HostedPro, 5))
        .unwrap();
    cache
        .upsert_users(gone.id, &[user("a"), user("b")])
        .unwrap();
    cache.upsert_users(kept.id, &[user("c")]).unwrap();

    cache.delete_tenant(gone.id).unwrap();

    assert!(matches!(
        cache.tenant(gone.id),
        Err(CacheError::NotFound { .. })
    ));
    let all = cache.query_users(&UserQuery::default()).unwrap();
    assert_eq!(all.total, 1);
    assert_eq!(all.users[0].record.object_id, "c");
    let totals = cache.tenant_totals().unwrap();
    assert_eq!((totals.tenants, totals.users), (1, 1));
}

#[test]
fn list_searches_short_and_full_name_case_insensitively() {
    let cache = Cache::open_in_memory().unwrap();
    cache
        .create_tenant(&new_tenant(
            "contoso",
            "Contoso Pharmaceuticals",
            LicenceType::HostedPro,
            1,
        ))
        .unwrap();
    cache
        .create_tenant(&new_tenant(
            "fabrikam",
            "Fabrikam Inc",
            LicenceType::HostedPro,
            1,
        ))
        .unwrap();
    cache
        .create_tenant(&new_tenant(
            "wwi",
            "Wide World Importers",
            LicenceType::OcPro,
            1,
        ))
        .unwrap();
    cache
        .create_tenant(&new_tenant("pct_50", "Fifty", LicenceType::OcPro, 1))
        .unwrap();

    let names = |search: Option<&str>| -> Vec<String> {
        cache
            .list_tenants(search)
            .unwrap()
            .into_iter()
            .map(|s| s.tenant.short_name.to_string())
            .collect()
    };
    assert_eq!(names(None), ["contoso", "fabrikam", "pct_50", "wwi"]);
    assert_eq!(names(Some("FAB")), ["fabrikam"]);
    assert_eq!(names(Some("world")), ["wwi"], "full name matches");
    assert_eq!(names(Some("pharma")), ["contoso"]);
    assert_eq!(names(Some("  ")), names(None), "blank search lists all");
    assert_eq!(names(Some("t_5")), ["pct_50"], "underscore is literal");
    assert!(names(Some("%")).is_empty(), "percent is literal");
}

#[test]
fn totals_sum_tenants_users_and_licences() {
    let cache = Cache::open_in_memory().unwrap();
    assert_eq!(cache.tenant_totals().unwrap().tenants, 0);
    let a = cache
        .create_tenant(&new_tenant("aaa", "A", LicenceType::HostedPro, 100))
        .unwrap();
    cache
        .create_tenant(&new_tenant(
            "bbb",
            "B",
            LicenceType::HostedEssentialsPlus,
            20,
        ))
        .unwrap();
    cache
        .create_tenant(&new_tenant("ccc", "C", LicenceType::HostedEssentials, 0))
        .unwrap();
    cache
        .upsert_users(a.id, &[user("1"), user("2"), user("3")])
        .unwrap();
    let totals = cache.tenant_totals().unwrap();
    assert_eq!(totals.tenants, 3);
    assert_eq!(totals.users, 3);
    assert_eq!(totals.licensed_users, 120);
    let summaries = cache.list_tenants(None).unwrap();
    assert_eq!(summaries[0].user_count, 3);
    assert_eq!(summaries[1].user_count, 0);
}

#[test]
fn background_state_updates_are_stored() {
    use switchboard_cache::{ReplicationOutcome, TenantAuth};
    use switchboard_domain::{AuthMethod, AuthStatus};

    let cache = Cache::open_in_memory().unwrap();
    let t = cache
        .create_tenant(&new_tenant("state", "State", LicenceType::HostedPro, 1))
        .unwrap();

    let deployed = cache
        .set_deployment_state(t.id, DeploymentState::Deployed)
        .unwrap();
    assert_eq!(deployed.deployment_state, DeploymentState::Deployed);

    let finished_at = Utc::now();
    let outcome = ReplicationOutcome {
        finished_at,
        result: "Failed".into(),
        error: Some("403 Forbidden".into()),
    };
    let replicated = cache.record_replication(t.id, &outcome).unwrap();
    assert_eq!(
        replicated.last_replication_result.as_deref(),
        Some("Failed")
    );
    let stored_at = replicated.last_replication_at.unwrap();
    assert!((stored_at - finished_at).num_milliseconds().abs() <= 1);

    assert_eq!(
        cache
            .set_customer_version(t.id, "8.0.450")
            .unwrap()
            .customer_version
            .as_deref(),
        Some("8.0.450")
    );

    let auth = TenantAuth {
        method: AuthMethod::DeviceCode,
        status: AuthStatus::Valid,
        client_id: Some("11111111-2222-3333-4444-555555555555".into()),
        client_secret_ref: None,
        refresh_token_ref: Some("secret-ref-1".into()),
        valid_until: None,
        verified_at: Some(finished_at),
    };
    let authed = cache.set_tenant_auth(t.id, &auth).unwrap();
    assert_eq!(
        (authed.auth_method, authed.auth_status),
        (AuthMethod::DeviceCode, AuthStatus::Valid)
    );
    let read = cache.tenant_auth(t.id).unwrap();
    assert_eq!(read.refresh_token_ref.as_deref(), Some("secret-ref-1"));
    assert_eq!(read.client_id, auth.client_id);
    assert!(read.verified_at.is_some() && read.valid_until.is_none());

    assert_eq!(cache.users_delta_link(t.id).unwrap(), None);
    cache
        .set_users_delta_link(
            t.id,
            Some("https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x"),
        )
        .unwrap();
    assert!(cache
        .users_delta_link(t.id)
        .unwrap()
        .unwrap()
        .ends_with("deltatoken=x"));

    let missing = TenantId::new(404);
    assert!(matches!(
        cache.set_deployment_state(missing, DeploymentState::Failed),
        Err(CacheError::NotFound { .. })
    ));
    assert!(matches!(
        cache.tenant_auth(missing),
        Err(CacheError::NotFound { .. })
    ));
    assert!(matches!(
        cache.users_delta_link(missing),
        Err(CacheError::NotFound { .. })
    ));
}
