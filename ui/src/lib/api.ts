// The only way the UI reaches the backend: one typed wrapper per Tauri command.
// Screens never call `invoke` themselves, so argument names and error handling stay in one place.
import { invoke } from '@tauri-apps/api/core';
import type { AppInfo } from './bindings/AppInfo';
import type { AppRegistrationInput } from './bindings/AppRegistrationInput';
import type { AppRegistrationView } from './bindings/AppRegistrationView';
import type { AuthMethod } from './bindings/AuthMethod';
import type { ConnectionSettings } from './bindings/ConnectionSettings';
import type { PowerShellEnvironmentView } from './bindings/PowerShellEnvironmentView';
import type { ProxyInput } from './bindings/ProxyInput';
import type { DeviceCodePromptView } from './bindings/DeviceCodePromptView';
import type { DeviceCodeStatus } from './bindings/DeviceCodeStatus';
import type { TenantAuthRow } from './bindings/TenantAuthRow';
import type { VerificationStatus } from './bindings/VerificationStatus';
import type { FieldError } from './bindings/FieldError';
import type { NewTenantInput } from './bindings/NewTenantInput';
import type { ReplicationStatus } from './bindings/ReplicationStatus';
import type { SandboxNetwork } from './bindings/SandboxNetwork';
import type { ImportCandidateView } from './bindings/ImportCandidateView';
import type { ImportOutcome } from './bindings/ImportOutcome';
import type { ImportSelection } from './bindings/ImportSelection';
import type { SbcAlarmView } from './bindings/SbcAlarmView';
import type { SbcCheckResult } from './bindings/SbcCheckResult';
import type { SbcPrefix } from './bindings/SbcPrefix';
import type { SbcSite } from './bindings/SbcSite';
import type { ScriptRunResult } from './bindings/ScriptRunResult';
import type { SbcInput } from './bindings/SbcInput';
import type { SbcRow } from './bindings/SbcRow';
import type { SaveTemplateInput } from './bindings/SaveTemplateInput';
import type { TemplateDetail } from './bindings/TemplateDetail';
import type { TemplateDiagnostic } from './bindings/TemplateDiagnostic';
import type { TemplateDiffRow } from './bindings/TemplateDiffRow';
import type { TemplateExport } from './bindings/TemplateExport';
import type { TemplateImportInput } from './bindings/TemplateImportInput';
import type { TemplatePreview } from './bindings/TemplatePreview';
import type { TemplatePreviewInput } from './bindings/TemplatePreviewInput';
import type { TemplateRow } from './bindings/TemplateRow';
import type { TemplateSaved } from './bindings/TemplateSaved';
import type { TenantList } from './bindings/TenantList';
import type { TenantRow } from './bindings/TenantRow';
import type { UserDetailView } from './bindings/UserDetailView';
import type { UserFacets } from './bindings/UserFacets';
import type { UsersPageView } from './bindings/UsersPageView';
import type { UsersQueryInput } from './bindings/UsersQueryInput';
import type { EmailPreview } from './bindings/EmailPreview';
import type { EmailTemplateView } from './bindings/EmailTemplateView';
import type { InvitationRow } from './bindings/InvitationRow';
import type { NewInvitationInput } from './bindings/NewInvitationInput';
import type { SandboxMailView } from './bindings/SandboxMailView';
import type { SmtpSettingsInput } from './bindings/SmtpSettingsInput';
import type { SmtpSettingsView } from './bindings/SmtpSettingsView';

/** Code used when the page runs outside the Switchboard window (no IPC bridge). */
export const BACKEND_UNAVAILABLE = 'backendUnavailable';

/** A failed backend call, typed so screens can branch on `code` and show `fields` inline. */
export class ApiFailure extends Error {
  readonly code: string;
  readonly fields: FieldError[];

