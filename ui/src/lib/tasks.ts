// How queued tasks read wherever they are shown: the Queued Tasks screen, the audit, and the
// confirmation every prepared change goes through.
import type { TaskFailure } from './bindings/TaskFailure';
import type { TaskKind } from './bindings/TaskKind';
import type { TaskState } from './bindings/TaskState';
import type { Tone } from './tone';

export const TASK_STATES: readonly TaskState[] = [
  'draft',
  'queued',
  'executing',
  'succeeded',
  'failed',
  'cancelled',
  'postponed',
];

export const STATE_LABELS: Record<TaskState, string> = {
  draft: 'Draft',
  queued: 'Queued',
  executing: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  postponed: 'Postponed',
};

export const STATE_TONES: Record<TaskState, Tone> = {
  draft: 'neutral',
  queued: 'info',
  executing: 'info',
  succeeded: 'success',
  failed: 'danger',
  cancelled: 'neutral',
  postponed: 'warning',
};

export const TASK_KINDS: readonly TaskKind[] = [
  'sbcScript',
  'sbcPrefixAdd',
  'sbcPrefixRemove',
  'numberAssign',
  'numberUnassign',
  'policyGrant',
  'voiceChange',
];

export const KIND_LABELS: Record<TaskKind, string> = {
  sbcScript: 'SBC script',
  sbcPrefixAdd: 'Add prefixes',
  sbcPrefixRemove: 'Remove prefixes',
  numberAssign: 'Assign number',
  numberUnassign: 'Take number away',
  policyGrant: 'Grant policy',
  voiceChange: 'Voice routing',
};

/** The audit names a change by its task's kind; an unknown one (a later kind) reads as it is. */
export function kindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

export const FAILURE_LABELS: Record<TaskFailure, string> = {
  transient: 'could not be delivered',
  permanent: 'refused',
  interrupted: 'interrupted',
  dependency: 'an earlier task failed',
  cancelled: 'cancelled',
};

/** Succeeded, failed and cancelled tasks do not change any more on their own. */
export function isFinal(state: TaskState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled';
}

export type ChangeOutcome = 'succeeded' | 'failed' | 'cancelled';

/** How a confirmed change ended, once every one of its tasks has; `null` while any still runs. */
export function changeOutcome(states: readonly TaskState[]): ChangeOutcome | null {
  if (!states.every(isFinal)) return null;
  if (states.every((state) => state === 'succeeded')) return 'succeeded';
  return states.includes('failed') ? 'failed' : 'cancelled';
}
