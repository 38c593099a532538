//! The command table: the one place a command is declared.
//!
//! Each entry names the command, its arguments with their types, its result, and the
//! `AppContext` call that answers it. The desktop shell serves every entry through one
//! `rpc` Tauri command (`dispatch`), and the bindings test writes the TypeScript client
//! (`ui/src/lib/bindings/commands.ts`) and every type it uses from `signatures()`. Adding
//! a command is: write the `AppContext` method, add its line here, run `cargo xtask bindings`.

mod declare;
mod plumbing;
pub mod session;
mod signature;
mod typescript;

use switchboard_cache::{AuditId, InvitationRowId, SbcId, SbcPrefix, SbcSite, TaskId, UserFacets};
use switchboard_domain::{AuthMethod, TenantId};
use switchboard_queue::QueueStatus;
use switchboard_templates::TemplateId;

use crate::about::{AppInfo, AppPaths};
use crate::error::FieldError;
use crate::replication::view::ReplicationStatus;
use crate::sandbox::network::SandboxNetwork;
use crate::sbcs::detail_views::{
    ImportCandidateView, ImportOutcome, ImportSelection, SbcAlarmView,
};
use crate::sbcs::status_checks::SbcStatusCheckView;
use crate::sbcs::views::{SbcCheckResult, SbcInput, SbcRow};
use crate::security::auth::views::{
    AppRegistrationInput, AppRegistrationView, DeviceCodePromptView, DeviceCodeStatus,
    TenantAuthRow, VerificationStatus,
};
use crate::security::connection::views::{
    ConnectionSettings, PowerShellEnvironmentView, ProxyInput,
};
use crate::security::invitations::views::{
    EmailPreview, EmailTemplateView, InvitationRow, NewInvitationInput, SandboxMailView,
    SmtpSettingsInput, SmtpSettingsView, TestMailInput,
};
use crate::tasks::views::{
    AuditRow, ExportedFile, NumberChangeInput, PolicyGrantInput, PrefixAddInput, PrefixRemoveInput,
    PreparedChange, TaskDetail, TaskFilterInput, TaskList, TaskRow,
};
use crate::templates::views::{
    SaveTemplateInput, TemplateDetail, TemplateDiagnostic, TemplateDiffRow, TemplateExport,
    TemplateImportInput, TemplatePreview, TemplatePreviewInput, TemplateRow, TemplateSaved,
};
use crate::tenants::input::{NewTenantInput, TenantEditInput};
use crate::tenants::views::{TenantList, TenantRow};
use crate::users::query_input::UsersQueryInput;
use crate::users::views::{UserDetailView, UsersPageView};
use crate::voice::views::{
    NormalizationTestInput, PatternCheck, RouteSimulationInput, RouteSimulationView,
    VoiceChangeInput, VoiceView,
};
use switchboard_voice::Normalization;

pub(crate) use plumbing::{off_the_ipc_threads, read_args, unknown_command, write_result};
pub use signature::{ArgSignature, CommandSignature, TypeSignature};
pub use typescript::typescript_client;

/// Every command's signature, the session's first, for the generated TypeScript client.
pub fn every_signature() -> Vec<CommandSignature> {
    let mut all = session::signatures();
    all.extend(signatures());
    all
}

