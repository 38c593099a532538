//! The demo estate generator: determinism, the tenant rules, and number plans.

use std::collections::HashSet;

use switchboard_sandbox::demo::{
    generate, DemoError, DemoSpec, Estate, LicenceType, MAX_LICENSED_USERS,
};

fn spec(seed: u64) -> DemoSpec {
    DemoSpec {
        seed,
        customers: 30,
        users_per_customer: 1..=120,
        sbcs: 3,
    }
}

fn estate(seed: u64) -> Estate {
    generate(&spec(seed)).expect("a valid spec generates")
}

#[test]
fn same_seed_gives_the_same_estate_and_another_seed_a_different_one() {
    let first = estate(7);
    assert_eq!(first, estate(7));
    let other = estate(8);
    assert_ne!(first, other);
    assert_ne!(first.customers[0].tenant_id, other.customers[0].tenant_id);
}

#[test]
fn sizes_follow_the_spec() {
    let estate = estate(1);
    assert_eq!(estate.customers.len(), 30);
    assert_eq!(estate.sbcs.len(), 3);
    for customer in &estate.customers {
        assert!(
            (1..=120).contains(&customer.users.len()),
            "{} users",
            customer.users.len()
        );
        assert!(customer.site.sbc < estate.sbcs.len());
    }
    let fixed = generate(&DemoSpec {
        seed: 2,
        customers: 4,
        users_per_customer: 37..=37,
        sbcs: 1,
    })
    .unwrap();
    assert!(fixed.customers.iter().all(|c| c.users.len() == 37));
}

#[test]
fn short_names_follow_the_tenant_rules_and_are_unique() {
    let estate = generate(&DemoSpec {
        seed: 3,
        customers: 400,
        users_per_customer: 1..=3,
        sbcs: 2,
    })
    .unwrap();
    let mut seen = HashSet::new();
    for customer in &estate.customers {
        let name = &customer.short_name;
        assert!((3..=15).contains(&name.chars().count()), "{name}");
        assert!(
            !name.contains(['\\', '/', ':', '*', '?', '"', '<', '>', '|', '.', ' ']),
            "{name}"
        );
        assert!(seen.insert(name.to_lowercase()), "{name} twice");
        assert_eq!(
            customer.initial_domain,
            format!("{}.onmicrosoft.com", name.to_lowercase())
        );
    }
    let domains: HashSet<_> = estate.customers.iter().map(|c| &c.custom_domain).collect();
    assert_eq!(domains.len(), estate.customers.len());
}

#[test]
fn licensed_users_follow_the_licence_type() {
    let estate = generate(&DemoSpec {
        seed: 4,
        customers: 80,
        users_per_customer: 5..=900,
        sbcs: 2,
    })
    .unwrap();
    let mut types = HashSet::new();
    for customer in &estate.customers {
        types.insert(customer.licence_type);
        match customer.licence_type {
            LicenceType::HostedEssentials | LicenceType::OcEssential => {
                assert_eq!(customer.licensed_users, 0)
            }
            _ => assert!((1..=MAX_LICENSED_USERS).contains(&customer.licensed_users)),
        }
    }
    assert_eq!(
        types.len(),
        LicenceType::ALL.len(),
        "every licence type appears in 80 customers"
    );
}

#[test]
fn ids_and_user_principal_names_are_unique_guids() {
    let estate = estate(5);
    let mut ids = HashSet::new();
    let mut upns = HashSet::new();
    for customer in &estate.customers {
        assert!(is_lower_guid(&customer.tenant_id), "{}", customer.tenant_id);
        assert!(ids.insert(customer.tenant_id.clone()));
        for user in &customer.users {
            assert!(is_lower_guid(&user.object_id));
            assert!(
                ids.insert(user.object_id.clone()),
                "{} twice",
                user.object_id
            );
            assert!(
                upns.insert(user.user_principal_name.to_lowercase()),
                "{} twice",
                user.user_principal_name
            );
            assert!(user
                .user_principal_name
                .ends_with(&format!("@{}", customer.custom_domain)));
        }
        for group in &customer.groups {
            assert!(ids.insert(group.id.clone()));
            let members: HashSet<_> = customer.users.iter().map(|u| &u.object_id).collect();
            assert!(group.member_ids.iter().all(|m| members.contains(m)));
        }
    }
}

