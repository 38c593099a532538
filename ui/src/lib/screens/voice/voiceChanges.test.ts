import { describe, expect, it } from 'vitest';
import type { ObjectKind } from '../../bindings/ObjectKind';
import type { PendingVoiceChange } from '../../bindings/PendingVoiceChange';
import type { TaskState } from '../../bindings/TaskState';
import type { Verb } from '../../bindings/Verb';
import type { VoiceChange } from '../../bindings/VoiceChange';
import type { VoiceRoute } from '../../bindings/VoiceRoute';
import { byPriority, holdersOf, moveItem, moveRoute, pendingAdds, pendingBadge, toggled } from './voiceChanges';

function route(name: string, priority: number): VoiceRoute {
  return { name, priority, numberPattern: '.*', gateways: ['sbc.example.com'], usages: ['Unrestricted'], description: '' };
}

/** A waiting change as the backend lists it, with the object it names. */
function pending(taskId: number, state: TaskState, change: VoiceChange, kind: ObjectKind, verb: Verb, name: string): PendingVoiceChange {
  return { taskId, state, change, kind, verb, name, summary: `task ${taskId}` };
}

describe('pendingBadge', () => {
  const list = [
    pending(1, 'queued', { op: 'editRoute', route: route('London', 1) }, 'route', 'edit', 'London'),
    pending(2, 'failed', { op: 'removeUsage', usage: 'GB-National' }, 'usage', 'remove', 'GB-National'),
    pending(3, 'executing', { op: 'removeRoute', name: 'Paris' }, 'route', 'remove', 'Paris'),
    pending(4, 'draft', { op: 'addPolicy', policy: { name: 'Sales', description: '', usages: [] } }, 'policy', 'add', 'Sales'),
  ];

  it('shows the verb of a queued or running change on its row', () => {
    expect(pendingBadge(list, 'route', 'London')?.label).toBe('Queued: Edit');
    expect(pendingBadge(list, 'route', 'paris')?.label).toBe('Queued: Delete');
  });

  it('says Failed for a failed change and Draft before confirmation', () => {
    expect(pendingBadge(list, 'usage', 'GB-National')).toMatchObject({ label: 'Failed', tone: 'danger' });
    expect(pendingBadge(list, 'policy', 'Sales')?.label).toBe('Draft: New');
  });

  it('matches the kind as well as the name', () => {
    expect(pendingBadge(list, 'policy', 'London')).toBeNull();
    expect(pendingBadge(list, 'route', 'Madrid')).toBeNull();
  });

  it('shows the latest change when there are several', () => {
    const two = [pending(7, 'queued', { op: 'addUsage', usage: 'X' }, 'usage', 'add', 'X'), pending(5, 'failed', { op: 'removeUsage', usage: 'X' }, 'usage', 'remove', 'X')];
    expect(pendingBadge(two, 'usage', 'X')?.label).toBe('Queued: New');
  });
});

describe('pendingAdds', () => {
  it('lists queued adds Teams does not show yet, once each', () => {
    const list = [
      pending(1, 'queued', { op: 'addUsage', usage: 'New' }, 'usage', 'add', 'New'),
      pending(2, 'failed', { op: 'addUsage', usage: 'New' }, 'usage', 'add', 'New'),
      pending(3, 'queued', { op: 'addUsage', usage: 'Unrestricted' }, 'usage', 'add', 'Unrestricted'),
      pending(4, 'draft', { op: 'addUsage', usage: 'Unconfirmed' }, 'usage', 'add', 'Unconfirmed'),
      pending(5, 'queued', { op: 'removeUsage', usage: 'Old' }, 'usage', 'remove', 'Old'),
    ];
    expect(pendingAdds(list, 'addUsage', ['unrestricted'])).toEqual([{ op: 'addUsage', usage: 'New' }]);
  });
});

describe('moveRoute', () => {
  const routes = [route('Last', 2), route('First', 0), route('Middle', 1)];

  it('orders routes by priority', () => {
    expect(byPriority(routes).map((r) => r.name)).toEqual(['First', 'Middle', 'Last']);
  });

  it('asks for the priority one up or down', () => {
    expect(moveRoute(routes, 'Middle', -1)).toEqual({ op: 'editRoute', route: route('Middle', 0) });
    expect(moveRoute(routes, 'Middle', 1)).toEqual({ op: 'editRoute', route: route('Middle', 2) });
  });

  it('does nothing past either end', () => {
    expect(moveRoute(routes, 'First', -1)).toBeNull();
    expect(moveRoute(routes, 'Last', 1)).toBeNull();
    expect(moveRoute(routes, 'Unknown', 1)).toBeNull();
  });
});

describe('ordered lists', () => {
  it('moves an item and leaves the list alone at its ends', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('adds at the end and takes away keeping the order', () => {
    expect(toggled(['a', 'b'], 'c', true)).toEqual(['a', 'b', 'c']);
    expect(toggled(['a', 'b', 'c'], 'b', false)).toEqual(['a', 'c']);
  });

  it('counts the holders of a policy by kind and name', () => {
    const holders = [
      { kind: 'voiceRoutingPolicy' as const, name: 'Unrestricted', users: 4 },
      { kind: 'dialPlan' as const, name: 'Unrestricted', users: 9 },
    ];
    expect(holdersOf(holders, 'voiceRoutingPolicy', 'unrestricted')).toBe(4);
    expect(holdersOf(holders, 'callingPolicy', 'Unrestricted')).toBe(0);
  });
});
