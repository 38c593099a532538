//! The script template commands driven headlessly over a real cache file: the shipped
//! defaults seeded once, validation with line and column, drafts, history, restore,
//! reset, comparison, import / export and live preview against a sandbox tenant.

use std::path::Path;

use switchboard_app::{
    error::ErrorCode, AppConfig, AppContext, Mode, SaveTemplateInput, TemplateId,
    TemplateImportInput, TemplatePreviewInput, TemplateRow,
};
use switchboard_sandbox::demo::DemoSpec;
use switchboard_secrets::MemoryStore;
use switchboard_templates::{default_template, default_templates, ChangeKind, Severity};

const SIP_TRUNK: &str = "sbc-onboarding-sip-trunk";
const TEAMS: &str = "m365-onboarding-default";

fn id(text: &str) -> TemplateId {
    TemplateId(text.to_owned())
}

fn live_context(data_dir: &Path) -> AppContext {
    let config = AppConfig::new(data_dir.to_path_buf(), Mode::Live);
    AppContext::open_with_secrets(config, Box::new(MemoryStore::new())).expect("context opens")
}

fn row<'a>(rows: &'a [TemplateRow], template: &str) -> &'a TemplateRow {
    rows.iter()
        .find(|r| r.summary.id.0 == template)
        .unwrap_or_else(|| panic!("no row {template}"))
}

fn shipped_body(template: &str) -> String {
    default_template(template).unwrap().body
}

fn save(
    ctx: &AppContext,
    template: &str,
    body: &str,
    comment: &str,
) -> switchboard_app::TemplateSaved {
    ctx.save_template_version(&SaveTemplateInput {
        template_id: id(template),
        body: body.to_owned(),
        comment: comment.to_owned(),
    })
    .expect("saved")
}

#[test]
fn every_shipped_default_is_listed_once_also_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = default_templates().unwrap();
    for _ in 0..2 {
        let ctx = live_context(dir.path());
        let rows = ctx.list_templates().unwrap();
        assert_eq!(rows.len(), shipped.len());
        for template in &shipped {
            let row = row(&rows, &template.meta.id.0);
            assert_eq!(row.name, template.meta.name);
            assert_eq!(row.summary.kind, template.meta.kind);
            assert_eq!(
                (
                    row.summary.current_version,
                    row.summary.latest_version,
                    row.summary.version_count
                ),
                (Some(1), 1, 1)
            );
            assert!(!row.differs_from_default && row.summary.is_default);
        }
    }
}

#[test]
fn a_syntax_error_is_located_and_saved_only_as_a_draft_until_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = live_context(dir.path());
    let good = shipped_body(SIP_TRUNK);
    let broken_line = good.lines().count() + 1;
    let broken = format!("{good}{{{{#if SBC.EnableCAC}}}}\n");
    let found = ctx.validate_template(&id(SIP_TRUNK), &broken).unwrap();
    let error = found
        .iter()
        .find(|d| d.severity == Severity::Error)
        .expect("an error");
    assert!(
        error.line >= broken_line - 1 && error.line <= broken_line + 1,
        "{error:?} near line {broken_line}"
    );
    assert!(error.column >= 1);

    let draft = save(&ctx, SIP_TRUNK, &broken, "half done");
    assert!(draft.version.is_draft);
    assert_eq!(draft.version.version_no, 2);
    assert!(!draft.diagnostics.is_empty());
    let listed = ctx.list_templates().unwrap();
    let listed = row(&listed, SIP_TRUNK);
    assert_eq!(
        listed.summary.current_version,
        Some(1),
        "a draft never becomes current"
    );
    assert!(listed.summary.latest_is_draft);

    let fixed_body = good.replacen("configure voip", "{{!-- reviewed --}}\nconfigure voip", 1);
    assert!(ctx
        .validate_template(&id(SIP_TRUNK), &fixed_body)
        .unwrap()
        .is_empty());
    let fixed = save(&ctx, SIP_TRUNK, &fixed_body, "Reviewed");
    assert!(!fixed.version.is_draft);
    assert_eq!(fixed.version.comment.as_deref(), Some("Reviewed"));
    assert!(fixed
        .version
        .author
        .as_deref()
        .is_some_and(|a| !a.is_empty()));
    let detail = ctx.template_detail(&id(SIP_TRUNK)).unwrap();
    assert_eq!(detail.template.summary.current_version, Some(3));
    assert!(detail.template.differs_from_default);
    let numbers: Vec<u32> = detail.versions.iter().map(|v| v.version_no).collect();
    assert_eq!(numbers, [3, 2, 1]);
    assert_eq!(
        detail.versions[2].author, None,
        "version 1 is the shipped one"
    );
}

#[test]
fn unknown_variables_and_cmdlets_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = live_context(dir.path());
    let body = format!("{}\n{{{{SBC.NoSuchThing}}}}\n", shipped_body(SIP_TRUNK));
    let found = ctx.validate_template(&id(SIP_TRUNK), &body).unwrap();
    assert!(
        found.iter().any(|d| d.message.contains("SBC.NoSuchThing")),
        "{found:?}"
    );
    let teams = format!("{}\nNew-CsMadeUpThing -Identity x\n", shipped_body(TEAMS));
    let found = ctx.validate_template(&id(TEAMS), &teams).unwrap();
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("New-CsMadeUpThing")),
        "{found:?}"
    );
}

