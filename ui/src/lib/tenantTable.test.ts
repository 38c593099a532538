import { describe, expect, it } from 'vitest';
import type { TenantRow } from './bindings/TenantRow';
import { nextSort } from './table';
import { queueSummary, sortTenants } from './tenantTable';

function row(shortName: string, over: Partial<TenantRow> = {}): TenantRow {
  return {
    id: shortName.length,
    shortName,
    fullName: `${shortName} Ltd`,
    azureTenantId: null,
    licenceType: 'hostedPro',
    licenceLabel: 'Hosted Pro (10)',
    licensedUsers: 10,
    deploymentState: 'deployed',
    authMethod: 'none',
    authStatus: 'neverConnected',
    lastReplicationAt: null,
    lastReplicationResult: null,
    userCount: 0,
    queue: { queued: 0, executing: 0, replicationInProgress: false },
    ...over,
  };
}

const names = (rows: TenantRow[]) => rows.map((r) => r.shortName);

describe('sortTenants', () => {
  it('sorts customers by short name, case-insensitively and with numbers in order', () => {
    const rows = [row('beta'), row('Alpha'), row('site10'), row('site9')];
    expect(names(sortTenants(rows, { key: 'customer', direction: 'asc' }))).toEqual(['Alpha', 'beta', 'site9', 'site10']);
    expect(names(sortTenants(rows, { key: 'customer', direction: 'desc' }))).toEqual(['site10', 'site9', 'beta', 'Alpha']);
  });

  it('puts never-replicated tenants first when sorting by last replication ascending', () => {
    const rows = [
      row('new1', { lastReplicationAt: '2025-03-10T10:00:00Z' }),
      row('never'),
      row('old1', { lastReplicationAt: '2025-01-01T10:00:00Z' }),
    ];
    expect(names(sortTenants(rows, { key: 'lastReplication', direction: 'asc' }))).toEqual(['never', 'old1', 'new1']);
  });

  it('breaks ties by short name and leaves the input untouched', () => {
    const rows = [row('ccc'), row('aaa'), row('bbb', { queue: { queued: 2, executing: 0, replicationInProgress: false } })];
    expect(names(sortTenants(rows, { key: 'queue', direction: 'desc' }))).toEqual(['bbb', 'aaa', 'ccc']);
    expect(names(rows)).toEqual(['ccc', 'aaa', 'bbb']);
  });
});

describe('queueSummary', () => {
  it('lists what is pending and is empty when idle', () => {
    expect(queueSummary({ queued: 3, executing: 1, replicationInProgress: true })).toBe('replicating · 1 running · 3 queued');
    expect(queueSummary({ queued: 0, executing: 0, replicationInProgress: false })).toBe('');
  });
});

describe('nextSort', () => {
  it('flips the active column and starts a new one ascending', () => {
    expect(nextSort({ key: 'a', direction: 'asc' }, 'a')).toEqual({ key: 'a', direction: 'desc' });
    expect(nextSort({ key: 'a', direction: 'desc' }, 'b')).toEqual({ key: 'b', direction: 'asc' });
  });
});