#[test]
fn a_large_tenant_still_has_unique_user_principal_names() {
    let estate = generate(&DemoSpec {
        seed: 12,
        customers: 1,
        users_per_customer: 30_000..=30_000,
        sbcs: 1,
    })
    .unwrap();
    let users = &estate.customers[0].users;
    let upns: HashSet<String> = users
        .iter()
        .map(|u| u.user_principal_name.to_lowercase())
        .collect();
    assert_eq!(upns.len(), users.len());
}

fn is_lower_guid(text: &str) -> bool {
    uuid::Uuid::parse_str(text).is_ok_and(|id| id.to_string() == text)
}

#[test]
fn numbers_are_valid_unique_and_inside_their_customers_prefixes() {
    let estate = generate(&DemoSpec {
        seed: 6,
        customers: 60,
        users_per_customer: 1..=400,
        sbcs: 4,
    })
    .unwrap();
    let mut all = HashSet::new();
    let mut countries = HashSet::new();
    for customer in &estate.customers {
        let blocks: Vec<(String, usize)> = customer
            .site
            .prefixes()
            .iter()
            .map(|p| parse_prefix(p))
            .collect();
        let mut used_blocks = HashSet::new();
        for user in &customer.users {
            let Some(number) = user.number() else {
                continue;
            };
            let parsed = phonenumber::parse(None, number).expect("parses");
            assert!(
                phonenumber::is_valid(&parsed),
                "{number} is not a valid number"
            );
            // The calling code must be the customer country's (region lookup is
            // ambiguous for codes several countries share, such as +39 with Vatican City).
            let plan = phonenumber::metadata::DATABASE
                .by_id(customer.country.as_str())
                .expect("a known country");
            assert_eq!(
                parsed.code().value(),
                plan.country_code(),
                "{number} in {}",
                customer.country
            );
            assert_eq!(user.usage_location, customer.country);
            assert!(all.insert(number.to_string()), "{number} assigned twice");
            let block = blocks
                .iter()
                .position(|(base, digits)| {
                    number.len() == base.len() + digits && number.starts_with(base.as_str())
                })
                .unwrap_or_else(|| panic!("{number} outside {:?}", customer.site.prefixes()));
            used_blocks.insert(block);
            countries.insert(customer.country.clone());
        }
        assert_eq!(
            used_blocks.len(),
            blocks.len(),
            "every prefix of {} holds a user",
            customer.short_name
        );
    }
    assert!(
        countries.len() >= 5,
        "numbers from several countries: {countries:?}"
    );
}

/// `+4420794600[00-99]` → (`+4420794600`, 2), checked independently of the generator.
fn parse_prefix(prefix: &str) -> (String, usize) {
    let (base, range) = prefix.split_once('[').expect("a range group");
    let (low, high) = range
        .strip_suffix(']')
        .and_then(|r| r.split_once('-'))
        .expect("low-high");
    assert!(
        low.bytes().all(|b| b == b'0')
            && high.bytes().all(|b| b == b'9')
            && low.len() == high.len()
    );
    assert!(base.starts_with('+') && base[1..].bytes().all(|b| b.is_ascii_digit()));
    (base.to_string(), low.len())
}

#[test]
fn prefixes_of_different_customers_never_overlap() {
    let estate = generate(&DemoSpec {
        seed: 9,
        customers: 200,
        users_per_customer: 50..=3000,
        sbcs: 4,
    })
    .unwrap();
    let mut blocks: Vec<(String, usize)> = estate
        .customers
        .iter()
        .flat_map(|c| c.site.prefixes())
        .map(|p| parse_prefix(&p))
        .collect();
    blocks.sort();
    for pair in blocks.windows(2) {
        let ((a, _), (b, _)) = (&pair[0], &pair[1]);
        assert!(!b.starts_with(a.as_str()), "{a} overlaps {b}");
    }
}

#[test]
fn numbered_users_are_voice_users_with_an_existing_policy() {
    let estate = estate(10);
    let (mut voice, mut numbered) = (0, 0);
    for customer in &estate.customers {
        assert!(customer.voice.has_policy("Unrestricted"));
        for user in customer.users.iter().filter(|u| !u.resource_account) {
            voice += usize::from(user.enterprise_voice);
            numbered += usize::from(user.line_uri.is_some());
        }
        for user in customer.users.iter().filter(|u| u.line_uri.is_some()) {
            assert!(user.enterprise_voice, "{}", user.user_principal_name);
            let policy = user.voice_routing_policy.as_deref().expect("a policy");
            assert!(
                customer.voice.has_policy(policy),
                "{policy} missing in {}",
                customer.short_name
            );
            assert!(user
                .line_uri
                .as_deref()
                .is_some_and(|uri| uri.starts_with("tel:+")));
        }
        for plan in customer
            .users
            .iter()
            .filter_map(|u| u.tenant_dial_plan.as_deref())
        {
            assert!(customer.voice.dial_plans.iter().any(|p| p.identity == plan));
        }
    }
    let share = numbered as f64 / voice as f64;
    assert!(
        (0.75..=0.95).contains(&share),
        "{share} of voice users have a number"
    );
}

