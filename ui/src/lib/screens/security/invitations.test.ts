import { describe, expect, it } from 'vitest';
import { emailProblem, formatMoment, isOpen, placeholders, unknownPlaceholders } from './invitations';

describe('invitation actions', () => {
  it('offers resend and revoke only while the invitation is open', () => {
    expect(isOpen('pending')).toBe(true);
    expect(isOpen('expired')).toBe(true);
    expect(isOpen('authenticated')).toBe(false);
    expect(isOpen('revoked')).toBe(false);
  });
});

describe('template placeholders', () => {
  it('lists placeholder names once, with spaces trimmed', () => {
    expect(placeholders('Hi {{ CustomerId }}, {{PortalUrl}} {{CustomerId}}')).toEqual(['CustomerId', 'PortalUrl']);
  });

  it('reports names that are not template variables across subject and body', () => {
    expect(unknownPlaceholders('Hello {{CustomerName}}', '{{InvitationId}} {{Foo}} {{CustomerName}}')).toEqual([
      'CustomerName',
      'Foo',
    ]);
    expect(unknownPlaceholders('{{ExpiresAt}}', 'plain text')).toEqual([]);
  });
});

describe('email check', () => {
  it('accepts a plain address and names a bad one', () => {
    expect(emailProblem(' admin@contoso.com ')).toBeNull();
    expect(emailProblem('')).toContain('Enter');
    expect(emailProblem('admin@localhost')).toContain("'admin@localhost'");
    expect(emailProblem('two words@contoso.com')).not.toBeNull();
    expect(emailProblem('@contoso.com')).not.toBeNull();
  });
});

describe('formatMoment', () => {
  it('keeps text that is not a time as it is', () => {
    expect(formatMoment('soon')).toBe('soon');
  });

  it('shows the year only when it is not the current one', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(formatMoment('2026-11-30T12:05:00.000Z', now)).not.toMatch(/2026/);
    expect(formatMoment('2027-01-02T12:05:00.000Z', now)).toMatch(/2027/);
  });
});
