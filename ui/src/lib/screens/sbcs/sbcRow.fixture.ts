// An SBC row for tests: HTTPS on the default port, never checked; `over` changes any field.
import type { SbcRow } from '../../bindings/SbcRow';

export function sbcRow(over: Partial<SbcRow> = {}): SbcRow {
  return {
    id: 1,
    name: 'edge-1',
    host: '10.0.0.5',
    deviceFqdn: null,
    port: null,
    https: true,
    natIp: null,
    adminUser: 'Admin',
    hasPassword: true,
    pinnedCertSha256: null,
    connectionStatus: 'unknown',
    lastCheckedAt: null,
    saveNeeded: false,
    sitesCount: 0,
    sipUsers: null,
    activeAlarms: null,
    countsReadAt: null,
    plainHttpConfirmedFor: null,
    ...over,
  };
}
