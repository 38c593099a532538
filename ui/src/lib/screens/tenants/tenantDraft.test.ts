import { describe, expect, it } from 'vitest';
import {
  emptyDraft,
  hasMessages,
  splitFieldErrors,
  toInput,
  visibleMessages,
  type TenantField,
} from './tenantDraft';

describe('splitFieldErrors', () => {
  it('puts each message under its field and keeps the ones naming no input apart', () => {
    const { byField, unmatched } = splitFieldErrors([
      { field: 'shortName', code: 'shortName.dot', message: 'Short name cannot contain a dot.' },
      { field: 'licensedUsers', code: 'licensedUsers.overCap', message: 'At most 500 licensed users.' },
      { field: 'sbc', code: 'sbc.missing', message: 'No SBC is configured.' },
    ]);
    expect(byField).toEqual({
      shortName: 'Short name cannot contain a dot.',
      licensedUsers: 'At most 500 licensed users.',
    });
    expect(unmatched.map((e) => e.field)).toEqual(['sbc']);
  });

  it('joins several messages for the same field instead of dropping one', () => {
    const { byField } = splitFieldErrors([
      { field: 'shortName', code: 'shortName.dot', message: 'Short name cannot contain a dot.' },
      { field: 'shortName', code: 'shortName.space', message: 'Short name cannot contain spaces.' },
    ]);
    expect(byField.shortName).toBe('Short name cannot contain a dot. Short name cannot contain spaces.');
  });

  it('gives no messages for no errors', () => {
    const { byField, unmatched } = splitFieldErrors([]);
    expect(hasMessages(byField)).toBe(false);
    expect(unmatched).toEqual([]);
  });
});

describe('visibleMessages', () => {
  it('shows only the fields the user has touched', () => {
    const messages = { shortName: 'Too short.', fullName: 'Required.' };
    const touched = new Set<TenantField>(['shortName']);
    expect(visibleMessages(messages, touched)).toEqual({ shortName: 'Too short.' });
    expect(hasMessages(messages)).toBe(true);
  });
});

describe('toInput', () => {
  it('sends an empty Azure tenant ID as null and keeps the typed values', () => {
    const draft = { ...emptyDraft(), shortName: 'acme', fullName: 'Acme Corp', azureTenantId: '  ', licensedUsers: 42 };
    expect(toInput(draft)).toEqual({
      shortName: 'acme',
      fullName: 'Acme Corp',
      azureTenantId: null,
      licenceType: 'hostedPro',
      licensedUsers: 42,
    });
  });

  it('forces 0 licensed users for licence types without users', () => {
    for (const licenceType of ['hostedEssentials', 'ocEssential'] as const) {
      expect(toInput({ ...emptyDraft(), licenceType, licensedUsers: 25 }).licensedUsers).toBe(0);
    }
  });

  it('treats an emptied number input as 0', () => {
    expect(toInput({ ...emptyDraft(), licensedUsers: null }).licensedUsers).toBe(0);
  });
});