  constructor(code: string, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    this.fields = fields;
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.field === 'string' && typeof v.code === 'string' && typeof v.message === 'string';
}

/**
 * Turns whatever a rejected `invoke` produced into an ApiFailure.
 * The backend rejects with a serialised ApiError; anything else (a bare string, a JS exception)
 * is an unexpected failure and becomes `internal` with the best message available.
 */
export function toApiFailure(error: unknown, command?: string): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    if (typeof e.code === 'string' && typeof e.message === 'string') {
      const fields = Array.isArray(e.fields) ? e.fields.filter(isFieldError) : [];
      return new ApiFailure(e.code, e.message, fields);
    }
  }
  const detail =
    error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const what = command === undefined ? 'An operation' : `The backend call '${command}'`;
  return new ApiFailure('internal', `${what} failed: ${detail}`);
}

function backendReachable(): boolean {
  // Tauri injects this bridge into its webview; `invoke` cannot work without it.
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!backendReachable()) {
    throw new ApiFailure(
      BACKEND_UNAVAILABLE,
      'The Switchboard backend is not reachable: this page is not running inside the Switchboard app window.',
    );
  }
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toApiFailure(error, command);
  }
}

export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}

/** `search` is trimmed; an empty search lists every tenant. */
export function listTenants(search: string): Promise<TenantList> {
  const trimmed = search.trim();
  return call<TenantList>('list_tenants', { search: trimmed === '' ? null : trimmed });
}

export function validateTenant(input: NewTenantInput): Promise<FieldError[]> {
  return call<FieldError[]>('validate_tenant', { input });
}

export function createTenant(input: NewTenantInput): Promise<TenantRow> {
  return call<TenantRow>('create_tenant', { input });
}

export function setLicensedUsers(tenantId: number, licensedUsers: number): Promise<TenantRow> {
  return call<TenantRow>('set_licensed_users', { tenantId, licensedUsers });
}

export function deleteTenant(tenantId: number): Promise<void> {
  return call<void>('delete_tenant', { tenantId });
}

/** One page of cached users; pass the previous page's `nextCursor` as `query.cursor`. */
export function queryUsers(query: UsersQueryInput): Promise<UsersPageView> {
  return call<UsersPageView>('query_users', { query });
}

export function userDetail(tenantId: number, objectId: string): Promise<UserDetailView> {
  return call<UserDetailView>('user_detail', { tenantId, objectId });
}

/** Policies and usage locations with user counts, for one tenant or (`null`) all of them. */
export function userFacets(tenantId: number | null): Promise<UserFacets> {
  return call<UserFacets>('user_facets', { tenantId });
}

/** Queues a sync of the tenant's users and voice settings; poll `replicationStatus` for progress. */
export function queueReplication(tenantId: number): Promise<void> {
  return call<void>('queue_replication', { tenantId });
}

export function replicationStatus(): Promise<ReplicationStatus> {
  return call<ReplicationStatus>('replication_status');
}

/** Sandbox mode only: whether the Microsoft 365 emulators answer. */
export function sandboxNetwork(): Promise<SandboxNetwork> {
  return call<SandboxNetwork>('sandbox_network');
}

/** Sandbox mode only: `false` makes the Microsoft 365 emulators drop every connection. */
export function setSandboxNetwork(online: boolean): Promise<SandboxNetwork> {
  return call<SandboxNetwork>('set_sandbox_network', { online });
}

export function listSbcs(): Promise<SbcRow[]> {
  return call<SbcRow[]>('list_sbcs');
}

/** `input.password` is required here; it goes to the keychain and is never returned. */
export function addSbc(input: SbcInput): Promise<SbcRow> {
  return call<SbcRow>('add_sbc', { input });
}

/** An empty `input.password` keeps the stored password. */
export function updateSbc(sbcId: number, input: SbcInput): Promise<SbcRow> {
  return call<SbcRow>('update_sbc', { sbcId, input });
}

export function deleteSbc(sbcId: number): Promise<void> {
  return call<void>('delete_sbc', { sbcId });
}

/** Asks the device for its status now; a failed connection is a result, not a rejection. */
export function testSbcConnection(sbcId: number): Promise<SbcCheckResult> {
  return call<SbcCheckResult>('test_sbc_connection', { sbcId });
}

export function trustSbcCertificate(sbcId: number, fingerprint: string): Promise<SbcRow> {
  return call<SbcRow>('trust_sbc_certificate', { sbcId, fingerprint });
}

