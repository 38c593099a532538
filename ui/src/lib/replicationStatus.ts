// What the screens say about replication: progress text, the header indicator, the offline
// banner, and which tenants just finished (so their rows can be reloaded).
import type { ReplicationPhase } from './bindings/ReplicationPhase';
import type { ReplicationStatus } from './bindings/ReplicationStatus';
import type { TenantId } from './bindings/TenantId';
import type { TenantReplication } from './bindings/TenantReplication';

export const PHASE_LABELS: Record<ReplicationPhase, string> = {
  queued: 'Queued',
  signingIn: 'Signing in',
  users: 'Reading users',
  voice: 'Reading voice settings',
  writing: 'Saving',
  done: 'Done',
  failed: 'Failed',
};

const numbers = new Intl.NumberFormat();

/** Header text; empty when nothing is queued or running. */
export function indicatorText(running: number): string {
  if (running <= 0) return '';
  return `Replicating ${numbers.format(running)} ${running === 1 ? 'tenant' : 'tenants'}…`;
}

/** One line under a tenant's progress bar, e.g. "Reading voice settings · 80 of 120". */
export function progressText(run: TenantReplication): string {
  const label = PHASE_LABELS[run.phase];
  switch (run.phase) {
    case 'users':
      return `${label} · ${numbers.format(run.users)}`;
    case 'voice':
      return `${label} · ${numbers.format(run.voice)} of ${numbers.format(run.users)}`;
    case 'writing':
      return `${label} · ${numbers.format(run.users)} users`;
    case 'done':
      return `${label} · ${numbers.format(run.written)} users`;
    default:
      return label;
  }
}

/**
 * How far the bar is filled, 0 to 1. The user total is unknown until Graph has been read, so
 * the phases set the pace; the voice phase advances with the configurations read.
 */
export function progressFraction(run: TenantReplication): number {
  switch (run.phase) {
    case 'queued':
      return 0;
    case 'signingIn':
      return 0.05;
    case 'users':
      return 0.2;
    case 'voice':
      return run.users === 0 ? 0.5 : 0.4 + 0.45 * Math.min(1, run.voice / run.users);
    case 'writing':
      return 0.9;
    case 'done':
    case 'failed':
      return 1;
  }
}

/** Tenants that were queued or running in `before` and no longer are in `after`. */
export function finishedTenants(before: ReplicationStatus | null, after: ReplicationStatus): TenantId[] {
  if (before === null) return [];
  const stillRunning = new Set(after.tenants.filter((t) => t.running).map((t) => t.tenantId));
  return before.tenants.filter((t) => t.running && !stillRunning.has(t.tenantId)).map((t) => t.tenantId);
}

/**
 * The Users screen's banner when the tenant's last replication could not reach Microsoft 365;
 * `null` otherwise. `formatTime` renders the time the cached data is from.
 */
export function offlineBannerText(
  run: TenantReplication | undefined,
  formatTime: (iso: string) => string,
): string | null {
  // Kept while a retry runs: until it succeeds the cached data is still the old one.
  if (run === undefined || !run.offline) return null;
  return run.lastSuccessAt === null
    ? 'Offline — nothing has been replicated for this customer yet'
    : `Offline — data from ${formatTime(run.lastSuccessAt)}`;
}
