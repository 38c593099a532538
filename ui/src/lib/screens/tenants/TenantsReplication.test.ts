import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReplicationStatus } from '../../bindings/ReplicationStatus';
import type { TenantList } from '../../bindings/TenantList';
import type { TenantRow } from '../../bindings/TenantRow';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return { ...actual, listTenants: vi.fn(), queueReplication: vi.fn(), replicationStatus: vi.fn() };
});

import { listTenants, queueReplication, replicationStatus } from '../../api';
import ReplicationIndicator from './ReplicationIndicator.svelte';
import TenantsScreen from './TenantsScreen.svelte';

const list = vi.mocked(listTenants);
const queue = vi.mocked(queueReplication);
const status = vi.mocked(replicationStatus);

function tenant(id: number, shortName: string, licenceType: TenantRow['licenceType']): TenantRow {
  return {
    id,
    shortName,
    fullName: `${shortName} Ltd`,
    azureTenantId: null,
    adminDomain: null,
    cloud: 'commercial',
    licenceType,
    licenceLabel: licenceType,
    licensedUsers: 0,
    deploymentState: 'deployed',
    authMethod: 'appRegistration',
    authStatus: 'neverConnected',
    lastReplicationAt: null,
    lastReplicationResult: null,
    userCount: 0,
    queue: { queued: 0, executing: 0, replicationInProgress: false },
  };
}

const rows = [tenant(1, 'acme', 'hostedPro'), tenant(2, 'basic', 'hostedEssentials')];
const running: ReplicationStatus = {
  running: 1,
  tenants: [
    {
      tenantId: 1,
      phase: 'voice',
      users: 40,
      voice: 10,
      written: 0,
      running: true,
      lastError: null,
      lastSuccessAt: null,
      offline: false,
    },
  ],
};

describe('replication on the Tenants screen', () => {
  beforeEach(() => {
    list.mockReset();
    queue.mockReset();
    status.mockReset();
    list.mockResolvedValue({ tenants: rows, totals: { tenants: 2, users: 0, licensedUsers: 0 } } as TenantList);
  });

  it('queues a connected tenant and shows its progress; Essentials cannot be queued', async () => {
    queue.mockResolvedValue(undefined);
    status.mockResolvedValue(running);
    render(TenantsScreen);
    const replicate = (await screen.findByTestId('tenant-replicate-acme')) as HTMLButtonElement;
    expect((screen.getByTestId('tenant-replicate-basic') as HTMLButtonElement).disabled).toBe(true);
    expect(replicate.disabled).toBe(false);
    await fireEvent.click(replicate);
    expect(queue).toHaveBeenCalledWith(1);
    const progress = await screen.findByTestId('tenant-progress-acme');
    expect(progress.textContent).toContain('Reading voice settings · 10 of 40');
  });

  it('the header indicator counts running tenants and disappears when idle', async () => {
    vi.useFakeTimers();
    try {
      status.mockResolvedValueOnce(running);
      render(ReplicationIndicator);
      await vi.advanceTimersByTimeAsync(0);
      expect(screen.getByTestId('replication-indicator').textContent).toContain('Replicating 1 tenant…');
      status.mockResolvedValue({ running: 0, tenants: [{ ...running.tenants[0], running: false, phase: 'done' }] });
      // The next poll comes a second later and finds nothing running.
      await vi.advanceTimersByTimeAsync(1000);
      expect(screen.queryByTestId('replication-indicator')).toBeNull();
      const calls = status.mock.calls.length;
      await vi.advanceTimersByTimeAsync(5000);
      expect(status.mock.calls.length, 'no polling while idle').toBe(calls);
    } finally {
      vi.useRealTimers();
    }
  });
});
