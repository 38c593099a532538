import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReplicationStatus } from '../../bindings/ReplicationStatus';
import type { TenantList } from '../../bindings/TenantList';
import type { TenantRow } from '../../bindings/TenantRow';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return {
    ...actual,
    listTenants: vi.fn(),
    queueReplication: vi.fn(),
    replicationStatus: vi.fn(),
    cancelReplication: vi.fn(),
  };
});

import { cancelReplication, listTenants, queueReplication, replicationStatus } from '../../api';
import ReplicationIndicator from './ReplicationIndicator.svelte';
import ReplicationStatusCell from './ReplicationStatusCell.svelte';
import TenantsScreen from './TenantsScreen.svelte';

const list = vi.mocked(listTenants);
const queue = vi.mocked(queueReplication);
const status = vi.mocked(replicationStatus);
const cancel = vi.mocked(cancelReplication);

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
    queue: { queued: 0, executing: 0, failed: 0, replicationInProgress: false },
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
      signInRefused: null,
      nextAttemptAt: null,
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
      expect(status.mock.calls.length, 'no quick polling while idle').toBe(calls);
      // A slow poll while idle picks up what the cycle's own runs found.
      await vi.advanceTimersByTimeAsync(10_000);
      expect(status.mock.calls.length).toBe(calls + 1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a running tenant can be cancelled; the cell then says so', async () => {
    const cancelled: ReplicationStatus = {
      running: 0,
      tenants: [{ ...running.tenants[0], running: false, phase: 'cancelled' }],
    };
    cancel.mockResolvedValue(cancelled);
    status.mockResolvedValue(cancelled);
    const { rerender } = render(ReplicationStatusCell, {
      run: running.tenants[0],
      shortName: 'acme',
      summary: '',
      busy: false,
    });
    await fireEvent.click(screen.getByTestId('tenant-cancel-acme'));
    expect(cancel).toHaveBeenCalledWith(1);
    await rerender({ run: cancelled.tenants[0], shortName: 'acme', summary: '', busy: false });
    expect(screen.getByTestId('tenant-cancelled-acme').textContent).toBe('cancelled');
    expect(screen.queryByTestId('tenant-cancel-acme')).toBeNull();
  });

  it('a refused sign-in asks for new credentials with the reason Microsoft gave', () => {
    const reason = 'The client secret for this app registration was rejected by Microsoft (AADSTS7000215).';
    render(ReplicationStatusCell, {
      run: {
        ...running.tenants[0],
        running: false,
        phase: 'failed',
        signInRefused: reason,
        nextAttemptAt: '2026-12-07T10:05:00Z',
      },
      shortName: 'acme',
      summary: '',
      busy: false,
    });
    const cell = screen.getByTestId('tenant-refused-acme');
    expect(cell.textContent).toContain('Sign-in refused — fix credentials');
    expect(screen.getByTestId('tenant-refused-reason-acme').textContent).toBe(reason);
    expect(cell.getAttribute('title')).toContain(reason);
    expect(cell.getAttribute('title')).toContain('Next attempt');
  });
});
