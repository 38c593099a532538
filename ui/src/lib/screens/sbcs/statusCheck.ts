// How the SBC list reads its background status check and the counts it keeps.
import type { SbcRow } from '../../bindings/SbcRow';
import type { SbcStatusCheckView } from '../../bindings/SbcStatusCheckView';
import { formatRelative } from '../../time';

/** "Checking SBCs… 2 of 7" while a check runs, nothing otherwise. */
export function progressText(view: SbcStatusCheckView | null): string {
  if (view === null || !view.running) return '';
  return `Checking SBCs… ${view.done} of ${view.total}`;
}

/** Whether `next` brings answers the list has not read yet (or the end of the check). */
export function hasNewAnswers(before: SbcStatusCheckView | null, next: SbcStatusCheckView): boolean {
  if (before === null || before.generation !== next.generation) return true;
  return next.done !== before.done || before.running !== next.running;
}

/**
 * The counts are the device's last known ones rather than what it says now: the last check
 * did not read them (unreachable, failed) or the device was not checked since they were read.
 */
export function countsAreStale(row: Pick<SbcRow, 'connectionStatus' | 'lastCheckedAt' | 'countsReadAt'>): boolean {
  return row.countsReadAt !== null && (row.connectionStatus !== 'connected' || row.lastCheckedAt !== row.countsReadAt);
}

/** How stale counts are marked: the device was unreachable, or not checked since they were read. */
export function staleCountsLabel(
  row: Pick<SbcRow, 'connectionStatus' | 'lastCheckedAt' | 'countsReadAt'>,
): 'unreachable' | 'last known' | null {
  if (!countsAreStale(row)) return null;
  return row.connectionStatus === 'failed' ? 'unreachable' : 'last known';
}

/** "read 5 min ago", or nothing before the first counts. */
export function countsAgeText(row: Pick<SbcRow, 'countsReadAt'>, now: Date): string {
  return row.countsReadAt === null ? '' : `read ${formatRelative(row.countsReadAt, now)}`;
}
