import { describe, expect, it } from 'vitest';
import { changeOutcome, isFinal, kindLabel, TASK_STATES } from './tasks';

describe('task states', () => {
  it('treats succeeded, failed and cancelled as final', () => {
    expect(TASK_STATES.filter(isFinal)).toEqual(['succeeded', 'failed', 'cancelled']);
  });

  it('tells how a change ended only once every task has', () => {
    expect(changeOutcome(['succeeded', 'queued'])).toBeNull();
    expect(changeOutcome(['succeeded', 'succeeded'])).toBe('succeeded');
    expect(changeOutcome(['succeeded', 'failed', 'cancelled'])).toBe('failed');
    expect(changeOutcome(['cancelled'])).toBe('cancelled');
  });

  it('names the audit kinds it knows and leaves others as they are', () => {
    expect(kindLabel('numberAssign')).toBe('Assign number');
    expect(kindLabel('onboardingStep')).toBe('onboardingStep');
  });
});