/** The customer sites whose calls the SBC carries. */
export function listSbcSites(sbcId: number): Promise<SbcSite[]> {
  return call<SbcSite[]>('list_sbc_sites', { sbcId });
}

/** The SBC's dial plan rules as last read from it. */
export function listSbcPrefixes(sbcId: number): Promise<SbcPrefix[]> {
  return call<SbcPrefix[]>('list_sbc_prefixes', { sbcId });
}

/** Re-reads the dial plan rules from the SBC's running configuration. */
export function refreshSbcPrefixes(sbcId: number): Promise<SbcPrefix[]> {
  return call<SbcPrefix[]>('refresh_sbc_prefixes', { sbcId });
}

/** Customers on the SBC's dial plans that are not imported yet (reads the device). */
export function sbcImportCandidates(sbcId: number): Promise<ImportCandidateView[]> {
  return call<ImportCandidateView[]>('sbc_import_candidates', { sbcId });
}

/** Creates (once) the chosen customers; an invalid choice refuses them all with `fields`. */
export function importSbcCustomers(sbcId: number, selections: ImportSelection[]): Promise<ImportOutcome> {
  return call<ImportOutcome>('import_sbc_customers', { sbcId, selections });
}

/** Pushes a CLI script; a refused script resolves with `applied: false` and the rejected line. */
export function runSbcScript(sbcId: number, script: string): Promise<ScriptRunResult> {
  return call<ScriptRunResult>('run_sbc_script', { sbcId, script });
}

export function listSbcAlarms(sbcId: number): Promise<SbcAlarmView[]> {
  return call<SbcAlarmView[]>('list_sbc_alarms', { sbcId });
}

export function listTemplates(): Promise<TemplateRow[]> {
  return call<TemplateRow[]>('list_templates');
}

/** The template with every version, newest first. */
export function templateDetail(templateId: string): Promise<TemplateDetail> {
  return call<TemplateDetail>('template_detail', { templateId });
}

/** Every problem with `body` as this template, by line and column; empty means valid. */
export function validateTemplate(templateId: string, body: string): Promise<TemplateDiagnostic[]> {
  return call<TemplateDiagnostic[]>('validate_template', { templateId, body });
}

/** Appends a version; a body that fails validation is saved as a draft (never executed). */
export function saveTemplateVersion(input: SaveTemplateInput): Promise<TemplateSaved> {
  return call<TemplateSaved>('save_template_version', { input });
}

/** Appends a version with the body of `versionNo`. */
export function restoreTemplateVersion(templateId: string, versionNo: number): Promise<TemplateSaved> {
  return call<TemplateSaved>('restore_template_version', { templateId, versionNo });
}

/** Appends a version with the body Switchboard ships. */
export function resetTemplate(templateId: string): Promise<TemplateSaved> {
  return call<TemplateSaved>('reset_template', { templateId });
}

export function compareTemplateVersions(
  templateId: string,
  oldVersion: number,
  newVersion: number,
): Promise<TemplateDiffRow[]> {
  return call<TemplateDiffRow[]>('compare_template_versions', { templateId, oldVersion, newVersion });
}

/** A body that cannot render comes back as `problem`, not as a rejection. */
export function previewTemplate(input: TemplatePreviewInput): Promise<TemplatePreview> {
  return call<TemplatePreview>('preview_template', { input });
}

/** `versionNo` null: the newest version. */
export function exportTemplate(templateId: string, versionNo: number | null): Promise<TemplateExport> {
  return call<TemplateExport>('export_template', { templateId, versionNo });
}

export function importTemplate(input: TemplateImportInput): Promise<TemplateSaved> {
  return call<TemplateSaved>('import_template', { input });
}

/** The Authentication Status table: every tenant that connects to Microsoft 365. */
export function authStatus(): Promise<TenantAuthRow[]> {
  return call<TenantAuthRow[]>('auth_status');
}

/** Signs in with the stored credential and reads the organization; the row carries the outcome. */
export function verifyTenantAuth(tenantId: number): Promise<TenantAuthRow> {
  return call<TenantAuthRow>('verify_tenant_auth', { tenantId });
}