#[test]
fn gateways_are_derived_trunks_of_the_customers_sbc() {
    let estate = estate(11);
    for customer in &estate.customers {
        let sbc = &estate.sbcs[customer.site.sbc];
        assert_eq!(sbc.fqdn, format!("{}.{}", sbc.name, estate.provider_domain));
        assert_eq!(
            customer.trunk_domain,
            format!(
                "{}.{}",
                customer.short_name.to_lowercase(),
                estate.provider_domain
            )
        );
        let derived = format!("{}.{}", sbc.name, customer.trunk_domain);
        let gateway = &customer.site.pstn_gateway_fqdn;
        assert!(
            gateway == &derived || gateway == &format!("sbc.{}", customer.custom_domain),
            "{gateway}"
        );
        assert!(customer.voice.gateways.iter().any(|g| &g.fqdn == gateway));
        assert!(customer
            .voice
            .routes
            .iter()
            .all(|r| r.gateways.contains(gateway)));
    }
}

#[test]
fn bad_specs_are_refused_with_a_reason() {
    let no_sbc = DemoSpec { sbcs: 0, ..spec(1) };
    assert!(matches!(generate(&no_sbc), Err(DemoError::NoSbc)));
    #[allow(clippy::reversed_empty_ranges)]
    let empty = DemoSpec {
        users_per_customer: 10..=5,
        ..spec(1)
    };
    assert!(matches!(
        generate(&empty),
        Err(DemoError::EmptyUserRange { min: 10, max: 5 })
    ));
    let huge = DemoSpec {
        users_per_customer: 1..=10_000_000,
        ..spec(1)
    };
    assert!(matches!(
        generate(&huge),
        Err(DemoError::TooManyUsers { .. })
    ));
    let empty_estate = DemoSpec {
        customers: 0,
        sbcs: 0,
        ..spec(1)
    };
    assert!(generate(&empty_estate).is_ok_and(|e| e.customers.is_empty()));
}

// ----- loading into the emulators -----

mod loading {
    use serde_json::{json, Map, Value as Json};
    use switchboard_sandbox::demo::{
        generate, load, sbc_config, sbc_script, start_sbcs, DemoError, DemoSpec, Estate,
    };
    use switchboard_sandbox::sbc::{parse_running_config, AlarmSeverity, SbcHandle};
    use switchboard_sandbox::state::SandboxState;
    use switchboard_sandbox::teams::cmdlets;

    fn small_estate() -> Estate {
        generate(&DemoSpec {
            seed: 21,
            customers: 6,
            users_per_customer: 10..=60,
            sbcs: 2,
        })
        .unwrap()
    }

    fn identity(value: &str) -> Map<String, Json> {
        let mut params = Map::new();
        params.insert("Identity".into(), json!(value));
        params
    }

    #[test]
    fn the_directory_shows_every_customer_with_its_users_domains_licences_and_groups() {
        let estate = small_estate();
        let mut state = SandboxState::default();
        let credentials = load(&estate, &mut state).expect("the estate loads");
        assert_eq!(credentials.len(), estate.customers.len());
        for (customer, credential) in estate.customers.iter().zip(&credentials) {
            assert_eq!(credential.tenant_id, customer.tenant_id);
            assert_eq!(credential.client_id, estate.app.client_id);
            let tenant = state.tenant(&customer.tenant_id).expect("tenant exists");
            assert_eq!(tenant.display_name, customer.full_name);
            let directory = &tenant.directory;
            let listed: Vec<_> = directory
                .users_after(None)
                .map(|u| u.user_principal_name.clone())
                .collect();
            assert_eq!(listed.len(), customer.users.len());
            for user in &customer.users {
                let seeded = directory
                    .user(&user.user_principal_name)
                    .expect("user listed");
                assert_eq!(seeded.id, user.object_id);
                assert_eq!(seeded.assigned_licenses.len(), user.licences.len());
                assert_eq!(
                    seeded.usage_location.as_deref(),
                    Some(user.usage_location.as_str())
                );
            }
            for domain in [
                &customer.initial_domain,
                &customer.custom_domain,
                &customer.trunk_domain,
            ] {
                assert!(directory.is_verified_domain(domain), "{domain}");
            }
            for subscription in &customer.subscriptions {
                let sku = directory
                    .skus()
                    .find(|s| s.sku_id == subscription.sku_id)
                    .expect("subscribed");
                assert_eq!(sku.consumed_units, subscription.consumed_units);
                assert!(sku.enabled_units >= sku.consumed_units);
            }
            for group in &customer.groups {
                let seeded = directory.group(&group.id).expect("group listed");
                assert_eq!(seeded.members.len(), group.member_ids.len());
            }
            let app = tenant
                .identity
                .app(&estate.app.client_id)
                .expect("app registered");
            assert_eq!(app.secrets, vec![estate.app.client_secret.clone()]);
            assert!(tenant.identity.admin(&customer.admin_upn).is_some());
        }
    }

