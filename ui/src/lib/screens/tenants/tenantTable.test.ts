import { describe, expect, it } from 'vitest';
import type { TenantRow } from '../../bindings/TenantRow';
import { nextSort } from '../../table';
import { DEPLOYMENT_STATE_TONES, queueSummary, sortTenants } from './tenantTable';
import { tenantRow } from './tenantRow.fixture';

const names = (rows: TenantRow[]) => rows.map((r) => r.shortName);

describe('sortTenants', () => {
  it('sorts customers by short name, case-insensitively and with numbers in order', () => {
    const rows = [tenantRow('beta'), tenantRow('Alpha'), tenantRow('site10'), tenantRow('site9')];
    expect(names(sortTenants(rows, { key: 'customer', direction: 'asc' }))).toEqual(['Alpha', 'beta', 'site9', 'site10']);
    expect(names(sortTenants(rows, { key: 'customer', direction: 'desc' }))).toEqual(['site10', 'site9', 'beta', 'Alpha']);
  });

  it('puts never-replicated tenants first when sorting by last replication ascending', () => {
    const rows = [
      tenantRow('new1', { lastReplicationAt: '2025-03-10T10:00:00Z' }),
      tenantRow('never'),
      tenantRow('old1', { lastReplicationAt: '2025-01-01T10:00:00Z' }),
    ];
    expect(names(sortTenants(rows, { key: 'lastReplication', direction: 'asc' }))).toEqual(['never', 'old1', 'new1']);
  });

  it('breaks ties by short name and leaves the input untouched', () => {
    const rows = [tenantRow('ccc'), tenantRow('aaa'), tenantRow('bbb', { queue: { queued: 2, executing: 0, failed: 0, replicationInProgress: false } })];
    expect(names(sortTenants(rows, { key: 'queue', direction: 'desc' }))).toEqual(['bbb', 'aaa', 'ccc']);
    expect(names(rows)).toEqual(['ccc', 'aaa', 'bbb']);
  });
});

describe('queueSummary', () => {
  it('lists what is pending and is empty when idle', () => {
    expect(queueSummary({ queued: 3, executing: 1, failed: 0, replicationInProgress: true })).toBe('replicating · 1 running · 3 queued');
    expect(queueSummary({ queued: 0, executing: 0, failed: 0, replicationInProgress: false })).toBe('');
  });

  it('counts failed tasks, which wait for the engineer', () => {
    expect(queueSummary({ queued: 1, executing: 0, failed: 2, replicationInProgress: false })).toBe('1 queued · 2 failed');
    expect(queueSummary({ queued: 0, executing: 0, failed: 1, replicationInProgress: false })).toBe('1 failed');
  });
});

describe('nextSort', () => {
  it('flips the active column and starts a new one ascending', () => {
    expect(nextSort({ key: 'a', direction: 'asc' }, 'a')).toEqual({ key: 'a', direction: 'desc' });
    expect(nextSort({ key: 'a', direction: 'desc' }, 'b')).toEqual({ key: 'b', direction: 'asc' });
  });
});

describe('DEPLOYMENT_STATE_TONES', () => {
  it('shows failures in danger, finished work in success and the rest by progress', () => {
    expect(DEPLOYMENT_STATE_TONES.failed).toBe('danger');
    expect(DEPLOYMENT_STATE_TONES.deployed).toBe('success');
    expect(DEPLOYMENT_STATE_TONES.deploying).toBe('warning');
    expect(DEPLOYMENT_STATE_TONES.readyForDeployment).toBe('info');
    expect(DEPLOYMENT_STATE_TONES.readyForRemove).toBe('neutral');
  });
});