/** Starts checking every tenant; poll `verificationStatus` for the progress list. */
export function verifyAllAuth(): Promise<VerificationStatus> {
  return call<VerificationStatus>('verify_all_auth');
}

export function verificationStatus(): Promise<VerificationStatus> {
  return call<VerificationStatus>('verification_status');
}

/** Asks Microsoft for a device code for the tenant; poll `deviceCodeStatus`. */
export function startDeviceCode(tenantId: number): Promise<DeviceCodePromptView> {
  return call<DeviceCodePromptView>('start_device_code', { tenantId });
}

export function deviceCodeStatus(tenantId: number): Promise<DeviceCodeStatus> {
  return call<DeviceCodeStatus>('device_code_status', { tenantId });
}

export function cancelDeviceCode(tenantId: number): Promise<DeviceCodeStatus> {
  return call<DeviceCodeStatus>('cancel_device_code', { tenantId });
}

export function switchAuthMethod(tenantId: number, method: AuthMethod): Promise<TenantAuthRow> {
  return call<TenantAuthRow>('switch_auth_method', { tenantId, method });
}

/** Removes the tenant's client secret and refresh token from the keychain. */
export function forgetCredentials(tenantId: number): Promise<TenantAuthRow> {
  return call<TenantAuthRow>('forget_credentials', { tenantId });
}

export function listAppRegistrations(): Promise<AppRegistrationView[]> {
  return call<AppRegistrationView[]>('list_app_registrations');
}

/** Saves a tenant's app registration; the secret is write-only and never comes back. */
export function saveAppRegistration(input: AppRegistrationInput): Promise<AppRegistrationView> {
  return call<AppRegistrationView>('save_app_registration', { input });
}

export function connectionSettings(): Promise<ConnectionSettings> {
  return call<ConnectionSettings>('connection_settings');
}

/** Saves the proxy choice; sign-ins and replication use it from now on. */
export function setProxy(input: ProxyInput): Promise<ConnectionSettings> {
  return call<ConnectionSettings>('set_proxy', { input });
}

/** Sets the PowerShell executable; `null` goes back to finding it. */
export function setPowershellPath(path: string | null): Promise<ConnectionSettings> {
  return call<ConnectionSettings>('set_powershell_path', { path });
}

/** Runs the PowerShell check (host, version, MicrosoftTeams module). */
export function powershellEnvironment(): Promise<PowerShellEnvironmentView> {
  return call<PowerShellEnvironmentView>('powershell_environment');
}

export function listInvitations(): Promise<InvitationRow[]> {
  return call<InvitationRow[]>('list_invitations');
}

/** Sends the invitation mail, then records the invitation (a failed send records nothing). */
export function createInvitation(input: NewInvitationInput): Promise<InvitationRow> {
  return call<InvitationRow>('create_invitation', { input });
}

export function resendInvitation(id: number): Promise<InvitationRow> {
  return call<InvitationRow>('resend_invitation', { id });
}

export function revokeInvitation(id: number): Promise<InvitationRow> {
  return call<InvitationRow>('revoke_invitation', { id });
}

export function smtpSettings(): Promise<SmtpSettingsView> {
  return call<SmtpSettingsView>('smtp_settings');
}

/** The password is write-only: empty keeps the stored one, and it never comes back. */
export function saveSmtpSettings(input: SmtpSettingsInput): Promise<SmtpSettingsView> {
  return call<SmtpSettingsView>('save_smtp_settings', { input });
}

export function invitationTemplate(): Promise<EmailTemplateView> {
  return call<EmailTemplateView>('invitation_template');
}

export function saveInvitationTemplate(template: EmailTemplateView): Promise<EmailTemplateView> {
  return call<EmailTemplateView>('save_invitation_template', { template });
}

export function previewInvitationTemplate(template: EmailTemplateView): Promise<EmailPreview> {
  return call<EmailPreview>('preview_invitation_template', { template });
}

export function sendTestMail(to: string): Promise<void> {
  return call<void>('send_test_mail', { input: { to } });
}

/** Sandbox mode only: the mails the sandbox's SMTP capture received, newest first. */
export function sandboxOutbox(): Promise<SandboxMailView[]> {
  return call<SandboxMailView[]>('sandbox_outbox');
}
