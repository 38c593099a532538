// State helpers for the "Add customer" form: the draft the inputs bind to, the input sent to the
// backend, and how backend field errors land next to the matching inputs.
import type { FieldError } from '../../bindings/FieldError';
import type { LicenceType } from '../../bindings/LicenceType';
import type { NewTenantInput } from '../../bindings/NewTenantInput';
import { licenceOption } from './licences';

export const TENANT_FIELDS = [
  'shortName',
  'fullName',
  'azureTenantId',
  'licenceType',
  'licensedUsers',
] as const;

export type TenantField = (typeof TENANT_FIELDS)[number];

export type FieldMessages = Partial<Record<TenantField, string>>;

export interface TenantDraft {
  shortName: string;
  fullName: string;
  azureTenantId: string;
  licenceType: LicenceType;
  /** null while the number input is empty. */
  licensedUsers: number | null;
}

export function emptyDraft(): TenantDraft {
  return { shortName: '', fullName: '', azureTenantId: '', licenceType: 'hostedPro', licensedUsers: 0 };
}

/** The payload for validate_tenant / create_tenant. Names are sent as typed; the backend owns trimming rules. */
export function toInput(draft: TenantDraft): NewTenantInput {
  const azure = draft.azureTenantId.trim();
  const users = licenceOption(draft.licenceType).hasUsers ? (draft.licensedUsers ?? 0) : 0;
  return {
    shortName: draft.shortName,
    fullName: draft.fullName,
    azureTenantId: azure === '' ? null : azure,
    licenceType: draft.licenceType,
    licensedUsers: users,
  };
}

function isTenantField(field: string): field is TenantField {
  return (TENANT_FIELDS as readonly string[]).includes(field);
}

/**
 * Splits backend field errors into one message per form field (several messages for the same
 * field are joined, so none is lost) and the errors that name no input of this form.
 */
export function splitFieldErrors(errors: readonly FieldError[]): {
  byField: FieldMessages;
  unmatched: FieldError[];
} {
  const byField: FieldMessages = {};
  const unmatched: FieldError[] = [];
  for (const error of errors) {
    if (!isTenantField(error.field)) {
      unmatched.push(error);
      continue;
    }
    const existing = byField[error.field];
    byField[error.field] = existing === undefined ? error.message : `${existing} ${error.message}`;
  }
  return { byField, unmatched };
}

export function hasMessages(messages: FieldMessages): boolean {
  return Object.values(messages).some((m) => m !== undefined && m !== '');
}

/** Only fields the user has touched show their message, so an untouched form is not all red. */
export function visibleMessages(messages: FieldMessages, touched: ReadonlySet<TenantField>): FieldMessages {
  const shown: FieldMessages = {};
  for (const field of TENANT_FIELDS) {
    if (touched.has(field) && messages[field] !== undefined) shown[field] = messages[field];
  }
  return shown;
}
