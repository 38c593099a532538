import { describe, expect, it } from 'vitest';
import type { TaskRow } from '../../bindings/TaskRow';
import { taskRow } from '../../taskRow.fixture';
import {
  actionsFor,
  auditKey,
  auditValue,
  formatDuration,
  formatMoment,
  processable,
  sbcChoice,
  taskFilter,
  targetOf,
  tenantChoice,
} from './taskTable';

function task(id: number, state: TaskRow['state']): TaskRow {
  return taskRow({ id, state });
}

describe('task filter', () => {
  it('sends the chosen tenant or SBC, state and kind', () => {
    expect(taskFilter(tenantChoice(4), 'failed', 'sbcScript')).toEqual({
      tenantId: 4,
      sbcId: null,
      states: ['failed'],
      kind: 'sbcScript',
    });
    expect(taskFilter(sbcChoice(2), '', '')).toEqual({ tenantId: null, sbcId: 2, states: [], kind: null });
    expect(taskFilter('', '', '')).toEqual({ tenantId: null, sbcId: null, states: [], kind: null });
  });

  it('reads no target from a malformed choice', () => {
    expect(targetOf('tenant:x')).toEqual({ tenantId: null, sbcId: null });
  });
});

describe('actions', () => {
  it('offers what each state allows', () => {
    expect(actionsFor('draft')).toEqual(['cancel']);
    expect(actionsFor('queued')).toEqual(['postpone', 'cancel']);
    expect(actionsFor('postponed')).toEqual(['release', 'cancel']);
    expect(actionsFor('failed')).toEqual(['retry', 'retryChain']);
    expect(actionsFor('cancelled')).toEqual(['retry', 'retryChain']);
    expect(actionsFor('executing')).toEqual([]);
    expect(actionsFor('succeeded')).toEqual([]);
  });

  it('processes only the chosen tasks that wait in the queue', () => {
    const rows = [task(1, 'queued'), task(2, 'failed'), task(3, 'queued')];
    expect(processable(rows, new Set([2, 3]))).toEqual([3]);
  });
});

describe('formatting', () => {
  it('reads durations at a useful precision', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
  });

  it('shows the date only for times before today', () => {
    const now = new Date('2026-12-07T15:00:00');
    expect(formatMoment(null, now)).toBe('');
    expect(formatMoment(new Date('2026-12-07T14:03:22').toISOString(), now)).not.toMatch(/Dec/);
    expect(formatMoment(new Date('2026-12-05T14:03:22').toISOString(), now)).toMatch(/Dec/);
  });

  it('shows an absent audited value as a dash', () => {
    expect(auditValue(null)).toBe('—');
    expect(auditValue('')).toBe('—');
    expect(auditValue('tel:+442079460999')).toBe('tel:+442079460999');
  });

  it('keys audit entries by their task when there is one', () => {
    expect(auditKey({ id: 3, taskId: 12 })).toBe('task-12');
    expect(auditKey({ id: 3, taskId: null })).toBe('entry-3');
  });
});
