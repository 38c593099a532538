// Generated from the command table in crates/app/src/commands/mod.rs by the bindings
// test. Do not edit: change the table and run `cargo xtask bindings`.

import { call } from '../ipc';
import type { AppInfo } from './AppInfo';
import type { AppPaths } from './AppPaths';
import type { AppRegistrationInput } from './AppRegistrationInput';
import type { AppRegistrationView } from './AppRegistrationView';
import type { AuditId } from './AuditId';
import type { AuditRow } from './AuditRow';
import type { AuthMethod } from './AuthMethod';
import type { ConnectionSettings } from './ConnectionSettings';
import type { DeviceCodePromptView } from './DeviceCodePromptView';
import type { DeviceCodeStatus } from './DeviceCodeStatus';
import type { EmailPreview } from './EmailPreview';
import type { EmailTemplateView } from './EmailTemplateView';
import type { ExportedFile } from './ExportedFile';
import type { FieldError } from './FieldError';
import type { ImportCandidateView } from './ImportCandidateView';
import type { ImportOutcome } from './ImportOutcome';
import type { ImportSelection } from './ImportSelection';
import type { InvitationRow } from './InvitationRow';
import type { InvitationRowId } from './InvitationRowId';
import type { NewInvitationInput } from './NewInvitationInput';
import type { NewTenantInput } from './NewTenantInput';
import type { Normalization } from './Normalization';
import type { NormalizationTestInput } from './NormalizationTestInput';
import type { NumberChangeInput } from './NumberChangeInput';
import type { PatternCheck } from './PatternCheck';
import type { PolicyGrantInput } from './PolicyGrantInput';
import type { PowerShellEnvironmentView } from './PowerShellEnvironmentView';
import type { PrefixAddInput } from './PrefixAddInput';
import type { PrefixRemoveInput } from './PrefixRemoveInput';
import type { PreparedChange } from './PreparedChange';
import type { ProxyInput } from './ProxyInput';
import type { QueueStatus } from './QueueStatus';
import type { ReplicationStatus } from './ReplicationStatus';
import type { RouteSimulationInput } from './RouteSimulationInput';
import type { RouteSimulationView } from './RouteSimulationView';
import type { SandboxMailView } from './SandboxMailView';
import type { SandboxNetwork } from './SandboxNetwork';
import type { SaveTemplateInput } from './SaveTemplateInput';
import type { SbcAlarmView } from './SbcAlarmView';
import type { SbcCheckResult } from './SbcCheckResult';
import type { SbcId } from './SbcId';
import type { SbcInput } from './SbcInput';
import type { SbcPrefix } from './SbcPrefix';
import type { SbcRow } from './SbcRow';
import type { SbcSite } from './SbcSite';
import type { SbcStatusCheckView } from './SbcStatusCheckView';
import type { SettingsInput } from './SettingsInput';
import type { SettingsView } from './SettingsView';
import type { SmtpSettingsInput } from './SmtpSettingsInput';
import type { SmtpSettingsView } from './SmtpSettingsView';
import type { TaskDetail } from './TaskDetail';
import type { TaskFilterInput } from './TaskFilterInput';
import type { TaskId } from './TaskId';
import type { TaskList } from './TaskList';
import type { TaskRow } from './TaskRow';
import type { TemplateDetail } from './TemplateDetail';
import type { TemplateDiagnostic } from './TemplateDiagnostic';
import type { TemplateDiffRow } from './TemplateDiffRow';
import type { TemplateExport } from './TemplateExport';
import type { TemplateId } from './TemplateId';
import type { TemplateImportInput } from './TemplateImportInput';
import type { TemplatePreview } from './TemplatePreview';
import type { TemplatePreviewInput } from './TemplatePreviewInput';
import type { TemplateRow } from './TemplateRow';
import type { TemplateSaved } from './TemplateSaved';
import type { TenantAuthRow } from './TenantAuthRow';
import type { TenantEditInput } from './TenantEditInput';
import type { TenantId } from './TenantId';
import type { TenantList } from './TenantList';
import type { TenantRow } from './TenantRow';
import type { TestMailInput } from './TestMailInput';
import type { UserDetailView } from './UserDetailView';
import type { UserFacets } from './UserFacets';
import type { UsersPageView } from './UsersPageView';
import type { UsersQueryInput } from './UsersQueryInput';
import type { VerificationStatus } from './VerificationStatus';
import type { VoiceChangeInput } from './VoiceChangeInput';
import type { VoiceView } from './VoiceView';

