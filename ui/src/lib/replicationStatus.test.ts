import { describe, expect, it } from 'vitest';
import type { ReplicationStatus } from './bindings/ReplicationStatus';
import type { TenantReplication } from './bindings/TenantReplication';
import {
  finishedTenants,
  indicatorText,
  offlineNotice,
  progressFraction,
  progressText,
} from './replicationStatus';

function run(overrides: Partial<TenantReplication> = {}): TenantReplication {
  return {
    tenantId: 1,
    phase: 'queued',
    users: 0,
    voice: 0,
    written: 0,
    running: true,
    lastError: null,
    lastSuccessAt: null,
    offline: false,
    signInRefused: null,
    nextAttemptAt: null,
    ...overrides,
  };
}

function status(tenants: TenantReplication[]): ReplicationStatus {
  return { tenants, running: tenants.filter((t) => t.running).length };
}

describe('indicatorText', () => {
  it('is empty when idle and counts tenants otherwise', () => {
    expect(indicatorText(0)).toBe('');
    expect(indicatorText(1)).toBe('Replicating 1 tenant…');
    expect(indicatorText(3)).toBe('Replicating 3 tenants…');
  });
});

describe('progressText', () => {
  it('names the phase and the counts that phase has', () => {
    expect(progressText(run())).toBe('Queued');
    expect(progressText(run({ phase: 'users', users: 120 }))).toBe('Reading users · 120');
    expect(progressText(run({ phase: 'voice', users: 120, voice: 80 }))).toBe('Reading voice settings · 80 of 120');
    expect(progressText(run({ phase: 'done', written: 42, running: false }))).toBe('Done · 42 users');
  });
});

describe('progressFraction', () => {
  it('never goes backwards through the phases', () => {
    const phases = [
      run(),
      run({ phase: 'signingIn' }),
      run({ phase: 'users', users: 10 }),
      run({ phase: 'voice', users: 10, voice: 0 }),
      run({ phase: 'voice', users: 10, voice: 10 }),
      run({ phase: 'writing', users: 10, voice: 10 }),
      run({ phase: 'done' }),
    ].map(progressFraction);
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
    expect(phases[0]).toBe(0);
    expect(phases[phases.length - 1]).toBe(1);
  });

  it('caps the voice share when Teams reports more configurations than users', () => {
    expect(progressFraction(run({ phase: 'voice', users: 10, voice: 50 }))).toBeLessThan(0.9);
  });
});

describe('finishedTenants', () => {
  it('lists tenants that stopped running since the last poll', () => {
    const before = status([run({ tenantId: 1 }), run({ tenantId: 2 }), run({ tenantId: 3, running: false })]);
    const after = status([run({ tenantId: 1, running: false }), run({ tenantId: 2 }), run({ tenantId: 3, running: false })]);
    expect(finishedTenants(before, after)).toEqual([1]);
    expect(finishedTenants(null, after)).toEqual([]);
  });
});

describe('offlineNotice', () => {
  const format = (iso: string) => `<${iso}>`;
  const offline = run({ running: false, phase: 'failed', offline: true, lastSuccessAt: '2026-11-20T09:30:00Z' });

  it('shows the oldest time the data is from while any tenant is offline', () => {
    const older = run({ ...offline, tenantId: 2, lastSuccessAt: '2026-11-19T08:00:00Z' });
    expect(offlineNotice(status([offline, older]), format)).toBe(
      'Offline — showing data last synced at <2026-11-19T08:00:00Z>',
    );
    expect(offlineNotice(status([offline, run({ tenantId: 3, running: false })]), format)).toBe(
      'Offline — showing data last synced at <2026-11-20T09:30:00Z>',
    );
    // A retry running keeps the notice: the data is still the old one.
    expect(offlineNotice(status([run({ ...offline, running: true })]), format)).toMatch(/last synced at/);
  });

  it('says when nothing was synced yet, and is absent when online', () => {
    expect(offlineNotice(status([run({ ...offline, lastSuccessAt: null })]), format)).toMatch(/nothing has been synced/);
    expect(offlineNotice(status([run({ ...offline, offline: false })]), format)).toBeNull();
    expect(offlineNotice(null, format)).toBeNull();
  });
});
