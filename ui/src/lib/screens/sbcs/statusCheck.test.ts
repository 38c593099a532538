import { describe, expect, it } from 'vitest';
import type { SbcStatusCheckView } from '../../bindings/SbcStatusCheckView';
import { countsAgeText, countsAreStale, hasNewAnswers, progressText, staleCountsLabel } from './statusCheck';

const view = (over: Partial<SbcStatusCheckView> = {}): SbcStatusCheckView => ({
  generation: 1,
  running: true,
  total: 7,
  done: 2,
  checking: [],
  ...over,
});

describe('progressText', () => {
  it('counts the answers while the check runs and says nothing after', () => {
    expect(progressText(view())).toBe('Checking SBCs… 2 of 7');
    expect(progressText(view({ running: false, done: 7 }))).toBe('');
    expect(progressText(null)).toBe('');
  });
});

describe('hasNewAnswers', () => {
  it('re-reads the rows when more devices answered or the check ended', () => {
    expect(hasNewAnswers(null, view())).toBe(true);
    expect(hasNewAnswers(view(), view())).toBe(false);
    expect(hasNewAnswers(view(), view({ done: 3 }))).toBe(true);
    expect(hasNewAnswers(view(), view({ running: false }))).toBe(true);
    expect(hasNewAnswers(view(), view({ generation: 2 }))).toBe(true);
  });
});

describe('counts age', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  const read = '2026-05-01T11:55:00Z';
  it('reads fresh counts with their age', () => {
    const row = { connectionStatus: 'connected' as const, lastCheckedAt: read, countsReadAt: read };
    expect(countsAreStale(row)).toBe(false);
    expect(staleCountsLabel(row)).toBeNull();
    expect(countsAgeText(row, now)).toBe('read 5 min ago');
  });
  it('marks the last known counts of an unreachable or unchecked device', () => {
    const failed = { connectionStatus: 'failed' as const, lastCheckedAt: '2026-05-01T11:59:00Z', countsReadAt: read };
    expect(countsAreStale(failed)).toBe(true);
    expect(staleCountsLabel(failed)).toBe('unreachable');
    expect(countsAgeText(failed, now)).toBe('read 5 min ago');
    const unchecked = { connectionStatus: 'unknown' as const, lastCheckedAt: null, countsReadAt: read };
    expect(staleCountsLabel(unchecked)).toBe('last known');
  });
  it('says nothing before the first counts', () => {
    expect(countsAgeText({ countsReadAt: null }, now)).toBe('');
    expect(staleCountsLabel({ connectionStatus: 'failed', lastCheckedAt: read, countsReadAt: null })).toBeNull();
  });
});