/**
 * The open world (sandbox or live), the replication cycle, and why the world failed
 * to open if it did.
 */
export function settings(): Promise<SettingsView> {
  return call('settings', {});
}

/**
 * Remembers the choice and reopens the world with it, without restarting the app;
 * reload every screen afterwards.
 */
export function saveSettings(input: SettingsInput): Promise<SettingsView> {
  return call('save_settings', { input });
}

/**
 * Version, mode, schema and keychain state, for the header and status bar.
 */
export function appInfo(): Promise<AppInfo> {
  return call('app_info', {});
}

/**
 * Where this installation keeps its data, logs and secrets, for the About box.
 */
export function appPaths(): Promise<AppPaths> {
  return call('app_paths', {});
}

/**
 * The tenants matching `search` (all when null), with totals over every tenant.
 */
export function listTenants(search: string | null): Promise<TenantList> {
  return call('list_tenants', { search });
}

export function validateTenant(input: NewTenantInput): Promise<Array<FieldError>> {
  return call('validate_tenant', { input });
}

export function createTenant(input: NewTenantInput): Promise<TenantRow> {
  return call('create_tenant', { input });
}

/**
 * Changes every editable field; a new Azure tenant id or cloud forgets the sign-in.
 */
export function updateTenant(tenantId: TenantId, input: TenantEditInput): Promise<TenantRow> {
  return call('update_tenant', { tenantId, input });
}

export function deleteTenant(tenantId: TenantId): Promise<void> {
  return call('delete_tenant', { tenantId });
}

/**
 * Queues a sync of the tenant's users and voice settings; poll `replicationStatus` for
 * progress.
 */
export function queueReplication(tenantId: TenantId): Promise<void> {
  return call('queue_replication', { tenantId });
}

export function replicationStatus(): Promise<ReplicationStatus> {
  return call('replication_status', {});
}

/**
 * Stops the tenant's queued or running replication; nothing of the run is written.
 */
export function cancelReplication(tenantId: TenantId): Promise<ReplicationStatus> {
  return call('cancel_replication', { tenantId });
}

/**
 * One page of cached users; pass the previous page's `nextCursor` as `query.cursor`.
 */
export function queryUsers(query: UsersQueryInput): Promise<UsersPageView> {
  return call('query_users', { query });
}

export function userDetail(tenantId: TenantId, objectId: string): Promise<UserDetailView> {
  return call('user_detail', { tenantId, objectId });
}

/**
 * Policies and usage locations with user counts, for one tenant or (null) all of them.
 */
export function userFacets(tenantId: TenantId | null): Promise<UserFacets> {
  return call('user_facets', { tenantId });
}

/**
 * Sandbox mode only: whether the Microsoft 365 emulators answer.
 */
export function sandboxNetwork(): Promise<SandboxNetwork> {
  return call('sandbox_network', {});
}

/**
 * Sandbox mode only: `false` makes the Microsoft 365 emulators drop every connection.
 */
export function setSandboxNetwork(online: boolean): Promise<SandboxNetwork> {
  return call('set_sandbox_network', { online });
}

/**
 * Sandbox mode only: Graph, Teams and Azure DNS answer after `latency_ms` (0: at once).
 */
export function setSandboxLatency(latencyMs: number): Promise<void> {
  return call('set_sandbox_latency', { latencyMs });
}

export function listSbcs(): Promise<Array<SbcRow>> {
  return call('list_sbcs', {});
}

/**
 * `input.password` is required here; it goes to the keychain and is never returned.
 */
export function addSbc(input: SbcInput): Promise<SbcRow> {
  return call('add_sbc', { input });
}

/**
 * An empty `input.password` keeps the stored password.
 */
export function updateSbc(sbcId: SbcId, input: SbcInput): Promise<SbcRow> {
  return call('update_sbc', { sbcId, input });
}

export function deleteSbc(sbcId: SbcId): Promise<void> {
  return call('delete_sbc', { sbcId });
}

/**
 * Asks the device for its status now; a failed connection is a result, not a rejection.
 */
export function testSbcConnection(sbcId: SbcId): Promise<SbcCheckResult> {
  return call('test_sbc_connection', { sbcId });
}

/**
 * Checks every SBC in the background, cancelling a check still running; poll
 * `sbcStatusCheck` for the progress and `listSbcs` for the rows.
 */
export function startSbcStatusCheck(): Promise<SbcStatusCheckView> {
  return call('start_sbc_status_check', {});
}

