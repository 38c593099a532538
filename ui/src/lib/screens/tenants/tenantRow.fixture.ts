// A tenant row for tests: Hosted Pro with 10 licensed users, deployed, idle; `over` changes any field.
import type { TenantRow } from '../../bindings/TenantRow';

export function tenantRow(shortName: string, over: Partial<TenantRow> = {}): TenantRow {
  return {
    id: shortName.length,
    shortName,
    fullName: `${shortName} Ltd`,
    azureTenantId: null,
    adminDomain: null,
    cloud: 'commercial',
    licenceType: 'hostedPro',
    licenceLabel: 'Hosted Pro (10)',
    licensedUsers: 10,
    deploymentState: 'deployed',
    authMethod: 'none',
    authStatus: 'neverConnected',
    lastReplicationAt: null,
    lastReplicationResult: null,
    userCount: 0,
    queue: { queued: 0, executing: 0, failed: 0, replicationInProgress: false },
    ...over,
  };
}
