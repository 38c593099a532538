import { describe, expect, it } from 'vitest';
import type { TenantReplication } from '../../bindings/TenantReplication';
import { credentialsLabel, currentStep, initialSteps, replicationOutcome, withStep } from './connectSteps';

function run(overrides: Partial<TenantReplication>): TenantReplication {
  return {
    tenantId: 1,
    phase: 'done',
    users: 0,
    voice: 0,
    written: 0,
    running: false,
    lastError: null,
    lastSuccessAt: null,
    offline: false,
    ...overrides,
  } as TenantReplication;
}

describe('connect walkthrough steps', () => {
  it('starts with every step pending, in checklist order', () => {
    const steps = initialSteps();
    expect(steps.map((s) => s.key)).toEqual(['method', 'credentials', 'verify', 'replicate']);
    expect(steps.every((s) => s.state === 'pending')).toBe(true);
    expect(currentStep(steps)?.key).toBe('method');
  });

  it('moves on as steps are done and keeps a failure with its reason', () => {
    let steps = withStep(initialSteps(), 'method', 'done');
    steps = withStep(steps, 'credentials', 'failed', 'The code expired.');
    expect(currentStep(steps)).toMatchObject({ key: 'credentials', state: 'failed', detail: 'The code expired.' });
    expect(steps.find((s) => s.key === 'verify')?.state).toBe('pending');
    const all = (['method', 'credentials', 'verify', 'replicate'] as const).reduce((acc, key) => withStep(acc, key, 'done'), steps);
    expect(currentStep(all)).toBeNull();
  });

  it('names what each method asks for', () => {
    expect(credentialsLabel('deviceCode')).toBe('Approve the device code');
    expect(credentialsLabel('appRegistration')).toBe('Enter the app registration');
  });

  it('reads the first replication from the tenant run', () => {
    const queuedAt = Date.parse('2026-12-07T10:00:00Z');
    expect(replicationOutcome(undefined, queuedAt).state).toBe('running');
    expect(replicationOutcome(run({ running: true, users: 12 }), queuedAt)).toEqual({
      state: 'running',
      detail: '12 users read so far…',
    });
    expect(replicationOutcome(run({ lastError: 'Sign-in refused.' }), queuedAt)).toEqual({
      state: 'failed',
      detail: 'Sign-in refused.',
    });
    expect(replicationOutcome(run({ lastSuccessAt: '2026-12-07T10:00:05Z', written: 7 }), queuedAt)).toEqual({
      state: 'done',
      detail: '7 users replicated.',
    });
    // An older success is not this run's.
    expect(replicationOutcome(run({ lastSuccessAt: '2026-12-07T09:00:00Z' }), queuedAt).state).toBe('running');
  });
});
