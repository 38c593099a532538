// The SBC add / edit form: its draft, conversion to the backend input, and per-field messages.
import type { FieldError } from '../../bindings/FieldError';
import type { SbcInput } from '../../bindings/SbcInput';
import type { SbcRow } from '../../bindings/SbcRow';
import { confirmsHost } from '../../hostConfirmation';

export type SbcField = 'name' | 'host' | 'port' | 'https' | 'deviceFqdn' | 'natIp' | 'adminUser' | 'password';

export const SBC_FIELDS: readonly SbcField[] = [
  'name',
  'host',
  'port',
  'https',
  'deviceFqdn',
  'natIp',
  'adminUser',
  'password',
];

/** What the inputs hold: text as typed, so a half-typed port is not lost. */
export interface SbcDraft {
  name: string;
  host: string;
  port: string;
  https: boolean;
  deviceFqdn: string;
  natIp: string;
  adminUser: string;
  /** Write-only: never pre-filled, and empty on edit means "keep the stored password". */
  password: string;
  /**
   * The host the user confirmed plain HTTP for. It counts only while it is the host in the
   * form: editing the host leaves the confirmation behind.
   */
  plainHttpConfirmedFor: string | null;
}

export type SbcMessages = Partial<Record<SbcField, string>>;

export function emptySbcDraft(): SbcDraft {
  // HTTPS is on by default: the management API should never be used over plain HTTP.
  return {
    name: '',
    host: '',
    port: '',
    https: true,
    deviceFqdn: '',
    natIp: '',
    adminUser: '',
    password: '',
    plainHttpConfirmedFor: null,
  };
}

export function draftFromRow(row: SbcRow): SbcDraft {
  return {
    name: row.name,
    host: row.host,
    port: row.port === null ? '' : String(row.port),
    https: row.https,
    deviceFqdn: row.deviceFqdn ?? '',
    natIp: row.natIp ?? '',
    adminUser: row.adminUser,
    password: '',
    plainHttpConfirmedFor: row.plainHttpConfirmedFor,
  };
}

/** Whether the draft holds a plain-HTTP confirmation for the host it names now. */
export function plainHttpConfirmed(draft: Pick<SbcDraft, 'host' | 'plainHttpConfirmedFor'>): boolean {
  return confirmsHost(draft.plainHttpConfirmedFor, draft.host);
}

/** Blank → null (default port); anything else must be a whole number from 1 to 65535. */
export function parsePort(text: string): { port: number | null } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { port: null };
  if (!/^\d+$/.test(trimmed)) return { error: 'The port must be a number between 1 and 65535.' };
  const port = Number(trimmed);
  if (port < 1 || port > 65535) return { error: 'The port must be between 1 and 65535.' };
  return { port };
}

function optionalText(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * The backend input, or the port message when the port cannot even be sent (the backend's
 * u16 would reject it with a less helpful message). The other rules are the backend's.
 */
export function toSbcInput(draft: SbcDraft): { input: SbcInput } | { portError: string } {
  const port = parsePort(draft.port);
  if ('error' in port) return { portError: port.error };
  return {
    input: {
      name: draft.name,
      host: draft.host.trim(),
      deviceFqdn: optionalText(draft.deviceFqdn),
      port: port.port,
      https: draft.https,
      natIp: optionalText(draft.natIp),
      adminUser: draft.adminUser,
      password: draft.password,
      // Only a confirmation for this very host, and only when plain HTTP is asked for.
      plainHttpConfirmedFor: !draft.https && plainHttpConfirmed(draft) ? draft.host.trim() : null,
    },
  };
}

function isSbcField(field: string): field is SbcField {
  return (SBC_FIELDS as readonly string[]).includes(field);
}

/** Backend field errors by field; the first message per field wins. Others are returned apart. */
export function sbcMessages(errors: FieldError[]): { byField: SbcMessages; unmatched: FieldError[] } {
  const byField: SbcMessages = {};
  const unmatched: FieldError[] = [];
  for (const error of errors) {
    if (isSbcField(error.field)) {
      byField[error.field] ??= error.message;
    } else {
      unmatched.push(error);
    }
  }
  return { byField, unmatched };
}
