import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';
import { ApiFailure, appInfo, BACKEND_UNAVAILABLE, createTenant, deleteTenant, listTenants, toApiFailure } from './api';
import type { NewTenantInput } from './bindings/NewTenantInput';

const invokeMock = vi.mocked(invoke);

const input: NewTenantInput = {
  shortName: 'acme',
  fullName: 'Acme Corp',
  azureTenantId: null,
  licenceType: 'hostedPro',
  licensedUsers: 10,
};

describe('api', () => {
  beforeEach(() => {
    // Pretend to run inside the Tauri webview, which provides this bridge.
    Object.defineProperty(window, '__TAURI_INTERNALS__', { value: {}, configurable: true });
    invokeMock.mockReset();
  });

  afterEach(() => {
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
  });

  it('calls the snake_case command through rpc with camelCase arguments', async () => {
    invokeMock.mockResolvedValue(null);
    await deleteTenant(7);
    expect(invokeMock).toHaveBeenCalledWith('rpc', {
      command: 'delete_tenant',
      args: { tenantId: 7 },
    });
  });

  it('sends a command without arguments an empty object', async () => {
    invokeMock.mockResolvedValue({ tenants: [], totals: { tenants: 0, users: 0, licensedUsers: 0 } });
    await listTenants(null);
    await appInfo();
    expect(invokeMock).toHaveBeenNthCalledWith(1, 'rpc', { command: 'list_tenants', args: { search: null } });
    expect(invokeMock).toHaveBeenNthCalledWith(2, 'rpc', { command: 'app_info', args: {} });
  });

  it('turns a rejected ApiError into an ApiFailure with code and fields', async () => {
    invokeMock.mockRejectedValue({
      code: 'conflict',
      message: "A customer with the short name 'acme' already exists.",
      fields: [{ field: 'shortName', code: 'shortName.taken', message: "'acme' is already used." }],
    });
    const failure = await createTenant(input).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({
      code: 'conflict',
      message: "A customer with the short name 'acme' already exists.",
      fields: [{ field: 'shortName', code: 'shortName.taken', message: "'acme' is already used." }],
    });
  });

  it('maps a bare string rejection to an internal failure naming the command', async () => {
    invokeMock.mockRejectedValue('command create_tenant not found');
    const failure = await createTenant(input).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'internal', fields: [] });
    expect((failure as ApiFailure).message).toContain("'create_tenant'");
    expect((failure as ApiFailure).message).toContain('command create_tenant not found');
  });

  it('fails clearly without calling invoke when not running inside Tauri', async () => {
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
    const failure = await listTenants(null).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: BACKEND_UNAVAILABLE });
    expect(invokeMock).not.toHaveBeenCalled();
  });
});

describe('toApiFailure', () => {
  it('drops malformed field entries but keeps the valid ones', () => {
    const failure = toApiFailure({
      code: 'validation',
      message: 'Check the highlighted fields.',
      fields: [{ field: 'fullName', code: 'fullName.empty', message: 'Full name is required.' }, { field: 3 }, null],
    });
    expect(failure.fields).toEqual([{ field: 'fullName', code: 'fullName.empty', message: 'Full name is required.' }]);
  });

  it('treats an object without a code as unexpected', () => {
    const failure = toApiFailure(new TypeError('boom'));
    expect(failure.code).toBe('internal');
    expect(failure.message).toContain('boom');
  });

  it('returns an ApiFailure unchanged', () => {
    const original = new ApiFailure('notFound', 'No such customer.');
    expect(toApiFailure(original)).toBe(original);
  });
});