    fn run(
        tenant: &mut switchboard_sandbox::state::TenantState,
        cmdlet: &str,
        params: &[(&str, Json)],
    ) -> Vec<Json> {
        let params: Map<String, Json> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        cmdlets::execute(tenant, cmdlet, &params)
            .unwrap_or_else(|e| panic!("{cmdlet}: {}", e.message))
    }

    #[test]
    fn pro_customers_get_location_based_routing_and_dial_plans_dial_extensions() {
        let estate = small_estate();
        let mut state = SandboxState::default();
        load(&estate, &mut state).unwrap();
        let (pro, other): (Vec<_>, Vec<_>) = estate
            .customers
            .iter()
            .partition(|c| c.licence_type.includes_lbr());
        assert!(
            !pro.is_empty() && !other.is_empty(),
            "the seed gives both kinds"
        );
        for customer in &pro {
            let lbr = customer.voice.lbr.as_ref().expect("Pro tiers get LBR");
            let tenant = state.tenant_mut(&customer.tenant_id).unwrap();
            let site = &run(
                tenant,
                "Get-CsTenantNetworkSite",
                &[("Identity", json!(lbr.site))],
            )[0];
            assert_eq!(site["EnableLocationBasedRouting"], true);
            assert_eq!(site["NetworkRegionID"], json!(lbr.region));
            let subnets = run(tenant, "Get-CsTenantNetworkSubnet", &[]);
            assert_eq!(subnets.len(), 2);
            assert!(subnets
                .iter()
                .all(|s| s["NetworkSiteID"] == json!(lbr.site)));
            assert_eq!(run(tenant, "Get-CsTenantTrustedIPAddress", &[]).len(), 1);
            let gateway = &run(
                tenant,
                "Get-CsOnlinePSTNGateway",
                &[("Identity", json!(customer.site.pstn_gateway_fqdn))],
            )[0];
            assert_eq!(gateway["GatewaySiteLbrEnabled"], true);
            assert_eq!(gateway["GatewaySiteId"], json!(lbr.site));
            let policy = &run(
                tenant,
                "Get-CsTeamsCallingPolicy",
                &[("Identity", json!(lbr.toll_bypass_policy))],
            )[0];
            assert_eq!(policy["PreventTollBypass"], true);
        }
        for customer in &other {
            assert!(customer.voice.lbr.is_none());
            let tenant = state.tenant_mut(&customer.tenant_id).unwrap();
            assert!(run(tenant, "Get-CsTenantNetworkSite", &[]).is_empty());
        }
        let mut extensions_dialled = 0;
        for customer in &estate.customers {
            let tenant = state.tenant_mut(&customer.tenant_id).unwrap();
            let plan_name = &customer.voice.dial_plans[0].identity;
            let plan = &run(
                tenant,
                "Get-CsTenantDialPlan",
                &[("Identity", json!(plan_name))],
            )[0];
            let rules = plan["NormalizationRules"].as_array().unwrap();
            assert!(rules.len() >= 2, "{plan_name}");
            let Some(block) = customer.site.number_blocks.first() else {
                continue;
            };
            assert!(rules.len() >= 3 && rules[0]["IsInternalExtension"] == true);
            // A colleague dials a user's extension: the last digits of their number.
            let Some(user) = customer.users.iter().find(|u| {
                u.tenant_dial_plan.is_some()
                    && u.number().is_some_and(|n| n.starts_with(&block.base))
            }) else {
                continue;
            };
            extensions_dialled += 1;
            let number = user.number().unwrap();
            let digits = block.digits as usize;
            let extension = &number[number.len() - digits..];
            let result = &run(
                tenant,
                "Test-CsEffectiveTenantDialPlan",
                &[
                    ("Identity", json!(user.user_principal_name)),
                    ("DialedNumber", json!(extension)),
                ],
            )[0];
            assert_eq!(result["TranslatedNumber"], json!(number), "{extension}");
            assert_eq!(result["MatchingRule"]["Name"], "Extension");
        }
        assert!(extensions_dialled > 0);
    }

