import { describe, expect, it } from 'vitest';
import type { SbcRow } from '../../bindings/SbcRow';
import { countText, managementAddress, replaceRow, STATUS_TONES, statusText } from './sbcTable';
import { sbcRow } from './sbcRow.fixture';

function row(id: number, name: string): SbcRow {
  return sbcRow({ id, name });
}

describe('managementAddress', () => {
  it('hides default ports and brackets IPv6', () => {
    expect(managementAddress({ host: 'sbc.example', port: 443, https: true })).toBe('sbc.example');
    expect(managementAddress({ host: 'sbc.example', port: 443, https: false })).toBe('sbc.example:443');
    expect(managementAddress({ host: '::1', port: 8443, https: true })).toBe('[::1]:8443');
    expect(managementAddress({ host: '10.0.0.1', port: null, https: false })).toBe('10.0.0.1');
  });
});

describe('statusText', () => {
  it('adds the time of the last check', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    expect(statusText({ connectionStatus: 'unknown', lastCheckedAt: null }, now)).toBe('Not checked');
    expect(statusText({ connectionStatus: 'connected', lastCheckedAt: '2026-05-01T11:55:00Z' }, now)).toBe(
      'Connected · 5 min ago',
    );
    expect(statusText({ connectionStatus: 'failed', lastCheckedAt: '2026-05-01T11:59:30Z' }, now)).toBe(
      'Failed · just now',
    );
  });
});

describe('replaceRow', () => {
  it('replaces in place or inserts by name', () => {
    const rows = [row(1, 'alpha'), row(2, 'gamma')];
    const updated = { ...row(2, 'gamma'), connectionStatus: 'connected' as const };
    expect(replaceRow(rows, updated)[1].connectionStatus).toBe('connected');
    expect(replaceRow(rows, row(3, 'beta')).map((r) => r.name)).toEqual(['alpha', 'beta', 'gamma']);
  });
});

describe('counts', () => {
  it('shows N/A until a check counted, zero as zero', () => {
    expect(countText(undefined)).toBe('N/A');
    expect(countText(null)).toBe('N/A');
    expect(countText(0)).toBe('0');
  });
});

describe('STATUS_TONES', () => {
  it('shows a connected SBC in success, a failed one in danger and an unchecked one neutral', () => {
    expect(STATUS_TONES.connected).toBe('success');
    expect(STATUS_TONES.failed).toBe('danger');
    expect(STATUS_TONES.unknown).toBe('neutral');
  });
});
