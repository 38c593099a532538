// Presentation and ordering of tenant rows: what each column shows and how it sorts.
import type { DeploymentState } from '../../bindings/DeploymentState';
import type { TenantRow } from '../../bindings/TenantRow';
import type { SortState } from '../../table';
import type { Tone } from '../../tone';

export type TenantSortKey = 'customer' | 'state' | 'licence' | 'lastReplication' | 'queue';

export const DEPLOYMENT_STATE_LABELS: Record<DeploymentState, string> = {
  readyForDeployment: 'Ready for deployment',
  deploying: 'Deploying',
  deployed: 'Deployed',
  readyForRemove: 'Ready for remove',
  failed: 'Failed',
};

export const DEPLOYMENT_STATE_TONES: Record<DeploymentState, Tone> = {
  readyForDeployment: 'info',
  deploying: 'warning',
  deployed: 'success',
  readyForRemove: 'neutral',
  failed: 'danger',
};

/** Short queue summary; empty string when nothing is pending. */
export function queueSummary(queue: TenantRow['queue']): string {
  const parts: string[] = [];
  if (queue.replicationInProgress) parts.push('replicating');
  if (queue.executing > 0) parts.push(`${queue.executing} running`);
  if (queue.queued > 0) parts.push(`${queue.queued} queued`);
  if (queue.failed > 0) parts.push(`${queue.failed} failed`);
  return parts.join(' · ');
}

function queueWeight(queue: TenantRow['queue']): number {
  // Replication counts as one running job so busy tenants group together.
  return queue.queued + queue.executing + queue.failed + (queue.replicationInProgress ? 1 : 0);
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const compareBy: Record<TenantSortKey, (a: TenantRow, b: TenantRow) => number> = {
  customer: (a, b) => collator.compare(a.shortName, b.shortName),
  state: (a, b) =>
    collator.compare(DEPLOYMENT_STATE_LABELS[a.deploymentState], DEPLOYMENT_STATE_LABELS[b.deploymentState]),
  licence: (a, b) => collator.compare(a.licenceLabel, b.licenceLabel),
  // "Never" sorts before any real time in ascending order.
  lastReplication: (a, b) =>
    (a.lastReplicationAt === null ? -Infinity : Date.parse(a.lastReplicationAt)) -
    (b.lastReplicationAt === null ? -Infinity : Date.parse(b.lastReplicationAt)) || 0,
  queue: (a, b) => queueWeight(a.queue) - queueWeight(b.queue),
};

/** A new sorted array; ties fall back to the short name so the order is stable and predictable. */
export function sortTenants(rows: readonly TenantRow[], sort: SortState<TenantSortKey>): TenantRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const primary = compareBy[sort.key];
  return [...rows].sort((a, b) => sign * primary(a, b) || compareBy.customer(a, b));
}