    #[test]
    fn teams_shows_the_voice_routing_and_each_users_number_and_policies() {
        let estate = small_estate();
        let mut state = SandboxState::default();
        load(&estate, &mut state).unwrap();
        for customer in &estate.customers {
            let tenant = state.tenant_mut(&customer.tenant_id).unwrap();
            let policies =
                cmdlets::execute(tenant, "Get-CsOnlineVoiceRoutingPolicy", &Map::new()).unwrap();
            for policy in &customer.voice.policies {
                let tagged = format!("Tag:{}", policy.identity);
                assert!(
                    policies.iter().any(|p| p["Identity"] == json!(tagged)),
                    "{tagged} in {policies:?}"
                );
            }
            let gateway = cmdlets::execute(
                tenant,
                "Get-CsOnlinePSTNGateway",
                &identity(&customer.site.pstn_gateway_fqdn),
            );
            assert!(gateway.is_ok_and(|g| g.len() == 1));
            for user in customer.users.iter().filter(|u| u.enterprise_voice) {
                let online = cmdlets::execute(
                    tenant,
                    "Get-CsOnlineUser",
                    &identity(&user.user_principal_name),
                )
                .unwrap();
                assert_eq!(
                    online[0]["LineURI"],
                    json!(user.line_uri),
                    "{}",
                    user.user_principal_name
                );
                assert_eq!(online[0]["EnterpriseVoiceEnabled"], json!(true));
                assert_eq!(
                    online[0]["OnlineVoiceRoutingPolicy"],
                    json!(user.voice_routing_policy)
                );
                assert_eq!(online[0]["TenantDialPlan"], json!(user.tenant_dial_plan));
            }
        }
    }

    #[test]
    fn loading_an_estate_twice_is_refused_and_changes_nothing() {
        let estate = small_estate();
        let mut state = SandboxState::default();
        load(&estate, &mut state).unwrap();
        let users_before: usize = state
            .tenants
            .values()
            .map(|t| t.directory.user_count())
            .sum();
        let again = load(&estate, &mut state);
        assert!(
            matches!(again, Err(DemoError::TenantExists { .. })),
            "{again:?}"
        );
        let users_after: usize = state
            .tenants
            .values()
            .map(|t| t.directory.user_count())
            .sum();
        assert_eq!(
            (state.tenants.len(), users_after),
            (estate.customers.len(), users_before)
        );
    }

    #[test]
    fn a_failure_midway_removes_the_tenants_already_loaded() {
        let mut estate = small_estate();
        let last = estate.customers.last_mut().unwrap();
        let voice_user = last.users.iter_mut().find(|u| u.enterprise_voice).unwrap();
        voice_user.voice_routing_policy = Some("NoSuchPolicy".into());
        let mut state = SandboxState::default();
        let result = load(&estate, &mut state);
        assert!(
            matches!(&result, Err(DemoError::Voice { message, .. }) if message.contains("NoSuchPolicy")),
            "{result:?}"
        );
        assert!(state.tenants.is_empty(), "earlier tenants were rolled back");
    }

    #[test]
    fn each_sbc_holds_its_customers_ip_groups_and_prefixes() {
        let estate = small_estate();
        for index in 0..estate.sbcs.len() {
            let config = sbc_config(&estate, index).expect("the device accepts the script");
            let homed: Vec<_> = estate
                .customers
                .iter()
                .filter(|c| c.site.sbc == index)
                .collect();
            let groups = config.ip_groups();
            let rules: Vec<_> = config
                .dial_plans()
                .into_iter()
                .flat_map(|p| p.rules.into_iter().map(move |r| (p.name.clone(), r)))
                .collect();
            for customer in &homed {
                assert!(
                    groups.iter().any(|g| g.name == customer.short_name),
                    "{}",
                    customer.short_name
                );
                let mine: Vec<_> = rules
                    .iter()
                    .filter(|(_, r)| r.name == customer.short_name)
                    .collect();
                assert_eq!(mine.len(), customer.site.number_blocks.len());
                for (plan, rule) in mine {
                    assert_eq!(plan, &customer.site.sbc_dial_plan);
                    assert_eq!(rule.tag, customer.site.tag);
                    assert!(
                        customer.site.prefixes().contains(&rule.prefix),
                        "{}",
                        rule.prefix
                    );
                }
            }
            // Nothing of other customers ends up on this device.
            assert_eq!(groups.len(), homed.len() + baseline_groups());
        }
        assert!(matches!(
            sbc_script(&estate, 9),
            Err(DemoError::UnknownSbc { index: 9, count: 2 })
        ));
    }

