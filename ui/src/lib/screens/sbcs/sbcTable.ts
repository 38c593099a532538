// How an SBC row reads in the table: address, connection status and last-check text.
import type { SbcConnectionStatus } from '../../bindings/SbcConnectionStatus';
import type { SbcRow } from '../../bindings/SbcRow';
import { formatRelative } from '../../time';
import type { Tone } from '../../tone';

export const STATUS_LABELS: Record<SbcConnectionStatus, string> = {
  unknown: 'Not checked',
  connected: 'Connected',
  failed: 'Failed',
};

export const STATUS_TONES: Record<SbcConnectionStatus, Tone> = {
  unknown: 'neutral',
  connected: 'success',
  failed: 'danger',
};

/** `host`, `host:port` when the port is not the scheme's default, IPv6 literals bracketed. */
export function managementAddress(row: Pick<SbcRow, 'host' | 'port' | 'https'>): string {
  const host = row.host.includes(':') && !row.host.startsWith('[') ? `[${row.host}]` : row.host;
  const defaultPort = row.https ? 443 : 80;
  return row.port === null || row.port === defaultPort ? host : `${host}:${row.port}`;
}

/** When the last check ran ("5 min ago"), or nothing before the first one. */
export function lastCheckText(lastCheckedAt: string | null, now: Date): string {
  return lastCheckedAt === null ? '' : formatRelative(lastCheckedAt, now);
}

/** "Connected · 5 min ago", or "Not checked" before the first test. */
export function statusText(row: Pick<SbcRow, 'connectionStatus' | 'lastCheckedAt'>, now: Date): string {
  const label = STATUS_LABELS[row.connectionStatus];
  const when = lastCheckText(row.lastCheckedAt, now);
  return when === '' ? label : `${label} · ${when}`;
}

/** Replaces the row with the same id, keeping the order; unknown rows are appended. */
export function replaceRow(rows: SbcRow[], updated: SbcRow): SbcRow[] {
  const at = rows.findIndex((row) => row.id === updated.id);
  if (at === -1) return [...rows, updated].sort((a, b) => a.name.localeCompare(b.name));
  return rows.map((row, index) => (index === at ? updated : row));
}

/** A count, or "N/A" when the SBC was never reached or did not say. */
export function countText(count: number | null | undefined): string {
  return count === null || count === undefined ? 'N/A' : String(count);
}