#[test]
fn restore_reset_and_compare_append_versions() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = live_context(dir.path());
    let shipped = shipped_body(TEAMS);
    let edited = shipped.replacen("\n", "\n# edited by the test\n", 1);
    save(&ctx, TEAMS, &edited, "note");

    let rows = ctx.compare_template_versions(&id(TEAMS), 1, 2).unwrap();
    let changed: Vec<_> = rows
        .iter()
        .filter(|r| r.kind != ChangeKind::Unchanged)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].kind, ChangeKind::Added);
    assert_eq!(changed[0].new_text.as_deref(), Some("# edited by the test"));
    assert_eq!(changed[0].new_line, Some(2));

    let restored = ctx.restore_template_version(&id(TEAMS), 1).unwrap();
    assert_eq!(restored.version.version_no, 3);
    assert_eq!(restored.version.body, shipped);
    assert_eq!(
        restored.version.comment.as_deref(),
        Some("Restored version 1")
    );
    assert!(ctx
        .compare_template_versions(&id(TEAMS), 1, 3)
        .unwrap()
        .iter()
        .all(|r| r.kind == ChangeKind::Unchanged));

    save(&ctx, TEAMS, &edited, "again");
    let reset = ctx.reset_template(&id(TEAMS)).unwrap();
    assert_eq!(reset.version.version_no, 5);
    assert_eq!(reset.version.body, shipped);
    let rows = ctx.list_templates().unwrap();
    assert!(!row(&rows, TEAMS).differs_from_default);
    assert_eq!(row(&rows, TEAMS).summary.version_count, 5);

    let missing = ctx.restore_template_version(&id(TEAMS), 42).unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
    let unknown = ctx.template_detail(&id("no-such-template")).unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);
}

#[test]
fn export_and_import_round_trip_and_refuse_another_templates_file() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = live_context(dir.path());
    let exported = ctx.export_template(&id(SIP_TRUNK), None).unwrap();
    assert_eq!(exported.file_name, "sbc-onboarding-sip-trunk.v1.cli.hbs");
    assert!(exported.content.ends_with(&shipped_body(SIP_TRUNK)));

    let refused = ctx
        .import_template(&TemplateImportInput {
            template_id: id(TEAMS),
            content: exported.content.clone(),
        })
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Validation);
    assert_eq!(refused.fields[0].code, "content.otherTemplate");
    assert_eq!(
        ctx.template_detail(&id(TEAMS)).unwrap().versions.len(),
        1,
        "nothing saved"
    );

    let edited =
        exported
            .content
            .replacen("configure voip", "{{!-- imported --}}\nconfigure voip", 1);
    let imported = ctx
        .import_template(&TemplateImportInput {
            template_id: id(SIP_TRUNK),
            content: edited,
        })
        .unwrap();
    assert_eq!(imported.version.version_no, 2);
    assert!(!imported.version.is_draft, "{:?}", imported.diagnostics);
    assert!(imported.version.body.contains("{{!-- imported --}}"));
    assert!(!imported.version.body.contains("switchboard-template"));
}

#[test]
fn preview_renders_with_the_sandbox_tenant_and_sbc_and_locates_problems() {
    let dir = tempfile::tempdir().unwrap();
    let config = AppConfig::new(dir.path().to_path_buf(), Mode::Sandbox);
    let mut ctx =
        AppContext::open_with_secrets(config, Box::new(MemoryStore::new())).expect("context opens");
    ctx.start_sandbox(DemoSpec {
        seed: 11,
        customers: 1,
        users_per_customer: 2..=2,
        sbcs: 1,
    })
    .expect("sandbox starts");
    let tenant = ctx.list_tenants(None).unwrap().tenants.remove(0);
    let sbc = ctx.list_sbcs().unwrap().remove(0);
    let fqdn = sbc
        .fields
        .device_fqdn
        .clone()
        .expect("demo SBCs have an FQDN");

    let input = TemplatePreviewInput {
        template_id: id(SIP_TRUNK),
        body: shipped_body(SIP_TRUNK),
        tenant_id: tenant.id.get(),
        sbc_id: Some(sbc.id.get()),
    };
    let preview = ctx.preview_template(&input).unwrap();
    let script = preview.script.expect("renders");
    assert!(script.contains(&tenant.short_name), "{script}");
    // The gateway the cache recorded for the tenant's site on this SBC, else a
    // subdomain of the SBC's FQDN.
    let site = ctx
        .list_sbc_sites(sbc.id.get())
        .unwrap()
        .into_iter()
        .find(|site| site.tenant_id == tenant.id);
    let gateway = site
        .and_then(|site| site.pstn_gateway_fqdn)
        .unwrap_or_else(|| format!("{}.{fqdn}", tenant.short_name.to_lowercase()));
    assert!(
        script.contains(&format!("local-host-name \"{gateway}\"")),
        "{script}"
    );
    assert!(preview.problem.is_none());

    let teams = ctx
        .preview_template(&TemplatePreviewInput {
            template_id: id(TEAMS),
            body: shipped_body(TEAMS),
            sbc_id: None,
            ..input.clone()
        })
        .unwrap();
    assert!(teams
        .script
        .expect("renders")
        .contains(&tenant.short_name.to_lowercase()));

    let missing_line = 3;
    let broken = "configure voip\n exit\n {{SBC.Nope}}\n";
    let preview = ctx
        .preview_template(&TemplatePreviewInput {
            body: broken.to_owned(),
            ..input.clone()
        })
        .unwrap();
    assert!(preview.script.is_none());
    let problem = preview.problem.expect("a problem");
    assert_eq!(problem.line, missing_line);
    assert!(problem.message.contains("SBC.Nope"), "{}", problem.message);

    let unknown = ctx
        .preview_template(&TemplatePreviewInput {
            tenant_id: 999_999,
            ..input
        })
        .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);
}
