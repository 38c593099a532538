import { describe, expect, it } from 'vitest';
import type { TenantAuthRow } from '../../bindings/TenantAuthRow';
import {
  clientIdProblem,
  formatCountdown,
  isFinished,
  otherMethod,
  redirectUriProblem,
  secondsLeft,
  tokenStateText,
} from './security';

function row(overrides: Partial<TenantAuthRow>): TenantAuthRow {
  return {
    tenantId: 1,
    shortName: 'contoso',
    fullName: 'Contoso',
    method: 'appRegistration',
    status: 'neverConnected',
    clientId: null,
    validUntil: null,
    verifiedAt: null,
    hasClientSecret: false,
    hasRefreshToken: false,
    lastMessage: null,
    capabilities: null,
    ...overrides,
  };
}

describe('countdown', () => {
  it('formats minutes and seconds, with hours only when needed', () => {
    expect(formatCountdown(899)).toBe('14:59');
    expect(formatCountdown(5)).toBe('0:05');
    expect(formatCountdown(3723)).toBe('1:02:03');
    expect(formatCountdown(-4)).toBe('0:00');
  });

  it('rounds the time left up and never goes below zero', () => {
    expect(secondsLeft(10_500, 0)).toBe(11);
    expect(secondsLeft(10_000, 10_000)).toBe(0);
    expect(secondsLeft(1_000, 5_000)).toBe(0);
  });
});

describe('client id and redirect URI checks', () => {
  it('accepts GUIDs with or without braces, in any case', () => {
    expect(clientIdProblem('72f988bf-86f1-41af-91ab-2d7cd011db47')).toBeNull();
    expect(clientIdProblem(' {72F988BF-86F1-41AF-91AB-2D7CD011DB47} ')).toBeNull();
  });

  it('names what is wrong', () => {
    expect(clientIdProblem('')).toMatch(/Enter/);
    expect(clientIdProblem('my-app')).toMatch(/GUID/);
    expect(clientIdProblem('72f988bf-86f1-41af-91ab-2d7cd011db4')).toMatch(/GUID/);
    expect(clientIdProblem('00000000-0000-0000-0000-000000000000')).toMatch(/all-zero/);
  });

  it('allows an empty redirect URI but not another scheme', () => {
    expect(redirectUriProblem('')).toBeNull();
    expect(redirectUriProblem('http://localhost')).toBeNull();
    expect(redirectUriProblem('ftp://example.com')).toMatch(/http or https/);
    expect(redirectUriProblem('not a url')).toMatch(/http or https/);
  });
});

describe('token state', () => {
  it('shows the expiry of a valid token and the state otherwise', () => {
    expect(tokenStateText(row({ status: 'valid', validUntil: '2026-11-23T10:00:00Z' }))).toMatch(/^Valid until /);
    // The time itself never breaks across lines.
    expect(tokenStateText(row({ status: 'valid', validUntil: '2026-11-23T10:00:00Z' }))).toMatch(/^Valid until [^ ]+$/);
    expect(tokenStateText(row({ status: 'valid', validUntil: null }))).toBe('Valid');
    expect(tokenStateText(row({ status: 'revoked' }))).toBe('Revoked');
    expect(tokenStateText(row({ status: 'neverConnected' }))).toBe('Never connected');
  });

  it('switches between the two methods and knows when polling ends', () => {
    expect(otherMethod('deviceCode')).toBe('appRegistration');
    expect(otherMethod('appRegistration')).toBe('deviceCode');
    expect(isFinished('pending')).toBe(false);
    expect(isFinished('declined')).toBe(true);
  });
});
