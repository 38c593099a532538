import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLOCK_TICK_MS, formatExact, formatRelative, keepNow, latestTime } from './time';

const now = new Date('2025-03-10T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatRelative', () => {
  it('says never for a missing time', () => {
    expect(formatRelative(null, now)).toBe('never');
  });

  it.each([
    [ago(10_000), 'just now'],
    [ago(59_999), 'just now'],
    [ago(MIN), '1 min ago'],
    [ago(59 * MIN), '59 min ago'],
    [ago(HOUR), '1 h ago'],
    [ago(23 * HOUR + 59 * MIN), '23 h ago'],
    [ago(DAY + HOUR), 'yesterday'],
    [ago(2 * DAY), '2 days ago'],
    [ago(30 * DAY), '30 days ago'],
    // Small clock skew between machines must not produce "in -3 s".
    [new Date(now.getTime() + 20_000).toISOString(), 'just now'],
    [new Date(now.getTime() + 2 * HOUR).toISOString(), 'in the future'],
  ])('%s → %s', (iso, expected) => {
    expect(formatRelative(iso, now)).toBe(expected);
  });

  it('shows a calendar date beyond 30 days', () => {
    const text = formatRelative('2024-11-02T08:00:00Z', now);
    expect(text).not.toMatch(/ago/);
    expect(text).toContain('2024');
  });

  it('accepts RFC 3339 with an offset', () => {
    // 13:55 at +02:00 is 11:55 UTC, five minutes before `now`.
    expect(formatRelative('2025-03-10T13:55:00+02:00', now)).toBe('5 min ago');
  });

  it('returns unparsable input as is rather than inventing a time', () => {
    expect(formatRelative('not a date', now)).toBe('not a date');
  });
});

describe('formatExact', () => {
  it('explains a missing time and includes the year and seconds otherwise', () => {
    expect(formatExact(null)).toBe('Never replicated');
    const text = formatExact('2025-03-10T11:58:07Z');
    expect(text).toContain('2025');
    expect(text).toMatch(/07/);
  });
});

describe('keepNow', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands over the current time every tick until stopped', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'));
    const seen: string[] = [];
    const stop = keepNow((now) => seen.push(now.toISOString()));
    vi.advanceTimersByTime(CLOCK_TICK_MS * 2);
    stop();
    vi.advanceTimersByTime(CLOCK_TICK_MS * 2);
    expect(seen).toEqual(['2026-01-01T10:00:30.000Z', '2026-01-01T10:01:00.000Z']);
  });
});

describe('latestTime', () => {
  it('takes the later time, or the first when the other is absent', () => {
    expect(latestTime('2026-11-20T09:00:00Z', '2026-11-23T08:00:00Z')).toBe('2026-11-23T08:00:00Z');
    expect(latestTime('2026-11-23T08:00:00Z', '2026-11-20T09:00:00Z')).toBe('2026-11-23T08:00:00Z');
    expect(latestTime('2026-11-23T08:00:00Z', null)).toBe('2026-11-23T08:00:00Z');
  });
});
