// Pure logic of the Security screens: labels, the device-code countdown, GUID checks.
import type { AuthMethod } from '../../bindings/AuthMethod';
import type { AuthStatus } from '../../bindings/AuthStatus';
import type { DeviceCodeState } from '../../bindings/DeviceCodeState';
import type { TenantAuthRow } from '../../bindings/TenantAuthRow';

export const METHOD_LABELS: Record<AuthMethod, string> = {
  none: 'Not set',
  appRegistration: 'App registration',
  deviceCode: 'Device code (delegated admin)',
};

export const STATUS_LABELS: Record<AuthStatus, string> = {
  neverConnected: 'Never connected',
  valid: 'Valid',
  expired: 'Expired',
  revoked: 'Revoked',
  failed: 'Failed',
};

/** "Valid until 14:05" style text for the token-state column. */
export function tokenStateText(row: TenantAuthRow): string {
  if (row.status === 'valid' && row.validUntil !== null) {
    const until = new Date(row.validUntil);
    if (!Number.isNaN(until.getTime())) {
      const when = until.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
      // No-break spaces inside the time, so a narrow column wraps only after "until".
      return `Valid until ${when.replace(/\s/g, '\u00a0')}`;
    }
  }
  return STATUS_LABELS[row.status];
}

/** The other method, for the "Switch to …" action. */
export function otherMethod(method: AuthMethod): AuthMethod {
  return method === 'deviceCode' ? 'appRegistration' : 'deviceCode';
}

/** Whole seconds left until `deadlineMs`, never below zero. */
export function secondsLeft(deadlineMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000));
}

/** "14:59" for the countdown; hours only when there are any ("1:02:03"). */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** Whether polling the sign-in can stop. */
export function isFinished(state: DeviceCodeState): boolean {
  return state !== 'pending';
}

const GUID = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

/** The inline message for a client-id field, or null when it is a usable GUID. */
export function clientIdProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return 'Enter the application (client) ID.';
  if (!GUID.test(value)) return 'The client ID must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47.';
  if (/^\{?[0-]+\}?$/.test(value)) return 'The client ID cannot be the all-zero GUID.';
  return null;
}

/** The inline message for a redirect URI (optional), or null when it is usable. */
export function redirectUriProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return null;
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return null;
  } catch {
    // Not a URL at all: same message.
  }
  return 'The redirect URI must be an http or https address such as https://switchboard.example.com/auth.';
}
