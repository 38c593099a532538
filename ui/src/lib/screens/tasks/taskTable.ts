// Pure logic of the Queued Tasks screen: the filter sent to the backend, which actions a
// task's state allows, and how times, durations and audited values read.
import type { AuditRow } from '../../bindings/AuditRow';
import type { SbcId } from '../../bindings/SbcId';
import type { TaskFilterInput } from '../../bindings/TaskFilterInput';
import type { TaskId } from '../../bindings/TaskId';
import type { TaskKind } from '../../bindings/TaskKind';
import type { TaskRow } from '../../bindings/TaskRow';
import type { TaskState } from '../../bindings/TaskState';
import type { TenantId } from '../../bindings/TenantId';

/** The target filter's value: '' for every target, `tenant:<id>` or `sbc:<id>`. */
export type TargetChoice = string;

export function tenantChoice(id: TenantId): TargetChoice {
  return `tenant:${id}`;
}

export function sbcChoice(id: SbcId): TargetChoice {
  return `sbc:${id}`;
}

/** The tenant or SBC a target choice names (both null: every target). */
export function targetOf(choice: TargetChoice): { tenantId: TenantId | null; sbcId: SbcId | null } {
  const [kind, id] = choice.split(':');
  const number = Number(id);
  if (!Number.isInteger(number)) return { tenantId: null, sbcId: null };
  return { tenantId: kind === 'tenant' ? number : null, sbcId: kind === 'sbc' ? number : null };
}

/** What the backend lists for the chosen target, state ('' any) and kind ('' any). */
export function taskFilter(target: TargetChoice, state: TaskState | '', kind: TaskKind | ''): TaskFilterInput {
  return { ...targetOf(target), states: state === '' ? [] : [state], kind: kind === '' ? null : kind };
}

export type TaskAction = 'cancel' | 'retry' | 'retryChain' | 'postpone' | 'release';

export const ACTION_LABELS: Record<TaskAction, string> = {
  cancel: 'Cancel',
  retry: 'Retry',
  retryChain: 'Retry from here',
  postpone: 'Postpone',
  release: 'Release',
};

/** What the engineer may do with a task in this state; a running or finished one is left alone. */
export function actionsFor(state: TaskState): TaskAction[] {
  switch (state) {
    case 'draft':
      return ['cancel'];
    case 'queued':
      return ['postpone', 'cancel'];
    case 'postponed':
      return ['release', 'cancel'];
    case 'failed':
    case 'cancelled':
      return ['retry', 'retryChain'];
    default:
      return [];
  }
}

/** The chosen tasks "Process selected" can run now: those waiting in the queue. */
export function processable(rows: readonly TaskRow[], chosen: ReadonlySet<TaskId>): TaskId[] {
  return rows.filter((row) => chosen.has(row.id) && row.state === 'queued').map((row) => row.id);
}

/** "850 ms", "12 s", "3 min 5 s", "1 h 2 min"; blank while the task has not finished. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** Today's times as "14:03:22", older ones with their date; blank when absent. */
export function formatMoment(iso: string | null, now: Date): string {
  if (iso === null) return '';
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const time = then.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (then.toDateString() === now.toDateString()) return time;
  return `${then.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}

/** An audited value as shown; an absent one (nothing before, or removed) reads "—". */
export function auditValue(value: string | null): string {
  return value === null || value === '' ? '—' : value;
}

/** Names an audit entry in test ids and keys: by the task that made it, when known. */
export function auditKey(row: Pick<AuditRow, 'id' | 'taskId'>): string {
  return row.taskId === null ? `entry-${row.id}` : `task-${row.taskId}`;
}
