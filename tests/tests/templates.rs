//! The Templates screen through the real window in sandbox mode (the default start): the
//! list and its filter, an edit with a syntax error shown at its line and column, the
//! fix saved as a new version with a comment, the two versions compared side by side,
//! and a live preview with a demo tenant's values.

use switchboard_e2e::{artifacts_dir, AppWindow, E2eError, E2eSettings, Launch};
use switchboard_sandbox::demo::DemoCustomer;
use switchboard_templates::{default_template, default_templates, TemplateKind};

const TEMPLATE: &str = "sbc-onboarding-sip-trunk";
const BROKEN: &str = "{{CustomerId";
const BACKSPACE: char = '\u{E003}';
/// WebDriver's Enter key: a plain `\n` types nothing into a textarea in this webview.
const ENTER: char = '\u{E007}';
const NOTE: &str = "{{!-- reviewed in the end-to-end test --}}";

#[tokio::test]
#[ignore = "end-to-end: needs the built app, tauri-driver and a display; `cargo xtask test` runs it (by hand: see tests/src/lib.rs)"]
async fn templates_through_the_window() -> Result<(), E2eError> {
    let settings = E2eSettings::required();
    let estate = switchboard_sandbox::demo::generate(&switchboard_app::default_demo())
        .expect("the default estate generates");
    let launch = Launch::start(&settings)?;
    let window = launch.open(&[]).await?;
    let outcome = async {
        list_and_filter(&window).await?;
        edit_break_fix_and_save(&window).await?;
        compare_versions(&window).await?;
        preview_with(&window, &estate.customers[0]).await?;
        export_reset_and_restore(&window).await
    }
    .await;
    window.finish("templates", outcome).await
}

async fn list_and_filter(window: &AppWindow) -> Result<(), E2eError> {
    let shipped = default_templates().expect("shipped templates");
    let sbc_count = shipped
        .iter()
        .filter(|t| t.meta.kind == TemplateKind::Sbc)
        .count();
    window.click("nav-templates").await?;
    window.wait_for("screen-templates").await?;
    window.wait_for(&format!("template-row-{TEMPLATE}")).await?;
    assert_eq!(
        window.count_with_prefix("template-row-").await?,
        shipped.len()
    );
    window
        .wait_for_text(&format!("template-history-{TEMPLATE}"), "1 version")
        .await?;
    window.click("template-filter-m365").await?;
    window
        .wait_gone(&format!("template-row-{TEMPLATE}"))
        .await?;
    assert_eq!(
        window.count_with_prefix("template-row-").await?,
        shipped.len() - sbc_count
    );
    window.click("template-filter-sbc").await?;
    window.wait_for(&format!("template-row-{TEMPLATE}")).await?;
    assert_eq!(window.count_with_prefix("template-row-").await?, sbc_count);
    window
        .save_screenshot(&artifacts_dir()?.join("templates-list.png"))
        .await
}

/// Appends an unclosed `{{`, sees the error at its line and column, removes it, adds
/// a comment line instead and saves that as version 2.
async fn edit_break_fix_and_save(window: &AppWindow) -> Result<(), E2eError> {
    let shipped = default_template(TEMPLATE).expect("shipped").body;
    // The shipped text ends with a newline, so the appended text starts a new line.
    let broken_line = shipped.lines().count() + 1;
    window.click(&format!("template-open-{TEMPLATE}")).await?;
    window.wait_for("template-editor").await?;
    window.wait_for_text("template-status", "✓ Valid").await?;

    window.append_keys("template-body", BROKEN).await?;
    let finding = window
        .wait_for("template-diagnostic-0")
        .await?
        .text()
        .await?;
    assert!(
        finding.starts_with(&format!("Line {broken_line}, column ")),
        "the error should point at line {broken_line}: {finding:?}"
    );
    assert!(
        window
            .wait_for("template-save")
            .await?
            .text()
            .await?
            .contains("Save as draft"),
        "an invalid template can only be saved as a draft"
    );
    // A finding puts the caret on its line.
    window.click("template-diagnostic-0").await?;
    window
        .save_screenshot(&artifacts_dir()?.join("templates-error.png"))
        .await?;

    let erase: String = std::iter::repeat_n(BACKSPACE, BROKEN.chars().count()).collect();
    window.append_keys("template-body", &erase).await?;
    window.wait_gone("template-diagnostics").await?;
    window.append_keys("template-body", NOTE).await?;
    window.wait_for_text("template-status", "✓ Valid").await?;
    window
        .type_into("template-comment", "Reviewed end to end")
        .await?;
    window.wait_enabled("template-save").await?;
    window.click("template-save").await?;
    window
        .wait_for_text("template-current-version", "Runs v2")
        .await?;
    window.click("template-tab-history").await?;
    text_containing(window, "template-version-2", "Reviewed end to end").await?;
    Ok(())
}

