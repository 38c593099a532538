// What the Voice routing screen works out from a tenant's objects and its queued changes:
// which row a pending change belongs to, the badge it shows, the rows a pending add
// adds, and the change a ▲▼ click on a route asks for.
import type { ApiFailure } from '../../api';
import type { HeldPolicyKind } from '../../bindings/HeldPolicyKind';
import type { PendingVoiceChange } from '../../bindings/PendingVoiceChange';
import type { VoiceChange } from '../../bindings/VoiceChange';
import type { PolicyHolders } from '../../bindings/PolicyHolders';
import type { VoiceRoute } from '../../bindings/VoiceRoute';
import type { Tone } from '../../tone';

/** Prepares a change and opens its confirmation; resolves to why it was refused, or null. */
export type Prepare = (change: VoiceChange, title: string) => Promise<ApiFailure | null>;

/** What a Remove button asks to confirm: "voice route Local" and its change. */
export interface Removal {
  what: string;
  change: VoiceChange;
}

export type ObjectKind =
  | 'gateway'
  | 'usage'
  | 'route'
  | 'policy'
  | 'dialPlan'
  | 'callingPolicy'
  | 'region'
  | 'site'
  | 'subnet'
  | 'trustedIp';

export type Verb = 'add' | 'edit' | 'remove';

export interface ChangeTarget {
  kind: ObjectKind;
  verb: Verb;
  /** The object's name as Teams identifies it (an FQDN, an id, an address…). */
  name: string;
}

/** Which object a change touches, and how. */
export function changeTarget(change: VoiceChange): ChangeTarget {
  switch (change.op) {
    case 'addGateway':
      return { kind: 'gateway', verb: 'add', name: change.gateway.fqdn };
    case 'editGateway':
      return { kind: 'gateway', verb: 'edit', name: change.gateway.fqdn };
    case 'removeGateway':
      return { kind: 'gateway', verb: 'remove', name: change.fqdn };
    case 'addUsage':
      return { kind: 'usage', verb: 'add', name: change.usage };
    case 'removeUsage':
      return { kind: 'usage', verb: 'remove', name: change.usage };
    case 'addRoute':
      return { kind: 'route', verb: 'add', name: change.route.name };
    case 'editRoute':
      return { kind: 'route', verb: 'edit', name: change.route.name };
    case 'removeRoute':
      return { kind: 'route', verb: 'remove', name: change.name };
    case 'addPolicy':
      return { kind: 'policy', verb: 'add', name: change.policy.name };
    case 'editPolicy':
      return { kind: 'policy', verb: 'edit', name: change.policy.name };
    case 'removePolicy':
      return { kind: 'policy', verb: 'remove', name: change.name };
    case 'addDialPlan':
      return { kind: 'dialPlan', verb: 'add', name: change.plan.name };
    case 'editDialPlan':
      return { kind: 'dialPlan', verb: 'edit', name: change.plan.name };
    case 'removeDialPlan':
      return { kind: 'dialPlan', verb: 'remove', name: change.name };
    case 'addCallingPolicy':
      return { kind: 'callingPolicy', verb: 'add', name: change.policy.name };
    case 'editCallingPolicy':
      return { kind: 'callingPolicy', verb: 'edit', name: change.policy.name };
    case 'removeCallingPolicy':
      return { kind: 'callingPolicy', verb: 'remove', name: change.name };
    case 'addRegion':
      return { kind: 'region', verb: 'add', name: change.region.id };
    case 'removeRegion':
      return { kind: 'region', verb: 'remove', name: change.id };
    case 'addSite':
      return { kind: 'site', verb: 'add', name: change.site.id };
    case 'editSite':
      return { kind: 'site', verb: 'edit', name: change.site.id };
    case 'removeSite':
      return { kind: 'site', verb: 'remove', name: change.id };
    case 'addSubnet':
      return { kind: 'subnet', verb: 'add', name: change.subnet.id };
    case 'editSubnet':
      return { kind: 'subnet', verb: 'edit', name: change.subnet.id };
    case 'removeSubnet':
      return { kind: 'subnet', verb: 'remove', name: change.id };
    case 'addTrustedIp':
      return { kind: 'trustedIp', verb: 'add', name: change.trustedIp.address };
    case 'editTrustedIp':
      return { kind: 'trustedIp', verb: 'edit', name: change.trustedIp.address };
    case 'removeTrustedIp':
      return { kind: 'trustedIp', verb: 'remove', name: change.address };
  }
}

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
  const mine = pending.filter((p) => {
    const target = changeTarget(p.change);
    return target.kind === kind && sameName(target.name, name);
  });
  const latest = mine.reduce<PendingVoiceChange | null>((last, p) => (last === null || p.taskId > last.taskId ? p : last), null);
  if (latest === null) return null;
  const verb = VERB_LABELS[changeTarget(latest.change).verb];
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
  for (const p of pending) {
    if (p.change.op !== op || p.state === 'draft') continue;
    const name = changeTarget(p.change).name;
    if (existing.some((e) => sameName(e, name))) continue;
    if (found.some((f) => sameName(changeTarget(f).name, name))) continue;
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
