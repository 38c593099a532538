// The only way the UI reaches the backend: one typed wrapper per Tauri command.
// Screens never call `invoke` themselves, so argument names and error handling stay in one place.
import { invoke } from '@tauri-apps/api/core';
import type { AppInfo } from './bindings/AppInfo';
import type { FieldError } from './bindings/FieldError';
import type { NewTenantInput } from './bindings/NewTenantInput';
import type { ReplicationStatus } from './bindings/ReplicationStatus';
import type { SbcCheckResult } from './bindings/SbcCheckResult';
import type { SbcInput } from './bindings/SbcInput';
import type { SbcRow } from './bindings/SbcRow';
import type { TenantList } from './bindings/TenantList';
import type { TenantRow } from './bindings/TenantRow';
import type { UserDetailView } from './bindings/UserDetailView';
import type { UserFacets } from './bindings/UserFacets';
import type { UsersPageView } from './bindings/UsersPageView';
import type { UsersQueryInput } from './bindings/UsersQueryInput';

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
