// A task row for tests: task 12, a script on sbc-lon-01 created by `eng`, not started; `over` changes any field.
import type { TaskRow } from './bindings/TaskRow';

export function taskRow(over: Partial<TaskRow> = {}): TaskRow {
  return {
    id: 12,
    tenantId: null,
    sbcId: 1,
    targetName: 'sbc-lon-01',
    kind: 'sbcScript',
    summary: 'Run a 1-line script on sbc-lon-01',
    state: 'queued',
    attempts: 0,
    maxAttempts: 8,
    createdAt: '2026-12-07T10:00:00Z',
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    createdBy: 'eng',
    failure: null,
    error: null,
    nextAttemptAt: null,
    dependsOn: null,
    rollbackOf: null,
    ...over,
  };
}
