//! Issue #12, "Verify says what the connection can do": verifying a demo tenant reads
//! the Entra roles of the app's service principal (or of the signed-in admin) and the
//! token's application permissions from the Graph emulator, and names what is missing.

mod common;

use common::{sandbox_with_keychain, sign_in_by_device_code};

use switchboard_app::{AppContext, GrantKind, TenantAuthRow};
use switchboard_sandbox::demo::{self, DemoSpec};

fn spec() -> DemoSpec {
    DemoSpec {
        seed: 12,
        customers: 6,
        users_per_customer: 3..=5,
        sbcs: 1,
    }
}

/// The auth row of the demo customer whose tenant id is `tenant_id`.
fn row_of(ctx: &AppContext, tenant_id: &str) -> TenantAuthRow {
    let short_name = &ctx
        .sandbox()
        .unwrap()
        .credentials
        .iter()
        .find(|c| c.tenant_id == tenant_id)
        .expect("a demo customer")
        .short_name;
    ctx.auth_status()
        .unwrap()
        .into_iter()
        .find(|r| &r.short_name == short_name)
        .expect("listed")
}

#[test]
fn an_app_with_every_role_can_do_every_stage_and_one_without_skype_is_told() {
    let (_dir, _keychain, ctx) = sandbox_with_keychain(spec());
    let estate = demo::generate(&spec()).unwrap();
    let partial = demo::missing_role_customer(&estate).expect("a customer lacks a role");
    let full = estate
        .customers
        .iter()
        .find(|c| c.licence_type.has_user_licences() && c.tenant_id != partial.tenant_id)
        .expect("a customer with every role");

    let id = row_of(&ctx, &full.tenant_id).tenant_id.get();
    let verified = ctx.verify_tenant_auth(id).unwrap();
    let caps = verified.capabilities.expect("read at verification");
    assert!(caps.missing.is_empty(), "{:?}", caps.missing);
    assert_eq!(
        caps.roles,
        [
            "Teams Administrator",
            "Domain Name Administrator",
            "User Administrator"
        ]
    );
    assert!(caps
        .permissions
        .iter()
        .any(|p| p == "Directory.ReadWrite.All"));
    assert!(!verified.last_message.unwrap().contains("Missing"));

    let id = row_of(&ctx, &partial.tenant_id).tenant_id.get();
    let verified = ctx.verify_tenant_auth(id).unwrap();
    let caps = verified.capabilities.expect("read at verification");
    assert_eq!(caps.missing.len(), 1, "{:?}", caps.missing);
    assert_eq!(caps.missing[0].kind, GrantKind::Role);
    assert_eq!(caps.missing[0].name, "Skype for Business Administrator");
    assert_eq!(caps.missing[0].blocks, "daily replication");
    let message = verified.last_message.unwrap();
    assert!(
        message.contains("Missing: Skype for Business Administrator (blocks daily replication)"),
        "{message}"
    );
    // The Authentication Status table shows the same.
    assert_eq!(row_of(&ctx, &partial.tenant_id).capabilities, Some(caps));
}

#[test]
fn a_signed_in_admin_is_judged_by_their_own_roles_and_forgetting_clears_the_result() {
    let (_dir, _keychain, ctx) = sandbox_with_keychain(spec());
    let estate = demo::generate(&spec()).unwrap();
    let partial = demo::missing_role_customer(&estate).unwrap();
    let id = row_of(&ctx, &partial.tenant_id).tenant_id.get();
    sign_in_by_device_code(&ctx, id, &partial.admin_upn);

    let caps = ctx.verify_tenant_auth(id).unwrap().capabilities.unwrap();
    assert_eq!(caps.roles, ["Global Administrator"]);
    assert!(
        caps.permissions.is_empty(),
        "a delegated token has no app roles"
    );
    assert!(caps.missing.is_empty(), "{:?}", caps.missing);

    ctx.forget_credentials(id).unwrap();
    assert_eq!(row_of(&ctx, &partial.tenant_id).capabilities, None);
}