    #[test]
    fn only_the_second_sbc_has_alarms_and_they_name_its_configured_proxy_set() {
        let estate = small_estate();
        assert!(estate.sbcs[0].alarms.is_empty(), "the first SBC is healthy");
        let alarms = &estate.sbcs[1].alarms;
        let severities: Vec<_> = alarms.iter().map(|a| a.severity).collect();
        assert_eq!(severities, [AlarmSeverity::Major, AlarmSeverity::Minor]);
        assert!(alarms
            .iter()
            .all(|a| a.source.starts_with("Board#1/") && !a.description.is_empty()));
        // The proxy set alarm is about a proxy set the device really has.
        let proxy_alarm = &alarms[0];
        let set: u32 = proxy_alarm
            .source
            .strip_prefix("Board#1/ProxyConnection#")
            .and_then(|index| index.parse().ok())
            .expect("a proxy connection source");
        let config = sbc_config(&estate, 1).unwrap();
        let proxy_set = config
            .proxy_sets()
            .into_iter()
            .find(|p| p.index == set)
            .expect("the alarmed proxy set is configured");
        assert!(
            proxy_alarm.description.starts_with(&format!(
                "Proxy Set {set} ({}) lost connectivity",
                proxy_set.name
            )),
            "{}",
            proxy_alarm.description
        );
        assert!(proxy_set
            .addresses
            .iter()
            .any(|a| proxy_alarm.description.contains(&a.address)));
        // A bigger estate alarms the same SBC only.
        let bigger = generate(&DemoSpec {
            seed: 21,
            customers: 6,
            users_per_customer: 10..=60,
            sbcs: 4,
        })
        .unwrap();
        let alarmed: Vec<usize> = (0..bigger.sbcs.len())
            .filter(|&i| !bigger.sbcs[i].alarms.is_empty())
            .collect();
        assert_eq!(alarmed, [1]);
    }

    fn baseline_groups() -> usize {
        parse_running_config(switchboard_sandbox::sbc::BASELINE_SCRIPT)
            .unwrap()
            .ip_groups()
            .len()
    }

    #[tokio::test]
    async fn started_sbcs_serve_the_estate_with_its_credentials_and_alarms() {
        let estate = small_estate();
        let devices = start_sbcs(&estate).await.expect("devices start");
        assert_eq!(devices.len(), estate.sbcs.len());
        for (index, device) in devices.iter().enumerate() {
            assert_eq!(device.password(), estate.sbcs[index].admin_password);
            assert_eq!(
                served_alarms(device).await,
                estate.sbcs[index]
                    .alarms
                    .iter()
                    .map(|a| (json!(a.severity), a.source.clone(), a.description.clone()))
                    .collect::<Vec<_>>()
            );
            let running = device.running_config();
            for customer in estate.customers.iter().filter(|c| c.site.sbc == index) {
                assert!(
                    running.contains(&format!("\"{}\"", customer.short_name)),
                    "{}",
                    customer.short_name
                );
            }
        }
    }

    /// (severity, source, description) of each active alarm, read through the REST API.
    async fn served_alarms(device: &SbcHandle) -> Vec<(Json, String, String)> {
        let client = reqwest::Client::new();
        let get = |path: String| {
            client
                .get(format!("{}{path}", device.http_url()))
                .basic_auth(device.username(), Some(device.password()))
                .send()
        };
        let list = get("/api/v1/alarms/active".into()).await.expect("alarms");
        if list.status() == reqwest::StatusCode::NO_CONTENT {
            return Vec::new();
        }
        let list: Json = list.json().await.expect("json");
        let mut alarms = Vec::new();
        for entry in list["alarms"].as_array().expect("an alarm list") {
            let url = entry["url"].as_str().expect("a detail url").to_string();
            let alarm: Json = get(url).await.expect("alarm").json().await.expect("json");
            alarms.push((
                alarm["severity"].clone(),
                alarm["source"].as_str().unwrap_or_default().to_string(),
                alarm["description"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            ));
        }
        alarms
    }
}
