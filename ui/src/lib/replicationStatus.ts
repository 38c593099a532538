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
  cancelled: 'Cancelled',
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
    case 'cancelled':
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
 * The app-wide banner while Microsoft 365 cannot be reached (the last run of some tenant
 * failed on the network); `null` otherwise. The time is the oldest of those tenants' last
 * successful syncs, so no screen claims fresher data than it has. `formatTime` renders it.
 */
export function offlineNotice(
  status: ReplicationStatus | null,
  formatTime: (iso: string) => string,
): string | null {
  // Kept while a retry runs: until it succeeds the cached data is still the old one.
  const offline = status?.tenants.filter((t) => t.offline) ?? [];
  if (offline.length === 0) return null;
  const synced = offline.map((t) => t.lastSuccessAt).filter((at): at is string => at !== null);
  if (synced.length === 0) return 'Offline — Microsoft 365 cannot be reached and nothing has been synced yet';
  const oldest = synced.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
  return `Offline — showing data last synced at ${formatTime(oldest)}`;
}