declare::commands! {
    receiver: crate::context::AppContext;

    // About
    /// Version, mode, schema and keychain state, for the header and status bar.
    app_info() -> AppInfo => |ctx| ctx.app_info();
    /// Where this installation keeps its data, logs and secrets, for the About box.
    app_paths() -> AppPaths => |ctx| Ok(ctx.app_paths());

    // Tenants
    /// The tenants matching `search` (all when null), with totals over every tenant.
    list_tenants(search: Option<String>) -> TenantList => |ctx| ctx.list_tenants(search.as_deref());
    validate_tenant(input: NewTenantInput) -> Vec<FieldError> => |ctx| Ok(ctx.validate_tenant(&input));
    create_tenant(input: NewTenantInput) -> TenantRow => |ctx| ctx.create_tenant(&input);
    /// Changes every editable field; a new Azure tenant id or cloud forgets the sign-in.
    update_tenant(tenant_id: TenantId, input: TenantEditInput) -> TenantRow
        => |ctx| ctx.update_tenant(tenant_id.get(), &input);
    delete_tenant(tenant_id: TenantId) -> () => |ctx| ctx.delete_tenant(tenant_id.get());

    // Replication
    /// Queues a sync of the tenant's users and voice settings; poll `replicationStatus` for
    /// progress.
    queue_replication(tenant_id: TenantId) -> () => |ctx| ctx.queue_replication(tenant_id.get());
    replication_status() -> ReplicationStatus => |ctx| Ok(ctx.replication_status());
    /// Stops the tenant's queued or running replication; nothing of the run is written.
    cancel_replication(tenant_id: TenantId) -> ReplicationStatus => |ctx| ctx.cancel_replication(tenant_id.get());

    // Users
    /// One page of cached users; pass the previous page's `nextCursor` as `query.cursor`.
    query_users(query: UsersQueryInput) -> UsersPageView => |ctx| ctx.query_users(&query);
    user_detail(tenant_id: TenantId, object_id: String) -> UserDetailView
        => |ctx| ctx.user_detail(tenant_id.get(), &object_id);
    /// Policies and usage locations with user counts, for one tenant or (null) all of them.
    user_facets(tenant_id: Option<TenantId>) -> UserFacets
        => |ctx| ctx.user_facets(tenant_id.map(TenantId::get));

    // Sandbox
    /// Sandbox mode only: whether the Microsoft 365 emulators answer.
    sandbox_network() -> SandboxNetwork => |ctx| ctx.sandbox_network();
    /// Sandbox mode only: `false` makes the Microsoft 365 emulators drop every connection.
    set_sandbox_network(online: bool) -> SandboxNetwork => |ctx| ctx.set_sandbox_network(online);
    /// Sandbox mode only: Graph, Teams and Azure DNS answer after `latency_ms` (0: at once).
    set_sandbox_latency(latency_ms: u32) -> () => |ctx| ctx.set_sandbox_latency(latency_ms);

    // SBCs
    list_sbcs() -> Vec<SbcRow> => |ctx| ctx.list_sbcs();
    /// `input.password` is required here; it goes to the keychain and is never returned.
    add_sbc(input: SbcInput) -> SbcRow => |ctx| ctx.add_sbc(&input);
    /// An empty `input.password` keeps the stored password.
    update_sbc(sbc_id: SbcId, input: SbcInput) -> SbcRow => |ctx| ctx.update_sbc(sbc_id.get(), &input);
    delete_sbc(sbc_id: SbcId) -> () => |ctx| ctx.delete_sbc(sbc_id.get());
    /// Asks the device for its status now; a failed connection is a result, not a rejection.
    test_sbc_connection(sbc_id: SbcId) -> SbcCheckResult => |ctx| ctx.test_sbc_connection(sbc_id.get());
    /// Checks every SBC in the background, cancelling a check still running; poll
    /// `sbcStatusCheck` for the progress and `listSbcs` for the rows.
    start_sbc_status_check() -> SbcStatusCheckView => |ctx| ctx.start_sbc_status_check();
    sbc_status_check() -> SbcStatusCheckView => |ctx| Ok(ctx.sbc_status_check());
    /// Stops the background check (the list was left); what was read stays recorded.
    cancel_sbc_status_check() -> SbcStatusCheckView => |ctx| Ok(ctx.cancel_sbc_status_check());
    trust_sbc_certificate(sbc_id: SbcId, fingerprint: String) -> SbcRow
        => |ctx| ctx.trust_sbc_certificate(sbc_id.get(), &fingerprint);
    /// The customer sites whose calls the SBC carries.
    list_sbc_sites(sbc_id: SbcId) -> Vec<SbcSite> => |ctx| ctx.list_sbc_sites(sbc_id.get());
    /// The SBC's dial plan rules as last read from it.
    list_sbc_prefixes(sbc_id: SbcId) -> Vec<SbcPrefix> => |ctx| ctx.list_sbc_prefixes(sbc_id.get());
    /// Re-reads the dial plan rules from the SBC's running configuration.
    refresh_sbc_prefixes(sbc_id: SbcId) -> Vec<SbcPrefix> => |ctx| ctx.refresh_sbc_prefixes(sbc_id.get());
    /// Customers on the SBC's dial plans that are not imported yet (reads the device).
    sbc_import_candidates(sbc_id: SbcId) -> Vec<ImportCandidateView>
        => |ctx| ctx.sbc_import_candidates(sbc_id.get());
    /// Creates (once) the chosen customers; an invalid choice refuses them all with `fields`.
    import_sbc_customers(sbc_id: SbcId, selections: Vec<ImportSelection>) -> ImportOutcome
        => |ctx| ctx.import_sbc_customers(sbc_id.get(), &selections);
    /// Prepares a CLI script as a draft task: its dry-run names the device, the lines (secrets
    /// masked) and whether the configuration is saved. Confirm it with `confirmChange`.
    prepare_sbc_script(sbc_id: SbcId, script: String, save: bool) -> PreparedChange
        => |ctx| ctx.prepare_sbc_script(sbc_id, &script, save);
    /// Prepares adding a customer's prefixes to one of the SBC's dial plans (the add-prefix template).
    prepare_prefix_add(input: PrefixAddInput) -> PreparedChange => |ctx| ctx.prepare_prefix_add(&input);
    /// Prepares removing cached dial plan rules (the remove-prefix template), one task per dial plan.
    prepare_prefix_remove(input: PrefixRemoveInput) -> PreparedChange => |ctx| ctx.prepare_prefix_remove(&input);
    list_sbc_alarms(sbc_id: SbcId) -> Vec<SbcAlarmView> => |ctx| ctx.list_sbc_alarms(sbc_id.get());

    // Queued tasks and audit
    /// Tasks newest first (at most 5,000), with the queue's state.
    list_tasks(filter: TaskFilterInput) -> TaskList => |ctx| ctx.list_tasks(&filter);
    task_detail(task_id: TaskId) -> TaskDetail => |ctx| ctx.task_detail(task_id);
    /// Queues a prepared draft and the drafts chained after it.
    confirm_change(task_id: TaskId) -> TaskRow => |ctx| ctx.confirm_change(task_id);
    /// Removes a prepared draft and the drafts chained after it; nothing was sent.
    discard_change(task_id: TaskId) -> () => |ctx| ctx.discard_change(task_id);
    /// Cancels a task that has not started, and the tasks that depend on it.
    cancel_task(task_id: TaskId) -> TaskRow => |ctx| ctx.cancel_task(task_id);
    /// Queues a failed or cancelled task again; `chain` also the tasks after it ("retry from here").
    retry_task(task_id: TaskId, chain: bool) -> TaskRow => |ctx| ctx.retry_task(task_id, chain);
    postpone_task(task_id: TaskId) -> TaskRow => |ctx| ctx.postpone_task(task_id);
    release_task(task_id: TaskId) -> TaskRow => |ctx| ctx.release_task(task_id);
    /// Runs queued tasks now, skipping retry waits: the chosen ones (even while paused), or all.
    process_tasks(task_ids: Option<Vec<TaskId>>) -> QueueStatus => |ctx| ctx.process_tasks(task_ids);
    pause_queue() -> QueueStatus => |ctx| Ok(ctx.pause_queue());
    resume_queue() -> QueueStatus => |ctx| Ok(ctx.resume_queue());
    /// Writes the tasks the filter selects as CSV in the exports folder.
    export_tasks(filter: TaskFilterInput) -> ExportedFile => |ctx| ctx.export_tasks(&filter);
    /// Changes the queue made, newest first, for one tenant, one SBC or (both null) all.
    list_audit(tenant_id: Option<TenantId>, sbc_id: Option<SbcId>) -> Vec<AuditRow>
        => |ctx| ctx.list_audit(tenant_id, sbc_id);
    /// Prepares the tasks that undo an audited change, as drafts to confirm.
    rollback_change(audit_id: AuditId) -> PreparedChange => |ctx| ctx.rollback_change(audit_id);
    /// Prepares assigning a Direct Routing number (and a voice routing policy) to a cached user.
    prepare_number_assign(input: NumberChangeInput) -> PreparedChange => |ctx| ctx.prepare_number_assign(&input);
    /// Prepares taking a cached user's number away (their cached number unless one is given).
    prepare_number_unassign(input: NumberChangeInput) -> PreparedChange => |ctx| ctx.prepare_number_unassign(&input);
    prepare_policy_grant(input: PolicyGrantInput) -> PreparedChange => |ctx| ctx.prepare_policy_grant(&input);

    // Voice routing (Direct Routing objects of a tenant)
    /// The tenant's gateways, usages, routes, policies, dial plans and network topology as
    /// last read, with the changes waiting in the queue; works offline.
    voice_config(tenant_id: TenantId) -> VoiceView => |ctx| ctx.voice_config(tenant_id);
    /// Reads the tenant's Direct Routing objects from Teams now (through Teams PowerShell).
    read_voice_now(tenant_id: TenantId) -> VoiceView => |ctx| ctx.read_voice_now(tenant_id);
    /// Checks a change against the cached objects and prepares it as a draft to confirm.
    prepare_voice_change(input: VoiceChangeInput) -> PreparedChange => |ctx| ctx.prepare_voice_change(&input);
    /// A dialled number through a user's (or a chosen) dial plan and voice routing policy.
    simulate_route(input: RouteSimulationInput) -> RouteSimulationView => |ctx| ctx.simulate_route(&input);
    /// A number through a set of normalization rules, as a dial plan being edited has them.
    test_normalization(input: NormalizationTestInput) -> Normalization => |ctx| ctx.test_normalization(&input);
    /// Whether a number pattern compiles as Teams would read it, for checking as one types.
    check_voice_pattern(pattern: String) -> PatternCheck => |ctx| Ok(ctx.check_voice_pattern(&pattern));

    // Security: authentication status and app registrations
    /// The Authentication Status table: every tenant that connects to Microsoft 365.
    auth_status() -> Vec<TenantAuthRow> => |ctx| ctx.auth_status();
    /// Signs in with the stored credential and reads the organization; the row carries the
    /// outcome.
    verify_tenant_auth(tenant_id: TenantId) -> TenantAuthRow => |ctx| ctx.verify_tenant_auth(tenant_id.get());
    /// Starts checking every tenant; poll `verificationStatus` for the progress list.
    verify_all_auth() -> VerificationStatus => |ctx| ctx.verify_all_auth();
    verification_status() -> VerificationStatus => |ctx| Ok(ctx.verification_status());
    /// Asks Microsoft for a device code for the tenant; poll `deviceCodeStatus`.
    start_device_code(tenant_id: TenantId) -> DeviceCodePromptView
        => |ctx| ctx.start_device_code(tenant_id.get());
    device_code_status(tenant_id: TenantId) -> DeviceCodeStatus
        => |ctx| ctx.device_code_status(tenant_id.get());
    cancel_device_code(tenant_id: TenantId) -> DeviceCodeStatus
        => |ctx| ctx.cancel_device_code(tenant_id.get());
    switch_auth_method(tenant_id: TenantId, method: AuthMethod) -> TenantAuthRow
        => |ctx| ctx.switch_auth_method(tenant_id.get(), method);
    /// Removes the tenant's client secret and refresh token from the keychain.
    forget_credentials(tenant_id: TenantId) -> TenantAuthRow => |ctx| ctx.forget_credentials(tenant_id.get());
    list_app_registrations() -> Vec<AppRegistrationView> => |ctx| ctx.list_app_registrations();
    /// Saves a tenant's app registration; the secret is write-only and never comes back.
    save_app_registration(input: AppRegistrationInput) -> AppRegistrationView
        => |ctx| ctx.save_app_registration(&input);

    // Security: connection
    connection_settings() -> ConnectionSettings => |ctx| ctx.connection_settings();
    /// Saves the proxy choice; sign-ins and replication use it from now on.
    set_proxy(input: ProxyInput) -> ConnectionSettings => |ctx| ctx.set_proxy(&input);
    /// Null clears the setting, so PowerShell is looked for on this computer again.
    set_powershell_path(path: Option<String>) -> ConnectionSettings
        => |ctx| ctx.set_powershell_path(path.as_deref());
    /// Runs the PowerShell check (host, version, MicrosoftTeams module).
    powershell_environment() -> PowerShellEnvironmentView => |ctx| ctx.powershell_environment();

    // Security: invitations
    list_invitations() -> Vec<InvitationRow> => |ctx| ctx.list_invitations();
    /// Sends the invitation mail, then records the invitation (a failed send records nothing).
    create_invitation(input: NewInvitationInput) -> InvitationRow => |ctx| ctx.create_invitation(&input);
    resend_invitation(id: InvitationRowId) -> InvitationRow => |ctx| ctx.resend_invitation(id);
    revoke_invitation(id: InvitationRowId) -> InvitationRow => |ctx| ctx.revoke_invitation(id);
    smtp_settings() -> SmtpSettingsView => |ctx| ctx.smtp_settings();
    /// The password is write-only: empty keeps the stored one, and it never comes back.
    save_smtp_settings(input: SmtpSettingsInput) -> SmtpSettingsView => |ctx| ctx.save_smtp_settings(&input);
    invitation_template() -> EmailTemplateView => |ctx| ctx.invitation_template();
    save_invitation_template(template: EmailTemplateView) -> EmailTemplateView
        => |ctx| ctx.save_invitation_template(&template);
    preview_invitation_template(template: EmailTemplateView) -> EmailPreview
        => |ctx| ctx.preview_invitation_template(&template);
    send_test_mail(input: TestMailInput) -> () => |ctx| ctx.send_test_mail(&input);
    /// Sandbox mode only: the mails the sandbox's SMTP capture received, newest first.
    sandbox_outbox() -> Vec<SandboxMailView> => |ctx| ctx.sandbox_outbox();

    // Templates
    list_templates() -> Vec<TemplateRow> => |ctx| ctx.list_templates();
    /// The template with every version, newest first.
    template_detail(template_id: TemplateId) -> TemplateDetail => |ctx| ctx.template_detail(&template_id);
    /// Every problem with `body` as this template, by line and column; empty means valid.
    validate_template(template_id: TemplateId, body: String) -> Vec<TemplateDiagnostic>
        => |ctx| ctx.validate_template(&template_id, &body);
    /// Appends a version; a body that fails validation is saved as a draft (never executed).
    save_template_version(input: SaveTemplateInput) -> TemplateSaved => |ctx| ctx.save_template_version(&input);
    /// Appends a version with the body of `versionNo`.
    restore_template_version(template_id: TemplateId, version_no: u32) -> TemplateSaved
        => |ctx| ctx.restore_template_version(&template_id, version_no);
    /// Appends a version with the body Switchboard ships.
    reset_template(template_id: TemplateId) -> TemplateSaved => |ctx| ctx.reset_template(&template_id);
    compare_template_versions(template_id: TemplateId, old_version: u32, new_version: u32) -> Vec<TemplateDiffRow>
        => |ctx| ctx.compare_template_versions(&template_id, old_version, new_version);
    /// A body that cannot render comes back as `problem`, not as a rejection.
    preview_template(input: TemplatePreviewInput) -> TemplatePreview => |ctx| ctx.preview_template(&input);
    /// The latest version when `versionNo` is null.
    export_template(template_id: TemplateId, version_no: Option<u32>) -> TemplateExport
        => |ctx| ctx.export_template(&template_id, version_no);
    import_template(input: TemplateImportInput) -> TemplateSaved => |ctx| ctx.import_template(&input);
}