/// The history's "Compare with previous" on version 2: v1 and v2 side by side, the
/// one added line highlighted after every unchanged one.
async fn compare_versions(window: &AppWindow) -> Result<(), E2eError> {
    let unchanged = default_template(TEMPLATE)
        .expect("shipped")
        .body
        .lines()
        .count();
    window.click("template-compare-2").await?;
    window.wait_for("template-compare-table").await?;
    window
        .wait_for_text("template-compare-summary", "1 changed line")
        .await?;
    assert_eq!(window.count_with_prefix("template-diff-change-").await?, 1);
    let change = window
        .wait_for(&format!("template-diff-change-{unchanged}"))
        .await?;
    assert_eq!(change.attr("data-kind").await?.as_deref(), Some("added"));
    window
        .save_screenshot(&artifacts_dir()?.join("templates-compare.png"))
        .await?;
    text_containing(window, &format!("template-diff-change-{unchanged}"), NOTE).await?;
    Ok(())
}

async fn preview_with(window: &AppWindow, customer: &DemoCustomer) -> Result<(), E2eError> {
    window.click("template-tab-preview").await?;
    // The tenants load after the tab opens.
    window
        .wait_for(&format!("template-preview-tenant-{}", customer.short_name))
        .await?;
    window
        .select_label(
            "template-preview-tenant",
            &format!("{} — {}", customer.short_name, customer.full_name),
        )
        .await?;
    let carrier_group = format!("name \"{}-c\"", customer.short_name);
    text_containing(window, "template-preview-output", &carrier_group).await?;
    window
        .save_screenshot(&artifacts_dir()?.join("templates-preview.png"))
        .await
}

/// Export shows the newest version as a file; reset saves the shipped text as v3;
/// restoring v2 brings the edit back as v4.
async fn export_reset_and_restore(window: &AppWindow) -> Result<(), E2eError> {
    window.click("template-export").await?;
    window
        .wait_for_text("template-export-name", &format!("{TEMPLATE}.v2.cli.hbs"))
        .await?;
    let content = window
        .wait_for("template-export-content")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(
        content.starts_with(&format!(
            "{{{{!-- switchboard-template id={TEMPLATE} version=2 --}}}}\n"
        )) && content.ends_with(NOTE),
        "{content:?}"
    );
    window
        .save_screenshot(&artifacts_dir()?.join("templates-export.png"))
        .await?;
    window.click("template-export-close").await?;
    window.wait_gone("template-export-dialog").await?;

    window.click("template-reset").await?;
    window.click("template-reset-confirm").await?;
    window
        .wait_for_text("template-current-version", "Runs v3")
        .await?;
    window.click("template-tab-history").await?;
    window.click("template-restore-2").await?;
    window
        .wait_for_text("template-current-version", "Runs v4")
        .await?;
    text_containing(window, "template-version-4", "Restored version 2").await?;
    import_refuses_another_templates_file(window).await?;
    window.click("template-back").await?;
    window
        .wait_for_text(&format!("template-history-{TEMPLATE}"), "4 versions")
        .await?;
    Ok(())
}

/// A file exported from another template is refused with the reason, and nothing is saved.
async fn import_refuses_another_templates_file(window: &AppWindow) -> Result<(), E2eError> {
    window.click("template-import").await?;
    window
        .type_into(
            "template-import-content",
            &format!("{{{{!-- switchboard-template id=m365-onboarding-default version=1 --}}}}{ENTER}Get-CsOnlineUser"),
        )
        .await?;
    window.click("template-import-confirm").await?;
    window
        .wait_for_text(
            "template-import-error",
            &format!("This file holds the template m365-onboarding-default, not {TEMPLATE}."),
        )
        .await?;
    // The reply re-renders the dialog; give the compositor a frame before the picture.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    window
        .save_screenshot(&artifacts_dir()?.join("templates-import-refused.png"))
        .await?;
    window.click("template-import-cancel").await?;
    window.wait_gone("template-import-dialog").await?;
    window
        .wait_for_text("template-current-version", "Runs v4")
        .await
}

/// Waits until the element's text contains `needle` (the UI re-renders after a backend
/// reply); returns the text.
async fn text_containing(
    window: &AppWindow,
    testid: &str,
    needle: &str,
) -> Result<String, E2eError> {
    let mut text = String::new();
    for _ in 0..100 {
        text = window.wait_for(testid).await?.text().await?;
        if text.contains(needle) {
            return Ok(text);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("[{testid}] should contain {needle:?}, it reads {text:?}");
}