export function sbcStatusCheck(): Promise<SbcStatusCheckView> {
  return call('sbc_status_check', {});
}

/**
 * Stops the background check (the list was left); what was read stays recorded.
 */
export function cancelSbcStatusCheck(): Promise<SbcStatusCheckView> {
  return call('cancel_sbc_status_check', {});
}

export function trustSbcCertificate(sbcId: SbcId, fingerprint: string): Promise<SbcRow> {
  return call('trust_sbc_certificate', { sbcId, fingerprint });
}

/**
 * The customer sites whose calls the SBC carries.
 */
export function listSbcSites(sbcId: SbcId): Promise<Array<SbcSite>> {
  return call('list_sbc_sites', { sbcId });
}

/**
 * The SBC's dial plan rules as last read from it.
 */
export function listSbcPrefixes(sbcId: SbcId): Promise<Array<SbcPrefix>> {
  return call('list_sbc_prefixes', { sbcId });
}

/**
 * Re-reads the dial plan rules from the SBC's running configuration.
 */
export function refreshSbcPrefixes(sbcId: SbcId): Promise<Array<SbcPrefix>> {
  return call('refresh_sbc_prefixes', { sbcId });
}

/**
 * Customers on the SBC's dial plans that are not imported yet (reads the device).
 */
export function sbcImportCandidates(sbcId: SbcId): Promise<Array<ImportCandidateView>> {
  return call('sbc_import_candidates', { sbcId });
}

/**
 * Creates (once) the chosen customers; an invalid choice refuses them all with `fields`.
 */
export function importSbcCustomers(sbcId: SbcId, selections: Array<ImportSelection>): Promise<ImportOutcome> {
  return call('import_sbc_customers', { sbcId, selections });
}

/**
 * Prepares a CLI script as a draft task: its dry-run names the device, the lines (secrets
 * masked) and whether the configuration is saved. Confirm it with `confirmChange`.
 */
export function prepareSbcScript(sbcId: SbcId, script: string, save: boolean): Promise<PreparedChange> {
  return call('prepare_sbc_script', { sbcId, script, save });
}

/**
 * Prepares adding a customer's prefixes to one of the SBC's dial plans (the add-prefix template).
 */
export function preparePrefixAdd(input: PrefixAddInput): Promise<PreparedChange> {
  return call('prepare_prefix_add', { input });
}

/**
 * Prepares removing cached dial plan rules (the remove-prefix template), one task per dial plan.
 */
export function preparePrefixRemove(input: PrefixRemoveInput): Promise<PreparedChange> {
  return call('prepare_prefix_remove', { input });
}

export function listSbcAlarms(sbcId: SbcId): Promise<Array<SbcAlarmView>> {
  return call('list_sbc_alarms', { sbcId });
}

/**
 * Tasks newest first (at most 5,000), with the queue's state.
 */
export function listTasks(filter: TaskFilterInput): Promise<TaskList> {
  return call('list_tasks', { filter });
}

export function taskDetail(taskId: TaskId): Promise<TaskDetail> {
  return call('task_detail', { taskId });
}

/**
 * Queues a prepared draft and the drafts chained after it.
 */
export function confirmChange(taskId: TaskId): Promise<TaskRow> {
  return call('confirm_change', { taskId });
}

/**
 * Removes a prepared draft and the drafts chained after it; nothing was sent.
 */
export function discardChange(taskId: TaskId): Promise<void> {
  return call('discard_change', { taskId });
}

/**
 * Cancels a task that has not started, and the tasks that depend on it.
 */
export function cancelTask(taskId: TaskId): Promise<TaskRow> {
  return call('cancel_task', { taskId });
}

/**
 * Queues a failed or cancelled task again; `chain` also the tasks after it ("retry from here").
 */
export function retryTask(taskId: TaskId, chain: boolean): Promise<TaskRow> {
  return call('retry_task', { taskId, chain });
}

export function postponeTask(taskId: TaskId): Promise<TaskRow> {
  return call('postpone_task', { taskId });
}

export function releaseTask(taskId: TaskId): Promise<TaskRow> {
  return call('release_task', { taskId });
}

/**
 * Runs queued tasks now, skipping retry waits: the chosen ones (even while paused), or all.
 */
export function processTasks(taskIds: Array<TaskId> | null): Promise<QueueStatus> {
  return call('process_tasks', { taskIds });
}

export function pauseQueue(): Promise<QueueStatus> {
  return call('pause_queue', {});
}

export function resumeQueue(): Promise<QueueStatus> {
  return call('resume_queue', {});
}

