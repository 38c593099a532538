// What the Voice routing screen works out from a tenant's objects and its queued changes:
// which row a pending change belongs to, the badge it shows, the rows a pending add
// adds, and the change a ▲▼ click on a route asks for.
import type { ApiFailure } from '../../api';
import type { HeldPolicyKind } from '../../bindings/HeldPolicyKind';
import type { PendingVoiceChange } from '../../bindings/PendingVoiceChange';
import type { VoiceChange } from '../../bindings/VoiceChange';
import type { PolicyHolders } from '../../bindings/PolicyHolders';
import type { ObjectKind } from '../../bindings/ObjectKind';
import type { Verb } from '../../bindings/Verb';
import type { VoiceRoute } from '../../bindings/VoiceRoute';
import type { Tone } from '../../tone';

/** Prepares a change and opens its confirmation; resolves to why it was refused, or null. */
export type Prepare = (change: VoiceChange, title: string) => Promise<ApiFailure | null>;

/** What a Remove button asks to confirm: "voice route Local" and its change. */
export interface Removal {
  what: string;
  change: VoiceChange;
}

export type { ObjectKind };

const VERB_LABELS: Record<Verb, string> = { add: 'New', edit: 'Edit', remove: 'Delete' };

export interface Badge {
  label: string;
  tone: Tone;
  /** The task's summary, for the tooltip. */
  title: string;
}

/** Teams compares these names without regard to case. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The badge of the object's row while a change to it waits: "Queued: New", "Queued: Edit",
 * "Queued: Delete", "Draft: …" before it is confirmed, "Failed" once it failed. The latest
 * change wins when there are several.
 */
export function pendingBadge(pending: readonly PendingVoiceChange[], kind: ObjectKind, name: string): Badge | null {
  const mine = pending.filter((p) => p.kind === kind && sameName(p.name, name));
  const latest = mine.reduce<PendingVoiceChange | null>((last, p) => (last === null || p.taskId > last.taskId ? p : last), null);
  if (latest === null) return null;
  const verb = VERB_LABELS[latest.verb];
  if (latest.state === 'failed') return { label: 'Failed', tone: 'danger', title: `Failed: ${latest.summary}` };
  if (latest.state === 'draft') return { label: `Draft: ${verb}`, tone: 'neutral', title: latest.summary };
  return { label: `Queued: ${verb}`, tone: 'info', title: latest.summary };
}

type ChangeOf<O extends VoiceChange['op']> = Extract<VoiceChange, { op: O }>;

/**
 * The changes of `op` (an add) whose object is not among `existing` names yet: shown as
 * greyed rows until Teams has it.
 */
export function pendingAdds<O extends VoiceChange['op']>(
  pending: readonly PendingVoiceChange[],
  op: O,
  existing: readonly string[],
): ChangeOf<O>[] {
  const found: ChangeOf<O>[] = [];
  const names: string[] = [...existing];
  for (const p of pending) {
    if (p.change.op !== op || p.state === 'draft') continue;
    if (names.some((n) => sameName(n, p.name))) continue;
    names.push(p.name);
    found.push(p.change as ChangeOf<O>);
  }
  return found;
}

/** The routes in the order Teams tries them. */
export function byPriority(routes: readonly VoiceRoute[]): VoiceRoute[] {
  return [...routes].sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
}

/** ▲ (-1) or ▼ (+1) on a route: the edit giving it the priority one up or down, or null at either end. */
export function moveRoute(routes: readonly VoiceRoute[], name: string, delta: -1 | 1): VoiceChange | null {
  const ordered = byPriority(routes);
  const index = ordered.findIndex((r) => r.name === name);
  if (index < 0 || ordered[index + delta] === undefined) return null;
  const route = ordered[index];
  return { op: 'editRoute', route: { ...route, priority: route.priority + delta } };
}

/** Moves one item of an ordered list (usages of a policy, rules of a dial plan) up or down. */
export function moveItem<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const next = [...list];
  [next[index], next[target]] = [next[target], next[index]];
  return next;
}

/** Adds or takes away one name of a multi-select, keeping the order of the rest. */
export function toggled(list: readonly string[], name: string, on: boolean): string[] {
  const without = list.filter((item) => item !== name);
  return on ? [...without, name] : without;
}

/** How many cached users hold the policy or dial plan. */
export function holdersOf(holders: readonly PolicyHolders[], kind: HeldPolicyKind, name: string): number {
  return holders.find((h) => h.kind === kind && sameName(h.name, name))?.users ?? 0;
}
