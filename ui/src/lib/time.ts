// Human-friendly timestamps for operations screens: short relative text plus an exact tooltip.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * "never" for a missing time, "just now", "5 min ago", "3 h ago", "2 days ago", and for anything
 * older than 30 days the calendar date. Times slightly in the future (clock skew) read "just now".
 */
export function formatRelative(iso: string | null, now: Date): string {
  if (iso === null) return 'never';
  const then = parse(iso);
  if (then === null) return iso;
  const ago = now.getTime() - then.getTime();
  if (ago < -MINUTE) return 'in the future';
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  const days = Math.floor(ago / DAY);
  if (days === 1) return 'yesterday';
  if (days <= 30) return `${days} days ago`;
  return then.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Full local date and time with seconds, for tooltips. */
export function formatExact(iso: string | null): string {
  if (iso === null) return 'Never replicated';
  const then = parse(iso);
  if (then === null) return iso;
  return then.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
}

/** How often screens showing "5 min ago" move their clock on. */
export const CLOCK_TICK_MS = 30_000;

/** Hands `set` the current time every `everyMs`; call the returned function to stop. */
export function keepNow(set: (now: Date) => void, everyMs = CLOCK_TICK_MS): () => void {
  const timer = setInterval(() => set(new Date()), everyMs);
  return () => clearInterval(timer);
}

/** The later of two RFC 3339 times; `later` may be absent. */
export function latestTime(first: string, later: string | null): string {
  if (later === null) return first;
  return Date.parse(later) > Date.parse(first) ? later : first;
}
