// Pure logic of the Invitations tab: status labels and tones, which actions a row offers,
// form checks, and the template variables the editor knows.
import type { InvitationStatus } from '../../bindings/InvitationStatus';
import type { SmtpTlsMode } from '../../bindings/SmtpTlsMode';
import type { Tone } from '../../tone';

export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  pending: 'Pending',
  authenticated: 'Authenticated',
  expired: 'Expired',
  revoked: 'Revoked',
};

export const INVITATION_STATUS_TONES: Record<InvitationStatus, Tone> = {
  pending: 'info',
  authenticated: 'success',
  expired: 'warning',
  revoked: 'neutral',
};

export const TLS_MODE_LABELS: Record<SmtpTlsMode, string> = {
  none: 'None (plain text)',
  startTls: 'STARTTLS',
  implicitTls: 'Implicit TLS',
};

/** The port each TLS mode usually uses, offered when the mode changes. */
export const TLS_DEFAULT_PORTS: Record<SmtpTlsMode, number> = {
  none: 25,
  startTls: 587,
  implicitTls: 465,
};

/** Resend and revoke apply while the customer has not signed in and nobody revoked it. */
export function isOpen(status: InvitationStatus): boolean {
  return status === 'pending' || status === 'expired';
}

/** The variables the backend fills in; anything else in `{{ }}` is refused on save. */
export const TEMPLATE_VARIABLES = ['CustomerId', 'PortalUrl', 'InvitationId', 'ExpiresAt'] as const;

/** Names used in `{{ }}` placeholders of `text`, in order of first use. */
export function placeholders(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
    if (!names.includes(match[1])) names.push(match[1]);
  }
  return names;
}

/** Placeholders that are not known variables, for a hint while typing. */
export function unknownPlaceholders(...texts: string[]): string[] {
  const known: readonly string[] = TEMPLATE_VARIABLES;
  return [...new Set(texts.flatMap(placeholders))].filter((name) => !known.includes(name));
}

/** Quick local check of an email address; the backend has the final word. */
export function emailProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return 'Enter the customer admin’s email address.';
  const at = value.lastIndexOf('@');
  if (/\s/.test(value) || at < 1 || !value.slice(at + 1).includes('.')) {
    return `'${value}' is not an email address such as admin@contoso.com.`;
  }
  return null;
}

/**
 * Date and time to the minute in the viewer's time zone, e.g. "Nov 30, 09:05"; the year is
 * shown only when it is not the current one, to keep the table narrow.
 */
export function formatMoment(iso: string, now: Date = new Date()): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return when.toLocaleString(undefined, {
    year: when.getFullYear() === now.getFullYear() ? undefined : 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