/**
 * Writes the tasks the filter selects as CSV in the exports folder.
 */
export function exportTasks(filter: TaskFilterInput): Promise<ExportedFile> {
  return call('export_tasks', { filter });
}

/**
 * Changes the queue made, newest first, for one tenant, one SBC or (both null) all.
 */
export function listAudit(tenantId: TenantId | null, sbcId: SbcId | null): Promise<Array<AuditRow>> {
  return call('list_audit', { tenantId, sbcId });
}

/**
 * Prepares the tasks that undo an audited change, as drafts to confirm.
 */
export function rollbackChange(auditId: AuditId): Promise<PreparedChange> {
  return call('rollback_change', { auditId });
}

/**
 * Prepares assigning a Direct Routing number (and a voice routing policy) to a cached user.
 */
export function prepareNumberAssign(input: NumberChangeInput): Promise<PreparedChange> {
  return call('prepare_number_assign', { input });
}

/**
 * Prepares taking a cached user's number away (their cached number unless one is given).
 */
export function prepareNumberUnassign(input: NumberChangeInput): Promise<PreparedChange> {
  return call('prepare_number_unassign', { input });
}

export function preparePolicyGrant(input: PolicyGrantInput): Promise<PreparedChange> {
  return call('prepare_policy_grant', { input });
}

/**
 * The tenant's gateways, usages, routes, policies, dial plans and network topology as
 * last read, with the changes waiting in the queue; works offline.
 */
export function voiceConfig(tenantId: TenantId): Promise<VoiceView> {
  return call('voice_config', { tenantId });
}

/**
 * Reads the tenant's Direct Routing objects from Teams now (through Teams PowerShell).
 */
export function readVoiceNow(tenantId: TenantId): Promise<VoiceView> {
  return call('read_voice_now', { tenantId });
}

/**
 * Checks a change against the cached objects and prepares it as a draft to confirm.
 */
export function prepareVoiceChange(input: VoiceChangeInput): Promise<PreparedChange> {
  return call('prepare_voice_change', { input });
}

/**
 * A dialled number through a user's (or a chosen) dial plan and voice routing policy.
 */
export function simulateRoute(input: RouteSimulationInput): Promise<RouteSimulationView> {
  return call('simulate_route', { input });
}

/**
 * A number through a set of normalization rules, as a dial plan being edited has them.
 */
export function testNormalization(input: NormalizationTestInput): Promise<Normalization> {
  return call('test_normalization', { input });
}

/**
 * Whether a number pattern compiles as Teams would read it, for checking as one types.
 */
export function checkVoicePattern(pattern: string): Promise<PatternCheck> {
  return call('check_voice_pattern', { pattern });
}

/**
 * The Authentication Status table: every tenant that connects to Microsoft 365.
 */
export function authStatus(): Promise<Array<TenantAuthRow>> {
  return call('auth_status', {});
}

/**
 * Signs in with the stored credential and reads the organization; the row carries the
 * outcome.
 */
export function verifyTenantAuth(tenantId: TenantId): Promise<TenantAuthRow> {
  return call('verify_tenant_auth', { tenantId });
}

/**
 * Starts checking every tenant; poll `verificationStatus` for the progress list.
 */
export function verifyAllAuth(): Promise<VerificationStatus> {
  return call('verify_all_auth', {});
}

export function verificationStatus(): Promise<VerificationStatus> {
  return call('verification_status', {});
}

/**
 * Asks Microsoft for a device code for the tenant; poll `deviceCodeStatus`.
 */
export function startDeviceCode(tenantId: TenantId): Promise<DeviceCodePromptView> {
  return call('start_device_code', { tenantId });
}

export function deviceCodeStatus(tenantId: TenantId): Promise<DeviceCodeStatus> {
  return call('device_code_status', { tenantId });
}

export function cancelDeviceCode(tenantId: TenantId): Promise<DeviceCodeStatus> {
  return call('cancel_device_code', { tenantId });
}

export function switchAuthMethod(tenantId: TenantId, method: AuthMethod): Promise<TenantAuthRow> {
  return call('switch_auth_method', { tenantId, method });
}

/**
 * Removes the tenant's client secret and refresh token from the keychain.
 */
export function forgetCredentials(tenantId: TenantId): Promise<TenantAuthRow> {
  return call('forget_credentials', { tenantId });
}

export function listAppRegistrations(): Promise<Array<AppRegistrationView>> {
  return call('list_app_registrations', {});
}

