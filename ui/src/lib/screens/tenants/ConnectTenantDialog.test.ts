import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReplicationStatus } from '../../bindings/ReplicationStatus';
import type { TenantAuthRow } from '../../bindings/TenantAuthRow';
import type { TenantReplication } from '../../bindings/TenantReplication';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return {
    ...actual,
    authStatus: vi.fn(),
    saveAppRegistration: vi.fn(),
    switchAuthMethod: vi.fn(),
    verifyTenantAuth: vi.fn(),
    queueReplication: vi.fn(),
    replicationStatus: vi.fn(),
  };
});

import { authStatus, queueReplication, replicationStatus, saveAppRegistration, verifyTenantAuth } from '../../api';
import ConnectTenantDialog from './ConnectTenantDialog.svelte';
import { tenantRow } from './tenantRow.fixture';

const CLIENT = '1b2c3d4e-0000-4000-8000-00000000abcd';

function authRow(over: Partial<TenantAuthRow>): TenantAuthRow {
  return {
    tenantId: 7,
    shortName: 'acme',
    fullName: 'acme Ltd',
    method: 'appRegistration',
    status: 'neverConnected',
    clientId: CLIENT,
    validUntil: null,
    verifiedAt: null,
    hasClientSecret: true,
    hasRefreshToken: false,
    lastMessage: null,
    capabilities: null,
    ...over,
  };
}

const stateOf = (key: string) => screen.getByTestId(`connect-step-${key}`).dataset.state;

describe('ConnectTenantDialog', () => {
  beforeEach(() => vi.clearAllMocks());

  it('stops at the first step when the tenant has no Azure tenant id', async () => {
    vi.mocked(authStatus).mockResolvedValue([]);
    render(ConnectTenantDialog, { tenant: tenantRow('acme', { id: 7 }), onClose: () => {} });
    await waitFor(() => expect(stateOf('method')).toBe('failed'));
    expect(screen.getByTestId('connect-step-method-detail').textContent).toContain('no Azure tenant ID');
    expect((screen.getByTestId('connect-start') as HTMLButtonElement).disabled).toBe(true);
  });

  it('walks an app registration through save, verify and the first replication, naming what is missing', async () => {
    vi.mocked(authStatus).mockResolvedValue([authRow({})]);
    vi.mocked(saveAppRegistration).mockResolvedValue({
      tenantId: 7,
      shortName: 'acme',
      clientId: CLIENT,
      hasClientSecret: true,
      redirectUri: null,
    });
    vi.mocked(verifyTenantAuth).mockResolvedValue(
      authRow({ status: 'valid', lastMessage: 'Signed in to acme. Missing: User Administrator (blocks automatic DNS).' }),
    );
    vi.mocked(queueReplication).mockResolvedValue(undefined);
    const finished: TenantReplication = {
      tenantId: 7,
      phase: 'done',
      users: 12,
      voice: 12,
      written: 12,
      running: false,
      lastError: null,
      lastSuccessAt: new Date(Date.now() + 1000).toISOString(),
      offline: false,
      signInRefused: null,
      nextAttemptAt: null,
    };
    vi.mocked(replicationStatus).mockResolvedValue({ running: 0, tenants: [finished] } satisfies ReplicationStatus);

    const tenant = tenantRow('acme', { id: 7, azureTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
    render(ConnectTenantDialog, { tenant, onClose: () => {} });
    await waitFor(() => expect((screen.getByTestId('connect-client-id') as HTMLInputElement).value).toBe(CLIENT));
    await fireEvent.input(screen.getByTestId('connect-secret'), { target: { value: 's3cret' } });
    await fireEvent.click(screen.getByTestId('connect-start'));

    await waitFor(() => expect(stateOf('replicate')).toBe('done'));
    expect(['method', 'credentials', 'verify'].map(stateOf)).toEqual(['done', 'done', 'done']);
    expect(saveAppRegistration).toHaveBeenCalledWith({ tenantId: 7, clientId: CLIENT, clientSecret: 's3cret' });
    expect(screen.getByTestId('connect-step-verify-detail').textContent).toContain('Missing: User Administrator');
    expect(screen.getByTestId('connect-step-replicate-detail').textContent).toBe('12 users replicated.');
  });
});