/**
 * Saves a tenant's app registration; the secret is write-only and never comes back.
 */
export function saveAppRegistration(input: AppRegistrationInput): Promise<AppRegistrationView> {
  return call('save_app_registration', { input });
}

export function connectionSettings(): Promise<ConnectionSettings> {
  return call('connection_settings', {});
}

/**
 * Saves the proxy choice; sign-ins and replication use it from now on.
 */
export function setProxy(input: ProxyInput): Promise<ConnectionSettings> {
  return call('set_proxy', { input });
}

/**
 * Null clears the setting, so PowerShell is looked for on this computer again.
 */
export function setPowershellPath(path: string | null): Promise<ConnectionSettings> {
  return call('set_powershell_path', { path });
}

/**
 * Runs the PowerShell check (host, version, MicrosoftTeams module).
 */
export function powershellEnvironment(): Promise<PowerShellEnvironmentView> {
  return call('powershell_environment', {});
}

export function listInvitations(): Promise<Array<InvitationRow>> {
  return call('list_invitations', {});
}

/**
 * Sends the invitation mail, then records the invitation (a failed send records nothing).
 */
export function createInvitation(input: NewInvitationInput): Promise<InvitationRow> {
  return call('create_invitation', { input });
}

export function resendInvitation(id: InvitationRowId): Promise<InvitationRow> {
  return call('resend_invitation', { id });
}

export function revokeInvitation(id: InvitationRowId): Promise<InvitationRow> {
  return call('revoke_invitation', { id });
}

export function smtpSettings(): Promise<SmtpSettingsView> {
  return call('smtp_settings', {});
}

/**
 * The password is write-only: empty keeps the stored one, and it never comes back.
 */
export function saveSmtpSettings(input: SmtpSettingsInput): Promise<SmtpSettingsView> {
  return call('save_smtp_settings', { input });
}

export function invitationTemplate(): Promise<EmailTemplateView> {
  return call('invitation_template', {});
}

export function saveInvitationTemplate(template: EmailTemplateView): Promise<EmailTemplateView> {
  return call('save_invitation_template', { template });
}

export function previewInvitationTemplate(template: EmailTemplateView): Promise<EmailPreview> {
  return call('preview_invitation_template', { template });
}

export function sendTestMail(input: TestMailInput): Promise<void> {
  return call('send_test_mail', { input });
}

/**
 * Sandbox mode only: the mails the sandbox's SMTP capture received, newest first.
 */
export function sandboxOutbox(): Promise<Array<SandboxMailView>> {
  return call('sandbox_outbox', {});
}

export function listTemplates(): Promise<Array<TemplateRow>> {
  return call('list_templates', {});
}

/**
 * The template with every version, newest first.
 */
export function templateDetail(templateId: TemplateId): Promise<TemplateDetail> {
  return call('template_detail', { templateId });
}

/**
 * Every problem with `body` as this template, by line and column; empty means valid.
 */
export function validateTemplate(templateId: TemplateId, body: string): Promise<Array<TemplateDiagnostic>> {
  return call('validate_template', { templateId, body });
}

/**
 * Appends a version; a body that fails validation is saved as a draft (never executed).
 */
export function saveTemplateVersion(input: SaveTemplateInput): Promise<TemplateSaved> {
  return call('save_template_version', { input });
}

/**
 * Appends a version with the body of `versionNo`.
 */
export function restoreTemplateVersion(templateId: TemplateId, versionNo: number): Promise<TemplateSaved> {
  return call('restore_template_version', { templateId, versionNo });
}

/**
 * Appends a version with the body Switchboard ships.
 */
export function resetTemplate(templateId: TemplateId): Promise<TemplateSaved> {
  return call('reset_template', { templateId });
}

export function compareTemplateVersions(templateId: TemplateId, oldVersion: number, newVersion: number): Promise<Array<TemplateDiffRow>> {
  return call('compare_template_versions', { templateId, oldVersion, newVersion });
}

/**
 * A body that cannot render comes back as `problem`, not as a rejection.
 */
export function previewTemplate(input: TemplatePreviewInput): Promise<TemplatePreview> {
  return call('preview_template', { input });
}

/**
 * The latest version when `versionNo` is null.
 */
export function exportTemplate(templateId: TemplateId, versionNo: number | null): Promise<TemplateExport> {
  return call('export_template', { templateId, versionNo });
}

export function importTemplate(input: TemplateImportInput): Promise<TemplateSaved> {
  return call('import_template', { input });
}
